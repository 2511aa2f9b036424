// Rekap: the office's figures for a period, as the core counts them (sinkron_core::rekap): the
// headline numbers beside the period before, requests received per day (desk and kiosk) and the
// processing steps per day as bar charts drawn here in SVG (no network), each with its numbers
// in a table for screen readers, where requests stand now and how many moved through each
// status, timeliness against the service target, the open requests past it (a click opens
// one), and each operator's work (admins). No figure is computed here: the page only draws and,
// for a long period, sums days into months for the chart.

import { S } from '../strings.js';
import { h, replace } from '../dom.js';
import { chipClass } from '../status.js';
import { printRekap } from '../paper/rekap.js';

const SVG = 'http://www.w3.org/2000/svg';
/** The oldest open requests past the target shown as buttons; the rest are counted. */
const OVERDUE_SHOWN = 60;
const PERIODS = ['today', 'this_week', 'this_month', 'last_month', 'this_year', 'custom'];

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  for (const c of children.flat(Infinity)) if (c) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

const number = (n) => n.toLocaleString('id-ID');
const pct = (p) => (p === null || p === undefined ? '—' : `${p.toLocaleString('id-ID', { maximumFractionDigits: 1 })}%`);

/** Days into months when a period is longer than two months, so a bar stays readable. */
function buckets(days, keys) {
  const t = S.recap;
  if (days.length <= 62) {
    return days.map((d) => ({ label: d.date.slice(8, 10), title: t.dayTitle(d.date), values: keys.map((k) => d[k]) }));
  }
  const months = new Map();
  for (const d of days) {
    const m = d.date.slice(0, 7);
    if (!months.has(m)) months.set(m, { label: t.monthShort(m), title: t.monthTitle(m), values: keys.map(() => 0) });
    const b = months.get(m);
    keys.forEach((k, i) => (b.values[i] += d[k]));
  }
  return [...months.values()];
}

/** A stacked bar chart with its numbers as a table (for screen readers and for reading exact
 * values); `series`: `[{ key, label, cls }]`. */
function chart(id, title, days, series) {
  const t = S.recap;
  const bars = buckets(days, series.map((s) => s.key));
  const max = Math.max(1, ...bars.map((b) => b.values.reduce((a, v) => a + v, 0)));
  const W = 720;
  const H = 200;
  const left = 34;
  const bottom = 22;
  const top = 8;
  const plotW = W - left - 6;
  const plotH = H - top - bottom;
  const step = plotW / Math.max(1, bars.length);
  const barW = Math.max(1, Math.min(28, step * 0.7));
  const ticks = [0, Math.ceil(max / 2), max];
  const y = (v) => top + plotH - (v / max) * plotH;
  const labelEvery = Math.ceil(bars.length / 16);
  const graph = svg(
    'svg',
    { viewBox: `0 0 ${W} ${H}`, class: 'rk-chart', role: 'img', 'aria-labelledby': `${id}-title` },
    ticks.map((v) => [
      svg('line', { x1: left, x2: W - 4, y1: y(v), y2: y(v), class: 'rk-grid' }),
      svg('text', { x: left - 6, y: y(v) + 4, class: 'rk-axis', 'text-anchor': 'end' }, String(v)),
    ]),
    bars.map((b, i) => {
      let base = 0;
      const x = left + i * step + (step - barW) / 2;
      return svg(
        'g',
        {},
        svg('title', {}, `${b.title}: ${series.map((s, j) => `${s.label} ${b.values[j]}`).join(', ')}`),
        series.map((s, j) => {
          const v = b.values[j];
          const rect = v ? svg('rect', { x, width: barW, y: y(base + v), height: y(base) - y(base + v), class: s.cls }) : null;
          base += v;
          return rect;
        }),
        i % labelEvery === 0 ? svg('text', { x: x + barW / 2, y: H - 6, class: 'rk-axis', 'text-anchor': 'middle' }, b.label) : null,
      );
    }),
  );
  const legend = h(
    'ul',
    { class: 'rk-legend', 'aria-hidden': 'true' },
    series.map((s) => h('li', {}, h('span', { class: `rk-key ${s.cls}` }), s.label)),
  );
  const table = h(
    'table',
    { class: 'sr-only', id: `${id}-table` },
    h('caption', {}, title),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t.day), series.map((s) => h('th', { scope: 'col' }, s.label)))),
    h('tbody', {}, bars.map((b) => h('tr', {}, h('th', { scope: 'row' }, b.title), b.values.map((v) => h('td', {}, String(v)))))),
  );
  return h('section', { class: 'card rk-card rk-wide', id, 'aria-labelledby': `${id}-title` }, h('h2', { id: `${id}-title` }, title), legend, graph, table);
}

