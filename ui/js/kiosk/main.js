// The Anjungan: an applicant submits a request by themselves, standing, by touch, in steps
// (Data → Foto → Periksa → Kirim), takes a receipt with a check code, or looks up a status.
// Every rule is the core's (through the kiosk's own commands); this page only asks and shows.
// Nothing of an applicant outlives them: the idle reset, "Batal" and "Selesai" all end in
// `kiosk_reset` (the shell drops the photos and the receipt) and a fresh load of this page.

import { h, replace } from '../dom.js';
import { S } from '../strings.js';
import { chipClass } from '../status.js';
import * as api from '../api.js';
import { attach, mountKeyboard } from './keyboard.js';
import { startCamera } from './camera.js';

const K = S.kiosk;

/** The form's fields in the seed's order, each with its keyboard. */
const FIELDS = [
  { key: 'name', keys: 'name', max: 100 },
  { key: 'nik', keys: 'digits', max: 16, mono: true },
  { key: 'kk', keys: 'digits', max: 16, mono: true },
  { key: 'problem', keys: 'full', max: 500, multiline: true },
  { key: 'wa', keys: 'digits', max: 15, mono: true },
];
const KINDS = ['kk', 'ktp'];

const main = document.getElementById('k-main');
const stepbar = document.getElementById('k-stepbar');
const overlay = document.getElementById('k-overlay');
const keyboardHost = document.getElementById('k-keyboard');

let info = {
  officeName: '', service: S.serviceName, idleSeconds: 90, countdownSeconds: 20,
  keyboard: true, hasPrinter: false, testCamera: false, leaveWith: 'admin',
};
/** What the applicant has given so far; gone with the page. */
const form = { name: '', nik: '', kk: '', problem: '', wa: '' };
const photos = { kk: null, ktp: null };
let camera = null;
let screen = 'start';
/** Draws the photo step again (its camera is stopped while the idle prompt shows). */
let redrawPhoto = null;

// ---------- Frame ----------

function stopCamera() {
  if (camera) {
    camera.stop();
    camera = null;
  }
}

