// Photo viewer for the operator's request detail view. The operator reads the KK and KTP-el
// photos against the typed data, often two at once, so each photo gets its own zoom, pan,
// rotate and fit, by mouse and by keyboard (input.js; the arithmetic in geometry.js, the
// elements in parts.js). This module loads the photo and draws the view: it shows the small
// preview first and fetches the full-size original only when the operator zooms in far enough
// to need its pixels.
//
// The CSP allows no style markup, so the image is placed through the CSSOM only: the <img> is
// laid out at the original's pixel size and moved/scaled with one transform. Its layout size
// never changes, so swapping preview → original does not make the picture jump.

import { S } from '../strings.js';
import { MIN_ZOOM, box, clampPan, createView, fitNow, fitScale, maxZoom, resetNow, resize, rotateNow, scale } from './geometry.js';
import { createParts } from './parts.js';
import { bindInput, toolbarActions } from './input.js';

let seq = 0; // ids for aria-labelledby / -describedby when several viewers are on screen

/**
 * createViewer({ label, previewUrl, originalUrl, width, height })
 * width/height: the original photo's upright size in pixels. previewUrl: a ≤1600 px JPEG;
 * originalUrl: the full-size original, loaded only when the preview would be magnified.
 * Returns { el, fit, zoomIn, zoomOut, rotate, actualSize, reset, destroy, state }.
 * Zoom 1 means fit-to-frame.
 */
export function createViewer({ label, previewUrl, originalUrl, width, height }) {
  const T = S.viewer;
  const id = `viewer-${++seq}`;
  const events = new AbortController();
  const on = (target, type, fn, opts = {}) =>
    target.addEventListener(type, fn, { ...opts, signal: events.signal });

  // The photo's size in original pixels; falls back to the preview's own size if not given.
  const v = createView(width > 0 ? width : 0, height > 0 ? height : 0);
  let status = 'loading'; // loading | ready | error
  let source = 'preview'; // which file the <img> shows
  let previewPx = 0; // the preview's natural width
  let original = 'none'; // none | loading | loaded | error
  let loader = null;
  let destroyed = false;

  const { el, img, msg, stage, buttons, zoomLabel, tools } = createParts(label, id, status, source);

  // ---------- Drawing ----------

  function render(animate = false) {
    if (destroyed) return;
    stage.classList.toggle('is-animating', animate);
    const f = fitScale(v);
    const s = v.zoom * f;
    if (f) {
      // The img box is W×H CSS px at (0,0), transform-origin at its centre.
      const x = v.frameW / 2 + v.panX - v.W / 2;
      const y = v.frameH / 2 + v.panY - v.H / 2;
      img.style.transform = `translate(${x}px, ${y}px) rotate(${v.turn}deg) scale(${s})`;
    }
    const [bw, bh] = box(v);
    stage.classList.toggle('can-pan', f > 0 && (bw * s > v.frameW + 0.5 || bh * s > v.frameH + 0.5));

    const ready = status === 'ready';
    zoomLabel.textContent = ready && f ? T.percent(Math.round(s * 100)) : '';
    el.dataset.zoom = String(Math.round(v.zoom * 1000) / 1000);
    el.dataset.rotation = String(v.rotation);

    setDisabled(buttons['zoom-out'], !ready || v.zoom <= MIN_ZOOM + 1e-9);
    setDisabled(buttons['zoom-in'], !ready || v.zoom >= maxZoom(v) - 1e-9);
    for (const act of ['rotate', 'fit', 'actual']) setDisabled(buttons[act], !ready);

    if (needsOriginal(s)) loadOriginal();
  }

  // aria-disabled rather than disabled: a focused button that becomes disabled would drop focus.
  function setDisabled(btn, off) {
    if (off) btn.setAttribute('aria-disabled', 'true');
    else btn.removeAttribute('aria-disabled');
  }

  // ---------- Preview → original ----------

  /** True once the preview's pixels are being magnified on screen (never at fit or below). */
  function needsOriginal(s) {
    if (status !== 'ready' || source !== 'preview' || original !== 'none') return false;
    if (!originalUrl || originalUrl === previewUrl || !previewPx || previewPx >= v.W) return false;
    if (v.zoom <= 1 + 1e-9) return false;
    return v.W * s * (window.devicePixelRatio || 1) > previewPx;
  }

  // Decode off-screen first, then swap: the <img> keeps its layout size and transform, so the
  // preview stays in place until the sharper pixels are ready.
  function loadOriginal() {
    original = 'loading';
    loader = new Image();
    loader.decoding = 'async';
    loader.src = originalUrl;
    loader.decode().then(
      () => {
        loader = null;
        if (destroyed) return;
        original = 'loaded';
        source = 'original';
        img.src = originalUrl;
        el.dataset.source = source;
      },
      () => {
        loader = null;
        original = 'error'; // keep showing the preview; it is still readable
      },
    );
  }

  // ---------- Loading and errors ----------

  on(img, 'load', () => {
    if (source !== 'preview' || status === 'ready') return;
    previewPx = img.naturalWidth;
    if (!v.W || !v.H) [v.W, v.H] = [img.naturalWidth, img.naturalHeight];
    img.style.width = `${v.W}px`;
    img.style.height = `${v.H}px`;
    status = 'ready';
    el.dataset.state = status;
    msg.textContent = '';
    img.hidden = false;
    if (v.fitted) fitNow(v);
    clampPan(v);
    render();
  });

  on(img, 'error', () => {
    if (source === 'original') {
      // The decoded original failed after all: go back to the preview.
      source = 'preview';
      original = 'error';
      el.dataset.source = source;
      img.src = previewUrl;
      return;
    }
    showError();
  });

  function showError() {
    status = 'error';
    el.dataset.state = status;
    img.hidden = true;
    img.removeAttribute('src');
    msg.className = 'viewer-msg viewer-msg-error';
    msg.textContent = T.error;
    render();
  }

  if (v.W && v.H) {
    img.style.width = `${v.W}px`;
    img.style.height = `${v.H}px`;
  }
  if (previewUrl) img.src = previewUrl;
  else showError();

  // ---------- Frame size ----------

  const resizer = new ResizeObserver(() => {
    // A hidden frame (display: none) measures 0×0: keep the last real size until it shows again.
    if (!stage.clientWidth || !stage.clientHeight) return;
    resize(v, stage.clientWidth, stage.clientHeight);
    render();
  });
  resizer.observe(stage);

  // ---------- Mouse, keyboard, toolbar ----------

  const actions = toolbarActions(v);
  bindInput({ on, stage, tools, v, ready: () => status === 'ready', render, actions });

  // ---------- Public API ----------

  const act = (fn) => () => {
    fn();
    render(true);
  };

  return {
    el,
    fit: act(() => fitNow(v)),
    zoomIn: act(actions['zoom-in']),
    zoomOut: act(actions['zoom-out']),
    rotate: act(() => rotateNow(v)),
    actualSize: act(actions.actual),
    reset: act(() => resetNow(v)),
    state: () => ({ zoom: v.zoom, rotation: v.rotation }),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      events.abort();
      resizer.disconnect();
      if (loader) loader.src = ''; // stop fetching/decoding an original nobody will see
      loader = null;
      // Let the web process drop the decoded picture now rather than when it collects the
      // element: each is several MB, and an operator opens hundreds a day.
      img.removeAttribute('src');
    },
  };
}
