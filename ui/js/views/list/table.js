// The queue's table: one row per request with its registration number, name (and the core's
// duplicate mark), masked NIK, status chip, age in working days (and the overdue mark) and
// when it was made; a checkbox per row for the batch bar. ↑/↓ move the selection, Space picks,
// Enter or a double click opens the request. When nothing matches, it says so.

import { S } from '../../strings.js';
import { h, replace } from '../../dom.js';
import { chipClass } from '../../status.js';
import { q } from './state.js';

/**
 * `open(id)` shows a request; `picked()` runs after one row's checkbox changed, `render()` after
 * the picked set changed otherwise (all rows, Space). Returns the table's parts and its drawing.
 */
export function createTable(ctx, { open, picked, render }) {
  const t = S.list;
  const tbody = h('tbody', { id: 'list-body' });
  const empty = h('div', { class: 'list-empty', id: 'list-empty', hidden: true });

  const pickAll = h('input', { type: 'checkbox', id: 'pick-all', 'aria-label': t.pickAll });
  pickAll.addEventListener('change', () => {
    for (const r of q.items) {
      if (pickAll.checked) q.picked.add(r.id);
      else q.picked.delete(r.id);
    }
    render();
  });
  const table = h(
    'table',
    { class: 'grid grid-queue', id: 'list-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'col-pick' }, pickAll),
        h('th', { scope: 'col', class: 'col-reg' }, t.cols.reg),
        h('th', { scope: 'col', class: 'col-name' }, t.cols.name),
        h('th', { scope: 'col', class: 'col-nik' }, t.cols.nik),
        h('th', { scope: 'col', class: 'col-status' }, t.cols.status),
        h('th', { scope: 'col', class: 'col-age' }, t.cols.age),
        h('th', { scope: 'col', class: 'col-created' }, t.cols.created),
      ),
    ),
    tbody,
  );
  const scroller = h('div', { class: 'grid-scroll', tabindex: '0', id: 'list-scroll' }, table, empty);

  function row(r) {
    const marks = [];
    if (r.duplicate) marks.push(h('span', { class: 'mark mark-dup', title: t.duplicateTitle }, t.duplicate));
    if (r.photoCheck) marks.push(h('span', { class: 'mark mark-photo', title: t.photoCheckTitle }, t.photoCheck));
    return h(
      'tr',
      {
        'data-id': r.id,
        class: r.id === q.selectedId ? 'is-selected' : '',
        'aria-selected': String(r.id === q.selectedId),
        onclick: () => select(r.id),
        ondblclick: () => open(r.id),
      },
      h(
        'td',
        { class: 'col-pick', onclick: (e) => e.stopPropagation() },
        h('input', {
          type: 'checkbox',
          class: 'pick',
          'aria-label': t.pick(r.regNumber),
          checked: q.picked.has(r.id),
          onchange: (e) => {
            if (e.target.checked) q.picked.add(r.id);
            else q.picked.delete(r.id);
            picked();
          },
        }),
      ),
      h('td', { class: 'mono col-reg' }, h('a', { href: '#', class: 'row-link', onclick: (e) => { e.preventDefault(); open(r.id); } }, r.regNumber)),
      h('td', { class: 'col-name' }, h('div', { class: 'cell-flex' }, h('span', { class: 'cell-text', title: r.applicantName }, r.applicantName), marks)),
      h('td', { class: 'mono col-nik' }, r.nikMasked),
      h('td', { class: 'col-status' }, h('span', { class: chipClass(r.status) }, r.status)),
      h(
        'td',
        { class: `col-age${r.overdue ? ' is-overdue' : ''}`, title: r.overdue ? t.overdueTitle : '' },
        h(
          'div',
          { class: 'cell-flex' },
          h('span', { class: 'cell-text' }, r.open ? t.age(r.ageDays) : '—'),
          r.overdue ? h('span', { class: 'mark mark-late' }, t.overdue) : null,
        ),
      ),
      h('td', { class: 'col-created', title: r.createdAt }, r.createdAtDisplay),
    );
  }

  function select(id, scroll = false) {
    q.selectedId = id;
    for (const tr of tbody.children) {
      const on = Number(tr.dataset.id) === id;
      tr.classList.toggle('is-selected', on);
      tr.setAttribute('aria-selected', String(on));
      if (on && scroll) tr.scrollIntoView({ block: 'nearest' });
    }
  }

  /** Adds the rows of the next page below the rows drawn, which stay as they are. */
  function appendRows(items) {
    tbody.append(...items.map(row));
  }

  /** Draws the loaded rows, or what to say when there are none. */
  function renderRows() {
    replace(tbody, q.items.map(row));
    const none = q.items.length === 0;
    table.hidden = none;
    empty.hidden = !none;
    if (none) {
      replace(
        empty,
        h('p', {}, q.search.trim() ? t.noMatch(q.search.trim()) : t.empty),
        q.search.trim() || q.status
          ? null
          : h('button', { type: 'button', class: 'btn btn-primary', onclick: () => ctx.navigate('intake') }, t.emptyAction),
      );
    }
  }

  scroller.addEventListener('keydown', (e) => {
    const i = q.items.findIndex((r) => r.id === q.selectedId);
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = q.items[Math.min(q.items.length - 1, Math.max(0, i + (e.key === 'ArrowDown' ? 1 : -1)))];
      if (next) select(next.id, true);
    } else if (e.key === 'Enter' && q.selectedId !== null) {
      e.preventDefault();
      open(q.selectedId);
    } else if (e.key === ' ' && q.selectedId !== null) {
      e.preventDefault();
      if (q.picked.has(q.selectedId)) q.picked.delete(q.selectedId);
      else q.picked.add(q.selectedId);
      render();
      select(q.selectedId);
    }
  });

  return { tbody, pickAll, scroller, select, renderRows, appendRows };
}
