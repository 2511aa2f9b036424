// Pengajuan Baru: the intake form. Each field is checked by the core when the operator leaves
// it (the `check` command); the view only shows what the core says, beside the field:
// the error in red, warnings in amber, and for NIK/KK what the number says. No rule lives here.

import { S } from '../strings.js';
import { h, replace } from '../dom.js';
import { NEW_STATUS, chipClass } from '../status.js';
import { createSlots, forgetHeld, kindOfField } from './photo-slots.js';

const FIELDS = ['name', 'nik', 'kk', 'problem', 'wa'];
const NUMERIC = new Set(['nik', 'kk']);

// The draft survives switching views (in memory only; it is gone when the app closes).
let draft = emptyDraft();
let lastSaved = null;
// The photo slots on screen, destroyed when the view goes.
let slots = null;

function emptyDraft() {
  return { name: '', nik: '', kk: '', problem: '', wa: '' };
}

export function mount(container, ctx) {
  // Coming here from the rail always means a new request; the receipt of the last one is gone.
  lastSaved = null;
  renderForm(container, ctx);
  return () => {
    if (slots) slots.destroy();
    slots = null;
  };
}

function renderForm(container, ctx) {
  if (slots) slots.destroy();
  slots = createSlots(ctx);
  const touched = new Set();
  const inputs = {};
  const msgBoxes = {};
  let seq = 0;
  let saving = false;
  const recheckTimers = {};

  function values() {
    const v = {};
    for (const f of FIELDS) v[f] = inputs[f].value;
    return v;
  }

  function fieldBlock(name, { multiline = false, wide = false } = {}) {
    const t = S.intake.fields[name];
    const id = `f-${name}`;
    const hintId = `${id}-hint`;
    const msgId = `${id}-msg`;
    const attrs = {
      id,
      name,
      class: `input${NUMERIC.has(name) ? ' mono' : ''}`,
      'aria-describedby': `${hintId} ${msgId}`,
      'aria-required': 'true',
      autocomplete: 'off',
      spellcheck: 'false',
    };
    let control;
    if (multiline) {
      control = h('textarea', { ...attrs, rows: 4 });
    } else {
      control = h('input', {
        ...attrs,
        type: 'text',
        inputmode: NUMERIC.has(name) ? 'numeric' : name === 'wa' ? 'tel' : null,
      });
    }
    control.value = draft[name];
    inputs[name] = control;
    control.addEventListener('input', () => {
      draft[name] = control.value;
      touched.add(name);
      if (counter) counter.textContent = S.intake.charCount([...control.value].length);
      // A field showing an error is re-checked while it is being fixed, so the red goes away
      // as soon as the core is satisfied; other fields wait until the operator leaves them.
      if (control.getAttribute('aria-invalid') === 'true') {
        clearTimeout(recheckTimers[name]);
        recheckTimers[name] = setTimeout(runCheck, 350);
      }
    });
    control.addEventListener('blur', () => {
      if (control.value.trim() !== '') touched.add(name);
      if (touched.has(name)) runCheck();
    });

    const counter =
      name === 'problem'
        ? h('span', { class: 'counter', 'aria-live': 'off' }, S.intake.charCount([...draft[name]].length))
        : null;
    const msgs = h('div', { class: 'msgs', id: msgId, 'aria-live': 'polite' });
    msgBoxes[name] = msgs;

    return h(
      'div',
      { class: `field${wide ? ' field-wide' : ''}`, 'data-field': name },
      h(
        'div',
        { class: 'field-head' },
        h('label', { for: id }, t.label, h('span', { class: 'req', title: S.intake.required }, ' *')),
        counter,
      ),
      h('div', { class: 'hint', id: hintId }, t.hint),
      control,
      msgs,
    );
  }

  function renderField(name, report, sent) {
    const box = msgBoxes[name];
    const input = inputs[name];
    // NIK and KK are shown the way the core writes them (`1610 0141 0795 0001`), once the
    // operator has left the field and only if it still holds what was checked.
    if (
      report &&
      !report.error &&
      report.normalized &&
      NUMERIC.has(name) &&
      sent &&
      input.value === sent[name] &&
      document.activeElement !== input
    ) {
      input.value = report.normalized;
      draft[name] = report.normalized;
    }
    if (!report || !touched.has(name)) {
      box.replaceChildren();
      input.removeAttribute('aria-invalid');
      input.classList.remove('has-warning');
      return;
    }
    const parts = [];
    if (report.error) {
      parts.push(
        h(
          'p',
          { class: 'msg msg-error', 'data-code': report.error.code },
          h('span', { class: 'sr-only' }, `${S.intake.errorLabel}: `),
          report.error.message,
        ),
      );
    }
    for (const w of report.warnings || []) {
      parts.push(
        h(
          'p',
          { class: 'msg msg-warn', 'data-code': w.code },
          h('span', { class: 'sr-only' }, `${S.intake.warningLabel}: `),
          w.message,
        ),
      );
    }
    if (report.facts && !report.error) {
      parts.push(h('p', { class: 'facts' }, report.facts));
    }
    replace(box, parts);
    if (report.error) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    input.classList.toggle('has-warning', !report.error && (report.warnings || []).length > 0);
  }

  function renderCheck(result, sent) {
    for (const f of FIELDS) renderField(f, result && result.fields ? result.fields[f] : null, sent);
  }

  async function runCheck() {
    const mine = ++seq;
    const sent = values();
    try {
      const result = await ctx.api.check(sent);
      if (mine === seq) renderCheck(result, sent);
    } catch (err) {
      if (mine === seq) ctx.showError(err);
    }
  }

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
    seq++; // any check still in flight is older than this save
    const sent = values();
    try {
      const result = await ctx.api.saveRequest(sent, allowDuplicate);
      if (result.outcome === 'duplicates') {
        showDuplicates(result.requests);
        return;
      }
      lastSaved = { ...result, name: inputs.name.value.trim() };
      draft = emptyDraft();
      forgetHeld();
      ctx.refreshOpenCount();
      renderDone(container, ctx);
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
      renderCheck(err.check, sent);
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
      renderField(err.field, { error: { code: err.code, message: err.message }, warnings: [] });
      inputs[err.field].focus();
    } else {
      ctx.showError(err);
    }
  }

  /** The NIK already has open requests: offer to open one, or to save anyway. */
  function showDuplicates(requests) {
    const d = S.intake.duplicate;
    const saveAnyway = h(
      'button',
      { type: 'button', class: 'btn btn-primary', id: 'btn-save-anyway', onclick: () => save(null, true) },
      d.saveAnyway,
    );
    replace(
      dupBox,
      h('h2', {}, d.title),
      h('p', {}, d.text),
      h(
        'ul',
        { class: 'dup-list' },
        requests.map((r) =>
          h(
            'li',
            {},
            h('span', { class: 'mono' }, r.regNumber),
            h('span', { class: chipClass(r.status) }, r.status),
            h(
              'button',
              { type: 'button', class: 'btn btn-small', 'data-open': String(r.id), onclick: () => ctx.navigate('detail', { id: r.id }) },
              d.open,
            ),
          ),
        ),
      ),
      h(
        'div',
        { class: 'dup-actions' },
        h('button', { type: 'button', class: 'btn', onclick: () => { dupBox.hidden = true; inputs.nik.focus(); } }, d.cancel),
        saveAnyway,
      ),
    );
    dupBox.hidden = false;
    saveAnyway.focus();
  }

  function resetForm() {
    draft = emptyDraft();
    slots.clear();
    dupBox.hidden = true;
    touched.clear();
    for (const f of FIELDS) inputs[f].value = '';
    renderCheck(null);
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
    fieldBlock('name', { wide: true }),
    h('div', { class: 'field-row' }, fieldBlock('nik'), fieldBlock('kk')),
    h('div', { class: 'field-row field-row-problem' }, fieldBlock('problem', { multiline: true }), fieldBlock('wa')),
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
  const touchedBefore = FIELDS.filter((f) => draft[f].trim() !== '');
  if (touchedBefore.length) {
    for (const f of touchedBefore) touched.add(f);
    runCheck();
  }
  inputs.name.focus();
}

