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
  const label = (c) => [c.taken, c.size, c.encrypted ? t.encrypted : null].filter(Boolean).join(' · ');
  const pick = h('select', { class: 'input', id: 'restore-copy', onchange: showPassphrase }, copies.map((c) => h('option', { value: c.name }, label(c))));
  const user = h('input', { type: 'text', class: 'input', id: 'restore-username', autocomplete: 'username' });
  const pass = h('input', { type: 'password', class: 'input', id: 'restore-password', autocomplete: 'current-password' });
  const phrase = h('input', { type: 'password', class: 'input', id: 'restore-passphrase', autocomplete: 'off' });
  const phraseField = h(
    'div',
    { class: 'field', id: 'restore-passphrase-field' },
    h('div', { class: 'field-head' }, h('label', { for: phrase.id }, t.restorePassphrase)),
    h('div', { class: 'hint' }, t.restorePassphraseHint),
    phrase,
  );
  function showPassphrase() {
    phraseField.hidden = !copies.find((c) => c.name === pick.value)?.encrypted;
  }
  showPassphrase();
  let done = null;
  const confirmed = await openDialog({
    id: 'restore',
    title: t.restoreTitle,
    intro: t.restoreIntro,
    fields: [field(t.restoreCopy, pick), phraseField, h('div', { class: 'field-row' }, field(t.restoreUser, user), field(t.restorePassword, pass))],
    confirmLabel: t.restoreConfirm,
    danger: true,
    wide: true,
    focusOnError: (err) => {
      if (err.code === 'backup_passphrase_needed' || err.code === 'backup_wrong_passphrase') {
        phraseField.hidden = false;
        return phrase;
      }
      return pass;
    },
    onConfirm: async () => {
      done = await api.backupRestore(pick.value, user.value, pass.value, phraseField.hidden ? null : phrase.value);
    },
  });
  if (!confirmed || !done) return;
  await openDialog({ id: 'restored', title: t.restoredTitle, intro: done.message, closeLabel: t.restart });
  await api.appRestart();
}

/**
 * "Enkripsi cadangan…": the passphrase typed twice, after the warning that a lost passphrase
 * means lost backups, and a tick that it was written down. Resolves with the card's new state,
 * or null when closed.
 */
