// Leaving kiosk mode: press and hold the office name for three seconds, or Ctrl+Alt+A, then an
// admin's account. A kiosk on the office server under its own database login cannot read the
// accounts: that login and its password close kiosk mode instead (same two inputs).

import { h } from '../../dom.js';
import * as api from '../../api.js';
import { attach } from '../keyboard.js';
import { K, button, closeOverlay, keyboardHost, kiosk, openOverlay, overlay } from '../frame.js';

function adminDialog() {
  const dbLogin = kiosk.info.leaveWith === 'dbLogin';
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

export function watchAdminGesture() {
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
