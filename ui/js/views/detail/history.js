// The detail view's history card: the status history (Riwayat Status), the processing steps,
// the corrections with their reasons, the photos replaced (the old one's thumbnail, who, when,
// why) and the WhatsApp notices opened, each as a timeline.

import { S } from '../../strings.js';
import { h } from '../../dom.js';
import { chipClass } from '../../status.js';

/** `onViewOld(replaced)` shows a replaced photo large. */
export function historyCard(d, onViewOld) {
  const t = S.detail;
  const items = d.history.map((e) =>
    h(
      'li',
      { class: 'tl-item' },
      h('div', { class: 'tl-head' }, e.from ? `${e.from} → ` : '', h('span', { class: chipClass(e.to) }, e.to)),
      h('div', { class: 'tl-meta' }, `${e.atDisplay} · ${e.operatorName}`),
      e.cancelReasonLabel ? h('div', { class: 'tl-reason', 'data-reason': e.cancelReason }, t.cancelReasonIs(e.cancelReasonLabel)) : null,
      e.note ? h('div', { class: 'tl-note' }, e.note) : null,
    ),
  );
  const steps = d.steps.map((s) =>
    h(
      'li',
      { class: 'tl-item' },
      h('div', { class: 'tl-head' }, s.label),
      h('div', { class: 'tl-meta' }, `${s.at} · ${s.operatorName}`),
      s.note ? h('div', { class: 'tl-note' }, s.note) : null,
    ),
  );
  const changes = d.changes.map((c) =>
    h(
      'li',
      { class: 'tl-item' },
      h('div', { class: 'tl-head' }, t.changed(t.fields[c.field] || c.field)),
      h('div', { class: 'tl-change' }, h('del', {}, c.oldValue), ' → ', h('ins', {}, c.newValue)),
      h('div', { class: 'tl-meta' }, `${c.at} · ${c.operatorName}`),
      h('div', { class: 'tl-note' }, c.reason),
    ),
  );
  const replaced = (d.replaced || []).map((r) =>
    h(
      'li',
      { class: 'tl-item tl-replaced', 'data-kind': r.kind },
      h('div', { class: 'tl-head' }, t.replacedItem(S.viewer[r.kind])),
      h(
        'button',
        { type: 'button', class: 'tl-thumb', 'data-act': 'view-old', title: t.replacedView, onclick: () => onViewOld && onViewOld(r) },
        h('img', { src: r.thumbUrl, alt: t.replacedOld(S.viewer[r.kind]) }),
      ),
      h('div', { class: 'tl-meta' }, `${r.atDisplay} · ${r.operatorName}`),
      h('div', { class: 'tl-note' }, r.reason),
    ),
  );
  const notices = d.notices.map((n) =>
    h(
      'li',
      { class: 'tl-item' },
      h('div', { class: 'tl-head' }, t.waSent(n.status)),
      h('div', { class: 'tl-meta' }, `${n.at} · ${n.operatorName}`),
    ),
  );
  return h(
    'section',
    { class: 'card detail-card', 'aria-labelledby': 'd-history' },
    h('h2', { id: 'd-history' }, t.history),
    h('ol', { class: 'timeline', id: 'd-timeline' }, items),
    h('h2', { class: 'sub' }, t.steps),
    steps.length ? h('ol', { class: 'timeline', id: 'd-steps' }, steps) : h('p', { class: 'muted', id: 'd-steps' }, t.noSteps),
    changes.length ? [h('h2', { class: 'sub' }, t.changes), h('ol', { class: 'timeline', id: 'd-changes' }, changes)] : null,
    replaced.length ? [h('h2', { class: 'sub' }, t.replaced), h('ol', { class: 'timeline', id: 'd-replaced' }, replaced)] : null,
    notices.length ? [h('h2', { class: 'sub' }, t.notices), h('ol', { class: 'timeline', id: 'd-notices' }, notices)] : null,
  );
}
