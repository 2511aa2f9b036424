// The detail view's photo pane: the KK and KTP-el photos, each in its own viewer (viewer/),
// side by side or stacked. KK and KTP-el are both landscape documents: stacked, each gets the
// full width, which at 1366×768 shows them about twice as large as side by side. The operator's
// choice is kept (localStorage) and stays as chosen while J/K walk the list. While the request
// is open, each viewer offers *Ganti foto* (the dialog is dialogs.js's). Below each viewer, the
// core's quality findings for the saved photo ("Perlu dicek: buram") and, when the document was
// found in it, a switch between the document straightened (shown first) and the photo as taken.
// Both come with the request (kept with the photo when it was taken), so the viewer opens on
// the straightened document at once; a photo taken before they were kept is measured again
// (`photoQuality`) and keeps the photo as taken on screen, rather than swap it under the eyes.

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
export function createPhotos(api) {
  const t = S.detail;
  let viewers = [];
  let layout = layoutPref();
  // Bumped with each pane, so a late quality answer for an earlier request is dropped.
  let generation = 0;

  function destroy() {
    for (const v of viewers) v.destroy();
    viewers = [];
  }

  /** A photo taken before its findings were kept: measured again, shown as taken meanwhile. */
  async function measured(p, kind, cell, makeViewer, mine) {
    let q;
    try {
      q = await api.photoQuality(p.id);
    } catch {
      return; // the photo is still shown as it is; nothing more to add
    }
    if (mine !== generation) return;
    notes(q, kind, cell, makeViewer, false);
  }

  /** Below a viewer: the findings `q`, and the switch between the straightened document and the
   * photo as taken (`straight`: which one is on screen). */
  function notes(q, kind, cell, makeViewer, straight) {
    const box = h('div', { class: 'photo-quality', 'data-kind': kind });
    if (q.warnings.length) {
      box.append(
        h('p', { class: 'msg msg-warn', 'data-codes': q.warnings.map((w) => `photo_${w.code}`).join(' ') }, `${t.qualityMarks}: ${q.warnings.map((w) => w.mark).join(', ')}`),
      );
    }
    if (q.straight) {
      const button = h('button', { type: 'button', class: 'btn btn-small btn-quiet', 'data-act': 'straight', 'data-kind': kind, 'aria-pressed': String(straight) }, straight ? t.showOriginal : t.showStraight);
      button.onclick = () => {
        straight = !straight;
        button.setAttribute('aria-pressed', String(straight));
        button.textContent = straight ? t.showOriginal : t.showStraight;
        makeViewer(straight ? q.straight : null);
      };
      box.append(button);
    }
    if (box.childNodes.length) cell.append(box);
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
    const mine = ++generation;
    const cells = KINDS.map((kind) => {
      const p = d.photos.find((x) => x.kind === kind);
      if (!p) return h('div', { class: 'photo-cell photo-missing' }, h('p', {}, t.noPhoto(S.viewer[kind])));
      const cell = h('div', { class: 'photo-cell' });
      let current = null;
      // The photo as taken, or (`straight`: `{ url, width, height }`) the document straightened.
      const makeViewer = (straight) => {
        const v = createViewer({
          label: S.viewer[kind],
          previewUrl: straight ? straight.url : p.previewUrl,
          originalUrl: straight ? straight.url : p.originalUrl,
          width: straight ? straight.width : p.width,
          height: straight ? straight.height : p.height,
        });
        v.el.dataset.kind = kind;
        v.el.dataset.straight = straight ? 'true' : 'false';
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
        if (current) {
          current.el.replaceWith(v.el);
          current.destroy();
          viewers = viewers.filter((x) => x !== current);
        } else {
          cell.prepend(v.el);
        }
        viewers.push(v);
        current = v;
      };
      if (p.quality) {
        const straight = p.quality.straight;
        makeViewer(straight);
        notes(p.quality, kind, cell, makeViewer, Boolean(straight));
      } else {
        makeViewer(null);
        measured(p, kind, cell, makeViewer, mine);
      }
      return cell;
    });
    return h('div', { class: `photos photos-${layout}`, id: 'd-photos' }, cells);
  }

  return { pane, toggle, destroy };
}
