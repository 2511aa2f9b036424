// The queue as last shown — tab, search, order, filters, loaded rows, selection, picked rows — kept
// outside the view so it survives a visit to the detail view, whose J/K walk the same rows
// (`neighbour`, `position`).

/** The queue's state; the list view's parts read and change it. */
export const q = {
  status: null,
  search: '',
  sort: 'newest',
  // The filters row: office days (`YYYY-MM-DD`, '' for none), channel ('', 'desk', 'kiosk'),
  // operator id ('' for any).
  from: '',
  to: '',
  channel: '',
  operatorId: '',
  items: [],
  nextCursor: null,
  selectedId: null,
  picked: new Set(),
};

/** What the core is asked for: the tab, the search box, the order and the filters. */
export function listQuery() {
  return {
    status: q.status,
    search: q.search,
    sort: q.sort,
    from: q.from || null,
    to: q.to || null,
    channel: q.channel || null,
    operatorId: q.operatorId ? Number(q.operatorId) : null,
  };
}

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
