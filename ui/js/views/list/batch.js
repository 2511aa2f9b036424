// The batch bar, shown while rows are picked: record one processing step on all of them (the
// core skips the requests whose status does not allow it and says why), copy their NIKs, or
// save them as XLSX or CSV.

import { S } from '../../strings.js';
import { h, replace } from '../../dom.js';
import { openDialog } from '../../dialog.js';
import { q } from './state.js';

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

/**
 * `pickAll`: the table head's checkbox, kept in step with the picked rows. `reload()` loads
 * the first page again after a step; `render()` redraws the list after "Batal pilih".
 */
export function createBatchBar(ctx, { pickAll, reload, render }) {
  const t = S.list;
  const el = h('div', { class: 'batch-bar', id: 'batch-bar', hidden: true });

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
    await reload();
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
    el.hidden = n === 0;
    pickAll.checked = q.items.length > 0 && q.items.every((r) => q.picked.has(r.id));
    pickAll.indeterminate = !pickAll.checked && q.items.some((r) => q.picked.has(r.id));
    if (!n) return;
    replace(
      el,
      h('strong', { id: 'batch-count' }, t.picked(n)),
      h('button', { type: 'button', class: 'btn btn-small', 'data-batch': 'konsolidasi_manual', onclick: () => batchStep('konsolidasi_manual', t.stepKonsolidasi) }, t.stepKonsolidasi),
      h('button', { type: 'button', class: 'btn btn-small', 'data-batch': 'sinkronisasi_dwh', onclick: () => batchStep('sinkronisasi_dwh', t.stepDwh) }, t.stepDwh),
      // Exporting NIKs is the admin's, or a petugas's where the office allows it (the shell says).
      ctx.mayExport() ? [
        h('span', { class: 'batch-sep', 'aria-hidden': 'true' }),
        h('button', { type: 'button', class: 'btn btn-small', 'data-export': 'text', onclick: () => exportNiks('text') }, t.copyNiks),
        h('button', { type: 'button', class: 'btn btn-small', 'data-export': 'xlsx', onclick: () => exportNiks('xlsx') }, t.saveXlsx),
        h('button', { type: 'button', class: 'btn btn-small', 'data-export': 'csv', onclick: () => exportNiks('csv') }, t.saveCsv),
      ] : [],
      h('span', { class: 'pager-spacer' }),
      h('button', { type: 'button', class: 'btn btn-small btn-quiet', id: 'batch-unpick', onclick: () => { q.picked.clear(); render(); } }, t.unpick),
    );
  }

  return { el, render: renderBatch };
}
