// Daftar Pengajuan: the office's queue. Status tabs with counts (tabs.js), one search box and the
// order (toolbar.js), the days, channel and operator filters with the printed and saved list
// (filters.js), the rows (table.js), the batch bar for picked rows (batch.js) and "Muat
// lagi" for the next page (keyset paging in the core). Age in working days, overdue and
// duplicate marks all come from the core. The detail view's J/K walk the same loaded rows
// (state.js). This module loads pages and puts the parts together; refresh.js keeps the list
// up to date by itself.

import { S } from '../../strings.js';
import { h, replace } from '../../dom.js';
import { listQuery, q } from './state.js';
import { createTabs } from './tabs.js';
import { createToolbar } from './toolbar.js';
import { createFilters } from './filters.js';
import { createTable } from './table.js';
import { createBatchBar } from './batch.js';
import { covered, refreshInPlace, watchQueue } from './refresh.js';

const PAGE = 50;
// The most rows the core gives in one page; a refresh of more rows than that asks page by page.
const MAX_PAGE = 200;

export function mount(container, ctx) {
  let alive = true;
  let loadSeq = 0;
  // The last load that has finished: a load is under way while it differs from loadSeq.
  let settledSeq = 0;
  // A background refresh failed and said so; the next failures stay quiet until one succeeds.
  let refreshFailed = false;
  const t = S.list;

  const more = h('button', { type: 'button', class: 'btn', id: 'btn-more', onclick: () => load(true) }, t.more);
  const shown = h('span', { class: 'pager-range', id: 'pager-range' });

  function open(id) {
    q.selectedId = id;
    ctx.navigate('detail', { id });
  }

  const tabs = createTabs(ctx, () => load(false));
  const table = createTable(ctx, { open, picked: () => batch.render(), render });
  const batch = createBatchBar(ctx, { pickAll: table.pickAll, reload: () => load(false), render });
  const toolbar = createToolbar({ load: () => load(false), toRows: () => table.scroller.focus() });
  const filters = createFilters(ctx, () => load(false));

  /** Draws the list; `added`: only these rows of the next page, below the ones on screen. */
  function render(added) {
    batch.render();
    if (added) table.appendRows(added);
    else table.renderRows();
    const none = q.items.length === 0;
    more.hidden = q.nextCursor === null || q.nextCursor === undefined;
    shown.textContent = none ? '' : t.shown(q.items.length);
  }

  /** Rows from `cursor` on, page by page, until `want` rows or the end: `{ items, nextCursor, counts }`. */
  async function fetchRows(cursor, want) {
    const query = listQuery();
    let items = [];
    let next = cursor;
    let counts = null;
    do {
      const page = await ctx.api.queue({ ...query, cursor: next, limit: Math.min(MAX_PAGE, want - items.length) });
      items = items.concat(page.items);
      next = page.nextCursor ?? null;
      counts = page.counts;
    } while (next !== null && items.length < want);
    return { items, nextCursor: next, counts };
  }

  /**
   * Loads the first page (`append`: the next one). `quiet`: a background refresh of the rows
   * already loaded, which keeps the operator's place and shows a failure only once.
   */
  async function load(append, quiet = false) {
    const mine = ++loadSeq;
    if (!quiet) table.tbody.setAttribute('aria-busy', 'true');
    try {
      const page = quiet
        ? await fetchRows(null, Math.max(q.items.length, PAGE))
        : await fetchRows(append ? q.nextCursor : null, PAGE);
      if (!alive || mine !== loadSeq) return;
      if (quiet) {
        refreshFailed = false;
        tabs.renderCounts(page.counts);
        refreshInPlace(page, { container, ...table, batchBar: batch.el, render });
        return;
      }
      q.items = append ? q.items.concat(page.items) : page.items;
      q.nextCursor = page.nextCursor;
      if (!q.items.some((r) => r.id === q.selectedId)) q.selectedId = q.items.length ? q.items[0].id : null;
      tabs.renderCounts(page.counts);
      if (append) {
        // The rows on screen stay as they are, and so does the operator's place in them.
        render(page.items);
      } else {
        render();
        table.select(q.selectedId, true);
      }
    } catch (err) {
      if (!alive || mine !== loadSeq) return;
      if (!quiet) {
        ctx.showError(err);
      } else {
        // A locked or ended session has its own screen; anything else is said once.
        if (!refreshFailed && !String(err.code).startsWith('session_')) ctx.showError(err);
        refreshFailed = true;
      }
    } finally {
      if (mine === loadSeq) {
        settledSeq = mine;
        table.tbody.removeAttribute('aria-busy');
      }
    }
  }

  const stopWatching = watchQueue(ctx, {
    alive: () => alive,
    // Whether a background refresh would disturb the operator now.
    mustWait: () => covered() || toolbar.typing() || settledSeq !== loadSeq,
    refresh: () => load(false, true),
  });

  replace(
    container,
    h(
      'section',
      { class: 'view-list', 'aria-labelledby': 'list-title' },
      h(
        'header',
        { class: 'view-head view-head-row' },
        h('div', {}, h('h1', { id: 'list-title' }, t.title), tabs.counts),
        toolbar.el,
      ),
      tabs.el,
      filters.el,
      batch.el,
      h('div', { class: 'panel list-panel' }, table.scroller),
      h('footer', { class: 'pager' }, shown, h('span', { class: 'pager-spacer' }), more),
    ),
  );
  render();
  load(false);
  (q.items.length ? table.scroller : toolbar.search).focus();
  return () => {
    alive = false;
    toolbar.stop();
    stopWatching();
  };
}
