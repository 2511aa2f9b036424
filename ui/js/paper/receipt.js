// The receipt (tanda terima) as the core gives it, laid out for paper: the office, the
// service, the registration number and check code in large type, the number's QR, the masked
// NIK, the date, what happens next and how to check the status. The same markup prints on a
// 58 mm or 80 mm roll or on A4 (css/print.css sizes it per page).

import { S } from '../strings.js';
import { h } from '../dom.js';
import * as api from '../api.js';
import { printOn } from './print.js';

/** The QR code, an SVG document from the core (no script, no style), as an element. */
function qr(markup, label) {
  const doc = new DOMParser().parseFromString(markup || '', 'image/svg+xml');
  const svg = doc.documentElement;
  if (!svg || svg.nodeName !== 'svg') return h('span');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  return document.importNode(svg, true);
}

/** The receipt's markup. */
export function receiptNode(r) {
  const t = S.receipt;
  return h(
    'article',
    { class: 'receipt' },
    h(
      'header',
      { class: 'rc-head' },
      h('div', { class: 'rc-office' }, r.officeName),
      h('div', { class: 'rc-title' }, t.heading),
      h('div', { class: 'rc-service' }, r.service),
    ),
    h('div', { class: 'rc-label' }, t.regNumber),
    h('div', { class: 'rc-reg mono', id: 'rc-reg' }, r.regNumber),
    h('div', { class: 'rc-label' }, t.checkCode),
    h('div', { class: 'rc-code mono', id: 'rc-code' }, r.checkCode),
    h('div', { class: 'rc-qr' }, qr(r.qrSvg, `${t.qr} ${r.regNumber}`)),
    h(
      'dl',
      { class: 'rc-facts' },
      h('dt', {}, t.nik),
      h('dd', { class: 'mono' }, r.nikMasked),
      h('dt', {}, t.date),
      h('dd', {}, r.atDisplay),
      r.reprintedDisplay ? [h('dt', {}, t.reprinted), h('dd', {}, r.reprintedDisplay)] : null,
    ),
    h('p', { class: 'rc-text' }, r.nextSteps),
    h('p', { class: 'rc-text' }, r.howToCheck),
  );
}

/** Prints receipt `r` on this PC's receipt paper (Pengaturan → Cetak). */
export async function printReceipt(r) {
  let page = 'a4';
  try {
    page = (await api.printSettings()).receiptPage;
  } catch {
    // Without the PC's choice the receipt still prints, on A4, which every printer takes.
  }
  await printOn(page, receiptNode(r));
}
