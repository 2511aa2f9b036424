// Daftar Pengajuan on paper for the head of section: the list as filtered (every page the core
// read, not only the rows loaded on screen), on A4 landscape, headed by what the filters kept
// and when it was read.

import { S } from '../strings.js';
import { h } from '../dom.js';
import { printOn } from './print.js';

/** Prints `list` (`{ items, truncated, max, atDisplay }` from the core) under `title`. */
export async function printList(list, title) {
  const t = S.listPaper;
  const c = S.list.cols;
  const rows = list.items.map((r, i) =>
    h(
      'tr',
      {},
      h('td', { class: 'num' }, String(i + 1)),
      h('td', { class: 'mono' }, r.regNumber),
      h('td', {}, r.applicantName),
      h('td', { class: 'mono' }, r.nikMasked),
      h('td', {}, r.status),
      h('td', {}, r.createdAtDisplay),
      h('td', {}, S.listFilters[r.channel] || r.channel),
      h('td', {}, r.open ? S.list.age(r.ageDays) + (r.overdue ? ` · ${S.list.overdue}` : '') : '—'),
    ),
  );
  const node = h(
    'article',
    { class: 'list-paper', id: 'list-paper' },
    h('header', { class: 'lp-head' }, h('h1', {}, title), h('div', {}, t.read(list.atDisplay, list.items.length))),
    list.truncated ? h('p', { class: 'lp-warn' }, t.truncated(list.max)) : null,
    list.items.length
      ? h(
          'table',
          { class: 'cf-table lp-table' },
          h('thead', {}, h('tr', {}, ['No.', c.reg, c.name, c.nik, c.status, c.created, t.channel, c.age].map((x) => h('th', {}, x)))),
          h('tbody', {}, rows),
        )
      : h('p', {}, t.none),
  );
  await printOn('a4-landscape', node);
}
