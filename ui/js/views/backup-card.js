// Cadangan data: where this PC's copies of its SQLite file go, when the last good one was made,
// and "Cadangkan sekarang". The shell takes, checks and thins the copies (and takes the daily
// one by itself); this card only shows what it says. On the office's server there is nothing
// to do here: the server's copies are made there.

import { S } from '../strings.js';
import { h, replace } from '../dom.js';
import { openDialog } from '../dialog.js';

/**
 * "Pulihkan": choose one of `copies` (newest first), an admin's user name and password, confirm;
 * the shell verifies the copy, keeps the file in use aside and puts the copy in place; then
 * Sinkron starts again. Used by the card and by the sign-in screen of a damaged file.
 */
export async function restoreDialog(api, copies) {
  const t = S.backup;
  const field = (label, control) =>
    h('div', { class: 'field' }, h('div', { class: 'field-head' }, h('label', { for: control.id }, label)), control);
  const pick = h('select', { class: 'input', id: 'restore-copy' }, copies.map((c) => h('option', { value: c.name }, `${c.taken} · ${c.size}`)));
  const user = h('input', { type: 'text', class: 'input', id: 'restore-username', autocomplete: 'username' });
  const pass = h('input', { type: 'password', class: 'input', id: 'restore-password', autocomplete: 'current-password' });
  let done = null;
  const confirmed = await openDialog({
    id: 'restore',
    title: t.restoreTitle,
    intro: t.restoreIntro,
    fields: [field(t.restoreCopy, pick), h('div', { class: 'field-row' }, field(t.restoreUser, user), field(t.restorePassword, pass))],
    confirmLabel: t.restoreConfirm,
    danger: true,
    wide: true,
    focusOnError: () => pass,
    onConfirm: async () => {
      done = await api.backupRestore(pick.value, user.value, pass.value);
    },
  });
  if (!confirmed || !done) return;
  await openDialog({ id: 'restored', title: t.restoredTitle, intro: done.message, closeLabel: t.restart });
  await api.appRestart();
}

/** Builds the card. Returns `{ el, dispose }`. */
export function backupCard(api) {
  const t = S.backup;
  let alive = true;
  const facts = h('dl', { class: 'facts-list', id: 'backup-facts' });
  const warning = h('div', { class: 'msgs', id: 'backup-warning', 'aria-live': 'polite' });
  const status = h('p', { class: 'form-summary', role: 'status', id: 'backup-status' });
  const choose = h('button', { type: 'button', class: 'btn', id: 'backup-folder', disabled: true, onclick: runChoose }, t.choose);
  const now = h('button', { type: 'button', class: 'btn btn-primary', id: 'backup-now', disabled: true, onclick: runNow }, t.now);
  let copies = [];
  const restore = h('button', { type: 'button', class: 'btn', id: 'backup-restore', disabled: true, onclick: () => restoreDialog(api, copies).catch((err) => alive && setStatus(err.message)) }, t.restore);
  const retention = h('p', { class: 'hint', id: 'backup-retention' });
  const foot = h('div', { class: 'db-foot' }, status, restore, choose, now);
  const el = h(
    'section',
    { class: 'card settings-card backup-card', id: 'backup-card', 'aria-labelledby': 'backup-title' },
    h('h2', { id: 'backup-title' }, t.title),
    h('p', { class: 'hint' }, t.intro),
    warning,
    facts,
    retention,
    foot,
  );

  function setStatus(message, tone = 'error') {
    status.textContent = message || '';
    status.classList.toggle('is-ok', tone === 'ok');
    status.classList.toggle('is-busy', tone === 'busy');
  }

  function row(label, value, cls = '') {
    return [h('dt', {}, label), h('dd', { class: cls }, value)];
  }

  function show(view) {
    if (view.kind === 'postgres') {
      replace(facts, row(t.where, t.onServer, 'prose'));
      replace(warning);
      retention.textContent = '';
      foot.hidden = true;
      return;
    }
    const latest = view.latest;
    replace(
      facts,
      row(t.folder, view.folder ? h('span', { class: 'path-text', id: 'backup-folder-path' }, view.folder) : t.noFolder),
      row(t.latest, latest ? h('span', { id: 'backup-latest' }, `${latest.taken} · ${latest.size}`) : t.none),
      row(t.count, String(view.copies)),
    );
    replace(warning, view.warning ? h('p', { class: 'msg msg-error', 'data-code': 'backup_warning' }, view.warning) : null);
    retention.textContent = view.retention;
    foot.hidden = false;
    now.disabled = !view.folder || view.running;
    choose.disabled = false;
    copies = view.all || [];
    restore.disabled = !copies.length || view.running;
    if (view.running) setStatus(t.running, 'busy');
  }

  async function act(busy, action) {
    choose.disabled = true;
    now.disabled = true;
    restore.disabled = true;
    setStatus(busy, 'busy');
    try {
      await action();
    } catch (err) {
      if (alive) setStatus(err.message);
    } finally {
      if (alive) refresh(false);
    }
  }

  function runChoose() {
    return act(t.choosing, async () => {
      const view = await api.backupChooseFolder();
      if (alive) setStatus(view ? t.chosen : '', 'ok');
    });
  }

  function runNow() {
    return act(t.running, async () => {
      const done = await api.backupNow();
      if (alive) setStatus(done.message, 'ok');
    });
  }

  function refresh(clearStatus = true) {
    return api
      .backupState()
      .then((view) => {
        if (!alive) return;
        if (clearStatus) setStatus('');
        show(view);
      })
      .catch((err) => alive && setStatus(err.message));
  }

  setStatus(t.loading, 'busy');
  refresh();
  return {
    el,
    dispose() {
      alive = false;
    },
  };
}
