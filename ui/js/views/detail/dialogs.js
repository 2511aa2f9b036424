// The detail view's dialogs that change a request: an action the status allows (approve, cancel,
// record a step, finish — with its note), a correction of one field with its reason, the list of
// NIKs to synchronise, opening the WhatsApp notice, and the receipt printed again (new code). The core checks each one; after it, the
// view reads the request again.

import { S } from '../../strings.js';
import { h } from '../../dom.js';
import { openDialog } from '../../dialog.js';
import { printReceipt } from '../../paper/receipt.js';
import { printCaseFile } from '../../paper/case-file.js';

/** A note field for a dialog: label, hint, textarea. */
function noteField(id, label, hint, required) {
  const note = h('textarea', {
    class: 'input',
    id,
    rows: 3,
    'aria-describedby': `${id}-hint`,
    'aria-required': required ? 'true' : null,
  });
  return {
    note,
    nodes: [
      h('label', { for: id }, label),
      h('div', { class: 'hint', id: `${id}-hint` }, hint),
      note,
    ],
  };
}

/** `reload(message?)` reads the request again (and shows `message`, if any). */
export function createDialogs(ctx, reload) {
  const t = S.detail;

  async function runAction(d, opt) {
    const required = opt.noteMin > 0;
    const { note, nodes } = noteField(
      'act-note',
      required ? t.noteRequired : t.noteOptional,
      required ? t.noteRequiredHint(opt.noteMin) : t.noteHint,
      required,
    );
    let changed = null;
    const done = await openDialog({
      id: 'act',
      title: opt.label,
      intro: t.confirm[opt.action.kind] || t.confirm.record_step,
      fields: nodes,
      confirmLabel: opt.label,
      danger: opt.action.kind === 'cancel',
      focusOnError: note,
      onConfirm: async () => {
        try {
          await ctx.api.act(d.id, d.version, opt.action, note.value);
        } catch (err) {
          if (err.code !== 'request_changed') throw err;
          changed = err.message;
        }
      },
    });
    if (done) {
      ctx.clearError();
      ctx.refreshOpenCount();
      await reload(changed);
    }
  }

  async function sendWa(d) {
    try {
      const notice = await ctx.api.sendWa(d.id);
      await reload();
      ctx.showNotice(t.waOpened(notice.status));
    } catch (err) {
      ctx.showError(err);
    }
  }

  async function correct(d, field, current) {
    const input =
      field === 'problem'
        ? h('textarea', { class: 'input', id: 'fix-value', rows: 4 })
        : h('input', { type: 'text', class: `input${field === 'nik' || field === 'kk' ? ' mono' : ''}`, id: 'fix-value' });
    input.value = current;
    const { note, nodes } = noteField('fix-reason', t.fixReason, t.fixReasonHint, true);
    const done = await openDialog({
      id: 'fix',
      title: t.fixTitle(t.fields[field]),
      fields: [h('label', { for: 'fix-value' }, t.fixNew), input, ...nodes],
      confirmLabel: t.fixSave,
      focusOnError: (err) => (err.code === 'correction_reason_required' ? note : input),
      onConfirm: () => ctx.api.correctField(d.id, d.version, field, input.value, note.value),
    });
    if (done) {
      ctx.clearError();
      await reload();
    }
  }

  async function editNiks(d) {
    const area = h('textarea', { class: 'input mono', id: 'niks-value', rows: 5, 'aria-describedby': 'niks-hint' });
    area.value = d.syncNiks.join('\n');
    const done = await openDialog({
      id: 'niks',
      title: t.syncNiks,
      fields: [h('label', { for: 'niks-value' }, t.niksLabel), h('div', { class: 'hint', id: 'niks-hint' }, t.niksHint), area],
      confirmLabel: t.fixSave,
      focusOnError: area,
      onConfirm: () =>
        ctx.api.setSyncNiks(
          d.id,
          area.value.split(/[\n,;]+/).map((x) => x.trim()).filter(Boolean),
        ),
    });
    if (done) {
      ctx.clearError();
      await reload();
    }
  }

  async function reprint(d) {
    const r = S.receipt;
    let receipt = null;
    const done = await openDialog({
      id: 'reprint',
      title: r.reprintTitle,
      intro: r.reprintBody,
      confirmLabel: r.reprintGo,
      onConfirm: async () => {
        receipt = await ctx.api.reprintReceipt(d.id);
      },
    });
    if (done && receipt) {
      await printReceipt(receipt);
      ctx.showNotice(r.reprintDone);
    }
  }

  async function printCase(d) {
    try {
      await printCaseFile(ctx.api, d);
    } catch (err) {
      ctx.showError(err);
    }
  }

  return { runAction, sendWa, correct, editNiks, reprint, printCase };
}
