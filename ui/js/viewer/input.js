// The photo viewer's mouse and keyboard: the wheel zooms about the pointer, a drag pans, a double
// click zooms in or back to fit; + − 0 R and the arrows do the same from the keyboard (J/K are
// left to the surrounding view); the toolbar's buttons run `actions`.

import { PAN_STEP, STEP, actualNow, fitNow, panBy, rotateNow, zoomTo } from './geometry.js';

const WHEEL_RATE = 0.002; // zoom = e^(−rate·deltaY): one 100 px wheel notch ≈ 1.22×

/** The toolbar's actions on view `v`. */
export function toolbarActions(v) {
  return {
    'zoom-in': () => zoomTo(v, v.zoom * STEP),
    'zoom-out': () => zoomTo(v, v.zoom / STEP),
    rotate: () => rotateNow(v),
    fit: () => fitNow(v),
    actual: () => actualNow(v),
  };
}

/**
 * Listens on the viewer's `stage` and `tools` through `on` (removed with the viewer).
 * `ready()`: whether the photo is shown; `render(animate)` draws view `v` after each change.
 */
export function bindInput({ on, stage, tools, v, ready, render, actions }) {
  let drag = null;

  const point = (e) => {
    const r = stage.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };

  on(
    stage,
    'wheel',
    (e) => {
      if (!ready()) return;
      e.preventDefault();
      let dy = e.deltaY;
      if (e.deltaMode === 1) dy *= 16; // lines
      else if (e.deltaMode === 2) dy *= v.frameH; // pages
      dy = Math.max(-300, Math.min(300, dy));
      if (!dy) return;
      zoomTo(v, v.zoom * Math.exp(-dy * WHEEL_RATE), ...point(e));
      render();
    },
    { passive: false },
  );

  on(stage, 'pointerdown', (e) => {
    if (e.button !== 0 || !ready() || !stage.classList.contains('can-pan')) return;
    drag = { id: e.pointerId, x: e.clientX, y: e.clientY };
    stage.setPointerCapture(e.pointerId);
    stage.classList.add('is-dragging');
  });
  on(stage, 'pointermove', (e) => {
    if (!drag || e.pointerId !== drag.id) return;
    panBy(v, e.clientX - drag.x, e.clientY - drag.y);
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
    if (!ready()) return;
    if (Math.abs(v.zoom - 1) < 1e-3) zoomTo(v, 2, ...point(e));
    else fitNow(v);
    render(true);
  });

  on(stage, 'keydown', (e) => {
    if (e.ctrlKey || e.metaKey || e.altKey || !ready()) return;
    switch (e.key) {
      case '+':
      case '=':
        zoomTo(v, v.zoom * STEP);
        break;
      case '-':
      case '_':
        zoomTo(v, v.zoom / STEP);
        break;
      case '0':
        fitNow(v);
        break;
      case 'r':
      case 'R':
        rotateNow(v);
        break;
      // Arrows move the view, like scrolling: → shows more of the right-hand side.
      case 'ArrowLeft':
        panBy(v, v.frameW * PAN_STEP, 0);
        break;
      case 'ArrowRight':
        panBy(v, -v.frameW * PAN_STEP, 0);
        break;
      case 'ArrowUp':
        panBy(v, 0, v.frameH * PAN_STEP);
        break;
      case 'ArrowDown':
        panBy(v, 0, -v.frameH * PAN_STEP);
        break;
      default:
        return;
    }
    e.preventDefault();
    e.stopPropagation();
    render(true);
  });

  on(tools, 'click', (e) => {
    const btn = e.target.closest('[data-act]');
    if (!btn || btn.getAttribute('aria-disabled') === 'true') return;
    actions[btn.dataset.act]();
    render(true);
  });
}