/** A headline number with the period before and the change. */
function tile(id, label, now, before, fmt = number, sub = null) {
  const t = S.recap;
  let change = null;
  if (typeof now === 'number' && typeof before === 'number') {
    const diff = Math.round((now - before) * 10) / 10;
    const cls = diff > 0 ? 'rk-up' : diff < 0 ? 'rk-down' : 'rk-same';
    change = h('span', { class: `rk-change ${cls}` }, diff > 0 ? `▲ ${fmt(diff)}` : diff < 0 ? `▼ ${fmt(-diff)}` : '=');
  }
  return h(
    'div',
    { class: 'card rk-tile', id },
    h('div', { class: 'rk-tile-label' }, label),
    h('div', { class: 'rk-tile-value' }, now === null || now === undefined ? '—' : fmt(now)),
    sub ? h('div', { class: 'rk-tile-sub' }, sub) : null,
    h('div', { class: 'rk-tile-before' }, t.before(before === null || before === undefined ? '—' : fmt(before)), ' ', change),
  );
}

function statusList(id, title, rows) {
  return h(
    'section',
    { class: 'card rk-card', id, 'aria-labelledby': `${id}-title` },
    h('h2', { id: `${id}-title` }, title),
    h('dl', { class: 'rk-statuses' }, rows.map((r) => [h('dt', {}, h('span', { class: chipClass(r.status) }, r.status)), h('dd', {}, number(r.count))])),
  );
}

