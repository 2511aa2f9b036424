// The two document slots of Pengajuan Baru: Foto Kartu Keluarga Pemohon and Foto KTP-El Pemohon.
// A slot takes a photo from the native picker or from a file dropped onto it (the OS drop goes
// through the shell, which keeps the path; the page only says which slot it landed on). The
// shell checks and holds the photo; the slot shows the thumbnail it serves, or the core's
// refusal beside the slot. No rule about files lives here.

import { S } from '../../strings.js';
import { h, replace } from '../../dom.js';

export const KINDS = ['kk', 'ktp'];
const FIELD = { kk: 'kkPhoto', ktp: 'ktpPhoto' };

// What each slot holds survives switching views, like the form's draft; the bytes stay in the
// shell's memory and are dropped when the form is cleared or saved.
let held = { kk: null, ktp: null };

/** Forgets the held photos (after saving: the shell has already let them go). */
export function forgetHeld() {
  held = { kk: null, ktp: null };
}

/** The slot kind for a field name of an error payload (`kkPhoto` → `kk`). */
export function kindOfField(field) {
  return KINDS.find((k) => FIELD[k] === field) || null;
}

function sizeText(bytes) {
  const mb = bytes / 1_000_000;
  return mb >= 1 ? `${mb.toFixed(1).replace('.', ',')} MB` : `${Math.max(1, Math.round(bytes / 1000))} KB`;
}

/**
 * Builds both slots. Returns `{ el, showError(kind, payload), clearErrors(), clear(), destroy() }`.
 */
export function createSlots(ctx) {
  const t = S.photos;
  const parts = {};
  let stopDrag = () => {};
  let destroyed = false;

  function renderSlot(kind) {
    const p = parts[kind];
    const photo = held[kind];
    p.slot.classList.toggle('has-photo', !!photo);
    p.slot.dataset.state = p.busy ? 'busy' : photo ? 'held' : 'empty';
    let body;
    if (p.busy) {
      body = h('div', { class: 'slot-empty' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), h('span', {}, t.checking));
    } else if (photo) {
      body = h(
        'div',
        { class: 'slot-held' },
        h('img', {
          class: 'slot-thumb',
          src: photo.thumbUrl,
          alt: t.thumbAlt(t.labels[kind]),
          'data-kind': kind,
        }),
        h(
          'div',
          { class: 'slot-meta' },
          h('div', { class: 'slot-file', title: photo.fileName }, photo.fileName || t.labels[kind]),
          h('div', { class: 'slot-size' }, `${photo.width} × ${photo.height} px · ${sizeText(photo.byteSize)}`),
          // The core's quality findings: the operator decides (ask for another photo, or go on).
          (photo.warnings || []).length
            ? h(
                'div',
                { class: 'slot-warnings', 'data-kind': kind },
                photo.warnings.map((w) =>
                  h('p', { class: 'msg msg-warn', 'data-code': `photo_${w.code}` }, h('span', { class: 'sr-only' }, `${t.qualityLabel}: `), w.message),
                ),
              )
            : null,
          h(
            'div',
            { class: 'slot-actions' },
            h('button', { type: 'button', class: 'btn btn-small', 'data-act': 'replace', onclick: () => pick(kind) }, t.replace),
            h('button', { type: 'button', class: 'btn btn-small btn-quiet', 'data-act': 'remove', onclick: () => remove(kind) }, t.remove),
          ),
        ),
      );
    } else {
      body = h(
        'div',
        { class: 'slot-empty' },
        h('span', { class: 'slot-icon', 'aria-hidden': 'true' }),
        h('span', { class: 'slot-drop' }, t.dropHere),
        h('button', { type: 'button', class: 'btn btn-small', 'data-act': 'pick', onclick: () => pick(kind) }, t.pick),
      );
    }
    replace(p.body, body);
  }

  function showError(kind, payload) {
    const p = parts[kind];
    if (!p) return;
    replace(
      p.msg,
      payload
        ? h(
            'p',
            { class: 'msg msg-error', 'data-code': payload.code },
            h('span', { class: 'sr-only' }, `${S.intake.errorLabel}: `),
            payload.message,
          )
        : null,
    );
    p.slot.classList.toggle('is-invalid', !!payload);
    if (payload) p.msg.scrollIntoView({ block: 'nearest' });
  }

  function clearErrors() {
    for (const k of KINDS) showError(k, null);
  }

  async function take(kind, request) {
    const p = parts[kind];
    if (p.busy) return;
    p.busy = true;
    renderSlot(kind);
    try {
      const photo = await request();
      if (photo) {
        held[kind] = photo;
        showError(kind, null);
      }
    } catch (err) {
      if (err.field && kindOfField(err.field)) showError(kindOfField(err.field), err);
      else ctx.showError(err);
    } finally {
      p.busy = false;
      if (!destroyed) renderSlot(kind);
    }
  }

  const pick = (kind) => take(kind, () => ctx.api.pickPhoto(kind));

  async function remove(kind) {
    try {
      await ctx.api.removePhoto(kind);
      held[kind] = null;
      renderSlot(kind);
      parts[kind].slot.querySelector('[data-act="pick"]')?.focus();
    } catch (err) {
      ctx.showError(err);
    }
  }

  async function clear() {
    try {
      await ctx.api.clearPhotos();
    } catch (err) {
      ctx.showError(err);
    }
    held = { kk: null, ktp: null };
    clearErrors();
    for (const k of KINDS) renderSlot(k);
  }

  function slotAt(pos) {
    if (!pos) return null;
    const el = document.elementFromPoint(pos.x, pos.y);
    const slot = el && el.closest('[data-slot]');
    return slot ? slot.dataset.slot : null;
  }

  function highlight(kind) {
    for (const k of KINDS) parts[k].slot.classList.toggle('is-drop-target', k === kind);
  }

  const el = h(
    'fieldset',
    { class: 'photo-slots', id: 'photo-slots' },
    h('legend', {}, t.title),
    h('p', { class: 'hint' }, t.hint),
    h(
      'div',
      { class: 'slot-row' },
      KINDS.map((kind) => {
        const labelId = `slot-${kind}-label`;
        const msg = h('div', { class: 'msgs', id: `slot-${kind}-msg`, 'aria-live': 'polite' });
        const body = h('div', { class: 'slot-body' });
        const slot = h(
          'div',
          {
            class: 'slot',
            id: `slot-${kind}`,
            'data-slot': kind,
            'data-field': FIELD[kind],
            role: 'group',
            'aria-labelledby': labelId,
            'aria-describedby': msg.id,
          },
          h('div', { class: 'slot-label', id: labelId }, t.labels[kind], h('span', { class: 'req', title: S.intake.required }, ' *')),
          body,
        );
        parts[kind] = { slot, body, msg, busy: false };
        renderSlot(kind);
        return h('div', { class: 'slot-cell' }, slot, msg);
      }),
    ),
  );

  // Under the sign-in card (the form is built there before sign-in) the slots take no file.
  const covered = () => !!el.closest('[inert]');
  ctx.api
    .onFileDrag({
      over: (pos) => highlight(covered() ? null : slotAt(pos)),
      leave: () => highlight(null),
      drop: (pos) => {
        highlight(null);
        if (covered()) return;
        const kind = slotAt(pos);
        if (kind) take(kind, () => ctx.api.dropPhoto(kind));
        else if (pos) ctx.showError({ message: t.dropOutside });
      },
    })
    .then((off) => {
      if (destroyed) off();
      else stopDrag = off;
    });

  return {
    el,
    showError,
    clearErrors,
    clear,
    destroy() {
      destroyed = true;
      stopDrag();
    },
  };
}
