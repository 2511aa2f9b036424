// The frame: navigation rail, one view at a time in the content area, the open-request badge
// and the error banner. Views live in ./views/ and get a small context object from here.
// The badge follows the office's other desks and the kiosk by itself: it is read again when
// the shell says a request changed and when the window comes back to the front.

import * as api from './api.js';
import { S } from './strings.js';
import { h, replace } from './dom.js';
import * as intake from './views/intake/index.js';
import * as list from './views/list/index.js';
import * as about from './views/about.js';
import * as detail from './views/detail/index.js';
import * as settings from './views/settings.js';
import * as accounts from './views/accounts.js';
import * as audit from './views/audit.js';
import * as person from './views/person.js';
import * as recap from './views/rekap.js';
import { firstRun, signIn, closeGate } from './views/gate.js';

const VIEWS = { intake, list, about, detail, settings, accounts, audit, person, recap };
// Views reached from another one light up their parent in the rail.
const RAIL_OF = { detail: 'list' };

const NAV_MAIN = [
  { id: 'intake', label: S.nav.intake, icon: 'plus' },
  { id: 'list', label: S.nav.list, icon: 'list', badge: true },
  { id: 'recap', label: S.nav.recap, icon: 'chart' },
  { id: 'settings', label: S.nav.settings, icon: 'gear', admin: true },
  { id: 'accounts', label: S.nav.accounts, icon: 'users', admin: true },
  { id: 'audit', label: S.nav.audit, icon: 'log', admin: true },
  { id: 'person', label: S.nav.person, icon: 'id', admin: true },
];
const NAV_BOTTOM = [{ id: 'about', label: S.nav.about, icon: 'info' }];

const state = { current: null, unmount: null, watcher: null, operator: null, idleMinutes: 15, mayExport: false, lastActive: Date.now(), idleTimer: null };

function navItem(item) {
  const button = h(
    'button',
    {
      type: 'button',
      class: 'rail-item',
      id: `nav-${item.id}`,
      'data-view': item.id,
      disabled: item.disabled || false,
      title: item.disabled ? `${item.label} — ${S.nav.soon}` : item.label,
      onclick: () => navigate(item.id),
    },
    h('span', { class: `rail-icon icon-${item.icon}`, 'aria-hidden': 'true' }),
    h('span', { class: 'rail-label' }, item.label),
    item.badge ? h('span', { class: 'rail-badge', id: `badge-${item.id}`, hidden: true }) : null,
  );
  return h('li', {}, button);
}

function buildRail() {
  const isAdmin = state.operator && state.operator.role === 'admin';
  document.title = `${S.appName} — ${S.appTagline}`;
  document.getElementById('rail').setAttribute('aria-label', S.nav.label);
  document.getElementById('brand-name').textContent = S.appName;
  document.getElementById('brand-tagline').textContent = S.appTagline;
  replace(document.getElementById('nav-main'), NAV_MAIN.filter((i) => !i.admin || isAdmin).map(navItem));
  replace(document.getElementById('nav-bottom'), NAV_BOTTOM.map(navItem));
}

/** Shows the open-request count on Daftar Pengajuan. */
function setOpenCount(n) {
  const badge = document.getElementById('badge-list');
  if (!badge) return;
  if (typeof n === 'number' && n > 0) {
    badge.textContent = String(n);
    badge.title = S.nav.openBadge(n);
    badge.setAttribute('aria-label', S.nav.openBadge(n));
    badge.hidden = false;
  } else {
    badge.hidden = true;
  }
}

/** Reads the open-request count again; `quiet` (a background refresh) leaves errors unshown. */
async function refreshOpenCount(quiet = false) {
  try {
    const page = await api.queue({ limit: 1 });
    setOpenCount(page.counts.open);
  } catch (err) {
    if (quiet) console.warn('sinkron: open count', err);
    else showError(err);
  }
}

// Another desk or the kiosk changed a request (the shell says which), or the operator came
// back to this window (`null`): the badge is read again and the view on screen is told, once
// for all views (Daftar Pengajuan refreshes the badge with its rows).
let countTimer = null;
function refreshOpenCountSoon() {
  clearTimeout(countTimer);
  countTimer = setTimeout(() => {
    if (!state.operator || !document.getElementById('gate').hidden || document.hidden) return;
    if (state.current === 'list') return;
    refreshOpenCount(true);
  }, 400);
}
function officeChanged(id) {
  refreshOpenCountSoon();
  if (state.watcher) state.watcher(id);
}
api.onRequestsChanged(officeChanged).catch((err) => console.warn('sinkron: requests-changed', err));
window.addEventListener('focus', () => officeChanged(null));
document.addEventListener('visibilitychange', () => {
  if (!document.hidden) officeChanged(null);
});

