// The photo viewer's elements: a titled frame with its toolbar (zoom out, the zoom level, zoom
// in, turn, fit, 1:1) over the stage that holds the photo and its loading or error message.

import { h } from '../dom.js';
import { S } from '../strings.js';

const ICONS = { 'zoom-out': '−', 'zoom-in': '+', rotate: '⟳', fit: '⤢', actual: '1:1' };

/** The viewer's elements for a photo called `label`; `id` prefixes the aria ids. */
export function createParts(label, id, state, source) {
  const T = S.viewer;
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
      'data-state': state,
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

  return { el, img, msg, stage, buttons, zoomLabel, tools };
}
