// The list's toolbar: one search box (registration number, NIK/KK digits or a name: the core
// decides which), newest or longest-waiting first, and "Muat ulang". It also tells the
// background refresh whether the operator is still typing a search.

import { S } from '../../strings.js';
import { h } from '../../dom.js';
import { q } from './state.js';

// The search box counts as being typed in until it has been still this long.
const TYPING_PAUSE_MS = 1_500;
// A search runs once the box has been still this long (Enter runs it at once).
const SEARCH_DELAY_MS = 250;

/**
 * `load()` reloads the first page; `toRows()` moves the focus to the rows (↓ in the search box).
 * Returns the three controls, `mustWait()` and `stop()` (drops a search still pending).
 */
export function createToolbar({ load, toRows }) {
  const t = S.list;
  let searchTimer = null;
  let lastTyped = 0;

  const refresh = h('button', { type: 'button', class: 'btn btn-small', id: 'btn-refresh', onclick: () => load() }, t.refresh);
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

  search.addEventListener('input', () => {
    lastTyped = Date.now();
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => {
      q.search = search.value;
      load();
    }, SEARCH_DELAY_MS);
  });
  search.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      toRows();
    } else if (e.key === 'Enter') {
      clearTimeout(searchTimer);
      q.search = search.value;
      load();
    }
  });
  sort.addEventListener('change', () => {
    q.sort = sort.value;
    load();
  });

  /** Whether a search is still being typed (or typed but not yet run). */
  function typing() {
    if (search.value !== q.search) return true;
    return document.activeElement === search && Date.now() - lastTyped < TYPING_PAUSE_MS;
  }

  return {
    el: h('div', { class: 'toolbar' }, search, sort, refresh),
    search,
    typing,
    stop: () => clearTimeout(searchTimer),
  };
}
