// The intake form on screen: the five fields (fields.js), the two photo slots (photo-slots.js),
// the duplicate warning (duplicates.js) and the footer. Saving sends everything to the core;
// every refusal is shown beside its field or slot, the first one focused. Ctrl+Enter saves.

import { S } from '../../strings.js';
import { h, replace } from '../../dom.js';
import { createSlots, forgetHeld, kindOfField } from './photo-slots.js';
import { FIELDS, emptyDraft, state } from './state.js';
import { createFields } from './fields.js';
import { showDuplicates } from './duplicates.js';
import { aside } from './aside.js';
import { renderDone } from './done.js';

export function renderForm(container, ctx) {
  if (state.slots) state.slots.destroy();
  const slots = createSlots(ctx);
  state.slots = slots;
  const fields = createFields(ctx);
  const { inputs, touched } = fields;
  let saving = false;

  async function save(event, allowDuplicate = false) {
    if (event) event.preventDefault();
    if (saving) return;
    saving = true;
    saveButton.disabled = true;
    saveButton.textContent = S.intake.saving;
    summary.replaceChildren();
    dupBox.replaceChildren();
    dupBox.hidden = true;
    slots.clearErrors();
    fields.dropChecks();
    const sent = fields.values();
    try {
      const result = await ctx.api.saveRequest(sent, allowDuplicate);
      if (result.outcome === 'duplicates') {
        showDuplicates(dupBox, result.requests, ctx, {
          saveAnyway: () => save(null, true),
          cancel: () => {
            dupBox.hidden = true;
            inputs.nik.focus();
          },
        });
        return;
      }
      state.lastSaved = { ...result, name: inputs.name.value.trim() };
      state.draft = emptyDraft();
      forgetHeld();
      ctx.refreshOpenCount();
      renderDone(container, ctx, () => renderForm(container, ctx));
    } catch (err) {
      showRefusal(err, sent);
    } finally {
      saving = false;
      saveButton.disabled = false;
      saveButton.textContent = S.intake.save;
    }
  }

  /** Every refusal beside its field or slot; focus goes to the first one in form order. */
  function showRefusal(err, sent) {
    const photoErrors = [err, ...(err.more || [])].filter((e) => kindOfField(e.field));
    for (const e of photoErrors) slots.showError(kindOfField(e.field), e);
    if (err.code === 'form_invalid' && err.check) {
      for (const f of FIELDS) touched.add(f);
      fields.renderCheck(err.check, sent);
      summary.textContent = S.intake.invalid;
      const first = FIELDS.find((f) => err.check.fields[f] && err.check.fields[f].error);
      if (first) inputs[first].focus();
    } else if (photoErrors.length) {
      summary.textContent = S.intake.invalid;
      const slot = document.getElementById(`slot-${kindOfField(photoErrors[0].field)}`);
      const button = slot && slot.querySelector('button');
      if (button) button.focus();
      const last = document.getElementById(`slot-${kindOfField(photoErrors[photoErrors.length - 1].field)}-msg`);
      if (last) last.scrollIntoView({ block: 'nearest' });
    } else if (err.field && inputs[err.field]) {
      touched.add(err.field);
      fields.renderField(err.field, { error: { code: err.code, message: err.message }, warnings: [] });
      inputs[err.field].focus();
    } else {
      ctx.showError(err);
    }
  }

  function resetForm() {
    state.draft = emptyDraft();
    slots.clear();
    dupBox.hidden = true;
    touched.clear();
    for (const f of FIELDS) inputs[f].value = '';
    fields.renderCheck(null);
    summary.replaceChildren();
    const counterEl = form.querySelector('.counter');
    if (counterEl) counterEl.textContent = S.intake.charCount(0);
    inputs.name.focus();
  }

  const saveButton = h(
    'button',
    { type: 'submit', class: 'btn btn-primary', id: 'btn-save', title: `${S.intake.save} (${S.intake.shortcut})` },
    S.intake.save,
  );
  const summary = h('p', { class: 'form-summary', role: 'status', id: 'form-summary' });
  const dupBox = h('div', { class: 'dup-warning', id: 'dup-warning', role: 'alert', hidden: true });

  const form = h(
    'form',
    { class: 'form card', id: 'intake-form', novalidate: true, autocomplete: 'off', onsubmit: save },
    fields.block('name', { wide: true }),
    h('div', { class: 'field-row' }, fields.block('nik'), fields.block('kk')),
    h('div', { class: 'field-row field-row-problem' }, fields.block('problem', { multiline: true }), fields.block('wa')),
    slots.el,
    dupBox,
    h(
      'div',
      { class: 'form-foot' },
      summary,
      h('button', { type: 'button', class: 'btn', id: 'btn-reset', onclick: resetForm }, S.intake.reset),
      saveButton,
    ),
  );
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) save(e);
  });

  replace(
    container,
    h(
      'section',
      { class: 'view-intake', 'aria-labelledby': 'intake-title' },
      h(
        'header',
        { class: 'view-head' },
        h('h1', { id: 'intake-title' }, S.intake.title),
        h('p', { class: 'view-sub' }, S.intake.subtitle),
      ),
      h('div', { class: 'view-scroll' }, h('div', { class: 'intake-layout' }, form, aside())),
    ),
  );

  // Restore what a previous visit had already checked.
  const touchedBefore = FIELDS.filter((f) => state.draft[f].trim() !== '');
  if (touchedBefore.length) {
    for (const f of touchedBefore) touched.add(f);
    fields.runCheck();
  }
  inputs.name.focus();
}
