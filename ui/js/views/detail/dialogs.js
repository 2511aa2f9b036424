// The detail view's dialogs that change a request: an action the status allows (approve, cancel,
// record a step, finish — with its note), a correction of one field with its reason, the list of
// NIKs to synchronise, opening the WhatsApp notice, the receipt printed again (new code), a photo
// replaced (and a replaced one looked at). The core checks each one; after it, the view reads the
// request again.

import { S } from '../../strings.js';
import { h, replace } from '../../dom.js';
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
    // A cancellation names its reason (the core offers them), for Rekap's count by reason.
    const reasons = (opt.reasons || []).map((r) =>
      h('label', { class: 'check act-reason' }, h('input', { type: 'radio', name: 'act-reason', value: r.code, 'data-reason': r.code }), ` ${r.label}`),
    );
    const reasonMsg = h('div', { class: 'msgs', id: 'act-reason-msg', 'aria-live': 'polite' });
    const reasonBox = reasons.length
      ? h(
          'fieldset',
          { class: 'act-reasons', id: 'act-reasons', 'aria-describedby': 'act-reason-msg' },
          h('legend', {}, t.cancelReason),
          reasons,
          reasonMsg,
        )
      : null;
    const chosen = () => reasonBox?.querySelector('input:checked')?.value || null;
    let changed = null;
    const done = await openDialog({
      id: 'act',
      title: opt.label,
      intro: t.confirm[opt.action.kind] || t.confirm.record_step,
      fields: reasonBox ? [reasonBox, ...nodes] : nodes,
      confirmLabel: opt.label,
      danger: opt.action.kind === 'cancel',
      focusOnError: (err) => (err.field === 'cancelReason' ? reasonBox.querySelector('input') : note),
      msgFor: (err) => (err.field === 'cancelReason' ? reasonMsg : null),
      onConfirm: async () => {
        try {
          await ctx.api.act(d.id, d.version, opt.action, note.value, chosen());
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

  /** *Ganti foto*: a new photo (picker or drop, through the same intake as a new request's)
   * beside the current one, and the reason; the old photo stays in the history. */
  async function replacePhoto(d, kind) {
    const label = S.viewer[kind];
    const current = d.photos.find((p) => p.kind === kind);
    const msg = h('div', { class: 'msgs', id: 'swap-photo-msg', 'aria-live': 'polite' });
    const fresh = h('div', { class: 'swap-box', id: 'swap-new' });
    let held = null;
    let busy = false;
    const pickBtn = h('button', { type: 'button', class: 'btn btn-small', id: 'swap-pick' }, t.replacePick);

    function renderNew() {
      replace(
        fresh,
        busy
          ? h('p', { class: 'muted' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), ' ', S.photos.checking)
          : held
            ? [
                h('img', { class: 'swap-thumb', id: 'swap-new-thumb', src: held.thumbUrl, alt: `${t.replaceNew}: ${label}` }),
                h('div', { class: 'swap-meta', title: held.fileName }, `${held.fileName || ''} · ${held.width} × ${held.height} px`),
              ]
            : h('p', { class: 'muted' }, t.replaceNone),
      );
      pickBtn.textContent = held ? t.replacePickAgain : t.replacePick;
    }

    async function take(request) {
      if (busy) return;
      busy = true;
      renderNew();
      try {
        const photo = await request();
        if (photo) {
          held = photo;
          replace(msg);
        }
      } catch (err) {
        replace(msg, h('p', { class: 'msg msg-error', 'data-code': err.code || 'error' }, err.message || S.errors.generic));
      } finally {
        busy = false;
        renderNew();
      }
    }
    pickBtn.addEventListener('click', () => take(() => ctx.api.pickPhoto(kind, true)));

    const zone = h(
      'div',
      { class: 'swap-zone', id: 'swap-zone' },
      h(
        'figure',
        { class: 'swap-fig' },
        h('figcaption', {}, t.replaceNow),
        h('div', { class: 'swap-box' }, current ? h('img', { class: 'swap-thumb', src: current.thumbUrl, alt: `${t.replaceNow}: ${label}` }) : null),
      ),
      h('span', { class: 'swap-arrow', 'aria-hidden': 'true' }, '→'),
      h('figure', { class: 'swap-fig' }, h('figcaption', {}, t.replaceNew), fresh),
    );
    renderNew();
    const { note, nodes } = noteField('swap-reason', t.replaceReason, t.replaceReasonHint, true);

    // While the dialog is open, a file dropped anywhere on the window is the new photo.
    let stopDrag = () => {};
    let closed = false;
    ctx.api
      .onFileDrag({
        over: () => zone.classList.add('is-drop-target'),
        leave: () => zone.classList.remove('is-drop-target'),
        drop: () => {
          zone.classList.remove('is-drop-target');
          take(() => ctx.api.dropPhoto(kind, true));
        },
      })
      .then((off) => {
        if (closed) off();
        else stopDrag = off;
      });
    const done = await openDialog({
      id: 'swap',
      title: t.replaceTitle(label),
      intro: t.replaceIntro,
      fields: [zone, h('div', { class: 'swap-pick-row' }, pickBtn, h('span', { class: 'hint' }, t.replaceDrop)), msg, ...nodes],
      confirmLabel: t.replaceSave,
      wide: true,
      focusOnError: (err) => (err.code === 'photo_replace_reason_required' ? note : pickBtn),
      onConfirm: () => ctx.api.replacePhoto(d.id, d.version, kind, note.value),
    });
    closed = true;
    stopDrag();
    if (!done) {
      ctx.api.clearPhotos(true).catch((err) => console.warn('sinkron: replacement not cleared', err));
      return;
    }
    ctx.clearError();
    await reload();
    ctx.showNotice(t.replaceDone(label));
  }

  /** A replaced photo's preview, with who replaced it, when and why. */
  function viewOld(r) {
    const label = S.viewer[r.kind];
    openDialog({
      id: 'old-photo',
      title: t.replacedOld(label),
      intro: `${r.atDisplay} · ${r.operatorName} — ${r.reason}`,
      fields: [h('img', { class: 'old-photo', id: 'old-photo-img', src: r.previewUrl, alt: t.replacedOld(label) })],
      closeLabel: t.close,
      wide: true,
    });
  }

  return { runAction, sendWa, correct, editNiks, reprint, printCase, replacePhoto, viewOld };
}
