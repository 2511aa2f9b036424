// Log Audit (admin): who saw and did what — sign-ins, opened requests and photos, every change,
// export and settings change — newest first, filtered by person, action, registration number
// and dates. The rows are append-only in the database; this screen only reads them.

import { S } from '../strings.js';
import { h, replace } from '../dom.js';

const PAGE = 100;

export function mount(container, ctx) {
  const t = S.audit;
  let alive = true;
  let rows = [];
  const tbody = h('tbody', { id: 'audit-body' });
  const who = h('select', { class: 'input select', id: 'audit-who', 'aria-label': t.who }, h('option', { value: '' }, t.everyone));
  const action = h(
    'select',
    { class: 'input select', id: 'audit-action', 'aria-label': t.action },
    h('option', { value: '' }, t.allActions),
    Object.entries(t.actions).map(([code, label]) => h('option', { value: code }, label)),
  );
  const reg = h('input', { type: 'search', class: 'input', id: 'audit-reg', placeholder: t.regPlaceholder, 'aria-label': t.reg });
  const from = h('input', { type: 'date', class: 'input', id: 'audit-from', 'aria-label': t.from });
  const to = h('input', { type: 'date', class: 'input', id: 'audit-to', 'aria-label': t.to });
  // Whether the rows are as Sinkron wrote them (on this PC's file; the server guards its own).
  const chain = h('p', { class: 'msg', id: 'audit-chain', role: 'status' });
  const more = h('button', { type: 'button', class: 'btn', id: 'audit-more', hidden: true, onclick: () => load(true) }, S.list.more);

  function filter(append) {
    const f = { limit: PAGE };
    if (who.value) f.operatorId = Number(who.value);
    if (action.value.trim()) f.action = action.value.trim();
    if (append && rows.length) f.beforeId = rows[rows.length - 1].id;
    return f;
  }

  function row(e) {
    return h(
      'tr',
      {},
      h('td', { class: 'col-created' }, e.atDisplay),
      h('td', {}, e.operatorName || '—', e.role ? h('span', { class: 'muted' }, ` · ${e.role}`) : null),
      h('td', { class: 'muted' }, e.workstation || ''),
      h('td', {}, t.actions[e.action] || e.action),
      h('td', { class: 'mono' }, e.regNumber || ''),
      h('td', { class: 'muted' }, e.detail || ''),
    );
  }

  async function load(append = false) {
    try {
      const page = await ctx.api.auditLog(filter(append), from.value || null, to.value || null, reg.value.trim() || null);
      if (!alive) return;
      rows = append ? rows.concat(page) : page;
      replace(tbody, rows.map(row));
      more.hidden = page.length < PAGE;
    } catch (err) {
      if (alive) ctx.showError(err);
    }
  }

  for (const el of [who, action, from, to]) el.addEventListener('change', () => load());
  reg.addEventListener('change', () => load());
  reg.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') load();
  });

  replace(
    container,
    h(
      'section',
      { class: 'view-list', 'aria-labelledby': 'audit-title' },
      h('header', { class: 'view-head' }, h('h1', { id: 'audit-title' }, t.title), h('p', { class: 'view-sub' }, t.subtitle)),
      chain,
      h('div', { class: 'toolbar audit-filters' }, who, action, reg, h('label', { class: 'muted', for: 'audit-from' }, t.from), from, h('label', { class: 'muted', for: 'audit-to' }, t.to), to),
      h(
        'div',
        { class: 'panel list-panel' },
        h(
          'div',
          { class: 'grid-scroll' },
          h(
            'table',
            { class: 'grid' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                [
                  [t.cols.at, 'a-at'],
                  [t.cols.who, 'a-who'],
                  [t.cols.workstation, 'a-ws'],
                  [t.cols.action, 'a-act'],
                  [t.cols.request, 'a-req'],
                  [t.cols.detail, ''],
                ].map(([c, cls]) => h('th', { scope: 'col', class: cls }, c)),
              ),
            ),
            tbody,
          ),
        ),
      ),
      h('footer', { class: 'pager' }, h('span', { class: 'pager-spacer' }), more),
    ),
  );
  ctx.api
    .listOperators()
    .then((ops) => {
      for (const op of ops) who.appendChild(h('option', { value: op.id }, `${op.displayName} (${op.username})`));
    })
    .catch(() => {});
  ctx.api
    .auditChain()
    .then((c) => {
      if (!alive || !c) return;
      if (c.state === 'broken') {
        chain.className = 'msg msg-error';
        chain.textContent = t.chainBroken(c.row, c.why);
      } else {
        chain.className = 'msg muted';
        chain.textContent = t.chainIntact(c.chained, c.beforeChain);
      }
    })
    .catch((err) => {
      if (alive) ctx.showError(err);
    });
  load();
  return () => {
    alive = false;
  };
}