function showError(err) {
  const banner = document.getElementById('banner');
  const message = (err && err.message) || S.errors.generic;
  replace(
    banner,
    h('span', { class: 'banner-text' }, h('strong', {}, `${S.errors.title}: `), message),
    h('button', { type: 'button', class: 'btn btn-quiet', onclick: clearError }, S.errors.dismiss),
  );
  banner.classList.remove('banner-info');
  banner.hidden = false;
}

/** A calm message (not an error) in the banner: what just happened. */
function showNotice(message) {
  const banner = document.getElementById('banner');
  replace(
    banner,
    h('span', { class: 'banner-text' }, message),
    h('button', { type: 'button', class: 'btn btn-quiet', onclick: clearError }, S.errors.dismiss),
  );
  banner.classList.add('banner-info');
  banner.hidden = false;
}

function clearError() {
  const banner = document.getElementById('banner');
  banner.hidden = true;
  banner.replaceChildren();
}

/** Lights up the rail's entry for view `id` (or its parent's). */
function markRail(id) {
  const railId = RAIL_OF[id] || id;
  for (const el of document.querySelectorAll('.rail-item')) {
    if (el.dataset.view === railId) el.setAttribute('aria-current', 'page');
    else el.removeAttribute('aria-current');
  }
}

function navigate(id, params = {}) {
  const view = VIEWS[id];
  if (!view) return;
  if (state.unmount) state.unmount();
  state.watcher = null;
  clearError();
  markRail(id);
  const container = document.getElementById('view');
  container.replaceChildren();
  container.dataset.view = id;
  state.current = id;
  state.unmount = view.mount(container, ctx, params) || null;
}

const ctx = {
  api,
  /** The view on screen hears of changes with `fn(id)` (`null`: back to the front) until it goes. */
  watchChanges: (fn) => {
    state.watcher = fn;
  },
  navigate,
  /** Whether this operator may export NIKs (the shell's answer at sign-in and after Pengaturan). */
  mayExport: () => state.mayExport,
  showError,
  showNotice,
  clearError,
  setOpenCount,
  refreshOpenCount,
  refreshOffice: () => {
    loadOffice();
    refreshIdle();
  },
};

async function loadOffice() {
  try {
    const info = await api.about();
    const office = document.getElementById('rail-office');
    const op = state.operator;
    replace(
      office,
      info.officeName ? h('div', { class: 'rail-office-name', title: info.officeName }, info.officeName) : null,
      op
        ? h(
            'div',
            { class: 'rail-user' },
            h(
              'div',
              { class: 'rail-operator', id: 'rail-operator', title: S.nav.operator },
              op.displayName,
              h('span', { class: 'rail-role' }, S.nav.roles[op.role] || op.role),
            ),
            h('button', { type: 'button', class: 'btn btn-small btn-quiet', id: 'btn-sign-out', onclick: signOut }, S.nav.signOut),
          )
        : null,
    );
  } catch (err) {
    showError(err);
  }
}

/** Re-reads the idle time (it may have just been changed in Pengaturan). */
async function refreshIdle() {
  try {
    const session = await api.sessionState();
    state.idleMinutes = session.idleMinutes || state.idleMinutes;
    state.mayExport = Boolean(session.mayExport);
  } catch {
    /* keep the last known value */
  }
}

/**
 * Pengajuan Baru, built under the sign-in card while the person types: signing in then only
 * lifts the card, the form's style and layout (about 45 ms on a 2-core PC) already done. The
 * form is empty and inert under the card; the focus stays in the card.
 */
function prepareIntake() {
  // Already signed in (a quick hand), or the card is gone: nothing to prepare.
  if (state.operator || document.getElementById('gate').hidden) return;
  const focused = document.activeElement;
  navigate('intake');
  if (focused && focused.isConnected) focused.focus();
}