async function encryptDialog(api) {
  const t = S.backup;
  const input = (id) => h('input', { type: 'password', class: 'input', id, autocomplete: 'new-password' });
  const phrase = input('backup-passphrase');
  const repeat = input('backup-passphrase-repeat');
  const ack = h('input', { type: 'checkbox', id: 'backup-passphrase-ack' });
  // Each refusal beside its field (the shell names the field), the summary in the dialog.
  const msgs = {
    passphrase: h('div', { class: 'msgs', id: 'backup-passphrase-msg', 'aria-live': 'polite' }),
    repeat: h('div', { class: 'msgs', id: 'backup-passphrase-repeat-msg', 'aria-live': 'polite' }),
  };
  const field = (label, hint, control, msg) =>
    h('div', { class: 'field' }, h('div', { class: 'field-head' }, h('label', { for: control.id }, label)), hint ? h('div', { class: 'hint' }, hint) : null, control, msg);
  let view = null;
  await openDialog({
    id: 'encrypt-dialog',
    title: t.encryptTitle,
    intro: t.encryptIntro,
    fields: [
      h('div', { class: 'field-row' }, field(t.passphrase, t.passphraseHint, phrase, msgs.passphrase), field(t.passphraseRepeat, null, repeat, msgs.repeat)),
      h('label', { class: 'check', for: ack.id }, ack, h('span', {}, t.passphraseAck)),
    ],
    confirmLabel: t.encryptConfirm,
    wide: true,
    focusOnError: (err) => (err.field === 'repeat' ? repeat : err.field === 'ack' ? ack : phrase),
    onConfirm: async () => {
      for (const msg of Object.values(msgs)) msg.replaceChildren();
      if (!ack.checked) throw { field: 'ack', message: t.passphraseAckNeeded };
      try {
        view = await api.backupSetPassphrase(phrase.value, repeat.value);
      } catch (err) {
        for (const m of err.more || []) {
          if (msgs[m.field]) replace(msgs[m.field], h('p', { class: 'msg msg-error', 'data-code': m.code }, m.message));
        }
        throw err;
      }
      phrase.value = '';
      repeat.value = '';
    },
  });
  return view;
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
  const encrypt = h('button', { type: 'button', class: 'btn', id: 'backup-encrypt', hidden: true, onclick: runEncrypt }, t.encryptSet);
  const encryptOff = h('button', { type: 'button', class: 'btn', id: 'backup-encrypt-off', hidden: true, onclick: runEncryptOff }, t.encryptOff);
  const retention = h('p', { class: 'hint', id: 'backup-retention' });
  // While a backup runs (an admin's, the daily or the closing one): its step and how far.
  const progressBar = h('progress', { id: 'backup-progress-bar', max: 100 });
  const progressText = h('span', { id: 'backup-progress-text' });
  const progress = h('div', { class: 'backup-progress', id: 'backup-progress', hidden: true, role: 'status' }, progressText, progressBar);
  let poll = null;
  const foot = h('div', { class: 'db-foot' }, status, restore, choose, now);
  const el = h(
    'section',
    { class: 'card settings-card backup-card', id: 'backup-card', 'aria-labelledby': 'backup-title' },
    h('h2', { id: 'backup-title' }, t.title),
    h('p', { class: 'hint' }, t.intro),
    warning,
    facts,
    retention,
    progress,
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
      row(t.latest, latest ? h('span', { id: 'backup-latest' }, [latest.taken, latest.size, latest.encrypted ? t.encrypted : null].filter(Boolean).join(' · ')) : t.none),
      row(t.count, String(view.copies)),
      row(
        t.encryption,
        h('span', { class: 'backup-encryption' }, h('span', { id: 'backup-encryption', class: view.encrypted ? '' : 'warn-text' }, view.encrypted ? t.encryptionOn : view.fileEncrypted ? t.encryptionOffKeyed : t.encryptionOff), encrypt, encryptOff),
      ),
    );
    encrypt.hidden = view.encrypted;
    encryptOff.hidden = !view.encrypted;
    replace(warning, view.warning ? h('p', { class: 'msg msg-error', 'data-code': 'backup_warning' }, view.warning) : null);
    retention.textContent = view.retention;
    foot.hidden = false;
    now.disabled = !view.folder || view.running;
    choose.disabled = false;
    copies = view.all || [];
    restore.disabled = !copies.length || view.running;
    if (view.running) setStatus(t.running, 'busy');
    showProgress(view.running ? view.progress : null);
  }

  function showProgress(now) {
    clearTimeout(poll);
    progress.hidden = !now;
    if (!now) return;
    const known = now.percent !== null && now.percent !== undefined;
    progressText.textContent = known ? `${now.step}… ${now.percent}%` : `${now.step}…`;
    if (known) progressBar.value = now.percent;
    else progressBar.removeAttribute('value');
    if (alive) poll = setTimeout(() => refresh(false), 700);
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

  async function runEncrypt() {
    try {
      const view = await encryptDialog(api);
      if (alive && view) {
        show(view);
        setStatus(t.encryptDone, 'ok');
      }
    } catch (err) {
      if (alive) setStatus(err.message);
    }
  }

  async function runEncryptOff() {
    let view = null;
    await openDialog({
      id: 'encrypt-off-dialog',
      title: t.encryptOffTitle,
      intro: t.encryptOffIntro,
      confirmLabel: t.encryptOffConfirm,
      danger: true,
      onConfirm: async () => {
        view = await api.backupClearPassphrase();
      },
    });
    if (alive && view) {
      show(view);
      setStatus(t.encryptOffDone, 'ok');
    }
  }

  function runNow() {
    return act(t.running, async () => {
      const running = api.backupNow();
      // The card follows the backup's steps while it runs.
      poll = setTimeout(() => refresh(false), 300);
      const done = await running;
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
      clearTimeout(poll);
    },
  };
}
