// Step 1, Data: one field per screen, in the service page's order, each with its own keyboard
// (names, digits, free text). The core checks the field before the applicant moves on; its
// message stays beside the field.

import { h } from '../../dom.js';
import * as api from '../../api.js';
import { attach } from '../keyboard.js';
import { wipe } from '../idle.js';
import { K, button, form, kiosk, nav, show } from '../frame.js';
import { photoStep } from './photo.js';

/** The form's fields in the seed's order, each with its keyboard. */
export const FIELDS = [
  { key: 'name', keys: 'name', limit: 'nameMax' },
  { key: 'nik', keys: 'digits', max: 16, mono: true },
  { key: 'kk', keys: 'digits', max: 16, mono: true },
  { key: 'problem', keys: 'full', limit: 'problemMax', multiline: true },
  { key: 'wa', keys: 'digits', max: 15, mono: true },
];

function inputFor(field, value) {
  const attrs = {
    id: `k-${field.key}`,
    class: `k-input${field.mono ? ' mono' : ''}`,
    'data-keys': field.keys,
    // Name and problem stop where the core's check would refuse (kiosk_info says how long).
    maxlength: field.limit ? kiosk.info[field.limit] : field.max,
    autocomplete: 'off',
    autocorrect: 'off',
    autocapitalize: 'off',
    spellcheck: 'false',
    inputmode: 'none',
    'aria-describedby': `k-${field.key}-hint k-${field.key}-error`,
  };
  const el = field.multiline ? h('textarea', { ...attrs, rows: 3 }) : h('input', { ...attrs, type: 'text' });
  el.value = value;
  return el;
}

export async function dataStep(index) {
  const field = FIELDS[index];
  const words = K.fields[field.key];
  const input = inputFor(field, form[field.key]);
  const error = h('p', { class: 'k-error', id: `k-${field.key}-error`, role: 'alert' });
  const next = button(K.next, () => leaveField(index, input, error), 'k-primary',
    { 'data-act': 'next' });
  input.addEventListener('input', () => {
    form[field.key] = input.value;
    error.textContent = '';
    input.removeAttribute('aria-invalid');
  });
  input.addEventListener('focus', () => attach(input, kiosk.info.keyboard));
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !field.multiline) {
      e.preventDefault();
      next.click();
    }
  });
  show('data', 1,
    h('section', { class: 'k-step' },
      h('p', { class: 'k-substep' }, K.fieldOf(index + 1, FIELDS.length)),
      h('label', { class: 'k-label', for: input.id }, words.label),
      h('p', { class: 'k-hint', id: `k-${field.key}-hint` }, words.hint),
      input, error),
    nav(() => (index === 0 ? wipe() : dataStep(index - 1)), next));
  input.focus();
  const end = input.value.length;
  input.setSelectionRange(end, end);
  attach(input, kiosk.info.keyboard);
}

/** Checks the field with the core before moving on; the message stays beside the field. */
async function leaveField(index, input, error) {
  const field = FIELDS[index];
  form[field.key] = input.value;
  let report;
  try {
    report = await api.kioskCheck({ ...form });
  } catch (e) {
    error.textContent = e.message;
    return;
  }
  const mine = report.fields[field.key];
  if (mine && mine.error) {
    error.textContent = mine.error.message;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
    return;
  }
  if (index + 1 < FIELDS.length) dataStep(index + 1);
  else photoStep('kk');
}