/** The side notes: what the applicant must bring, what happens next, the keys. */
function aside() {
  const a = S.intake.aside;
  return h(
    'aside',
    { class: 'intake-aside', 'aria-label': a.requirementsTitle },
    h('h2', {}, a.requirementsTitle),
    h('ul', {}, a.requirements.map((r) => h('li', {}, r))),
    h('h2', {}, a.statusTitle),
    h('p', {}, a.status),
    h('h2', {}, a.keysTitle),
    h(
      'dl',
      { class: 'keys' },
      a.keys.map(([key, what]) => [h('dt', {}, h('kbd', {}, key)), h('dd', {}, what)]),
    ),
  );
}

function renderDone(container, ctx) {
  const saved = lastSaved;
  const again = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-primary',
      id: 'btn-again',
      onclick: () => {
        lastSaved = null;
        renderForm(container, ctx);
      },
    },
    S.done.again,
  );
  replace(
    container,
    h(
      'section',
      { class: 'view-intake', 'aria-labelledby': 'done-title' },
      h(
        'header',
        { class: 'view-head' },
        h('h1', {}, S.intake.title),
        h('p', { class: 'view-sub' }, S.intake.subtitle),
      ),
      h(
        'div',
        { class: 'view-scroll' },
        h(
          'div',
          { class: 'card done', role: 'status' },
          h('div', { class: 'done-mark', 'aria-hidden': 'true' }, '✓'),
          h('h2', { id: 'done-title' }, S.done.title),
          h('div', { class: 'reg-label' }, S.done.regLabel),
          h('div', { class: 'reg-number mono', id: 'reg-number' }, saved.regNumber),
          saved.checkCode
            ? h(
                'div',
                { class: 'check-code' },
                h('span', {}, `${S.done.checkCode}: `),
                h('strong', { class: 'mono', id: 'check-code' }, saved.checkCode),
              )
            : null,
          h(
            'div',
            { class: 'done-meta' },
            h('span', {}, `${S.done.applicant}: `, h('strong', {}, saved.name)),
            h('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
            h('span', {}, `${S.done.statusLabel}: `),
            h('span', { class: chipClass(NEW_STATUS) }, NEW_STATUS),
          ),
          h('p', { class: 'done-note' }, S.done.note),
          h(
            'div',
            { class: 'done-actions' },
            again,
            h(
              'button',
              { type: 'button', class: 'btn', id: 'btn-to-list', onclick: () => ctx.navigate('list') },
              S.done.toList,
            ),
          ),
        ),
      ),
    ),
  );
  again.focus();
}
