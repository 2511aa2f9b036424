// Daftar Pengajuan's status tabs ("Semua" and one per status, from status.js) and the counts the
// core sends with every page: per tab, in the header, and the rail's open badge.

import { S } from '../../strings.js';
import { h } from '../../dom.js';
import { STATUSES, COUNT_KEY } from '../../status.js';
import { q } from './state.js';

const TABS = [null, ...STATUSES];

/** The tab strip and the header's counts; `onPick` runs after the operator chose a tab. */
export function createTabs(ctx, onPick) {
  const t = S.list;
  const counts = h('span', { class: 'list-counts', id: 'list-counts' });
  const tabButtons = TABS.map((status) =>
    h(
      'button',
      {
        type: 'button',
        role: 'tab',
        class: 'tab',
        'data-status': status || 'all',
        'aria-selected': String(q.status === status),
        onclick: (e) => {
          q.status = status;
          for (const b of tabButtons) b.setAttribute('aria-selected', String(b === e.currentTarget));
          onPick();
        },
      },
      h('span', {}, status || t.all),
      h('span', { class: 'tab-count' }),
    ),
  );
  const el = h('div', { class: 'tabs', role: 'tablist', 'aria-label': t.tabsLabel }, tabButtons);

  function renderCounts(c) {
    ctx.setOpenCount(c.open);
    counts.textContent = `${t.total(c.all)} · ${t.open(c.open)}`;
    tabButtons.forEach((b, i) => {
      const status = TABS[i];
      b.querySelector('.tab-count').textContent = String(c[status === null ? 'all' : COUNT_KEY[status]] ?? 0);
    });
  }

  return { el, counts, renderCounts };
}
