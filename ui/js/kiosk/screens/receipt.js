// Step 4, the receipt: registration number, check code (shown only here), QR, masked NIK and
// how to check the status; printed on the kiosk's receipt printer, or on A4 when it has none.
// The form and photos are forgotten as soon as the receipt shows.

import { h } from '../../dom.js';
import * as api from '../../api.js';
import { wipe } from '../idle.js';
import { K, button, form, kiosk, photoTries, photos, show } from '../frame.js';

function svgFrom(markup) {
  const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
  const svg = doc.documentElement;
  if (!svg || svg.nodeName !== 'svg') return h('span');
  svg.setAttribute('class', 'k-qr-svg');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `QR ${K.regNumber}`);
  return document.importNode(svg, true);
}

export function showReceipt(r) {
  for (const key of Object.keys(form)) form[key] = '';
  photos.kk = null;
  photos.ktp = null;
  photoTries.kk = 0;
  photoTries.ktp = 0;
  const note = h('p', { class: 'k-hint', role: 'status' });
  const error = h('p', { class: 'k-error', role: 'alert' });
  const print = button(K.print, async () => {
    if (!kiosk.info.hasPrinter) {
      window.print();
      return;
    }
    print.disabled = true;
    note.textContent = K.printing;
    error.textContent = '';
    try {
      await api.kioskPrint();
      note.textContent = K.printed;
    } catch (e) {
      note.textContent = '';
      error.textContent = e.message;
    }
    print.disabled = false;
  }, 'k-secondary', { 'data-act': 'print' });
  show('receipt', 4,
    h('section', { class: 'k-step k-receipt-step' },
      h('h1', {}, K.receiptTitle),
      h('article', { class: 'k-receipt', id: 'k-receipt' },
        h('header', {},
          h('div', { class: 'k-receipt-office' }, r.officeName),
          h('div', { class: 'k-receipt-heading' }, K.receiptHeading),
          h('div', { class: 'k-receipt-service' }, r.service)),
        h('div', { class: 'k-receipt-main' },
          h('div', {},
            h('div', { class: 'k-receipt-label' }, K.regNumber),
            h('div', { class: 'k-receipt-reg mono', id: 'k-reg' }, r.regNumber),
            h('div', { class: 'k-receipt-label' }, K.checkCode),
            h('div', { class: 'k-receipt-code mono', id: 'k-code' }, r.checkCode)),
          h('div', { class: 'k-qr' }, svgFrom(r.qrSvg))),
        h('dl', { class: 'k-receipt-facts' },
          h('dt', {}, K.nik), h('dd', { class: 'mono' }, r.nikMasked),
          h('dt', {}, K.date), h('dd', {}, r.atDisplay)),
        h('p', { class: 'k-receipt-how' }, r.howToCheck)),
      note, error),
    h('div', { class: 'k-nav' },
      print,
      h('span'),
      button(K.done, wipe, 'k-primary', { 'data-act': 'done' })));
  if (kiosk.info.hasPrinter) print.click();
}
