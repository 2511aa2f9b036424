// Daftar Pengajuan: the office's queue. Status tabs with counts, one search box (registration
// number, NIK/KK digits or a name: the core decides which), newest or longest-waiting first, and
// "Muat lagi" for the next page (keyset paging in the core). Age in working days, overdue and
// duplicate marks all come from the core. ↑/↓ move the selection, Enter opens the request; the
// detail view's J/K walk the same loaded rows.
// The list keeps up with the other desks and the kiosk by itself — when the shell says a request
// changed, when the window comes back to the front, and every 20 seconds — without moving the
// operator: same tab, search, rows loaded, scroll, selection and focus. It waits while a dialog
// is open or the operator is typing a search.

import { S } from '../strings.js';
import { h, replace } from '../dom.js';
import { openDialog } from '../dialog.js';
import { COUNT_KEY, STATUSES, chipClass, isClosed } from '../status.js';

const TABS = [null, ...STATUSES];
const PAGE = 50;
// The most rows the core gives in one page; a refresh of more rows than that asks page by page.
const MAX_PAGE = 200;
// Background refresh: a burst of change events is read once, a poll while the list is shown,
// and a refresh that must wait (dialog open, search being typed) looks again this often.
const CHANGE_DEBOUNCE_MS = 400;
const POLL_MS = 20_000;
const RETRY_MS = 1_000;
// The search box counts as being typed in until it has been still this long.
const TYPING_PAUSE_MS = 1_500;

// The queue as last shown; it survives a visit to the detail view.
const q = { status: null, search: '', sort: 'newest', items: [], nextCursor: null, selectedId: null, picked: new Set() };

/** The request `delta` rows away from `id` among the loaded rows, or null. */
export function neighbour(id, delta) {
  const i = q.items.findIndex((r) => r.id === id);
  if (i < 0) return null;
  const next = q.items[i + delta];
  if (next) q.selectedId = next.id;
  return next ? next.id : null;
}

/** Where `id` sits among the loaded rows: `{ index, total }` (1-based), or null. */
export function position(id) {
  const i = q.items.findIndex((r) => r.id === id);
  return i < 0 ? null : { index: i + 1, total: q.items.length };
}

/** Copies text to the clipboard; falls back to a selected textarea where the API is missing. */
async function copyText(text) {
  if (navigator.clipboard && navigator.clipboard.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return;
    } catch {
      /* fall through */
    }
  }
  const area = h('textarea', { class: 'sr-only' });
  area.value = text;
  document.body.appendChild(area);
  area.select();
  document.execCommand('copy');
  area.remove();
}

