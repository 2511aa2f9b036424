// Rekap on paper, as the office sends its monthly report up: A4 portrait, the report's title,
// the office and the period, the figures beside the period before, timeliness, the charts as
// drawn on screen (grayscale on paper: css/print.css), where requests stand, each operator's
// work when shown, and the signature block from Pengaturan (place and date, title, name, NIP).
// Every figure is the core's (the same Rekap the screen shows); nothing is counted here.

import { S } from '../strings.js';
import { h } from '../dom.js';
import { printOn } from './print.js';

const number = (n) => (n === null || n === undefined ? '—' : n.toLocaleString('id-ID'));
const pct = (p) => (p === null || p === undefined ? '—' : `${p.toLocaleString('id-ID', { maximumFractionDigits: 1 })}%`);
const change = (a, b) => (typeof a === 'number' && typeof b === 'number' ? (a - b > 0 ? `+${number(Math.round((a - b) * 10) / 10)}` : number(Math.round((a - b) * 10) / 10)) : '—');

/** A chart card of the screen as a figure on paper: its title, legend and drawing, copied. */
function figure(card) {
  const copy = (sel) => card.querySelector(sel)?.cloneNode(true);
  const legend = copy('.rk-legend');
  legend?.removeAttribute('aria-hidden');
  return h('figure', { class: 'rp-chart' }, h('figcaption', {}, card.querySelector('h2')?.textContent || ''), legend, copy('svg'));
}

/** Prints Rekap `r`; `charts` are the screen's chart cards (copied into the page). */
export async function printRekap(r, charts = []) {
  const t = S.recapPaper;
  const s = r.summary;
  const p = r.previous;
  const tl = r.timeliness;
  const rows = [
    [t.received, s.received, p.received, number],
    [t.desk, s.desk, p.desk, number],
    [t.kiosk, s.kiosk, p.kiosk, number],
    [t.finished, s.finished, p.finished, number],
    [t.cancelled, s.cancelled, p.cancelled, number],
    [t.within(tl.targetDays), s.withinPercent, p.withinPercent, pct],
  ];
  const signer = r.signer;
  const node = h(
    'article',
    { class: 'rekap-paper', id: 'rekap-paper' },
    h(
      'header',
      { class: 'rp-head' },
      h('h1', {}, t.title),
      h('div', { class: 'rp-office' }, r.officeName.toUpperCase()),
      h('div', {}, t.period(r.periodDisplay)),
      h('div', { class: 'rp-muted' }, t.compared(r.previousDisplay)),
    ),
    h(
      'table',
      { class: 'cf-table rp-table', id: 'rp-figures' },
      h('thead', {}, h('tr', {}, [t.no, t.what, t.now, t.before, t.change].map((x, i) => h('th', { class: i > 1 ? 'num' : null }, x)))),
      h(
        'tbody',
        {},
        rows.map(([what, now, before, fmt], i) =>
          h(
            'tr',
            {},
            h('td', { class: 'num' }, String(i + 1)),
            h('td', {}, what),
            h('td', { class: 'num' }, fmt(now)),
            h('td', { class: 'num' }, fmt(before)),
            h('td', { class: 'num' }, fmt === pct && typeof now === 'number' && typeof before === 'number' ? `${change(now, before)} poin` : change(now, before)),
          ),
        ),
      ),
    ),
    h('h2', {}, S.recap.timeliness),
    h(
      'table',
      { class: 'cf-table rp-table rp-facts', id: 'rp-timeliness' },
      h(
        'tbody',
        {},
        [
          [S.recap.target, S.recap.days(tl.targetDays)],
          [S.recap.finishedCount, number(tl.finished)],
          [S.recap.withinCount, `${number(tl.within)} (${pct(tl.withinPercent)})`],
          [S.recap.median, tl.medianDays === null ? '—' : S.recap.days(tl.medianDays)],
          [S.recap.p90, tl.p90Days === null ? '—' : S.recap.days(tl.p90Days)],
          [t.overdueNow, number(r.overdueTotal)],
        ].map(([a, b]) => h('tr', {}, h('th', { scope: 'row' }, a), h('td', { class: 'num' }, b))),
      ),
    ),
    charts.map(figure),
    h('h2', {}, t.statuses),
    h(
      'table',
      { class: 'cf-table rp-table', id: 'rp-statuses' },
      h('thead', {}, h('tr', {}, [t.status, t.statusNow, t.moved].map((x, i) => h('th', { class: i ? 'num' : null }, x)))),
      h(
        'tbody',
        {},
        r.statusNow.map((row, i) => h('tr', {}, h('td', {}, row.status), h('td', { class: 'num' }, number(row.count)), h('td', { class: 'num' }, number(r.moved[i].count)))),
      ),
    ),
    h('h2', {}, t.cancellations),
    h(
      'table',
      { class: 'cf-table rp-table rp-facts', id: 'rp-cancellations' },
      h('thead', {}, h('tr', {}, h('th', {}, t.reason), h('th', { class: 'num' }, t.count))),
      h('tbody', {}, r.cancellations.map((c) => h('tr', {}, h('td', {}, c.label), h('td', { class: 'num' }, number(c.count))))),
    ),
    r.operators.length
      ? [
          h('h2', {}, S.recap.operators),
          h(
            'table',
            { class: 'cf-table rp-table', id: 'rp-operators' },
            h('thead', {}, h('tr', {}, S.recap.operatorCols.map((c, i) => h('th', { class: i ? 'num' : null }, c)))),
            h('tbody', {}, r.operators.map((o) => h('tr', {}, h('td', {}, o.name), [o.desk, o.approved, o.cancelled, o.steps, o.finished].map((v) => h('td', { class: 'num' }, number(v)))))),
          ),
        ]
      : null,
    h(
      'section',
      { class: 'rp-sign', id: 'rp-sign' },
      h('div', {}, signer.place ? `${signer.place}, ${r.signedOnDisplay}` : r.signedOnDisplay),
      h('div', {}, signer.title),
      h('div', { class: 'rp-sign-space' }),
      h('div', { class: 'rp-sign-name' }, signer.name || '(....................................)'),
      h('div', {}, `NIP. ${signer.nip}`),
    ),
    h('footer', { class: 'rp-foot' }, t.made(r.madeAtDisplay)),
  );
  await printOn('a4', node);
}

