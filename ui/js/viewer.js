// Photo viewer for the operator's request detail view. The operator reads the KK and KTP-el
// photos against the typed data, often two at once, so each photo gets its own zoom, pan,
// rotate and fit, by mouse and by keyboard. It shows the small preview first and fetches the
// full-size original only when the operator zooms in far enough to need its pixels.
//
// The CSP allows no style markup, so the image is placed through the CSSOM only: the <img> is
// laid out at the original's pixel size and moved/scaled with one transform. Its layout size
// never changes, so swapping preview → original does not make the picture jump.

import { h } from './dom.js';
import { S } from './strings.js';

const STEP = 1.25; // one zoom step (buttons, + / - keys)
const PAD = 8; // breathing room around the photo at fit, CSS px
const MIN_ZOOM = 0.5; // fit / 2
const MAX_FIT_ZOOM = 8; // at most 8× the fit scale …
const MAX_ACTUAL = 4; // … or 4× the original's pixels, whichever is larger
const PAN_STEP = 0.1; // arrow keys move the view by 10 % of the frame
const WHEEL_RATE = 0.002; // zoom = e^(−rate·deltaY): one 100 px wheel notch ≈ 1.22×
const ICONS = { 'zoom-out': '−', 'zoom-in': '+', rotate: '⟳', fit: '⤢', actual: '1:1' };

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
  let W = width > 0 ? width : 0;
  let H = height > 0 ? height : 0;

  // View state. `turn` is the rotation as drawn (keeps counting past 360 so the animation
  // always turns clockwise); `fitted` stays true until the user zooms or pans.
  const v = { zoom: 1, rotation: 0, turn: 0, panX: 0, panY: 0, fitted: true };
  let frameW = 0;
  let frameH = 0;
  let status = 'loading'; // loading | ready | error
  let source = 'preview'; // which file the <img> shows
  let previewPx = 0; // the preview's natural width
  let original = 'none'; // none | loading | loaded | error
  let loader = null;
  let destroyed = false;
  let drag = null;

  // ---------- Elements ----------

  const img = h('img', { class: 'viewer-img', alt: label, draggable: 'false', hidden: true });
  const msg = h('p', { class: 'viewer-msg viewer-msg-loading', role: 'status' }, T.loading);
  const hint = h('span', { class: 'sr-only', id: `${id}-keys` }, T.keysHint);
  const stage = h(
    'div',
    {
      class: 'viewer-stage',
      tabindex: 0,
      role: 'group',
      'aria-label': T.area(label),
      'aria-describedby': `${id}-keys`,
    },
    img,
    msg,
    hint,
  );

  const button = (act, text, title) =>
    h(
      'button',
      { type: 'button', class: `viewer-btn viewer-btn-${act}`, 'data-act': act, title, 'aria-label': text },
      h('span', { class: 'viewer-icon', 'aria-hidden': 'true' }, ICONS[act]),
    );
  const buttons = {
    'zoom-out': button('zoom-out', T.zoomOut, T.zoomOutTitle),
    'zoom-in': button('zoom-in', T.zoomIn, T.zoomInTitle),
    rotate: button('rotate', T.rotate, T.rotateTitle),
    fit: button('fit', T.fit, T.fitTitle),
    actual: button('actual', T.actual, T.actualTitle),
  };
  const zoomLabel = h('span', { class: 'viewer-zoom mono', title: T.zoomLevel });
  const sep = () => h('span', { class: 'viewer-sep', 'aria-hidden': 'true' });
  const tools = h(
    'div',
    { class: 'viewer-tools', role: 'group', 'aria-label': T.tools(label) },
    buttons['zoom-out'],
    zoomLabel,
    buttons['zoom-in'],
    sep(),
    buttons.rotate,
    sep(),
    buttons.fit,
    buttons.actual,
  );

  const el = h(
    'section',
    {
      class: 'viewer',
      'aria-labelledby': `${id}-title`,
      'data-zoom': '1',
      'data-rotation': '0',
      'data-state': status,
      'data-source': source,
    },
    h(
      'header',
      { class: 'viewer-head' },
      h('h3', { class: 'viewer-title', id: `${id}-title`, title: label }, label),
      tools,
    ),
    stage,
  );

  // ---------- Geometry ----------

  /** The rotated photo's bounding box, in original pixels. */
  const box = () => (v.rotation % 180 ? [H, W] : [W, H]);

  /** Original pixels → CSS px at zoom 1 (whole photo visible); 0 while unknown. */
  function fitScale() {
    const [bw, bh] = box();
    if (!frameW || !frameH || !bw || !bh) return 0;
    return Math.min(Math.max(frameW - 2 * PAD, 1) / bw, Math.max(frameH - 2 * PAD, 1) / bh);
  }

  /** Current scale relative to the original's pixels (1 = 100 %). */
  const scale = () => v.zoom * fitScale();

  function maxZoom() {
    const f = fitScale();
    return f ? Math.max(MAX_FIT_ZOOM, MAX_ACTUAL / f) : MAX_FIT_ZOOM;
  }
  const clampZoom = (z) => Math.min(maxZoom(), Math.max(MIN_ZOOM, z));

  /** Keeps the photo covering the frame where it is larger than it; centres it where smaller. */
  function clampPan() {
    const s = scale();
    const [bw, bh] = box();
    const spareX = Math.max(0, (bw * s - frameW) / 2);
    const spareY = Math.max(0, (bh * s - frameH) / 2);
    v.panX = Math.min(spareX, Math.max(-spareX, v.panX)) || 0;
    v.panY = Math.min(spareY, Math.max(-spareY, v.panY)) || 0;
  }

  // ---------- View changes (each followed by render) ----------

  function fitNow() {
    v.zoom = 1;
    v.panX = 0;
    v.panY = 0;
    v.fitted = true;
  }

  /** Sets the zoom, keeping the photo point under (x, y) — frame coordinates — in place. */
  function zoomTo(z, x = frameW / 2, y = frameH / 2) {
    const next = clampZoom(z);
    const k = next / v.zoom;
    const qx = x - frameW / 2;
    const qy = y - frameH / 2;
    v.panX = qx - (qx - v.panX) * k;
    v.panY = qy - (qy - v.panY) * k;
    v.zoom = next;
    v.fitted = false;
    clampPan();
  }

  function panBy(dx, dy) {
    const before = [v.panX, v.panY];
    v.panX += dx;
    v.panY += dy;
    clampPan();
    if (v.panX !== before[0] || v.panY !== before[1]) v.fitted = false;
  }

  /** 90° clockwise. At fit it refits; zoomed in, it keeps the scale and the centred spot. */
  function rotateNow() {
    const s = scale();
    v.rotation = (v.rotation + 90) % 360;
    v.turn += 90;
    if (v.fitted) {
      fitNow();
      return;
    }
    [v.panX, v.panY] = [-v.panY, v.panX];
    const f = fitScale();
    // Never smaller than fit after turning: the operator had zoomed in, not out.
    if (f && s) v.zoom = clampZoom(Math.max(1, s / f));
    clampPan();
  }

  function actualNow() {
    const f = fitScale();
    if (f) zoomTo(1 / f);
  }

  function resetNow() {
    v.rotation = 0;
    v.turn = Math.round(v.turn / 360) * 360; // the shortest way back to upright
    fitNow();
  }

  // ---------- Drawing ----------

  function render(animate = false) {
    if (destroyed) return;
    stage.classList.toggle('is-animating', animate);
    const f = fitScale();
    const s = v.zoom * f;
    if (f) {
      // The img box is W×H CSS px at (0,0), transform-origin at its centre.
      const x = frameW / 2 + v.panX - W / 2;
      const y = frameH / 2 + v.panY - H / 2;
      img.style.transform = `translate(${x}px, ${y}px) rotate(${v.turn}deg) scale(${s})`;
    }
    const [bw, bh] = box();
    stage.classList.toggle('can-pan', f > 0 && (bw * s > frameW + 0.5 || bh * s > frameH + 0.5));

    const ready = status === 'ready';
    zoomLabel.textContent = ready && f ? T.percent(Math.round(s * 100)) : '';
    el.dataset.zoom = String(Math.round(v.zoom * 1000) / 1000);
    el.dataset.rotation = String(v.rotation);

    setDisabled(buttons['zoom-out'], !ready || v.zoom <= MIN_ZOOM + 1e-9);
    setDisabled(buttons['zoom-in'], !ready || v.zoom >= maxZoom() - 1e-9);
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
    if (!originalUrl || originalUrl === previewUrl || !previewPx || previewPx >= W) return false;
    if (v.zoom <= 1 + 1e-9) return false;
    return W * s * (window.devicePixelRatio || 1) > previewPx;
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
    if (!W || !H) [W, H] = [img.naturalWidth, img.naturalHeight];
    img.style.width = `${W}px`;
    img.style.height = `${H}px`;
    status = 'ready';
    el.dataset.state = status;
    msg.textContent = '';
    img.hidden = false;
    if (v.fitted) fitNow();
    clampPan();
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

  if (W && H) {
    img.style.width = `${W}px`;
    img.style.height = `${H}px`;
  }
  if (previewUrl) img.src = previewUrl;
  else showError();

  // ---------- Frame size ----------

  const resizer = new ResizeObserver(() => {
    // A hidden frame (display: none) measures 0×0: keep the last real size until it shows again.
    if (!stage.clientWidth || !stage.clientHeight) return;
    const s = scale(); // with the old frame size
    frameW = stage.clientWidth;
    frameH = stage.clientHeight;
    if (v.fitted) fitNow();
    else {
      // Zoomed in: keep the photo's size on screen, only keep it inside the frame.
      const f = fitScale();
      if (f && s) v.zoom = clampZoom(s / f);
      clampPan();
    }
    render();
  });
  resizer.observe(stage);

  // ---------- Mouse ----------

  const point = (e) => {
    const r = stage.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };

  on(
    stage,
    'wheel',
    (e) => {
      if (status !== 'ready') return;
      e.preventDefault();
      let dy = e.deltaY;
      if (e.deltaMode === 1) dy *= 16; // lines
      else if (e.deltaMode === 2) dy *= frameH; // pages
      dy = Math.max(-300, Math.min(300, dy));
      if (!dy) return;
      zoomTo(v.zoom * Math.exp(-dy * WHEEL_RATE), ...point(e));
      render();
    },
    { passive: false },
  );

  on(stage, 'pointerdown', (e) => {
    if (e.button !== 0 || status !== 'ready' || !stage.classList.contains('can-pan')) return;
    drag = { id: e.pointerId, x: e.clientX, y: e.clientY };
    stage.setPointerCapture(e.pointerId);
    stage.classList.add('is-dragging');
  });
  on(stage, 'pointermove', (e) => {
    if (!drag || e.pointerId !== drag.id) return;
    panBy(e.clientX - drag.x, e.clientY - drag.y);
    drag.x = e.clientX;
    drag.y = e.clientY;
    render();
  });
  const endDrag = (e) => {
    if (!drag || e.pointerId !== drag.id) return;
    drag = null;
    stage.classList.remove('is-dragging');
    if (stage.hasPointerCapture(e.pointerId)) stage.releasePointerCapture(e.pointerId);
  };
  on(stage, 'pointerup', endDrag);
  on(stage, 'pointercancel', endDrag);
  on(stage, 'lostpointercapture', endDrag);

  on(stage, 'dblclick', (e) => {
    if (status !== 'ready') return;
    if (Math.abs(v.zoom - 1) < 1e-3) zoomTo(2, ...point(e));
    else fitNow();
    render(true);
  });

  // ---------- Keyboard (J/K are left to the surrounding view) ----------

  on(stage, 'keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || status !== 'ready') return;
    switch (e.key) {
      case '+':
      case '=':
        zoomTo(v.zoom * STEP);
        break;
      case '-':
      case '_':
        zoomTo(v.zoom / STEP);
        break;
      case '0':
        fitNow();
        break;
      case 'r':
      case 'R':
        rotateNow();
        break;
      // Arrows move the view, like scrolling: → shows more of the right-hand side.
      case 'ArrowLeft':
        panBy(frameW * PAN_STEP, 0);
        break;
      case 'ArrowRight':
        panBy(-frameW * PAN_STEP, 0);
        break;
      case 'ArrowUp':
        panBy(0, frameH * PAN_STEP);
        break;
      case 'ArrowDown':
        panBy(0, -frameH * PAN_STEP);
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
    render(true);
  });

  // ---------- Toolbar ----------

  const actions = {
    'zoom-in': () => zoomTo(v.zoom * STEP),
    'zoom-out': () => zoomTo(v.zoom / STEP),
    rotate: rotateNow,
    fit: fitNow,
    actual: actualNow,
  };
  on(tools, 'click', (e) => {
    const btn = e.target.closest('[data-act]');
    if (!btn || btn.getAttribute('aria-disabled') === 'true') return;
    actions[btn.dataset.act]();
    render(true);
  });

  // ---------- Public API ----------

  const act = (fn) => () => {
    fn();
    render(true);
  };

  return {
    el,
    fit: act(fitNow),
    zoomIn: act(actions['zoom-in']),
    zoomOut: act(actions['zoom-out']),
    rotate: act(rotateNow),
    actualSize: act(actualNow),
    reset: act(resetNow),
    state: () => ({ zoom: v.zoom, rotation: v.rotation }),
    destroy() {
      if (destroyed) return;
      destroyed = true;
      events.abort();
      resizer.disconnect();
      if (loader) loader.src = ''; // stop fetching/decoding an original nobody will see
      loader = null;
    },
  };
}
