// The Anjungan's frame, shared by every screen: what the applicant has given so far (gone with
// the page), the kiosk's settings, the step bar, the buttons and bottom navigation, and the
// overlay that holds the kiosk's dialogs. One screen shows at a time in `#k-main`.

import { h, replace } from '../dom.js';
import { S } from '../strings.js';
import { attach } from './keyboard.js';
import { wipe } from './idle.js';

export const K = S.kiosk;

export const main = document.getElementById('k-main');
const stepbar = document.getElementById('k-stepbar');
export const overlay = document.getElementById('k-overlay');
export const keyboardHost = document.getElementById('k-keyboard');

/**
 * The page's state: the kiosk's settings (`info`, from the shell at start), the screen on show,
 * its camera, and how to draw the photo step again (its camera is stopped while the idle prompt
 * shows).
 */
export const kiosk = {
  info: {
    officeName: '', service: S.serviceName, idleSeconds: 90, countdownSeconds: 20,
    keyboard: true, hasPrinter: false, testCamera: false, leaveWith: 'admin',
  },
  screen: 'start',
  camera: null,
  redrawPhoto: null,
};
/** What the applicant has given so far; gone with the page. */
export const form = { name: '', nik: '', kk: '', problem: '', wa: '' };
export const photos = { kk: null, ktp: null };
/** Photos taken of each document so far (a photo the checks flag may be kept after two). */
export const photoTries = { kk: 0, ktp: 0 };

export function stopCamera() {
  if (kiosk.camera) {
    kiosk.camera.stop();
    kiosk.camera = null;
  }
}

/** Shows screen `name` (step `step` of the bar; 0: no bar). */
export function show(name, step, ...children) {
  stopCamera();
  attach(null, false);
  kiosk.screen = name;
  main.dataset.screen = name;
  replace(main, ...children);
  drawStepbar(step);
  main.scrollTop = 0;
}

function drawStepbar(step) {
  if (!step) {
    stepbar.hidden = true;
    return;
  }
  stepbar.hidden = false;
  replace(stepbar, K.steps.map((label, i) => h('li', {
    class: i + 1 === step ? 'current' : i + 1 < step ? 'done' : '',
    'aria-current': i + 1 === step ? 'step' : false,
  }, h('span', { class: 'k-stepnum' }, String(i + 1)), label)));
  stepbar.setAttribute('aria-label', K.stepOf(step, K.steps.length));
}

export function button(label, onclick, cls = '', attrs = {}) {
  return h('button', { type: 'button', class: `k-btn ${cls}`, onclick, ...attrs }, label);
}

/** The bottom bar: Kembali, Ke awal, and the screen's forward button. */
export function nav(backAction, nextButton) {
  return h('div', { class: 'k-nav' },
    button(K.back, backAction, 'k-secondary', { 'data-act': 'back' }),
    button(K.home, confirmHome, 'k-quiet', { 'data-act': 'home' }),
    nextButton || h('span'));
}

/** The field that had the keyboard before a dialog opened; it gets it back after. */
let fieldBeforeOverlay = null;

export function openOverlay(...children) {
  const active = document.activeElement;
  fieldBeforeOverlay = active && main.contains(active) && active.classList.contains('k-input') ? active : null;
  attach(null, false);
  replace(overlay, h('div', { class: 'k-dialog', role: 'dialog', 'aria-modal': 'true' }, ...children));
  overlay.hidden = false;
  main.inert = true;
  keyboardHost.inert = true;
}

export function closeOverlay() {
  delete overlay.dataset.idle;
  overlay.classList.remove('with-keyboard');
  overlay.hidden = true;
  replace(overlay);
  main.inert = false;
  keyboardHost.inert = false;
  if (fieldBeforeOverlay && fieldBeforeOverlay.isConnected) fieldBeforeOverlay.focus();
  fieldBeforeOverlay = null;
}

/** "Ke awal": asks first, then forgets the applicant. */
function confirmHome() {
  openOverlay(
    h('h2', {}, K.homeConfirm),
    h('div', { class: 'k-dialog-actions' },
      button(K.homeNo, closeOverlay, 'k-secondary'),
      button(K.homeYes, wipe, 'k-danger', { 'data-act': 'home-yes' })),
  );
}
