// Akun Petugas (admin): every operator account with its role and state; create an account,
// change a role, disable or enable, set a new password. The shell refuses all of it to anyone
// but an admin, and the core keeps at least one active admin.

import { S } from '../strings.js';
import { h, replace } from '../dom.js';
import { openDialog } from '../dialog.js';

export function mount(container, ctx) {
  const t = S.accounts;
  let alive = true;
  const tbody = h('tbody', { id: 'accounts-body' });

  function input(id, label, attrs = {}) {
    const el = h('input', { class: 'input', id, autocomplete: 'off', ...attrs });
    return { el, nodes: [h('label', { for: id }, label), el] };
  }

  async function create() {
    const username = input('a-username', S.gate.username);
    const display = input('a-display', S.gate.displayName);
    const role = h('select', { class: 'input', id: 'a-role' }, h('option', { value: 'petugas' }, S.nav.roles.petugas), h('option', { value: 'admin' }, S.nav.roles.admin));
    const password = input('a-password', S.gate.password, { type: 'password' });
    const again = input('a-again', S.gate.again, { type: 'password' });
    const done = await openDialog({
      id: 'account',
      title: t.create,
      intro: S.gate.passwordHint,
      fields: [...username.nodes, ...display.nodes, h('label', { for: 'a-role' }, t.role), role, ...password.nodes, ...again.nodes],
      confirmLabel: t.create,
      onConfirm: () => ctx.api.createOperator(username.el.value, display.el.value, role.value, password.el.value, again.el.value),
    });
    if (done) load();
  }

  async function reset(op) {
    const password = input('r-password', S.gate.password, { type: 'password' });
    const again = input('r-again', S.gate.again, { type: 'password' });
    const done = await openDialog({
      id: 'reset',
      title: t.resetFor(op.displayName),
      intro: S.gate.passwordHint,
      fields: [...password.nodes, ...again.nodes],
      confirmLabel: t.reset,
      onConfirm: () => ctx.api.resetPassword(op.id, password.el.value, again.el.value),
    });
    if (done) ctx.showNotice(t.resetDone(op.displayName));
  }

  async function change(fn) {
    try {
      await fn();
      load();
    } catch (err) {
      ctx.showError(err);
    }
  }

  function row(op) {
    return h(
      'tr',
      { 'data-id': op.id, class: op.active ? '' : 'is-inactive' },
      h('td', { class: 'mono' }, op.username),
      h('td', {}, op.displayName),
      h('td', {}, S.nav.roles[op.role] || op.role),
      h('td', {}, op.active ? t.active : t.inactive),
      h(
        'td',
        {},
        h(
          'div',
          { class: 'row-actions' },
        h('button', { type: 'button', class: 'btn btn-small', onclick: () => change(() => ctx.api.setOperatorRole(op.id, op.role === 'admin' ? 'petugas' : 'admin')) }, op.role === 'admin' ? t.makePetugas : t.makeAdmin),
        h('button', { type: 'button', class: 'btn btn-small', 'data-act': 'toggle', onclick: () => change(() => ctx.api.setOperatorActive(op.id, !op.active)) }, op.active ? t.disable : t.enable),
          h('button', { type: 'button', class: 'btn btn-small', onclick: () => reset(op) }, t.reset),
        ),
      ),
    );
  }

  async function load() {
    try {
      const ops = await ctx.api.listOperators();
      if (alive) replace(tbody, ops.map(row));
    } catch (err) {
      if (alive) ctx.showError(err);
    }
  }

  replace(
    container,
    h(
      'section',
      { class: 'view-list', 'aria-labelledby': 'accounts-title' },
      h(
        'header',
        { class: 'view-head view-head-row' },
        h('div', {}, h('h1', { id: 'accounts-title' }, t.title), h('p', { class: 'view-sub' }, t.subtitle)),
        h('div', { class: 'toolbar' }, h('button', { type: 'button', class: 'btn btn-primary', id: 'btn-new-account', onclick: create }, t.create)),
      ),
      h(
        'div',
        { class: 'panel' },
        h(
          'div',
          { class: 'grid-scroll' },
          h(
            'table',
            { class: 'grid' },
            h('thead', {}, h('tr', {}, [[t.cols.username, 'col-user'], [t.cols.name, ''], [t.cols.role, 'col-role'], [t.cols.state, 'col-role'], ['', 'col-actions-head']].map(([c, cls]) => h('th', { scope: 'col', class: cls }, c)))),
            tbody,
          ),
        ),
      ),
    ),
  );
  load();
  return () => {
    alive = false;
  };
}
