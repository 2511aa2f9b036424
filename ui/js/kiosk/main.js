// The Anjungan: an applicant submits a request by themselves, standing, by touch, in steps
// (Data → Foto → Periksa → Kirim; screens/), takes a receipt with a check code, or looks up a
// status. Every rule is the core's (through the kiosk's own commands); this page only asks and
// shows. Nothing of an applicant outlives them: the idle reset, "Batal" and "Selesai" all end in
// `kiosk_reset` (the shell drops the photos and the receipt) and a fresh load of this page
// (idle.js). This module starts the page.

import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { mountKeyboard } from './keyboard.js';
import { keyboardHost, kiosk, main, overlay } from './frame.js';
import { armIdle } from './idle.js';
import { lockBrowserKeys } from './lock.js';
import { watchAdminGesture } from './screens/admin.js';
import { start } from './screens/start.js';

async function boot() {
  lockBrowserKeys();
  mountKeyboard(keyboardHost, (input) => input.dispatchEvent(new Event('input', { bubbles: true })));
  for (const type of ['pointerdown', 'keydown', 'input']) {
    document.addEventListener(type, () => { if (overlay.dataset.idle !== 'true') armIdle(); }, true);
  }
  try {
    // A fresh page holds nothing, and neither may the shell.
    await api.kioskReset();
    kiosk.info = await api.kioskInfo();
  } catch (e) {
    replace(main, h('p', { class: 'k-error' }, e.message));
    return;
  }
  document.getElementById('k-office').textContent = kiosk.info.officeName;
  document.getElementById('k-service').textContent = kiosk.info.service;
  watchAdminGesture();
  armIdle();
  start();
}

boot();
