// The frame: navigation rail, one view at a time in the content area, the open-request badge
// and the error banner. Views live in ./views/ and get a small context object from here.

import * as api from './api.js';
import { S } from './strings.js';
import { h, replace } from './dom.js';
import * as intake from './views/intake.js';
import * as list from './views/list.js';
import * as about from './views/about.js';
import * as detail from './views/detail.js';
import * as settings from './views/settings.js';

const VIEWS = { intake, list, about, detail, settings };
// Views reached from another one light up their parent in the rail.
const RAIL_OF = { detail: 'list' };

const NAV_MAIN = [
  { id: 'intake', label: S.nav.intake, icon: 'plus' },
  { id: 'list', label: S.nav.list, icon: 'list', badge: true },
  { id: 'recap', label: S.nav.recap, icon: 'chart', disabled: true },
  { id: 'settings', label: S.nav.settings, icon: 'gear' },
];
const NAV_BOTTOM = [{ id: 'about', label: S.nav.about, icon: 'info' }];

const state = { current: null, unmount: null };

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
  document.title = `${S.appName} — ${S.appTagline}`;
  document.getElementById('rail').setAttribute('aria-label', S.nav.label);
  document.getElementById('brand-name').textContent = S.appName;
  document.getElementById('brand-tagline').textContent = S.appTagline;
  replace(document.getElementById('nav-main'), NAV_MAIN.map(navItem));
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

async function refreshOpenCount() {
  try {
    const page = await api.queue({ limit: 1 });
    setOpenCount(page.counts.open);
  } catch (err) {
    showError(err);
  }
}

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

function navigate(id, params = {}) {
  const view = VIEWS[id];
  if (!view) return;
  if (state.unmount) state.unmount();
  clearError();
  const railId = RAIL_OF[id] || id;
  for (const el of document.querySelectorAll('.rail-item')) {
    if (el.dataset.view === railId) el.setAttribute('aria-current', 'page');
    else el.removeAttribute('aria-current');
  }
  const container = document.getElementById('view');
  container.replaceChildren();
  container.dataset.view = id;
  state.current = id;
  state.unmount = view.mount(container, ctx, params) || null;
}

const ctx = { api, navigate, showError, showNotice, clearError, setOpenCount, refreshOpenCount, refreshOffice: () => loadOffice() };

async function loadOffice() {
  try {
    const info = await api.about();
    const office = document.getElementById('rail-office');
    replace(
      office,
      info.officeName ? h('div', { class: 'rail-office-name', title: info.officeName }, info.officeName) : null,
      info.operatorName
        ? h('div', { class: 'rail-operator', title: S.nav.operator }, info.operatorName)
        : null,
    );
  } catch (err) {
    showError(err);
  }
}

function start() {
  buildRail();
  navigate('intake');
  loadOffice();
  refreshOpenCount();
}

if (document.readyState === 'loading') {
  document.addEventListener('DOMContentLoaded', start);
} else {
  start();
}
