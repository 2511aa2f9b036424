// The detail view's cards beside the photos: the typed data with what the NIK and KK say (and a
// "Perbaiki" link per field while the request is open), other open requests for the same NIK,
// the actions the status allows plus the WhatsApp notice, and the NIKs to synchronise. All of it
// is what the core answered for this request.

import { S } from '../../strings.js';
import { h } from '../../dom.js';
import { chipClass } from '../../status.js';

/** What the core says about a field: facts, warnings, the error. */
function factsBlock(report) {
  if (!report) return null;
  return [
    report.facts ? h('div', { class: 'facts' }, report.facts) : null,
    (report.warnings || []).map((w) => h('div', { class: 'msg msg-warn', 'data-code': w.code }, w.message)),
    report.error ? h('div', { class: 'msg msg-error', 'data-code': report.error.code }, report.error.message) : null,
  ];
}

/** `dialogs`: the view's dialogs (dialogs.js). */
export function dataCard(d, dialogs) {
  const t = S.detail;
  const f = d.check.fields;
  const open = d.actions.length > 0;
  const fix = (field, current) =>
    open
      ? h('button', { type: 'button', class: 'link-btn', 'data-fix': field, title: t.fixTitle(t.fields[field]), onclick: () => dialogs.correct(d, field, current) }, t.fix)
      : null;
  const row = (label, value, extra, cls = '', field = null, current = '') =>
    [h('dt', {}, label, field ? fix(field, current) : null), h('dd', { class: cls }, value, extra)];
  return h(
    'section',
    { class: 'card detail-card', 'aria-labelledby': 'd-data' },
    h('h2', { id: 'd-data' }, t.data),
    h(
      'dl',
      { class: 'detail-list' },
      row(t.name, h('strong', { id: 'd-name' }, d.applicantName), factsBlock({ warnings: f.name.warnings }), '', 'name', d.applicantName),
      row(t.nik, h('span', { class: 'mono big', id: 'd-nik' }, f.nik.normalized || d.nik), factsBlock(f.nik), '', 'nik', d.nik),
      row(t.kk, h('span', { class: 'mono big', id: 'd-kk' }, f.kk.normalized || d.kkNumber), factsBlock(f.kk), '', 'kk', d.kkNumber),
      row(t.wa, h('span', { class: 'mono', id: 'd-wa' }, f.wa.normalized || d.waNumber), factsBlock({ warnings: f.wa.warnings }), '', 'wa', d.waNumber),
      row(t.problem, h('span', { class: 'prose' }, d.problem), null, '', 'problem', d.problem),
      row(t.submitted, `${d.createdAtDisplay} · ${t.channel[d.channel] || d.channel}`, null, 'muted'),
    ),
  );
}

/** Other open requests for the same NIK, each with a button that opens it. */
export function duplicatesCard(d, ctx) {
  const t = S.detail;
  if (!d.duplicates.length) return null;
  return h(
    'section',
    { class: 'dup-warning', role: 'note' },
    h('h2', {}, t.duplicates),
    h(
      'ul',
      { class: 'dup-list' },
      d.duplicates.map((o) =>
        h(
          'li',
          {},
          h('span', { class: 'mono' }, o.regNumber),
          h('span', { class: chipClass(o.status) }, o.status),
          h('button', { type: 'button', class: 'btn btn-small', onclick: () => ctx.navigate('detail', { id: o.id }) }, t.open),
        ),
      ),
    ),
  );
}

export function actionsCard(d, dialogs) {
  const t = S.detail;
  const buttons = d.actions.map((opt) =>
    h(
      'button',
      {
        type: 'button',
        class: `btn ${opt.action.kind === 'cancel' ? 'btn-danger' : opt.action.kind === 'approve' || opt.action.kind === 'finish' ? 'btn-primary' : ''}`,
        'data-action': opt.action.kind === 'record_step' ? opt.action.step : opt.action.kind,
        onclick: () => dialogs.runAction(d, opt),
      },
      opt.label,
    ),
  );
  return h(
    'section',
    { class: 'card detail-card', 'aria-labelledby': 'd-actions' },
    h('h2', { id: 'd-actions' }, t.actions),
    d.actions.length ? h('div', { class: 'act-row' }, buttons) : h('p', { class: 'muted' }, t.final),
    h(
      'div',
      { class: 'act-row act-row-wa' },
      h('button', { type: 'button', class: 'btn', id: 'btn-wa', onclick: () => dialogs.sendWa(d), title: t.waTitle }, t.waSend),
      h('button', { type: 'button', class: 'btn', id: 'btn-reprint', onclick: () => dialogs.reprint(d) }, S.receipt.reprint),
      h('button', { type: 'button', class: 'btn', id: 'btn-case-file', onclick: () => dialogs.printCase(d) }, S.caseFile.print),
    ),
  );
}

export function syncCard(d, dialogs) {
  const t = S.detail;
  const open = d.actions.length > 0;
  return h(
    'section',
    { class: 'card detail-card', 'aria-labelledby': 'd-sync' },
    h(
      'div',
      { class: 'card-head' },
      h('h2', { id: 'd-sync' }, t.syncNiks),
      open ? h('button', { type: 'button', class: 'btn btn-quiet', id: 'btn-edit-niks', onclick: () => dialogs.editNiks(d) }, t.edit) : null,
    ),
    h('ul', { class: 'sync-list mono', id: 'd-sync-list' }, d.syncNiks.map((n) => h('li', {}, n))),
  );
}
