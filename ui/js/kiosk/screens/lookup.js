// Cek Status: the applicant types the registration number and the check code from the receipt
// (or holds the receipt to the camera, and its QR fills the number: the shell reads it);
// the core checks them (with its lockout) and answers with the status, what it means, the
// officer's note and the steps done.

import { h, replace } from '../../dom.js';
import * as api from '../../api.js';
import { chipClass } from '../../status.js';
import { attach } from '../keyboard.js';
import { wipe } from '../idle.js';
import { K, button, kiosk, show, stopCamera } from '../frame.js';
import { startCamera } from '../camera.js';

/** How long the camera looks for the receipt's QR before it gives up. */
const QR_SECONDS = 30;

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
  // The receipt held to the camera: its QR fills the number; the code is still typed.
  const stage = h('div', { class: 'k-stage k-qr-stage', id: 'k-qr-stage', hidden: true });
  const scanNote = h('p', { class: 'k-hint', id: 'k-qr-note', role: 'status' });
  const scan = button(K.qrScan, scanQr, 'k-secondary', { 'data-act': 'scan-qr' });
  async function scanQr() {
    scan.disabled = true;
    error.textContent = '';
    scanNote.textContent = K.qrLooking;
    // The camera's picture in view, where the keyboard was: the applicant aims the receipt by it.
    attach(null, false);
    // Unfocused, so that a tap on a field brings the keys back.
    document.activeElement?.blur();
    stage.hidden = false;
    stage.scrollIntoView({ block: 'nearest' });
    try {
      kiosk.camera = await startCamera(stage, 'qr', kiosk.info.testCamera);
    } catch {
      stage.hidden = true;
      scanNote.textContent = '';
      error.textContent = K.noCamera;
      scan.disabled = false;
      return;
    }
    const until = Date.now() + QR_SECONDS * 1000;
    let found = null;
    while (!found && kiosk.screen === 'lookup' && kiosk.camera && Date.now() < until) {
      try {
        found = await api.kioskScanQr(await kiosk.camera.capture());
      } catch {
        // A frame that could not be read: the next one may be.
      }
      if (!found) await new Promise((done) => setTimeout(done, 400));
    }
    stopCamera();
    stage.hidden = true;
    scan.disabled = false;
    if (kiosk.screen !== 'lookup') return;
    if (found) {
      reg.value = found;
      scanNote.textContent = K.qrFound;
      code.focus();
    } else {
      scanNote.textContent = '';
      error.textContent = K.qrNotFound;
    }
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
      // The scan beside the title, not under the fields: with the keyboard open, the fields
      // are all that shows of the screen above it.
      h('div', { class: 'k-lookup-head' },
        h('div', {},
          h('h1', {}, K.lookupTitle),
          h('p', { class: 'k-hint' }, K.lookupHint)),
        scan),
      h('div', { class: 'k-lookup-fields' },
        h('div', {},
          h('label', { class: 'k-label', for: reg.id }, K.lookupReg),
          reg,
          h('p', { class: 'k-hint', id: 'k-lookup-reg-hint' }, K.lookupRegHint),
          scanNote),
        h('div', {},
          h('label', { class: 'k-label', for: code.id }, K.lookupCode),
          code,
          h('p', { class: 'k-hint', id: 'k-lookup-code-hint' }, K.lookupCodeHint))),
      stage, error, result),
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
