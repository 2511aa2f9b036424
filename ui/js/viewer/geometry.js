// The photo viewer's geometry, without the DOM: a view (zoom, rotation, pan, the photo's and the
// frame's sizes) and the changes the operator makes to it — fit, zoom about a point, pan, turn,
// 1:1. Zoom 1 means fit-to-frame; the pan keeps the photo covering the frame where it is larger.

export const STEP = 1.25; // one zoom step (buttons, + / - keys)
const PAD = 8; // breathing room around the photo at fit, CSS px
export const MIN_ZOOM = 0.5; // fit / 2
const MAX_FIT_ZOOM = 8; // at most 8× the fit scale …
const MAX_ACTUAL = 4; // … or 4× the original's pixels, whichever is larger
export const PAN_STEP = 0.1; // arrow keys move the view by 10 % of the frame

/**
 * A new view of a photo `W`×`H` original pixels (0 while unknown). `turn` is the rotation as
 * drawn (keeps counting past 360 so the animation always turns clockwise); `fitted` stays true
 * until the user zooms or pans. `frameW`/`frameH`: the stage's size, 0 until measured.
 */
export function createView(W, H) {
  return { zoom: 1, rotation: 0, turn: 0, panX: 0, panY: 0, fitted: true, W, H, frameW: 0, frameH: 0 };
}

/** The rotated photo's bounding box, in original pixels. */
export const box = (v) => (v.rotation % 180 ? [v.H, v.W] : [v.W, v.H]);

/** Original pixels → CSS px at zoom 1 (whole photo visible); 0 while unknown. */
export function fitScale(v) {
  const [bw, bh] = box(v);
  if (!v.frameW || !v.frameH || !bw || !bh) return 0;
  return Math.min(Math.max(v.frameW - 2 * PAD, 1) / bw, Math.max(v.frameH - 2 * PAD, 1) / bh);
}

/** Current scale relative to the original's pixels (1 = 100 %). */
export const scale = (v) => v.zoom * fitScale(v);

export function maxZoom(v) {
  const f = fitScale(v);
  return f ? Math.max(MAX_FIT_ZOOM, MAX_ACTUAL / f) : MAX_FIT_ZOOM;
}
export const clampZoom = (v, z) => Math.min(maxZoom(v), Math.max(MIN_ZOOM, z));

/** Keeps the photo covering the frame where it is larger than it; centres it where smaller. */
export function clampPan(v) {
  const s = scale(v);
  const [bw, bh] = box(v);
  const spareX = Math.max(0, (bw * s - v.frameW) / 2);
  const spareY = Math.max(0, (bh * s - v.frameH) / 2);
  v.panX = Math.min(spareX, Math.max(-spareX, v.panX)) || 0;
  v.panY = Math.min(spareY, Math.max(-spareY, v.panY)) || 0;
}

export function fitNow(v) {
  v.zoom = 1;
  v.panX = 0;
  v.panY = 0;
  v.fitted = true;
}

/** Sets the zoom, keeping the photo point under (x, y) — frame coordinates — in place. */
export function zoomTo(v, z, x = v.frameW / 2, y = v.frameH / 2) {
  const next = clampZoom(v, z);
  const k = next / v.zoom;
  const qx = x - v.frameW / 2;
  const qy = y - v.frameH / 2;
  v.panX = qx - (qx - v.panX) * k;
  v.panY = qy - (qy - v.panY) * k;
  v.zoom = next;
  v.fitted = false;
  clampPan(v);
}

export function panBy(v, dx, dy) {
  const before = [v.panX, v.panY];
  v.panX += dx;
  v.panY += dy;
  clampPan(v);
  if (v.panX !== before[0] || v.panY !== before[1]) v.fitted = false;
}

/** 90° clockwise. At fit it refits; zoomed in, it keeps the scale and the centred spot. */
export function rotateNow(v) {
  const s = scale(v);
  v.rotation = (v.rotation + 90) % 360;
  v.turn += 90;
  if (v.fitted) {
    fitNow(v);
    return;
  }
  [v.panX, v.panY] = [-v.panY, v.panX];
  const f = fitScale(v);
  // Never smaller than fit after turning: the operator had zoomed in, not out.
  if (f && s) v.zoom = clampZoom(v, Math.max(1, s / f));
  clampPan(v);
}

export function actualNow(v) {
  const f = fitScale(v);
  if (f) zoomTo(v, 1 / f);
}

export function resetNow(v) {
  v.rotation = 0;
  v.turn = Math.round(v.turn / 360) * 360; // the shortest way back to upright
  fitNow(v);
}

/** The frame was measured again (`w`×`h`): at fit it refits, zoomed in it keeps the size on screen. */
export function resize(v, w, h) {
  const s = scale(v); // with the old frame size
  v.frameW = w;
  v.frameH = h;
  if (v.fitted) fitNow(v);
  else {
    // Zoomed in: keep the photo's size on screen, only keep it inside the frame.
    const f = fitScale(v);
    if (f && s) v.zoom = clampZoom(v, s / f);
    clampPan(v);
  }
}