function show(name, step, ...children) {
  stopCamera();
  attach(null, false);
  screen = name;
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

function button(label, onclick, cls = '', attrs = {}) {
  return h('button', { type: 'button', class: `k-btn ${cls}`, onclick, ...attrs }, label);
}

function nav(backAction, nextButton) {
  return h('div', { class: 'k-nav' },
    button(K.back, backAction, 'k-secondary', { 'data-act': 'back' }),
    button(K.home, confirmHome, 'k-quiet', { 'data-act': 'home' }),
    nextButton || h('span'));
}

/** The field that had the keyboard before a dialog opened; it gets it back after. */
let fieldBeforeOverlay = null;

function openOverlay(...children) {
  const active = document.activeElement;
  fieldBeforeOverlay = active && main.contains(active) && active.classList.contains('k-input') ? active : null;
  attach(null, false);
  replace(overlay, h('div', { class: 'k-dialog', role: 'dialog', 'aria-modal': 'true' }, ...children));
  overlay.hidden = false;
  main.inert = true;
  keyboardHost.inert = true;
}

function closeOverlay() {
  delete overlay.dataset.idle;
  overlay.classList.remove('with-keyboard');
  overlay.hidden = true;
  replace(overlay);
  main.inert = false;
  keyboardHost.inert = false;
  if (fieldBeforeOverlay && fieldBeforeOverlay.isConnected) fieldBeforeOverlay.focus();
  fieldBeforeOverlay = null;
}

function confirmHome() {
  openOverlay(
    h('h2', {}, K.homeConfirm),
    h('div', { class: 'k-dialog-actions' },
      button(K.homeNo, closeOverlay, 'k-secondary'),
      button(K.homeYes, wipe, 'k-danger', { 'data-act': 'home-yes' })),
  );
}

// ---------- Start ----------

function start() {
  show('start', 0,
    h('section', { class: 'k-start' },
      h('h1', {}, info.service),
      h('p', { class: 'k-lead' }, K.startHint),
      h('div', { class: 'k-start-actions' },
        button([h('span', { class: 'k-big' }, K.start), h('span', {}, K.bring)],
          () => dataStep(0), 'k-primary k-tile', { 'data-act': 'start' }),
        button([h('span', { class: 'k-big' }, K.status), h('span', {}, K.statusHint)],
          lookup, 'k-secondary k-tile', { 'data-act': 'lookup' }),
      ),
      button(K.callStaff, callStaff, 'k-quiet k-call', { 'data-act': 'call' }),
      h('aside', { class: 'k-privacy' },
        h('h2', {}, K.privacyTitle),
        h('p', {}, K.privacy))));
}

function callStaff() {
  openOverlay(
    h('h2', {}, K.callStaffTitle),
    h('p', {}, K.callStaffBody),
    h('div', { class: 'k-dialog-actions' }, button(K.ok, closeOverlay, 'k-primary')));
}

// ---------- Data ----------

function inputFor(field, value) {
  const attrs = {
    id: `k-${field.key}`,
    class: `k-input${field.mono ? ' mono' : ''}`,
    'data-keys': field.keys,
    maxlength: field.max,
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

async function dataStep(index) {
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
  input.addEventListener('focus', () => attach(input, info.keyboard));
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
  attach(input, info.keyboard);
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

// ---------- Photos ----------

async function photoStep(kind) {
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
      camera = await startCamera(stage, kind, info.testCamera);
    } catch {
      status.textContent = '';
      message.textContent = K.noCamera;
      return;
    }
    if (screen !== 'photo') { stopCamera(); return; }
    status.textContent = '';
    const take = button(K.capture, async () => {
      take.disabled = true;
      status.textContent = K.capturing;
      try {
        const bytes = await camera.capture();
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
  redrawPhoto = () => photoStep(kind);
  if (photos[kind]) showTaken();
  else live();
}

// ---------- Review and send ----------

function review() {
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

function svgFrom(markup) {
  const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
  const svg = doc.documentElement;
  if (!svg || svg.nodeName !== 'svg') return h('span');
  svg.setAttribute('class', 'k-qr-svg');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', `QR ${K.regNumber}`);
  return document.importNode(svg, true);
}

function showReceipt(r) {
  for (const key of Object.keys(form)) form[key] = '';
  photos.kk = null;
  photos.ktp = null;
  const note = h('p', { class: 'k-hint', role: 'status' });
  const error = h('p', { class: 'k-error', role: 'alert' });
  const print = button(K.print, async () => {
    if (!info.hasPrinter) {
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
  if (info.hasPrinter) print.click();
}

// ---------- Cek Status ----------

function lookup() {
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
    input.addEventListener('focus', () => attach(input, info.keyboard));
    input.addEventListener('input', () => { error.textContent = ''; });
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
      h('h1', {}, K.lookupTitle),
      h('p', { class: 'k-hint' }, K.lookupHint),
      h('div', { class: 'k-lookup-fields' },
        h('div', {},
          h('label', { class: 'k-label', for: reg.id }, K.lookupReg),
          reg,
          h('p', { class: 'k-hint', id: 'k-lookup-reg-hint' }, K.lookupRegHint)),
        h('div', {},
          h('label', { class: 'k-label', for: code.id }, K.lookupCode),
          code,
          h('p', { class: 'k-hint', id: 'k-lookup-code-hint' }, K.lookupCodeHint))),
      error, result),
    h('div', { class: 'k-nav' },
      button(K.back, wipe, 'k-secondary', { 'data-act': 'back' }),
      h('span'),
      go));
  reg.focus();
  attach(reg, info.keyboard);
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

// ---------- Leaving kiosk mode (admin) ----------

// A kiosk on the office server under its own database login cannot read the accounts: that
// login and its password close kiosk mode instead of an admin's account (same two inputs).
function adminDialog() {
  const dbLogin = info.leaveWith === 'dbLogin';
  const user = h('input', {
    id: 'k-admin-user', class: 'k-input', 'data-keys': 'full', autocomplete: 'off',
    spellcheck: 'false', inputmode: 'none', maxlength: 64,
  });
  const pass = h('input', {
    id: 'k-admin-pass', class: 'k-input', type: 'password', 'data-keys': 'full',
    autocomplete: 'off', inputmode: 'none', maxlength: 128,
  });
  const error = h('p', { class: 'k-error', role: 'alert' });
  openOverlay(
    h('h2', {}, K.adminTitle),
    h('p', { class: 'k-hint' }, dbLogin ? K.dbLoginHint : K.adminHint),
    h('div', { class: 'k-admin-fields' },
      h('div', {}, h('label', { class: 'k-label', for: user.id }, dbLogin ? K.dbLoginUser : K.adminUser), user),
      h('div', {}, h('label', { class: 'k-label', for: pass.id }, dbLogin ? K.dbLoginPassword : K.adminPassword), pass)),
    error,
    h('div', { class: 'k-dialog-actions' },
      button(K.cancel, () => { attach(null, false); closeOverlay(); }, 'k-secondary'),
      button(K.adminGo, async () => {
        error.textContent = '';
        try {
          await api.kioskLeave(user.value, pass.value);
        } catch (e) {
          pass.value = '';
          error.textContent = e.message;
        }
      }, 'k-primary')));
  // The keyboard is inside the dialog's reach while it is open; the dialog sits above it.
  keyboardHost.inert = false;
  overlay.classList.add('with-keyboard');
  for (const input of [user, pass]) input.addEventListener('focus', () => attach(input, true));
  user.focus();
}

function watchAdminGesture() {
  // Press and hold the office name for three seconds, or Ctrl+Alt+A.
  const target = document.getElementById('k-office');
  let timer = null;
  target.addEventListener('pointerdown', () => { timer = setTimeout(adminDialog, 3000); });
  for (const end of ['pointerup', 'pointerleave', 'pointercancel']) {
    target.addEventListener(end, () => clearTimeout(timer));
  }
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey && e.altKey && (e.key === 'a' || e.key === 'A')) {
      e.preventDefault();
      adminDialog();
    }
  });
}

// ---------- Idle reset ----------

let idleTimer = null;
let countdownTimer = null;

function armIdle() {
  clearTimeout(idleTimer);
  idleTimer = setTimeout(askStillThere, info.idleSeconds * 1000);
}

function askStillThere() {
  if (screen === 'start' && overlay.hidden) {
    armIdle();
    return;
  }
  let left = info.countdownSeconds;
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
        if (screen === 'photo' && redrawPhoto) redrawPhoto();
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
async function wipe() {
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

// ---------- Browser keys ----------

function lockBrowserKeys() {
  const blocked = (e) => {
    const k = e.key;
    if (/^F\d+$/.test(k)) return true;
    if (e.ctrlKey && !e.altKey && /^[a-zA-Z0-9+=_-]$/.test(k)) {
      // Typing shortcuts inside a field stay (copy/paste/undo/select all).
      return !['a', 'c', 'v', 'x', 'z', 'y'].includes(k.toLowerCase());
    }
    if (e.altKey && (k === 'ArrowLeft' || k === 'ArrowRight' || k === 'Home')) return true;
    if (['BrowserBack', 'BrowserForward', 'BrowserRefresh', 'BrowserHome', 'ContextMenu'].includes(k)) return true;
    return false;
  };
  document.addEventListener('keydown', (e) => {
    if (e.ctrlKey && e.altKey && (e.key === 'a' || e.key === 'A')) return;
    if (blocked(e)) {
      e.preventDefault();
      e.stopPropagation();
    }
  }, true);
  for (const type of ['contextmenu', 'dragstart', 'drop', 'dragover', 'selectstart']) {
    document.addEventListener(type, (e) => {
      if (type === 'selectstart' && e.target.closest && e.target.closest('input, textarea')) return;
      e.preventDefault();
    });
  }
  document.addEventListener('wheel', (e) => { if (e.ctrlKey) e.preventDefault(); }, { passive: false });
  for (const type of ['gesturestart', 'gesturechange']) {
    document.addEventListener(type, (e) => e.preventDefault());
  }
}

// ---------- Start-up ----------

async function boot() {
  lockBrowserKeys();
  mountKeyboard(keyboardHost, (input) => input.dispatchEvent(new Event('input', { bubbles: true })));
  for (const type of ['pointerdown', 'keydown', 'input']) {
    document.addEventListener(type, () => { if (overlay.dataset.idle !== 'true') armIdle(); }, true);
  }
  try {
    // A fresh page holds nothing, and neither may the shell.
    await api.kioskReset();
    info = await api.kioskInfo();
  } catch (e) {
    replace(main, h('p', { class: 'k-error' }, e.message));
    return;
  }
  document.getElementById('k-office').textContent = info.officeName;
  document.getElementById('k-service').textContent = info.service;
  watchAdminGesture();
  armIdle();
  start();
}

boot();
