// How the list keeps up with the other desks and the kiosk by itself — when the shell says a
// request changed, when the window comes back to the front, and every 20 seconds — without
// moving the operator: same tab, search, rows loaded, scroll, selection and focus. It waits
// while a dialog is open or the operator is typing a search.

import { q } from './state.js';

// A burst of change events is read once, a poll while the list is shown, and a refresh that
// must wait (dialog open, search being typed) looks again this often.
const CHANGE_DEBOUNCE_MS = 400;
const POLL_MS = 20_000;
const RETRY_MS = 1_000;

/**
 * Schedules background refreshes: `refresh()` runs one, unless `alive()` is false, the window is
 * hidden or `mustWait()`. Returns the function that stops them.
 */
export function watchQueue(ctx, { alive, mustWait, refresh }) {
  let timer = null;

  function refreshSoon(delay) {
    clearTimeout(timer);
    timer = setTimeout(tryRefresh, delay);
  }

  function tryRefresh() {
    if (!alive() || document.hidden) return; // back to the front refreshes anyway
    if (mustWait()) {
      refreshSoon(RETRY_MS);
      return;
    }
    refresh();
  }

  ctx.watchChanges(() => refreshSoon(CHANGE_DEBOUNCE_MS));
  const poll = setInterval(() => refreshSoon(0), POLL_MS);
  return () => {
    clearTimeout(timer);
    clearInterval(poll);
  };
}

/** Whether a dialog or the gate is over the list (a refresh would disturb the operator). */
export function covered() {
  if (document.querySelector('dialog[open]')) return true;
  const gate = document.getElementById('gate');
  return Boolean(gate && !gate.hidden);
}

/** Where the focus is among the rows or the batch bar, as a selector that finds it again. */
function focusKey(tbody, batchBar) {
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

/**
 * Shows refreshed rows without moving the operator: same rows loaded, scroll, selection, focus.
 * `parts`: the view's `container`, the table's `tbody`, `scroller` and `select`, the `batchBar`
 * element, and `render()` (the whole list).
 */
export function refreshInPlace(page, { container, tbody, scroller, select, batchBar, render }) {
  const sameRows = JSON.stringify(page.items) === JSON.stringify(q.items);
  if (sameRows && JSON.stringify(page.nextCursor) === JSON.stringify(q.nextCursor ?? null)) return;
  const oldIndex = q.items.findIndex((r) => r.id === q.selectedId);
  const top = scroller.scrollTop;
  const focused = focusKey(tbody, batchBar);
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