export function mount(container, ctx) {
  const t = S.recap;
  let alive = true;
  let period = { kind: 'this_month' };
  const out = h('div', { class: 'rk-body', id: 'rk-body', 'aria-live': 'polite' }, h('p', { class: 'muted' }, S.list.loading));
  const from = h('input', { type: 'date', class: 'input', id: 'rk-from', 'aria-label': t.from });
  const to = h('input', { type: 'date', class: 'input', id: 'rk-to', 'aria-label': t.to });
  const custom = h(
    'form',
    { class: 'rk-custom', id: 'rk-custom', hidden: true, onsubmit: (e) => (e.preventDefault(), show({ kind: 'custom', from: from.value, to: to.value })) },
    h('label', { for: 'rk-from' }, t.from), from,
    h('label', { for: 'rk-to' }, t.to), to,
    h('button', { type: 'submit', class: 'btn btn-small', id: 'rk-apply' }, t.apply),
  );
  const msg = h('div', { class: 'msgs', id: 'rk-msg', 'aria-live': 'polite' });
  let shown = null;
  const excel = h('button', { type: 'button', class: 'btn', id: 'rk-excel', disabled: true, onclick: saveExcel }, t.excel);
  const print = h(
    'button',
    {
      type: 'button',
      class: 'btn',
      id: 'rk-print',
      disabled: true,
      onclick: () => shown && printRekap(shown, [...out.querySelectorAll('#rk-chart-received, #rk-chart-steps')]),
    },
    t.print,
  );

  async function saveExcel() {
    if (!shown) return;
    excel.disabled = true;
    replace(msg);
    try {
      const saved = await ctx.api.exportRekap(period);
      if (alive && saved.fileName) replace(msg, h('p', { class: 'msg msg-ok', id: 'rk-excel-saved' }, t.excelSaved(saved.fileName)));
    } catch (err) {
      if (alive) ctx.showError(err);
    } finally {
      excel.disabled = !shown;
    }
  }
  const buttons = PERIODS.map((kind) =>
    h(
      'button',
      {
        type: 'button',
        class: 'seg',
        'data-period': kind,
        'aria-pressed': String(kind === period.kind),
        onclick: () => {
          for (const b of buttons) b.setAttribute('aria-pressed', String(b === buttons[PERIODS.indexOf(kind)]));
          custom.hidden = kind !== 'custom';
          if (kind === 'custom') from.focus();
          else show({ kind });
        },
      },
      t.periods[kind],
    ),
  );

  async function show(p) {
    replace(msg);
    if (p.kind === 'custom' && (!p.from || !p.to)) {
      replace(msg, h('p', { class: 'msg msg-error' }, t.pickDates));
      return;
    }
    period = p;
    try {
      const r = await ctx.api.rekap(p);
      if (alive && period === p) {
        shown = r;
        excel.disabled = false;
        print.disabled = false;
        render(r);
      }
    } catch (err) {
      if (!alive) return;
      if (err.field === 'period') replace(msg, h('p', { class: 'msg msg-error', 'data-code': err.code }, err.message));
      else ctx.showError(err);
    }
  }

  function render(r) {
    const s = r.summary;
    const p = r.previous;
    const tl = r.timeliness;
    replace(
      out,
      h('p', { class: 'rk-period', id: 'rk-period' }, t.periodLine(s.days.from, s.days.to, p.days.from, p.days.to)),
      h(
        'div',
        { class: 'rk-tiles' },
        tile('rk-received', t.received, s.received, p.received, number, t.byChannel(s.desk, s.kiosk)),
        tile('rk-finished', t.finished, s.finished, p.finished),
        tile('rk-cancelled', t.cancelled, s.cancelled, p.cancelled),
        tile('rk-within', t.within(tl.targetDays), s.withinPercent, p.withinPercent, pct, t.withinOf(tl.within, tl.finished)),
      ),
      chart('rk-chart-received', t.receivedPerDay, r.byDay, [
        { key: 'desk', label: t.desk, cls: 'rk-desk' },
        { key: 'kiosk', label: t.kiosk, cls: 'rk-kiosk' },
      ]),
      h(
        'div',
        { class: 'rk-row' },
        statusList('rk-status-now', t.statusNow, r.statusNow),
        statusList('rk-moved', t.moved, r.moved),
        h(
          'section',
          { class: 'card rk-card', id: 'rk-timeliness', 'aria-labelledby': 'rk-timeliness-title' },
          h('h2', { id: 'rk-timeliness-title' }, t.timeliness),
          h(
            'dl',
            { class: 'rk-facts' },
            h('dt', {}, t.target), h('dd', {}, t.days(tl.targetDays)),
            h('dt', {}, t.finishedCount), h('dd', {}, number(tl.finished)),
            h('dt', {}, t.withinCount), h('dd', {}, `${number(tl.within)} (${pct(tl.withinPercent)})`),
            h('dt', {}, t.median), h('dd', {}, tl.medianDays === null ? '—' : t.days(tl.medianDays)),
            h('dt', {}, t.p90), h('dd', {}, tl.p90Days === null ? '—' : t.days(tl.p90Days)),
          ),
        ),
      ),
      h(
        'section',
        { class: 'card rk-card rk-span2', id: 'rk-overdue', 'aria-labelledby': 'rk-overdue-title' },
        h('h2', { id: 'rk-overdue-title' }, t.overdue(r.overdueTotal, tl.targetDays)),
        r.overdue.length
          ? h(
              'ul',
              { class: 'rk-overdue-list' },
              r.overdue.slice(0, OVERDUE_SHOWN).map((o) =>
                h(
                  'li',
                  {},
                  h('button', { type: 'button', class: 'btn btn-small mono', 'data-id': o.id, onclick: () => ctx.navigate('detail', { id: o.id }) }, o.regNumber),
                  h('span', { class: chipClass(o.status) }, o.status),
                  h('span', { class: 'rk-age' }, t.days(o.ageDays)),
                ),
              ),
            )
          : h('p', { class: 'muted' }, t.noOverdue),
        r.overdueTotal > OVERDUE_SHOWN ? h('p', { class: 'muted' }, t.overdueMore(r.overdueTotal - OVERDUE_SHOWN)) : null,
      ),
      h(
        'section',
        { class: 'card rk-card', id: 'rk-cancellations', 'aria-labelledby': 'rk-cancellations-title' },
        h('h2', { id: 'rk-cancellations-title' }, t.cancellations),
        h(
          'dl',
          { class: 'rk-facts rk-reasons' },
          r.cancellations.map((c) => [h('dt', { 'data-reason': c.reason || 'none' }, c.label), h('dd', {}, number(c.count))]),
        ),
      ),
      chart('rk-chart-steps', t.stepsPerDay, r.byDay, [
        { key: 'konsolidasi', label: t.konsolidasi, cls: 'rk-konsolidasi' },
        { key: 'dwh', label: t.dwh, cls: 'rk-dwh' },
      ]),
      r.operators.length
        ? h(
            'section',
            { class: 'card rk-card rk-wide', id: 'rk-operators', 'aria-labelledby': 'rk-operators-title' },
            h('h2', { id: 'rk-operators-title' }, t.operators),
            h(
              'table',
              { class: 'grid rk-table' },
              h('thead', {}, h('tr', {}, t.operatorCols.map((c, i) => h('th', { scope: 'col', class: i ? 'num' : null }, c)))),
              h(
                'tbody',
                {},
                r.operators.map((o) =>
                  h('tr', {}, h('th', { scope: 'row' }, o.name), [o.desk, o.approved, o.cancelled, o.steps, o.finished].map((v) => h('td', { class: 'num' }, number(v)))),
                ),
              ),
            ),
          )
        : null,
      h('p', { class: 'muted rk-made' }, t.made(r.madeAtDisplay)),
    );
  }

  replace(
    container,
    h(
      'section',
      { class: 'view-rekap', 'aria-labelledby': 'rk-title' },
      h(
        'header',
        { class: 'view-head' },
        h('h1', { id: 'rk-title' }, t.title),
        h('p', { class: 'view-sub' }, t.sub),
        h(
          'div',
          { class: 'rk-controls' },
          h('div', { class: 'segmented', role: 'group', 'aria-label': t.period }, buttons),
          custom,
          h('div', { class: 'rk-actions' }, excel, print),
        ),
        msg,
      ),
      h('div', { class: 'view-scroll' }, out),
    ),
  );
  show(period);
  return () => {
    alive = false;
  };
}