export function mount(container, ctx) {
  let alive = true;
  let searchTimer = null;
  let loadSeq = 0;
  // The last load that has finished: a load is under way while it differs from loadSeq.
  let settledSeq = 0;
  let refreshTimer = null;
  let lastTyped = 0;
  // A background refresh failed and said so; the next failures stay quiet until one succeeds.
  let refreshFailed = false;
  const t = S.list;

  const tbody = h('tbody', { id: 'list-body' });
  const counts = h('span', { class: 'list-counts', id: 'list-counts' });
  const more = h('button', { type: 'button', class: 'btn', id: 'btn-more', onclick: () => load(true) }, t.more);
  const shown = h('span', { class: 'pager-range', id: 'pager-range' });
  const refresh = h('button', { type: 'button', class: 'btn btn-small', id: 'btn-refresh', onclick: () => load(false) }, t.refresh);
  const search = h('input', {
    type: 'search',
    class: 'input search',
    id: 'list-search',
    placeholder: t.searchPlaceholder,
    'aria-label': t.searchLabel,
    autocomplete: 'off',
    spellcheck: 'false',
  });
  search.value = q.search;
  const sort = h(
    'select',
    { class: 'input select', id: 'list-sort', 'aria-label': t.sortLabel },
    h('option', { value: 'newest' }, t.sortNewest),
    h('option', { value: 'oldest' }, t.sortOldest),
  );
  sort.value = q.sort;
  const empty = h('div', { class: 'list-empty', id: 'list-empty', hidden: true });

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
          load(false);
        },
      },
      h('span', {}, status || t.all),
      h('span', { class: 'tab-count' }),
    ),
  );

  const pickAll = h('input', { type: 'checkbox', id: 'pick-all', 'aria-label': t.pickAll });
  pickAll.addEventListener('change', () => {
    for (const r of q.items) {
      if (pickAll.checked) q.picked.add(r.id);
      else q.picked.delete(r.id);
    }
    render();
  });
  const batchBar = h('div', { class: 'batch-bar', id: 'batch-bar', hidden: true });
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

  function open(id) {
    q.selectedId = id;
    ctx.navigate('detail', { id });
  }

  function row(r) {
    const marks = [];
    if (r.duplicate) marks.push(h('span', { class: 'mark mark-dup', title: t.duplicateTitle }, t.duplicate));
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
            renderBatch();
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
          h('span', { class: 'cell-text' }, isClosed(r.status) ? '—' : t.age(r.ageDays)),
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

  function renderCounts(c) {
    ctx.setOpenCount(c.open);
    counts.textContent = `${t.total(c.all)} · ${t.open(c.open)}`;
    tabButtons.forEach((b, i) => {
      const status = TABS[i];
      b.querySelector('.tab-count').textContent = String(c[status === null ? 'all' : COUNT_KEY[status]] ?? 0);
    });
  }

  async function batchStep(step, label) {
    const ids = [...q.picked];
    const note = h('textarea', { class: 'input', id: 'batch-note', rows: 2 });
    let outcome = null;
    const done = await openDialog({
      id: 'batch',
      title: label,
      intro: t.batchIntro(ids.length),
      fields: [h('label', { for: 'batch-note' }, S.detail.noteOptional), note],
      confirmLabel: label,
      onConfirm: async () => {
        outcome = await ctx.api.recordStepBatch(ids, step, note.value);
      },
    });
    if (!done || !outcome) return;
    const skipped = outcome.skipped.map(([id, why]) => {
      const r = q.items.find((x) => x.id === id);
      return `${r ? r.regNumber : id}: ${why}`;
    });
    ctx.showNotice([t.batchDone(outcome.done.length), ...skipped].join(' · '));
    await load(false);
  }

  async function exportNiks(format) {
    try {
      const out = await ctx.api.exportNiks([...q.picked], format);
      if (format === 'text') {
        await copyText(out.text);
        ctx.showNotice(t.copied(out.count));
      } else if (out.fileName) {
        ctx.showNotice(t.saved(out.count, out.fileName));
      }
    } catch (err) {
      ctx.showError(err);
    }
  }

  function renderBatch() {
    const n = q.picked.size;
    batchBar.hidden = n === 0;
    pickAll.checked = q.items.length > 0 && q.items.every((r) => q.picked.has(r.id));
    pickAll.indeterminate = !pickAll.checked && q.items.some((r) => q.picked.has(r.id));
    if (!n) return;
    replace(
      batchBar,
      h('strong', { id: 'batch-count' }, t.picked(n)),
      h('button', { type: 'button', class: 'btn btn-small', 'data-batch': 'konsolidasi_manual', onclick: () => batchStep('konsolidasi_manual', t.stepKonsolidasi) }, t.stepKonsolidasi),
      h('button', { type: 'button', class: 'btn btn-small', 'data-batch': 'sinkronisasi_dwh', onclick: () => batchStep('sinkronisasi_dwh', t.stepDwh) }, t.stepDwh),
      h('span', { class: 'batch-sep', 'aria-hidden': 'true' }),
      h('button', { type: 'button', class: 'btn btn-small', 'data-export': 'text', onclick: () => exportNiks('text') }, t.copyNiks),
      h('button', { type: 'button', class: 'btn btn-small', 'data-export': 'xlsx', onclick: () => exportNiks('xlsx') }, t.saveXlsx),
      h('button', { type: 'button', class: 'btn btn-small', 'data-export': 'csv', onclick: () => exportNiks('csv') }, t.saveCsv),
      h('span', { class: 'pager-spacer' }),
      h('button', { type: 'button', class: 'btn btn-small btn-quiet', id: 'batch-unpick', onclick: () => { q.picked.clear(); render(); } }, t.unpick),
    );
  }

  function render() {
    renderBatch();
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
    more.hidden = q.nextCursor === null || q.nextCursor === undefined;
    shown.textContent = none ? '' : t.shown(q.items.length);
  }

  /** Rows from `cursor` on, page by page, until `want` rows or the end: `{ items, nextCursor, counts }`. */
  async function fetchRows(cursor, want) {
    const query = { status: q.status, search: q.search, sort: q.sort };
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
    if (!quiet) tbody.setAttribute('aria-busy', 'true');
    try {
      const page = quiet
        ? await fetchRows(null, Math.max(q.items.length, PAGE))
        : await fetchRows(append ? q.nextCursor : null, PAGE);
      if (!alive || mine !== loadSeq) return;
      if (quiet) {
        refreshFailed = false;
        renderCounts(page.counts);
        refreshInPlace(page);
        return;
      }
      q.items = append ? q.items.concat(page.items) : page.items;
      q.nextCursor = page.nextCursor;
      if (!q.items.some((r) => r.id === q.selectedId)) q.selectedId = q.items.length ? q.items[0].id : null;
      renderCounts(page.counts);
      render();
      select(q.selectedId, true);
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
        tbody.removeAttribute('aria-busy');
      }
    }
  }

  /** Where the focus is among the rows or the batch bar, as a selector that finds it again. */
  function focusKey() {
    const el = document.activeElement;
    if (!el) return null;
    const tr = el.closest && el.closest('tr[data-id]');
    if (tr && tbody.contains(tr)) {
      const what = el.classList.contains('pick') ? 'input.pick' : el.classList.contains('row-link') ? '.row-link' : null;
      return what ? `#list-body tr[data-id="${tr.dataset.id}"] ${what}` : null;
    }
    if (batchBar.contains(el)) {
      if (el.dataset.batch) return `#batch-bar [data-batch="${el.dataset.batch}"]`;
      if (el.dataset.export) return `#batch-bar [data-export="${el.dataset.export}"]`;
      if (el.id) return `#${el.id}`;
    }
    return null;
  }

  /** Shows refreshed rows without moving the operator: same rows loaded, scroll, selection, focus. */
  function refreshInPlace(page) {
    const sameRows = JSON.stringify(page.items) === JSON.stringify(q.items);
    if (sameRows && JSON.stringify(page.nextCursor) === JSON.stringify(q.nextCursor ?? null)) return;
    const oldIndex = q.items.findIndex((r) => r.id === q.selectedId);
    const top = scroller.scrollTop;
    const focused = focusKey();
    const hadFocus = focused !== null;
    q.items = page.items;
    q.nextCursor = page.nextCursor;
    if (!q.items.some((r) => r.id === q.selectedId)) {
      // The selected request left this tab: the row now in its place is selected.
      const i = Math.min(Math.max(oldIndex, 0), q.items.length - 1);
      q.selectedId = i >= 0 ? q.items[i].id : null;
    }
    render();
    select(q.selectedId);
    scroller.scrollTop = top;
    if (hadFocus) {
      const again = container.querySelector(focused);
      (again || scroller).focus({ preventScroll: true });
    }
  }

  /** Whether a background refresh would disturb the operator now. */
  function mustWait() {
    if (document.querySelector('dialog[open]')) return true;
    const gate = document.getElementById('gate');
    if (gate && !gate.hidden) return true;
    if (search.value !== q.search) return true;
    if (document.activeElement === search && Date.now() - lastTyped < TYPING_PAUSE_MS) return true;
    return settledSeq !== loadSeq;
  }

  function refreshSoon(delay) {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(tryRefresh, delay);
  }

  function tryRefresh() {
    if (!alive || document.hidden) return; // back to the front refreshes anyway
    if (mustWait()) {
      refreshSoon(RETRY_MS);
      return;
    }
    load(false, true);
  }

  ctx.watchChanges(() => refreshSoon(CHANGE_DEBOUNCE_MS));
  const poll = setInterval(() => refreshSoon(0), POLL_MS);

  search.addEventListener('input', () => {
    lastTyped = Date.now();
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      q.search = search.value;
      load(false);
    }, 250);
  });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      scroller.focus();
    } else if (e.key === 'Enter') {
      clearTimeout(searchTimer);
      q.search = search.value;
      load(false);
    }
  });
  sort.addEventListener('change', () => {
    q.sort = sort.value;
    load(false);
  });
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

  replace(
    container,
    h(
      'section',
      { class: 'view-list', 'aria-labelledby': 'list-title' },
      h(
        'header',
        { class: 'view-head view-head-row' },
        h('div', {}, h('h1', { id: 'list-title' }, t.title), counts),
        h('div', { class: 'toolbar' }, search, sort, refresh),
      ),
      h('div', { class: 'tabs', role: 'tablist', 'aria-label': t.tabsLabel }, tabButtons),
      batchBar,
      h('div', { class: 'panel list-panel' }, scroller),
      h('footer', { class: 'pager' }, shown, h('span', { class: 'pager-spacer' }), more),
    ),
  );
  render();
  load(false);
  (q.items.length ? scroller : search).focus();
  return () => {
    alive = false;
    clearTimeout(searchTimer);
    clearTimeout(refreshTimer);
    clearInterval(poll);
  };
}
