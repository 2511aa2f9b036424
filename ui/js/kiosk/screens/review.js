// Step 3, Periksa: everything the applicant gave, each with a way back to change it, then
// "Kirim". A refusal from the core takes the applicant back to the field or photo it is about.

import { h } from '../../dom.js';
import * as api from '../../api.js';
import { K, button, form, main, nav, photos, show } from '../frame.js';
import { FIELDS, dataStep } from './data.js';
import { photoStep } from './photo.js';
import { showReceipt } from './receipt.js';

const KINDS = ['kk', 'ktp'];

export function review() {
  const rows = FIELDS.map((field, i) => h('div', { class: 'k-review-row' },
    h('dt', {}, K.fields[field.key].label),
    h('dd', { class: field.mono ? 'mono' : '', 'data-field': field.key }, form[field.key]),
    h('dd', {}, button(K.change, () => dataStep(i), 'k-quiet k-small'))));
  const pics = KINDS.map((kind) => h('figure', { class: 'k-review-photo' },
    h('img', { src: photos[kind].thumbUrl, alt: K.photoTitle[kind] }),
    h('figcaption', {}, K.photoTitle[kind],
      button(K.retake, () => photoStep(kind), 'k-quiet k-small'))));
  const error = h('p', { class: 'k-error', role: 'alert' });
  const send = button(K.send, () => submit(send, error), 'k-primary', { 'data-act': 'send' });
  show('review', 3,
    h('section', { class: 'k-step k-review' },
      h('h1', {}, K.reviewTitle),
      h('p', { class: 'k-hint' }, K.reviewHint),
      h('div', { class: 'k-review-grid' },
        h('dl', { class: 'k-review-data' }, rows),
        h('div', { class: 'k-review-photos' }, pics)),
      error),
    nav(() => photoStep('ktp'), send));
}

async function submit(send, error) {
  send.disabled = true;
  send.textContent = K.sending;
  try {
    const receipt = await api.kioskSubmit({ ...form });
    showReceipt(receipt);
  } catch (e) {
    send.disabled = false;
    send.textContent = K.send;
    // A field the core refused: back to that field, its message beside it.
    const fieldIndex = FIELDS.findIndex((f) => f.key === e.field);
    if (fieldIndex >= 0) {
      await dataStep(fieldIndex);
      const err = document.getElementById(`k-${e.field}-error`);
      const report = e.check && e.check.fields && e.check.fields[e.field];
      if (err) err.textContent = (report && report.error && report.error.message) || e.message;
      return;
    }
    if (e.field === 'kkPhoto' || e.field === 'ktpPhoto') {
      const kind = e.field === 'kkPhoto' ? 'kk' : 'ktp';
      photos[kind] = null;
      await photoStep(kind);
      main.querySelector('.k-error').textContent = e.message;
      return;
    }
    error.textContent = e.message;
  }
}
