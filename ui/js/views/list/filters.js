// The list's filters — the office days a request was made (Dari / Sampai), where it was made
// (Loket / Anjungan) and the operator who handled it — and the list as filtered on paper
// ("Cetak daftar", A4 landscape) or as a workbook ("Simpan XLSX"). The core applies the
// filters; this row only says which.

import { S } from '../../strings.js';
import { h } from '../../dom.js';
import { listQuery, q } from './state.js';
import { printList } from '../../paper/list.js';

/** `load()` reloads the list after a filter changed. Returns `{ el }`. */
export function createFilters(ctx, load) {
  const t = S.listFilters;
  const field = (label, control) => h('label', { class: 'filter-field' }, h('span', { class: 'filter-label' }, label), control);
  const from = h('input', { type: 'date', class: 'input input-date', id: 'filter-from', value: q.from });
  const to = h('input', { type: 'date', class: 'input input-date', id: 'filter-to', value: q.to });
  const channel = h(
    'select',
    { class: 'input select', id: 'filter-channel' },
    h('option', { value: '' }, t.anyChannel),
    h('option', { value: 'desk' }, t.desk),
    h('option', { value: 'kiosk' }, t.kiosk),
  );
  channel.value = q.channel;
  const operator = h('select', { class: 'input select', id: 'filter-operator' }, h('option', { value: '' }, t.anyOperator));
  const clear = h('button', { type: 'button', class: 'btn btn-small', id: 'filter-clear', onclick: reset }, t.clear);
  const print = h('button', { type: 'button', class: 'btn btn-small', id: 'list-print', onclick: runPrint }, t.print);
  const save = h('button', { type: 'button', class: 'btn btn-small', id: 'list-xlsx', onclick: runSave }, t.save);
  const note = h('span', { class: 'filter-note', role: 'status', id: 'list-file-note' });
  let names = [];

  function changed() {
    q.from = from.value;
    q.to = to.value;
    q.channel = channel.value;
    q.operatorId = operator.value;
    clear.hidden = !(q.from || q.to || q.channel || q.operatorId);
    note.textContent = '';
    load();
  }
  for (const c of [from, to, channel, operator]) c.addEventListener('change', changed);

  function reset() {
    from.value = '';
    to.value = '';
    channel.value = '';
    operator.value = '';
    changed();
  }
  clear.hidden = !(q.from || q.to || q.channel || q.operatorId);

  /** The filters in words, for the printout's and the workbook's heading. */
  function describe() {
    const parts = [`${S.list.cols.status}: ${q.status || S.list.all}`];
    const day = (v) => v.split('-').reverse().join('-');
    if (q.from || q.to) parts.push(`${t.days}: ${q.from ? day(q.from) : '…'} s.d. ${q.to ? day(q.to) : '…'}`);
    if (q.channel) parts.push(`${t.channel}: ${q.channel === 'desk' ? t.desk : t.kiosk}`);
    if (q.operatorId) parts.push(`${t.operator}: ${names.find((o) => String(o.id) === q.operatorId)?.displayName || q.operatorId}`);
    if (q.search.trim()) parts.push(`${t.search}: “${q.search.trim()}”`);
    return `${S.list.title} · ${parts.join(' · ')}`;
  }

  async function runPrint() {
    print.disabled = true;
    try {
      await printList(await ctx.api.wholeList(listQuery()), describe());
    } catch (err) {
      ctx.showError(err);
    }
    print.disabled = false;
  }

  async function runSave() {
    save.disabled = true;
    note.textContent = '';
    try {
      const saved = await ctx.api.exportList(listQuery(), describe());
      if (saved.fileName) note.textContent = t.saved(saved.count, saved.fileName, saved.truncated);
    } catch (err) {
      ctx.showError(err);
    }
    save.disabled = false;
  }

  ctx.api.queueOperators().then(
    (list) => {
      names = list;
      operator.append(...list.map((o) => h('option', { value: String(o.id) }, o.active ? o.displayName : `${o.displayName} (${t.inactive})`)));
      operator.value = q.operatorId;
    },
    () => {
      operator.disabled = true;
    },
  );

  const el = h(
    'div',
    { class: 'list-filters', role: 'group', 'aria-label': t.label },
    field(t.from, from),
    field(t.to, to),
    field(t.channel, channel),
    field(t.operator, operator),
    clear,
    h('span', { class: 'pager-spacer' }),
    note,
    print,
    save,
  );
  return { el };
}
