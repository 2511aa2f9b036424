// The detail view, where operators spend their day: the typed data with what the NIK and KK say
// on one side (cards.js, history.js), the KK and KTP-el photos side by side or stacked on the
// other (photos.js), the actions the status allows and their dialogs (dialogs.js). Everything
// shown — facts, warnings, allowed actions, age, duplicates — is what the core answered for
// this request. This module reads it, draws the header and follows changes made elsewhere;
// J / K move to the next / previous request of the list.

import { S } from '../../strings.js';
import { h, replace } from '../../dom.js';
import { chipClass } from '../../status.js';
import { neighbour, position } from '../list/state.js';
import { createPhotos } from './photos.js';
import { createDialogs } from './dialogs.js';
import { actionsCard, dataCard, duplicatesCard, syncCard } from './cards.js';
import { historyCard } from './history.js';

function isTyping(el) {
  return el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function mount(container, ctx, params = {}) {
  const t = S.detail;
  const id = Number(params.id);
  let alive = true;
  let detail = null;
  const photos = createPhotos(ctx.api);
  const dialogs = createDialogs(ctx, load);

  function go(delta) {
    const next = neighbour(id, delta);
    if (next !== null) ctx.navigate('detail', { id: next });
  }

  function onKey(e) {
    if (e.ctrlKey || e.altKey || e.metaKey || isTyping(document.activeElement)) return;
    if (document.querySelector('dialog[open]')) return;
    if (e.key === 'j' || e.key === 'J') {
      e.preventDefault();
      go(1);
    } else if (e.key === 'k' || e.key === 'K') {
      e.preventDefault();
      go(-1);
    } else if (e.key === 'Escape' && !document.querySelector('dialog[open]')) {
      ctx.navigate('list');
    }
  }
  document.addEventListener('keydown', onKey);

  async function load(message) {
    try {
      const d = await ctx.api.requestDetail(id);
      if (!alive) return;
      detail = d;
      render();
      if (message) ctx.showError({ message });
    } catch (err) {
      if (alive) ctx.showError(err);
    }
  }

  function render() {
    const d = detail;
    const pos = position(id);
    const age = d.open
      ? h('span', { class: `age${d.overdue ? ' is-overdue' : ''}` }, S.list.age(d.ageDays), d.overdue ? ` · ${S.list.overdue}` : '')
      : null;
    replace(
      container,
      h(
        'section',
        { class: 'view-detail', 'aria-labelledby': 'd-title' },
        h(
          'header',
          { class: 'detail-head' },
          h('button', { type: 'button', class: 'btn btn-small', id: 'btn-back', onclick: () => ctx.navigate('list'), title: t.backTitle }, `‹ ${S.list.title}`),
          h('h1', { id: 'd-title', class: 'mono' }, d.regNumber),
          h('span', { class: chipClass(d.status), id: 'd-status' }, d.status),
          age,
          h('span', { class: 'pager-spacer' }),
          h('div', { class: 'segmented', role: 'group', 'aria-label': t.layout }, photos.toggle('side', t.side), photos.toggle('stacked', t.stacked)),
          h(
            'div',
            { class: 'walk' },
            h('button', { type: 'button', class: 'btn btn-small', id: 'btn-prev-req', disabled: !pos || pos.index <= 1, title: t.prevTitle, onclick: () => go(-1) }, '‹ K'),
            pos ? h('span', { class: 'walk-pos' }, t.position(pos.index, pos.total)) : null,
            h('button', { type: 'button', class: 'btn btn-small', id: 'btn-next-req', disabled: !pos || pos.index >= pos.total, title: t.nextTitle, onclick: () => go(1) }, 'J ›'),
          ),
        ),
        h(
          'div',
          { class: 'detail-body' },
          h('div', { class: 'detail-side' }, duplicatesCard(d, ctx), dataCard(d, dialogs), actionsCard(d, dialogs), syncCard(d, dialogs), historyCard(d, (r) => dialogs.viewOld(r))),
          photos.pane(d, (kind) => dialogs.replacePhoto(d, kind)),
        ),
      ),
    );
  }

  // Another desk (on the office's server) changed this request: show it as it is now, so
  // nobody decides on what was. This desk's own change is announced too; by the time the check
  // runs, its own reload has the same version and nothing happens. A dialog open means the
  // operator is acting: their action is checked against the version they saw anyway.
  let changedTimer = null;
  function onChanged(changedId) {
    if (changedId !== id) return;
    clearTimeout(changedTimer);
    changedTimer = setTimeout(async () => {
      if (!alive || !detail || document.querySelector('dialog[open]')) return;
      try {
        const d = await ctx.api.requestDetail(id);
        if (!alive || !detail || d.version === detail.version || document.querySelector('dialog[open]')) return;
        detail = d;
        render();
        ctx.showNotice(t.changedElsewhere(d.status));
      } catch (err) {
        console.warn('sinkron: refresh after a change elsewhere', err);
      }
    }, 800);
  }
  ctx.watchChanges(onChanged);

  replace(container, h('p', { class: 'muted detail-loading' }, S.list.loading));
  load();
  return () => {
    alive = false;
    clearTimeout(changedTimer);
    photos.destroy();
    document.removeEventListener('keydown', onKey);
  };
}
