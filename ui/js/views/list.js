// Daftar Pengajuan: requests newest first, one page at a time, the header fixed while the rows
// scroll inside their panel. The masked NIK, the status word and the display time all come
// from the core as they are shown.

import { S, STATUS_CLASS } from '../strings.js';
import { h, replace } from '../dom.js';

let currentPage = 1;

export function mount(container, ctx) {
  let alive = true;
  const tbody = h('tbody', { id: 'list-body' });
  const counts = h('span', { class: 'list-counts', id: 'list-counts' });
  const range = h('span', { class: 'pager-range', id: 'pager-range' });
  const pageLabel = h('span', { class: 'pager-page', id: 'pager-page' });
  const prev = h('button', { type: 'button', class: 'btn btn-small', id: 'btn-prev' }, `‹ ${S.list.prev}`);
  const next = h('button', { type: 'button', class: 'btn btn-small', id: 'btn-next' }, `${S.list.next} ›`);
  const refresh = h('button', { type: 'button', class: 'btn btn-small', id: 'btn-refresh' }, S.list.refresh);
  const empty = h(
    'div',
    { class: 'list-empty', id: 'list-empty', hidden: true },
    h('p', {}, S.list.empty),
    h('button', { type: 'button', class: 'btn btn-primary', onclick: () => ctx.navigate('intake') }, S.list.emptyAction),
  );

  const table = h(
    'table',
    { class: 'grid', id: 'list-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col', class: 'col-reg' }, S.list.cols.reg),
        h('th', { scope: 'col', class: 'col-name' }, S.list.cols.name),
        h('th', { scope: 'col', class: 'col-nik' }, S.list.cols.nik),
        h('th', { scope: 'col', class: 'col-status' }, S.list.cols.status),
        h('th', { scope: 'col', class: 'col-created' }, S.list.cols.created),
      ),
    ),
    tbody,
  );

  async function load(page) {
    tbody.setAttribute('aria-busy', 'true');
    try {
      const data = await ctx.api.listRequests(page);
      if (!alive) return;
      render(data);
    } catch (err) {
      if (alive) ctx.showError(err);
    } finally {
      tbody.removeAttribute('aria-busy');
    }
  }

  function render(data) {
    const pages = Math.max(1, Math.ceil(data.total / data.perPage));
    if (data.page > pages && data.total > 0) {
      load(pages);
      return;
    }
    currentPage = data.page;
    ctx.setOpenCount(data.openCount);
    counts.textContent = `${S.list.total(data.total)} · ${S.list.open(data.openCount)}`;
    replace(
      tbody,
      data.items.map((r) =>
        h(
          'tr',
          { 'data-id': r.id },
          h('td', { class: 'mono col-reg' }, r.regNumber),
          h('td', { class: 'col-name' }, r.applicantName),
          h('td', { class: 'mono col-nik' }, r.nikMasked),
          h('td', { class: 'col-status' }, h('span', { class: `chip ${STATUS_CLASS[r.status] || ''}` }, r.status)),
          h('td', { class: 'col-created', title: r.createdAt }, r.createdAtDisplay),
        ),
      ),
    );
    empty.hidden = data.total > 0;
    table.hidden = data.total === 0;
    const first = data.total === 0 ? 0 : (data.page - 1) * data.perPage + 1;
    const last = Math.min(data.total, data.page * data.perPage);
    range.textContent = S.list.range(first, last, data.total);
    pageLabel.textContent = S.list.page(data.page, pages);
    prev.disabled = data.page <= 1;
    next.disabled = data.page >= pages;
  }

  prev.addEventListener('click', () => load(Math.max(1, currentPage - 1)));
  next.addEventListener('click', () => load(currentPage + 1));
  refresh.addEventListener('click', () => load(currentPage));

  replace(
    container,
    h(
      'section',
      { class: 'view-list', 'aria-labelledby': 'list-title' },
      h(
        'header',
        { class: 'view-head view-head-row' },
        h('div', {}, h('h1', { id: 'list-title' }, S.list.title), counts),
        h('div', { class: 'toolbar' }, refresh),
      ),
      h('div', { class: 'panel list-panel' }, h('div', { class: 'grid-scroll', tabindex: '0' }, table, empty)),
      h('footer', { class: 'pager' }, range, h('span', { class: 'pager-spacer' }), prev, pageLabel, next),
    ),
  );
  load(currentPage);
  return () => {
    alive = false;
  };
}
