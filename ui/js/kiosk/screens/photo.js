// Step 2, Foto: the KK, then the KTP-el, each taken with the kiosk's camera (camera.js) and held
// by the shell, which checks it; the applicant sees what was taken and may take it again. A
// frame on the live picture shows where the document goes. When the core's quality checks flag
// the photo (blurred, dark, glare, cut off, too small), the applicant is told what is wrong in
// plain words, with the spot marked, and asked to take it again; after two photos the
// applicant may go on with it, and the operator sees the same findings at the desk.

import { h, replace } from '../../dom.js';
import * as api from '../../api.js';
import { startCamera } from '../camera.js';
import { K, button, kiosk, nav, photoTries, photos, show, stopCamera } from '../frame.js';
import { FIELDS, dataStep } from './data.js';
import { review } from './review.js';

export async function photoStep(kind) {
  const stage = h('div', { class: 'k-stage', 'data-kind': kind });
  const message = h('p', { class: 'k-error', role: 'alert' });
  const problemsBox = h('div', { role: 'alert' });
  const status = h('p', { class: 'k-hint' });
  const actions = h('div', { class: 'k-photo-actions' });
  const back = () => (kind === 'kk' ? dataStep(FIELDS.length - 1) : photoStep('kk'));
  const forward = () => (kind === 'kk' ? photoStep('ktp') : review());
  const next = button(K.next, forward, 'k-primary', { 'data-act': 'next' });
  next.disabled = !photos[kind];
  const section = h('section', { class: 'k-step k-photo' },
    h('h1', {}, K.photoTitle[kind]),
    h('p', { class: 'k-hint' }, K.photoHint[kind]),
    stage, status, message, problemsBox, actions);
  show('photo', 2, section, nav(back, next));

  const showTaken = () => {
    const held = photos[kind];
    const problems = held.keep ? [] : held.warnings || [];
    const img = h('img', {
      class: 'k-taken', src: held.thumbUrl, alt: K.photoTitle[kind], 'data-kind': kind,
    });
    message.textContent = '';
    section.classList.toggle('has-problems', problems.length > 0);
    if (!problems.length) {
      replace(stage, img);
      replace(problemsBox);
      status.textContent = K.photoTaken(held.width, held.height);
      replace(actions, button(K.retake, retake, 'k-secondary', { 'data-act': 'retake' }));
      next.disabled = false;
      return;
    }
    // The photo with each flagged spot marked, in a box of the photo's own proportions.
    // (Set through CSSOM: the page's CSP allows no inline style attribute.)
    const marks = problems
      .filter((p) => p.region)
      .map((p) => {
        const mark = h('div', { class: 'k-mark', 'data-code': `photo_${p.code}` });
        mark.style.left = `${p.region.x * 100}%`;
        mark.style.top = `${p.region.y * 100}%`;
        mark.style.width = `${p.region.width * 100}%`;
        mark.style.height = `${p.region.height * 100}%`;
        return mark;
      });
    const box = h('div', { class: 'k-taken-box' }, img, ...marks);
    box.style.aspectRatio = `${held.width} / ${held.height}`;
    replace(stage, box);
    status.textContent = '';
    replace(problemsBox,
      h('div', { class: 'k-problems', id: 'k-photo-problems' },
        h('p', { class: 'k-problems-title' }, K.photoProblemTitle),
        problems.map((p) => h('p', { class: 'k-problem', 'data-code': `photo_${p.code}` }, p.message))));
    const again = button(K.retakePhoto, retake, 'k-primary k-capture', { 'data-act': 'retake' });
    const keep = () => {
      held.keep = true;
      showTaken();
    };
    replace(actions, again, photoTries[kind] >= 2 ? button(K.keepPhoto, keep, 'k-secondary', { 'data-act': 'keep' }) : null);
    next.disabled = true;
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
    replace(problemsBox);
    section.classList.remove('has-problems');
    replace(actions);
    try {
      kiosk.camera = await startCamera(stage, kind, kiosk.info.testCamera);
    } catch {
      status.textContent = '';
      message.textContent = K.noCamera;
      return;
    }
    if (kiosk.screen !== 'photo') { stopCamera(); return; }
    // Where the document goes: a frame of its proportions over the live picture.
    stage.append(h('div', { class: `k-guide k-guide-${kind}`, 'aria-hidden': 'true' }, h('span', {}, K.guide[kind])));
    status.textContent = '';
    const take = button(K.capture, async () => {
      take.disabled = true;
      status.textContent = K.capturing;
      try {
        const bytes = await kiosk.camera.capture();
        photos[kind] = await api.kioskCapture(kind, bytes);
        photoTries[kind] += 1;
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
