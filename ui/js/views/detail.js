// The detail view, where operators spend their day: the typed data with what the NIK and KK say
// on one side, the KK and KTP-el photos side by side (or stacked) on the other, the actions the
// status allows, and the status history and processing steps. Everything shown — facts,
// warnings, allowed actions, age, duplicates — is what the core answered for this request.
// J / K move to the next / previous request of the list; the photo layout stays as chosen.

import { S } from '../strings.js';
import { h, replace } from '../dom.js';
import { createViewer } from '../viewer.js';
import { openDialog } from '../dialog.js';
import { chipClass, isClosed } from '../status.js';
import { neighbour, position } from './list/state.js';

const LAYOUT_KEY = 'sinkron.photoLayout';

// KK and KTP-el are both landscape documents: stacked, each gets the full width, which at
// 1366×768 shows them about twice as large as side by side. The operator's choice is kept.
function layoutPref() {
  try {
    return localStorage.getItem(LAYOUT_KEY) === 'side' ? 'side' : 'stacked';
  } catch {
    return 'stacked';
  }
}

function saveLayout(value) {
  try {
    localStorage.setItem(LAYOUT_KEY, value);
  } catch {
    /* a private profile without storage keeps the default */
  }
}

function isTyping(el) {
  return el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

export function mount(container, ctx, params = {}) {
  const t = S.detail;
  const id = Number(params.id);
  let alive = true;
  let viewers = [];
  let detail = null;
  let layout = layoutPref();

  function destroyViewers() {
    for (const v of viewers) v.destroy();
    viewers = [];
  }

  function go(delta) {
    const next = neighbour(id, delta);
    if (next !== null) ctx.navigate('detail', { id: next });
  }

  function onKey(e) {
    if (e.ctrlKey || e.altKey || e.metaKey || isTyping(document.activeElement)) return;
    if (document.querySelector('dialog[open]')) return;
    if (e.key === 'j' || e.key === 'J') {
      e.preventDefault();
      go(1);
    } else if (e.key === 'k' || e.key === 'K') {
      e.preventDefault();
      go(-1);
    } else if (e.key === 'Escape' && !document.querySelector('dialog[open]')) {
      ctx.navigate('list');
    }
  }
  document.addEventListener('keydown', onKey);

  async function load(message) {
    try {
      const d = await ctx.api.requestDetail(id);
      if (!alive) return;
      detail = d;
      render();
      if (message) ctx.showError({ message });
    } catch (err) {
      if (alive) ctx.showError(err);
    }
  }

  function factsBlock(report) {
    if (!report) return null;
    return [
      report.facts ? h('div', { class: 'facts' }, report.facts) : null,
      (report.warnings || []).map((w) => h('div', { class: 'msg msg-warn', 'data-code': w.code }, w.message)),
      report.error ? h('div', { class: 'msg msg-error', 'data-code': report.error.code }, report.error.message) : null,
    ];
  }

  function dataCard(d) {
    const f = d.check.fields;
    const open = d.actions.length > 0;
    const fix = (field, current) =>
      open
        ? h('button', { type: 'button', class: 'link-btn', 'data-fix': field, title: t.fixTitle(t.fields[field]), onclick: () => correct(d, field, current) }, t.fix)
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

  function duplicatesCard(d) {
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

  /** A note field for a dialog: label, hint, textarea. */
  function noteField(id, label, hint, required) {
    const note = h('textarea', {
      class: 'input',
      id,
      rows: 3,
      'aria-describedby': `${id}-hint`,
      'aria-required': required ? 'true' : null,
    });
    return {
      note,
      nodes: [
        h('label', { for: id }, label),
        h('div', { class: 'hint', id: `${id}-hint` }, hint),
        note,
      ],
    };
  }

  async function runAction(d, opt) {
    const required = opt.noteMin > 0;
    const { note, nodes } = noteField(
      'act-note',
      required ? t.noteRequired : t.noteOptional,
      required ? t.noteRequiredHint(opt.noteMin) : t.noteHint,
      required,
    );
    let changed = null;
    const done = await openDialog({
      id: 'act',
      title: opt.label,
      intro: t.confirm[opt.action.kind] || t.confirm.record_step,
      fields: nodes,
      confirmLabel: opt.label,
      danger: opt.action.kind === 'cancel',
      focusOnError: note,
      onConfirm: async () => {
        try {
          await ctx.api.act(d.id, d.version, opt.action, note.value);
        } catch (err) {
          if (err.code !== 'request_changed') throw err;
          changed = err.message;
        }
      },
    });
    if (done) {
      ctx.clearError();
      ctx.refreshOpenCount();
      await load(changed);
    }
  }

  async function sendWa(d) {
    try {
      const notice = await ctx.api.sendWa(d.id);
      await load();
      ctx.showNotice(t.waOpened(notice.status));
    } catch (err) {
      ctx.showError(err);
    }
  }

  async function correct(d, field, current) {
    const input =
      field === 'problem'
        ? h('textarea', { class: 'input', id: 'fix-value', rows: 4 })
        : h('input', { type: 'text', class: `input${field === 'nik' || field === 'kk' ? ' mono' : ''}`, id: 'fix-value' });
    input.value = current;
    const { note, nodes } = noteField('fix-reason', t.fixReason, t.fixReasonHint, true);
    const done = await openDialog({
      id: 'fix',
      title: t.fixTitle(t.fields[field]),
      fields: [h('label', { for: 'fix-value' }, t.fixNew), input, ...nodes],
      confirmLabel: t.fixSave,
      focusOnError: (err) => (err.code === 'correction_reason_required' ? note : input),
      onConfirm: () => ctx.api.correctField(d.id, d.version, field, input.value, note.value),
    });
    if (done) {
      ctx.clearError();
      await load();
    }
  }

  async function editNiks(d) {
    const area = h('textarea', { class: 'input mono', id: 'niks-value', rows: 5, 'aria-describedby': 'niks-hint' });
    area.value = d.syncNiks.join('\n');
    const done = await openDialog({
      id: 'niks',
      title: t.syncNiks,
      fields: [h('label', { for: 'niks-value' }, t.niksLabel), h('div', { class: 'hint', id: 'niks-hint' }, t.niksHint), area],
      confirmLabel: t.fixSave,
      focusOnError: area,
      onConfirm: () =>
        ctx.api.setSyncNiks(
          d.id,
          area.value.split(/[\n,;]+/).map((x) => x.trim()).filter(Boolean),
        ),
    });
    if (done) {
      ctx.clearError();
      await load();
    }
  }

  function actionsCard(d) {
    const buttons = d.actions.map((opt) =>
      h(
        'button',
        {
          type: 'button',
          class: `btn ${opt.action.kind === 'cancel' ? 'btn-danger' : opt.action.kind === 'approve' || opt.action.kind === 'finish' ? 'btn-primary' : ''}`,
          'data-action': opt.action.kind === 'record_step' ? opt.action.step : opt.action.kind,
          onclick: () => runAction(d, opt),
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
        h('button', { type: 'button', class: 'btn', id: 'btn-wa', onclick: () => sendWa(d), title: t.waTitle }, t.waSend),
      ),
    );
  }

  function syncCard(d) {
    const open = d.actions.length > 0;
    return h(
      'section',
      { class: 'card detail-card', 'aria-labelledby': 'd-sync' },
      h(
        'div',
        { class: 'card-head' },
        h('h2', { id: 'd-sync' }, t.syncNiks),
        open ? h('button', { type: 'button', class: 'btn btn-quiet', id: 'btn-edit-niks', onclick: () => editNiks(d) }, t.edit) : null,
      ),
      h('ul', { class: 'sync-list mono', id: 'd-sync-list' }, d.syncNiks.map((n) => h('li', {}, n))),
    );
  }

  function historyCard(d) {
    const items = d.history.map((e) =>
      h(
        'li',
        { class: 'tl-item' },
        h('div', { class: 'tl-head' }, e.from ? `${e.from} → ` : '', h('span', { class: chipClass(e.to) }, e.to)),
        h('div', { class: 'tl-meta' }, `${e.atDisplay} · ${e.operatorName}`),
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
      notices.length ? [h('h2', { class: 'sub' }, t.notices), h('ol', { class: 'timeline', id: 'd-notices' }, notices)] : null,
    );
  }

  function photosPane(d) {
    destroyViewers();
    const kinds = ['kk', 'ktp'];
    const cells = kinds.map((kind) => {
      const p = d.photos.find((x) => x.kind === kind);
      if (!p) return h('div', { class: 'photo-cell photo-missing' }, h('p', {}, t.noPhoto(S.viewer[kind])));
      const v = createViewer({
        label: S.viewer[kind],
        previewUrl: p.previewUrl,
        originalUrl: p.originalUrl,
        width: p.width,
        height: p.height,
      });
      v.el.dataset.kind = kind;
      viewers.push(v);
      return h('div', { class: 'photo-cell' }, v.el);
    });
    return h('div', { class: `photos photos-${layout}`, id: 'd-photos' }, cells);
  }

  function render() {
    const d = detail;
    const pos = position(id);
    const toggle = (value, label) =>
      h(
        'button',
        {
          type: 'button',
          class: 'seg',
          'aria-pressed': String(layout === value),
          'data-layout': value,
          onclick: () => {
            layout = value;
            saveLayout(value);
            const pane = document.getElementById('d-photos');
            pane.className = `photos photos-${layout}`;
            for (const b of document.querySelectorAll('.seg[data-layout]')) b.setAttribute('aria-pressed', String(b.dataset.layout === layout));
          },
        },
        label,
      );
    const age = isClosed(d.status) ? null : h('span', { class: `age${d.overdue ? ' is-overdue' : ''}` }, S.list.age(d.ageDays), d.overdue ? ` · ${S.list.overdue}` : '');
    replace(
      container,
      h(
        'section',
        { class: 'view-detail', 'aria-labelledby': 'd-title' },
        h(
          'header',
          { class: 'detail-head' },
          h('button', { type: 'button', class: 'btn btn-small', id: 'btn-back', onclick: () => ctx.navigate('list'), title: t.backTitle }, `‹ ${S.list.title}`),
          h('h1', { id: 'd-title', class: 'mono' }, d.regNumber),
          h('span', { class: chipClass(d.status), id: 'd-status' }, d.status),
          age,
          h('span', { class: 'pager-spacer' }),
          h('div', { class: 'segmented', role: 'group', 'aria-label': t.layout }, toggle('side', t.side), toggle('stacked', t.stacked)),
          h(
            'div',
            { class: 'walk' },
            h('button', { type: 'button', class: 'btn btn-small', id: 'btn-prev-req', disabled: !pos || pos.index <= 1, title: t.prevTitle, onclick: () => go(-1) }, '‹ K'),
            pos ? h('span', { class: 'walk-pos' }, t.position(pos.index, pos.total)) : null,
            h('button', { type: 'button', class: 'btn btn-small', id: 'btn-next-req', disabled: !pos || pos.index >= pos.total, title: t.nextTitle, onclick: () => go(1) }, 'J ›'),
          ),
        ),
        h(
          'div',
          { class: 'detail-body' },
          h('div', { class: 'detail-side' }, duplicatesCard(d), dataCard(d), actionsCard(d), syncCard(d), historyCard(d)),
          photosPane(d),
        ),
      ),
    );
  }

  // Another desk (on the office's server) changed this request: show it as it is now, so
  // nobody decides on what was. This desk's own change is announced too; by the time the check
  // runs, its own reload has the same version and nothing happens. A dialog open means the
  // operator is acting: their action is checked against the version they saw anyway.
  let changedTimer = null;
  function onChanged(changedId) {
    if (changedId !== id) return;
    clearTimeout(changedTimer);
    changedTimer = setTimeout(async () => {
      if (!alive || !detail || document.querySelector('dialog[open]')) return;
      try {
        const d = await ctx.api.requestDetail(id);
        if (!alive || !detail || d.version === detail.version || document.querySelector('dialog[open]')) return;
        detail = d;
        render();
        ctx.showNotice(t.changedElsewhere(d.status));
      } catch (err) {
        console.warn('sinkron: refresh after a change elsewhere', err);
      }
    }, 800);
  }
  ctx.watchChanges(onChanged);

  replace(container, h('p', { class: 'muted detail-loading' }, S.list.loading));
  load();
  return () => {
    alive = false;
    clearTimeout(changedTimer);
    destroyViewers();
    document.removeEventListener('keydown', onKey);
  };
}
