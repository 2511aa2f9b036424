// The case file (berkas pengajuan) for the office's paper archive: one A4 document with the
// request's data and what the NIK and KK say, the NIKs to synchronise, the status history, the
// processing steps, corrections and WhatsApp notices with who, when and notes, and both photos
// large enough to read (on a page of their own). Everything in it is what the core answered for
// the detail view; the print itself is recorded in the audit log before the dialog opens.

import { S } from '../strings.js';
import { h } from '../dom.js';
import { printOn } from './print.js';

function table(headers, rows) {
  return h(
    'table',
    { class: 'cf-table' },
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))),
    h('tbody', {}, rows.map((r) => h('tr', {}, r.map((c) => h('td', {}, c ?? '—'))))),
  );
}

function section(title, ...content) {
  return h('section', { class: 'cf-section' }, h('h2', {}, title), content);
}

/** The case file of detail `d` (with its `photos`), headed by `printed` from the core. */
export function caseFileNode(d, printed) {
  const t = S.caseFile;
  const f = d.check.fields;
  const withFacts = (value, report) => [h('span', { class: 'mono' }, value), report && report.facts ? h('div', { class: 'cf-facts' }, report.facts) : null];
  const photo = (kind) => {
    const p = (d.photos || []).find((x) => x.kind === kind);
    return h(
      'figure',
      { class: 'cf-photo' },
      p ? h('img', { src: p.previewUrl, alt: S.photos.labels[kind], 'data-kind': kind }) : h('p', { class: 'cf-none' }, t.noPhoto),
      h('figcaption', {}, S.photos.labels[kind]),
    );
  };
  return h(
    'article',
    { class: 'case-file', id: 'case-file' },
    h(
      'header',
      { class: 'cf-head' },
      h('div', { class: 'cf-office' }, printed.officeName),
      h('h1', {}, t.title),
      h('div', { class: 'cf-service' }, t.service),
      h('div', { class: 'cf-reg' }, h('span', { class: 'mono', id: 'cf-reg' }, d.regNumber), h('span', { class: 'cf-status' }, d.status)),
    ),
    section(
      t.data,
      h(
        'dl',
        { class: 'cf-list' },
        h('dt', {}, S.detail.fields.name), h('dd', {}, d.applicantName),
        h('dt', {}, S.detail.fields.nik), h('dd', {}, withFacts(f.nik.normalized || d.nik, f.nik)),
        h('dt', {}, S.detail.fields.kk), h('dd', {}, withFacts(f.kk.normalized || d.kkNumber, f.kk)),
        h('dt', {}, S.detail.fields.wa), h('dd', { class: 'mono' }, f.wa.normalized || d.waNumber),
        h('dt', {}, S.detail.fields.problem), h('dd', { class: 'cf-prose' }, d.problem),
        h('dt', {}, S.detail.submitted), h('dd', {}, `${d.createdAtDisplay} · ${S.detail.channel[d.channel] || d.channel}`),
      ),
    ),
    section(t.syncNiks, d.syncNiks.length ? h('ol', { class: 'cf-niks mono', id: 'cf-niks' }, d.syncNiks.map((n) => h('li', {}, n))) : h('p', {}, t.none)),
    section(
      S.detail.history,
      table(
        t.historyCols,
        d.history.map((e) => [
          e.atDisplay,
          e.from ? `${e.from} → ${e.to}` : e.to,
          e.operatorName,
          [e.cancelReasonLabel ? S.detail.cancelReasonIs(e.cancelReasonLabel) : null, e.note].filter(Boolean).join(' — '),
        ]),
      ),
    ),
    section(S.detail.steps, d.steps.length ? table(t.stepCols, d.steps.map((s) => [s.at, s.label, s.operatorName, s.note])) : h('p', {}, S.detail.noSteps)),
    d.changes.length
      ? section(S.detail.changes, table(t.changeCols, d.changes.map((c) => [c.at, S.detail.fields[c.field] || c.field, `${c.oldValue} → ${c.newValue}`, c.operatorName, c.reason])))
      : null,
    d.replaced && d.replaced.length
      ? section(S.detail.replaced, table(t.replacedCols, d.replaced.map((r) => [r.atDisplay, S.viewer[r.kind], r.operatorName, r.reason])))
      : null,
    d.notices.length ? section(S.detail.notices, table(t.noticeCols, d.notices.map((n) => [n.at, S.detail.waSent(n.status), n.operatorName]))) : null,
    h('footer', { class: 'cf-foot' }, t.printed(printed.printedAtDisplay, printed.printedBy)),
    h(
      'section',
      { class: 'cf-section cf-photos' },
      h('h2', {}, t.photos, ' · ', h('span', { class: 'mono' }, d.regNumber)),
      d.photosDeleted ? h('p', {}, S.detail.photosDeleted(d.photosDeleted.atDisplay, d.photosDeleted.days)) : [photo('kk'), photo('ktp')],
    ),
  );
}

/** Records the print (audited) and prints the case file of `d` on A4; resolves when the dialog
 * has been opened, or rejects with the core's refusal. */
export async function printCaseFile(api, d) {
  const printed = await api.printCaseFile(d.id);
  await printOn('a4', caseFileNode(d, printed));
}
