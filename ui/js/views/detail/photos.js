// The detail view's photo pane: the KK and KTP-el photos, each in its own viewer (viewer/),
// side by side or stacked. KK and KTP-el are both landscape documents: stacked, each gets the
// full width, which at 1366×768 shows them about twice as large as side by side. The operator's
// choice is kept (localStorage) and stays as chosen while J/K walk the list. While the request
// is open, each viewer offers *Ganti foto* (the dialog is dialogs.js's).

import { S } from '../../strings.js';
import { h } from '../../dom.js';
import { createViewer } from '../../viewer/index.js';

const LAYOUT_KEY = 'sinkron.photoLayout';
const KINDS = ['kk', 'ktp'];

function layoutPref() {
  try {
    return localStorage.getItem(LAYOUT_KEY) === 'side' ? 'side' : 'stacked';
  } catch {
    return 'stacked';
  }
}

function saveLayout(value) {
  try {
    localStorage.setItem(LAYOUT_KEY, value);
  } catch {
    /* a private profile without storage keeps the default */
  }
}

/** The pane and its layout buttons; `destroy()` stops the viewers on screen. */
export function createPhotos() {
  const t = S.detail;
  let viewers = [];
  let layout = layoutPref();

  function destroy() {
    for (const v of viewers) v.destroy();
    viewers = [];
  }

  /** One of the two layout buttons ("Berdampingan" / "Bertumpuk"). */
  function toggle(value, label) {
    return h(
      'button',
      {
        type: 'button',
        class: 'seg',
        'aria-pressed': String(layout === value),
        'data-layout': value,
        onclick: () => {
          layout = value;
          saveLayout(value);
          const pane = document.getElementById('d-photos');
          pane.className = `photos photos-${layout}`;
          for (const b of document.querySelectorAll('.seg[data-layout]')) b.setAttribute('aria-pressed', String(b.dataset.layout === layout));
        },
      },
      label,
    );
  }

  /** The pane for request `d`, its viewers replacing the last ones. While the request is open,
   * each viewer's head has *Ganti foto*, which calls `onReplace(kind)`. */
  function pane(d, onReplace) {
    destroy();
    if (d.photosDeleted && !d.photos.length) {
      const gone = d.photosDeleted;
      return h(
        'div',
        { class: `photos photos-${layout}`, id: 'd-photos' },
        h('div', { class: 'photo-cell photo-missing photo-deleted', id: 'd-photos-deleted' }, h('p', {}, t.photosDeleted(gone.atDisplay, gone.days))),
      );
    }
    const cells = KINDS.map((kind) => {
      const p = d.photos.find((x) => x.kind === kind);
      if (!p) return h('div', { class: 'photo-cell photo-missing' }, h('p', {}, t.noPhoto(S.viewer[kind])));
      const v = createViewer({
        label: S.viewer[kind],
        previewUrl: p.previewUrl,
        originalUrl: p.originalUrl,
        width: p.width,
        height: p.height,
      });
      v.el.dataset.kind = kind;
      if (d.open && onReplace) {
        const label = S.viewer[kind];
        v.el.querySelector('.viewer-tools').before(
          h(
            'button',
            { type: 'button', class: 'btn btn-small btn-quiet viewer-replace', 'data-act': 'replace-photo', 'data-kind': kind, title: t.replaceButtonTitle(label), onclick: () => onReplace(kind) },
            t.replace,
          ),
        );
      }
      viewers.push(v);
      return h('div', { class: 'photo-cell' }, v.el);
    });
    return h('div', { class: `photos photos-${layout}`, id: 'd-photos' }, cells);
  }

  return { pane, toggle, destroy };
}
