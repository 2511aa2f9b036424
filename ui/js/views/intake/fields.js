// The intake form's five fields. Each is checked by the core when the operator leaves it (the
// `check` command); the field only shows what the core says, beside it: the error in red,
// warnings in amber, and for NIK/KK what the number says. No rule lives here.

import { S } from '../../strings.js';
import { h, replace } from '../../dom.js';
import { FIELDS, NUMERIC, state } from './state.js';

/** The fields of one form on screen: their blocks, the core's check and what it said. */
export function createFields(ctx) {
  const touched = new Set();
  const inputs = {};
  const msgBoxes = {};
  let seq = 0;
  const recheckTimers = {};

  function values() {
    const v = {};
    for (const f of FIELDS) v[f] = inputs[f].value;
    return v;
  }

  function block(name, { multiline = false, wide = false } = {}) {
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
    control.value = state.draft[name];
    inputs[name] = control;
    control.addEventListener('input', () => {
      state.draft[name] = control.value;
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
        ? h('span', { class: 'counter', 'aria-live': 'off' }, S.intake.charCount([...state.draft[name]].length))
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
      state.draft[name] = report.normalized;
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

  return {
    inputs,
    touched,
    values,
    block,
    renderField,
    renderCheck,
    runCheck,
    /** Any check still in flight is older than what comes now (a save); its answer is dropped. */
    dropChecks: () => {
      seq++;
    },
  };
}
