// Laporan Data Pribadi (admin): a resident asks what the office holds on them (UU 27/2022 art.
// 32). The admin types the NIK; the core answers with every request in which it is the
// applicant's NIK or a NIK to synchronise, each with its statuses, steps and every audit row
// that touched it. The lookup is in the audit log before the report is shown. "Cetak / Simpan
// PDF" prints the report alone on A4 (the rail, the form and the buttons are not printed).

import { S } from '../strings.js';
import { fieldBlocks, h, replace } from '../dom.js';
import { chipClass } from '../status.js';

export function mount(container, ctx) {
  const t = S.person;
  let alive = true;
  const { inputs, msgs, block } = fieldBlocks('p');
  const make = h('button', { type: 'submit', class: 'btn btn-primary', id: 'p-make' }, t.make);
  const print = h('button', { type: 'button', class: 'btn', id: 'p-print', hidden: true, onclick: () => window.print() }, t.print);
  const out = h('div', { class: 'p-report', id: 'p-report' });

  // 16 digits read in fours, as on the card.
  const fours = (digits) => (/^\d{16}$/.test(digits) ? digits.replace(/(\d{4})(?=\d)/g, '$1 ') : digits);
  const fact = (label, value, cls = '') => h('div', { class: 'p-fact' }, h('dt', {}, label), h('dd', { class: cls }, value));

  function timeline(items, empty) {
    if (!items.length) return h('p', { class: 'muted' }, empty);
    return h('ol', { class: 'p-list' }, items);
  }

  function audit(rows) {
    if (!rows.length) return h('p', { class: 'muted' }, t.noAudit);
    return h(
      'table',
      { class: 'grid p-audit' },
      h('thead', {}, h('tr', {}, [t.cols.at, t.cols.who, t.cols.workstation, t.cols.action, t.cols.detail].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        rows.map((e) =>
          h(
            'tr',
            {},
            h('td', { class: 'nowrap' }, e.atDisplay),
            h('td', {}, e.operatorName || '—', e.role ? h('span', { class: 'muted' }, ` · ${e.role}`) : null),
            h('td', { class: 'muted' }, e.workstation || ''),
            h('td', {}, S.audit.actions[e.action] || e.action),
            h('td', { class: 'muted' }, e.detail || ''),
          ),
        ),
      ),
    );
  }

  function request(r) {
    return h(
      'article',
      { class: 'card p-request', 'data-reg': r.regNumber },
      h(
        'header',
        { class: 'p-request-head' },
        h('h2', { class: 'mono' }, r.regNumber),
        h('span', { class: chipClass(r.status) }, r.status),
        h('span', { class: 'p-role' }, r.roleLabel),
      ),
      r.otherApplicant
        ? h('dl', { class: 'p-facts' }, fact(t.created, `${r.createdAtDisplay} · ${r.channel === 'kiosk' ? t.kiosk : t.desk}`), h('p', { class: 'muted p-other' }, t.otherApplicant))
        : h(
          'dl',
          { class: 'p-facts' },
          fact(t.name, r.applicantName),
          fact(t.nik, fours(r.nik), 'mono'),
          fact(t.kk, fours(r.kkNumber), 'mono'),
          fact(t.wa, r.waNumber, 'mono'),
          fact(t.problem, r.problem),
          fact(t.created, `${r.createdAtDisplay} · ${r.channel === 'kiosk' ? t.kiosk : t.desk}`),
        ),
      r.photosDeleted ? h('p', { class: 'msg muted' }, S.detail.photosDeleted(r.photosDeleted.atDisplay, r.photosDeleted.days)) : null,
      h('h3', {}, t.history),
      timeline(
        r.history.map((e) => h('li', {}, h('span', { class: chipClass(e.to) }, e.to), ` ${e.atDisplay} · ${e.operatorName}`, e.note ? h('div', { class: 'muted' }, e.note) : null)),
        '',
      ),
      h('h3', {}, t.steps),
      timeline(
        r.steps.map((s) => h('li', {}, h('strong', {}, s.label), ` ${s.atDisplay} · ${s.operatorName}`, s.note ? h('div', { class: 'muted' }, s.note) : null)),
        t.noSteps,
      ),
      h('h3', {}, t.audit),
      audit(r.audit),
    );
  }

  function show(report) {
    replace(
      out,
      h(
        'header',
        { class: 'p-report-head', id: 'p-report-head' },
        h('h2', {}, t.reportTitle(fours(report.nik))),
        h('p', { class: 'muted' }, t.madeBy(report.madeAtDisplay, report.madeBy)),
        h('p', { id: 'p-count' }, report.requests.length ? t.count(report.requests.length) : t.none),
      ),
      report.requests.map(request),
    );
    print.hidden = false;
  }

  async function submit(e) {
    e.preventDefault();
    make.disabled = true;
    msgs.nik.replaceChildren();
    inputs.nik.removeAttribute('aria-invalid');
    try {
      const report = await ctx.api.personReport(inputs.nik.value);
      if (alive) show(report);
    } catch (err) {
      if (!alive) return;
      if (err.field === 'nik') {
        replace(msgs.nik, h('p', { class: 'msg msg-error', 'data-code': err.code }, err.message));
        inputs.nik.setAttribute('aria-invalid', 'true');
        inputs.nik.focus();
      } else {
        ctx.showError(err);
      }
    } finally {
      make.disabled = false;
    }
  }

  replace(
    container,
    h(
      'section',
      { class: 'view-person', 'aria-labelledby': 'person-title' },
      h('header', { class: 'view-head' }, h('h1', { id: 'person-title' }, t.title), h('p', { class: 'view-sub' }, t.subtitle)),
      h(
        'div',
        { class: 'view-scroll' },
        h(
          'div',
          { class: 'person-page' },
          h(
            'form',
            { class: 'card p-form', novalidate: true, onsubmit: submit },
            block('nik', t.nikField, t.nikHint, h('input', { type: 'text', class: 'input mono', inputmode: 'numeric', autocomplete: 'off' })),
            h('div', { class: 'p-buttons' }, make, print),
          ),
          out,
        ),
      ),
    ),
  );
  inputs.nik.focus();
  return () => {
    alive = false;
  };
}
