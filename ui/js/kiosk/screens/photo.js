// Step 2, Foto: the KK, then the KTP-el, each taken with the kiosk's camera (camera.js) and held
// by the shell, which checks it; the applicant sees what was taken and may take it again.

import { h, replace } from '../../dom.js';
import * as api from '../../api.js';
import { startCamera } from '../camera.js';
import { K, button, kiosk, nav, photos, show, stopCamera } from '../frame.js';
import { FIELDS, dataStep } from './data.js';
import { review } from './review.js';

export async function photoStep(kind) {
  const stage = h('div', { class: 'k-stage', 'data-kind': kind });
  const message = h('p', { class: 'k-error', role: 'alert' });
  const status = h('p', { class: 'k-hint' });
  const actions = h('div', { class: 'k-photo-actions' });
  const back = () => (kind === 'kk' ? dataStep(FIELDS.length - 1) : photoStep('kk'));
  const forward = () => (kind === 'kk' ? photoStep('ktp') : review());
  const next = button(K.next, forward, 'k-primary', { 'data-act': 'next' });
  next.disabled = !photos[kind];
  show('photo', 2,
    h('section', { class: 'k-step k-photo' },
      h('h1', {}, K.photoTitle[kind]),
      h('p', { class: 'k-hint' }, K.photoHint[kind]),
      stage, status, message, actions),
    nav(back, next));

  const showTaken = () => {
    const held = photos[kind];
    replace(stage, h('img', {
      class: 'k-taken', src: held.thumbUrl, alt: K.photoTitle[kind], 'data-kind': kind,
    }));
    status.textContent = K.photoTaken(held.width, held.height);
    replace(actions, button(K.retake, retake, 'k-secondary', { 'data-act': 'retake' }));
    next.disabled = false;
  };
  const retake = async () => {
    photos[kind] = null;
    next.disabled = true;
    try { await api.kioskRemovePhoto(kind); } catch { /* the slot is replaced on capture anyway */ }
    live();
  };
  const live = async () => {
    status.textContent = K.cameraStarting;
    message.textContent = '';
    replace(actions);
    try {
      kiosk.camera = await startCamera(stage, kind, kiosk.info.testCamera);
    } catch {
      status.textContent = '';
      message.textContent = K.noCamera;
      return;
    }
    if (kiosk.screen !== 'photo') { stopCamera(); return; }
    status.textContent = '';
    const take = button(K.capture, async () => {
      take.disabled = true;
      status.textContent = K.capturing;
      try {
        const bytes = await kiosk.camera.capture();
        photos[kind] = await api.kioskCapture(kind, bytes);
        stopCamera();
        showTaken();
      } catch (e) {
        status.textContent = '';
        message.textContent = e.message || K.noCamera;
        take.disabled = false;
      }
    }, 'k-primary k-capture', { 'data-act': 'capture' });
    replace(actions, take);
  };
  kiosk.redrawPhoto = () => photoStep(kind);
  if (photos[kind]) showTaken();
  else live();
}
