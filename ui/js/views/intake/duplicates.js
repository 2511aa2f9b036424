// The NIK already has open requests: the intake form lists them (each can be opened) and offers
// to save anyway — the core decides what counts as a duplicate.

import { S } from '../../strings.js';
import { h, replace } from '../../dom.js';
import { chipClass } from '../../status.js';

/** Fills `box` with `requests`; `saveAnyway()` and `cancel()` are its two buttons. */
export function showDuplicates(box, requests, ctx, { saveAnyway, cancel }) {
  const d = S.intake.duplicate;
  const anyway = h(
    'button',
    { type: 'button', class: 'btn btn-primary', id: 'btn-save-anyway', onclick: saveAnyway },
    d.saveAnyway,
  );
  replace(
    box,
    h('h2', {}, d.title),
    h('p', {}, d.text),
    h(
      'ul',
      { class: 'dup-list' },
      requests.map((r) =>
        h(
          'li',
          {},
          h('span', { class: 'mono' }, r.regNumber),
          h('span', { class: chipClass(r.status) }, r.status),
          h(
            'button',
            { type: 'button', class: 'btn btn-small', 'data-open': String(r.id), onclick: () => ctx.navigate('detail', { id: r.id }) },
            d.open,
          ),
        ),
      ),
    ),
    h(
      'div',
      { class: 'dup-actions' },
      h('button', { type: 'button', class: 'btn', onclick: cancel }, d.cancel),
      anyway,
    ),
  );
  box.hidden = false;
  anyway.focus();
}
