// Cek Status: the applicant types the registration number and the check code from the receipt;
// the core checks them (with its lockout) and answers with the status, what it means, the
// officer's note and the steps done.

import { h, replace } from '../../dom.js';
import * as api from '../../api.js';
import { chipClass } from '../../status.js';
import { attach } from '../keyboard.js';
import { wipe } from '../idle.js';
import { K, button, kiosk, show } from '../frame.js';

export function lookup() {
  const reg = h('input', {
    id: 'k-lookup-reg', class: 'k-input mono', 'data-keys': 'code', maxlength: 20,
    autocomplete: 'off', spellcheck: 'false', inputmode: 'none', 'aria-describedby': 'k-lookup-reg-hint',
  });
  const code = h('input', {
    id: 'k-lookup-code', class: 'k-input mono', 'data-keys': 'code', maxlength: 9,
    autocomplete: 'off', spellcheck: 'false', inputmode: 'none', 'aria-describedby': 'k-lookup-code-hint k-lookup-error',
  });
  const error = h('p', { class: 'k-error', id: 'k-lookup-error', role: 'alert' });
  const result = h('div', { class: 'k-lookup-result', 'aria-live': 'polite' });
  for (const input of [reg, code]) {
    input.addEventListener('focus', () => attach(input, kiosk.info.keyboard));
    input.addEventListener('input', () => { error.textContent = ''; });
  }
  const go = button(K.lookupGo, async () => {
    error.textContent = '';
    replace(result);
    if (!reg.value.trim()) { error.textContent = K.required(K.lookupReg); reg.focus(); return; }
    if (!code.value.trim()) { error.textContent = K.required(K.lookupCode); code.focus(); return; }
    go.disabled = true;
    try {
      const found = await api.kioskLookup(reg.value, code.value);
      code.value = '';
      attach(null, false);
      replace(result, statusCard(found));
      // The whole card in view: the steps and the note sit below the fields.
      result.scrollIntoView({ block: 'start' });
    } catch (e) {
      error.textContent = e.message;
    }
    go.disabled = false;
  }, 'k-primary', { 'data-act': 'lookup-go' });
  show('lookup', 0,
    h('section', { class: 'k-step k-lookup' },
      h('h1', {}, K.lookupTitle),
      h('p', { class: 'k-hint' }, K.lookupHint),
      h('div', { class: 'k-lookup-fields' },
        h('div', {},
          h('label', { class: 'k-label', for: reg.id }, K.lookupReg),
          reg,
          h('p', { class: 'k-hint', id: 'k-lookup-reg-hint' }, K.lookupRegHint)),
        h('div', {},
          h('label', { class: 'k-label', for: code.id }, K.lookupCode),
          code,
          h('p', { class: 'k-hint', id: 'k-lookup-code-hint' }, K.lookupCodeHint))),
      error, result),
    h('div', { class: 'k-nav' },
      button(K.back, wipe, 'k-secondary', { 'data-act': 'back' }),
      h('span'),
      go));
  reg.focus();
  attach(reg, kiosk.info.keyboard);
}

function statusCard(s) {
  const steps = s.steps.length
    ? h('ol', { class: 'k-steps-done' }, s.steps.map(([label, at]) =>
      h('li', {}, h('span', {}, label), h('span', { class: 'k-when' }, at))))
    : h('p', { class: 'k-hint' }, K.lookupNoSteps);
  return h('article', { class: 'k-status-card', id: 'k-status-card' },
    h('div', { class: 'k-status-head' },
      h('span', { class: 'k-receipt-reg mono' }, s.regNumber),
      h('span', { class: chipClass(s.status), 'data-status': s.status }, s.status)),
    h('p', { class: 'k-lead' }, s.explanation),
    h('dl', { class: 'k-receipt-facts' },
      h('dt', {}, K.lookupSubmitted), h('dd', {}, s.submitted),
      h('dt', {}, K.lookupLastChange), h('dd', {}, s.lastChange)),
    s.note ? h('div', { class: 'k-note' }, h('h2', {}, K.lookupNote), h('p', {}, s.note)) : null,
    h('h2', {}, K.lookupSteps),
    steps);
}
