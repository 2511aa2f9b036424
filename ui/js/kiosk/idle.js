// The Anjungan's idle reset: after the kiosk's idle seconds it asks whether the applicant is
// still there, counts down, and forgets them (`wipe`) — as "Batal" and "Selesai" do: the shell
// drops the photos and the receipt (`kiosk_reset`), then the page loads afresh.

import { h, replace } from '../dom.js';
import * as api from '../api.js';
import { attach } from './keyboard.js';
import { K, button, closeOverlay, kiosk, main, openOverlay, overlay, stopCamera } from './frame.js';

let idleTimer = null;
let countdownTimer = null;

export function armIdle() {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(askStillThere, kiosk.info.idleSeconds * 1000);
}

function askStillThere() {
  if (kiosk.screen === 'start' && overlay.hidden) {
    armIdle();
    return;
  }
  let left = kiosk.info.countdownSeconds;
  const body = h('p', { id: 'k-idle-left' }, K.idleBody(left));
  const stay = () => {
    clearInterval(countdownTimer);
    closeOverlay();
    armIdle();
  };
  stopCamera();
  openOverlay(
    h('h2', {}, K.idleTitle), body,
    h('div', { class: 'k-dialog-actions' },
      button(K.idleLeave, wipe, 'k-secondary', { 'data-act': 'idle-leave' }),
      button(K.idleStay, () => {
        stay();
        if (kiosk.screen === 'photo' && kiosk.redrawPhoto) kiosk.redrawPhoto();
      }, 'k-primary', { 'data-act': 'idle-stay' })));
  overlay.dataset.idle = 'true';
  clearInterval(countdownTimer);
  countdownTimer = setInterval(() => {
    left -= 1;
    body.textContent = K.idleBody(Math.max(left, 0));
    if (left <= 0) {
      clearInterval(countdownTimer);
      wipe();
    }
  }, 1000);
}

/** Forgets the applicant: the shell drops what it holds, then the page starts afresh. */
export async function wipe() {
  clearTimeout(idleTimer);
  clearInterval(countdownTimer);
  stopCamera();
  attach(null, false);
  replace(main);
  replace(overlay);
  try {
    await api.kioskReset();
  } catch (e) {
    console.error('sinkron: kiosk reset', e);
  }
  window.location.replace('kiosk.html');
}