/** Signed in: the rail for this operator's role, the first screen, the idle watch. */
function enter(op) {
  state.operator = op;
  buildRail();
  // Nothing else opens a view before sign-in: Pengajuan Baru on screen is the one prepared.
  if (state.current === 'intake') {
    clearError();
    markRail('intake');
    const first = document.getElementById('f-name');
    if (first) first.focus();
  } else {
    navigate('intake');
  }
  loadOffice();
  refreshOpenCount();
  refreshIdle();
  watchIdle();
  // One after the other: the backup notice would otherwise replace a broken chain's warning.
  // `data-sign-in` tells when the notices that may still push the page down have been decided.
  document.body.dataset.signIn = 'checking';
  const notices = op.role === 'admin' ? warnOfBackups().then(warnOfAuditChain) : Promise.resolve();
  notices.then(() => {
    if (state.operator === op) document.body.dataset.signIn = 'done';
  });
}

/** An admin is told at sign-in when the audit log's chain is broken (rows changed or removed). */
async function warnOfAuditChain() {
  try {
    const c = await api.auditChain();
    if (c && c.state === 'broken') showError({ message: S.audit.chainBrokenAtSignIn(c.row) });
  } catch {
    /* Log Audit says why */
  }
}

/** An admin is told at sign-in when this PC's backups are old, missing or out of reach. */
async function warnOfBackups() {
  try {
    const view = await api.backupState();
    if (view.warning) showNotice(`${S.backup.title}: ${view.warning}. ${S.backup.seeSettings}`);
  } catch {
    /* the card in Pengaturan says why */
  }
}

/** Back from the lock screen: the same screen, as it was. */
function resume(op) {
  state.operator = op;
  state.lastActive = Date.now();
}

async function signOut() {
  try {
    await api.signOut();
  } catch (err) {
    /* already gone: the gate follows anyway */
  }
  restart();
}

/** Leaves the app to the gate: the views are unmounted and the frame emptied. */
function restart() {
  if (state.unmount) state.unmount();
  state.unmount = null;
  state.watcher = null;
  state.operator = null;
  state.current = null;
  intake.forget();
  clearInterval(state.idleTimer);
  delete document.body.dataset.signIn;
  document.getElementById('view').replaceChildren();
  start();
}

function lockScreen() {
  if (!state.operator || !document.getElementById('gate').hidden) return;
  signIn(ctx, resume, state.operator);
}

function watchIdle() {
  clearInterval(state.idleTimer);
  state.lastActive = Date.now();
  state.idleTimer = setInterval(async () => {
    if (!state.operator || !document.getElementById('gate').hidden) return;
    if (Date.now() - state.lastActive >= state.idleMinutes * 60_000) {
      try {
        await api.lockSession();
      } catch {
        /* the shell locks on its own at the next command */
      }
      lockScreen();
    }
  }, 10_000);
}

// The person's own input is what keeps the session open, here and in the shell (which does not
// count commands: the list's background refreshes would keep an unattended desk open).
let reported = 0;
for (const type of ['pointerdown', 'pointermove', 'keydown', 'wheel']) {
  document.addEventListener(type, () => {
    state.lastActive = Date.now();
    if (state.operator && state.lastActive - reported > 10_000) {
      reported = state.lastActive;
      api.sessionActive().catch(() => { /* a locked session shows at the next command */ });
    }
  }, { passive: true, capture: true });
}

// A command refused for the session: locked → the lock screen; gone → the sign-in screen.
api.onSessionLost((code) => {
  if (code === 'session_locked') lockScreen();
  else if (state.operator) restart();
});

ctx.restart = restart;

async function start() {
  closeGate();
  document.title = `${S.appName} — ${S.appTagline}`;
  try {
    const session = await api.sessionState();
    state.idleMinutes = session.idleMinutes || 15;
    state.mayExport = Boolean(session.mayExport);
    if (session.needsSetup) {
      firstRun(ctx, enter);
    } else if (!session.operator) {
      signIn(ctx, enter);
      // After the card's first frame, so that the form's layout does not hold the card back.
      requestAnimationFrame(() => setTimeout(prepareIntake, 0));
    } else if (session.locked) {
      state.operator = session.operator;
      buildRail();
      signIn(ctx, enter, session.operator);
    } else {
      enter(session.operator);
    }
  } catch (err) {
    // The gate covers the banner: the sign-in card shows why (and, when the database cannot be
    // opened, the way to its connection settings).
    signIn(ctx, enter, null, err);
  }
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}
