// Database kantor: where this PC keeps its data — the SQLite file on this computer, or the
// office's PostgreSQL server (host, port, database, login and its password). One card, built
// here, shown both in Pengaturan and, while the database cannot be opened, in a dialog on the
// sign-in screen, so an admin can fix a wrong connection from there. It has its own buttons and
// status line and is never part of the office settings' Save. The shell checks every field and
// dials the server; the choice takes effect at the next start. The password is only read from
// its input when a button is pressed and the input is emptied once it is saved.

import { S } from '../strings.js';
import { fieldBlocks, h, replace } from '../dom.js';

// The server fields in the order they are shown (and their refusals focused).
const FIELDS = ['host', 'port', 'database', 'user', 'password', 'tls', 'ca', 'owner', 'ownerPassword'];

/**
 * Builds the card. `inDialog`: no card frame, title or intro (the dialog has its own).
 * Returns `{ el, dispose }`; `dispose()` when the card leaves the screen.
 */
export function dbSettingsCard(api, { inDialog = false } = {}) {
  const t = S.db;
  let alive = true;
  const { inputs, msgs, block } = fieldBlocks('db');

  const text = (extra = {}) =>
    h('input', { type: 'text', class: 'input', autocomplete: 'off', spellcheck: 'false', ...extra });

  function kindChoice(kind, label, hint) {
    const input = h('input', { type: 'radio', name: 'db-kind', id: `db-kind-${kind}`, value: kind, onchange: showKind });
    const choice = h(
      'label',
      { class: 'check db-kind', for: input.id },
      input,
      h('span', { class: 'db-kind-text' }, h('span', {}, label), h('span', { class: 'hint' }, hint)),
    );
    return { input, choice };
  }
  const sqlite = kindChoice('sqlite', t.sqlite, t.sqliteHint);
  const postgres = kindChoice('postgres', t.postgres, t.postgresHint);

  const inUse = h('p', { class: 'db-in-use', id: 'db-in-use' });
  const status = h('p', { class: 'form-summary', role: 'status', id: 'db-status' });
  const test = h('button', { type: 'button', class: 'btn', id: 'db-test', disabled: true, onclick: runTest }, t.test);
  const save = h('button', { type: 'button', class: 'btn btn-primary', id: 'db-save', disabled: true, onclick: runSave }, t.save);
  const restart = h('button', { type: 'button', class: 'btn', id: 'db-restart', onclick: runRestart }, t.restart);
  const restartNote = h(
    'div',
    { class: 'db-restart', id: 'db-restart-note', hidden: true },
    h('p', { id: 'db-restart-text' }, t.restartNeeded),
    restart,
  );

  const server = h(
    'div',
    { class: 'db-server', id: 'db-server', hidden: true },
    h(
      'div',
      { class: 'field-row' },
      block('host', t.host, t.hostHint, text({ placeholder: '192.168.1.10' })),
      block('port', t.port, t.portHint, text({ inputmode: 'numeric', class: 'input input-short', placeholder: '5432' })),
    ),
    h(
      'div',
      { class: 'field-row' },
      block('database', t.database, t.databaseHint, text()),
      block('user', t.user, t.userHint, text()),
    ),
    h('div', { class: 'field-row' }, block('password', t.password, t.passwordHint, h('input', { type: 'password', class: 'input', autocomplete: 'new-password' }))),
  );

  // Keamanan koneksi, and the office's CA when the certificate is checked. The CA's text is read
  // and checked by the shell when it is chosen and sent back with the fields.
  let ca = null; // { name, pem } | null
  const tlsSelect = h(
    'select',
    { class: 'input', onchange: showTls },
    ['verify', 'require', 'off'].map((v) => h('option', { value: v }, t.tlsChoices[v])),
  );
  const tlsWarning = h('p', { class: 'db-tls-warning', id: 'db-tls-warning', role: 'note', hidden: true });
  const caName = h('span', { class: 'db-ca-name', id: 'db-ca-name' });
  const caClear = h('button', { type: 'button', class: 'link-btn', id: 'db-ca-clear', hidden: true, onclick: () => setCa(null) }, t.caClear);
  const caPick = h('button', { type: 'button', class: 'btn', onclick: runPickCa }, t.caPick);
  const caControl = h('div', { class: 'db-ca-control' }, caPick, h('span', { class: 'db-ca-chosen' }, caName, caClear));
  const caBlock = block('ca', t.ca, t.caHint, caControl);
  // The button is the field's control: it carries the id, the description and the focus.
  for (const attr of ['id', 'aria-describedby']) {
    caPick.setAttribute(attr, caControl.getAttribute(attr));
    caControl.removeAttribute(attr);
  }
  inputs.ca = caPick;
  server.append(
    h('div', { class: 'field-row' }, block('tls', t.tls, t.tlsHint, tlsSelect)),
    tlsWarning,
    h('div', { class: 'field-row db-ca-row', id: 'db-ca-row' }, caBlock),
  );

  function setCa(next) {
    ca = next;
    caName.textContent = ca ? ca.name || '(sertifikat)' : t.caNone;
    caName.classList.toggle('hint', !ca);
    caClear.hidden = !ca;
    msgs.ca.replaceChildren();
    caPick.removeAttribute('aria-invalid');
  }

  function showTls() {
    const choice = tlsSelect.value;
    caBlock.closest('.db-ca-row').hidden = choice !== 'verify';
    tlsWarning.hidden = choice === 'verify';
    tlsWarning.textContent = choice === 'off' ? t.tlsOffWarning : choice === 'require' ? t.tlsRequireWarning : '';
    tlsWarning.classList.toggle('is-danger', choice === 'off');
  }

  async function runPickCa() {
    msgs.ca.replaceChildren();
    try {
      const picked = await api.dbPickCa();
      if (alive && picked) setCa(picked);
    } catch (err) {
      if (alive) showRefusal(err);
    }
  }

  // What the database owner's login (typed for this only, kept nowhere) is asked for: moving this
  // PC's file onto a new, empty server (only while this PC runs on its file, never in the
  // dialog), or upgrading the server's schema when it is older than this Sinkron (also from the
  // sign-in screen, where such a desk is stopped).
  let ownerTask = null; // 'move' | 'upgrade' | null
  const move = h('button', { type: 'button', class: 'btn', id: 'db-move', disabled: true, onclick: runOwnerTask }, t.move);
  const ownerTitle = h('h3', {}, t.moveTitle);
  const ownerIntro = h('p', { class: 'hint' }, t.moveIntro);
  const moveBox = h(
    'div',
    { class: 'db-move', id: 'db-move-box', hidden: true },
    ownerTitle,
    ownerIntro,
    h(
      'div',
      { class: 'field-row' },
      block('owner', t.owner, t.ownerHint, text()),
      block('ownerPassword', t.ownerPassword, t.ownerPasswordHint, h('input', { type: 'password', class: 'input', autocomplete: 'off' })),
    ),
    h('div', { class: 'db-move-foot' }, move),
  );
  server.append(moveBox);

  // Enter in a server field tests the connection; it never submits a form around the card.
  server.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && e.target instanceof HTMLInputElement) {
      e.preventDefault();
      e.stopPropagation();
      if (!test.disabled) runTest();
    }
  });

  const body = [
    inUse,
    h('div', { class: 'field db-kinds', role: 'radiogroup', 'aria-label': t.kindLabel }, sqlite.choice, postgres.choice),
    server,
    restartNote,
    h('div', { class: 'db-foot' }, status, test, save),
  ];
  const el = inDialog
    ? h('div', { class: 'db-card', id: 'db-card' }, body)
    : h(
        'section',
        { class: 'card settings-card db-card', id: 'db-card', 'aria-labelledby': 'db-title' },
        h('h2', { id: 'db-title' }, t.title),
        h('p', { class: 'hint' }, t.intro),
        body,
      );

  function setStatus(message, tone = 'error') {
    status.textContent = message || '';
    status.classList.toggle('is-ok', tone === 'ok');
    status.classList.toggle('is-busy', tone === 'busy');
  }

  function clearMsgs() {
    for (const field of FIELDS) {
      msgs[field].replaceChildren();
      inputs[field].removeAttribute('aria-invalid');
    }
  }

  function showKind() {
    const pg = postgres.input.checked;
    server.hidden = !pg;
    test.hidden = !pg;
    save.textContent = pg ? t.save : t.saveLocal;
    clearMsgs();
    setStatus('');
  }

  /** Shows the settings as the shell has them now (the password input is always left empty). */
  function fill(settings) {
    const pg = settings.kind === 'postgres';
    postgres.input.checked = pg;
    sqlite.input.checked = !pg;
    const saved = settings.server || {};
    for (const field of ['host', 'port', 'database', 'user']) inputs[field].value = saved[field] ?? '';
    inputs.password.value = '';
    inputs.password.placeholder = settings.hasPassword ? t.passwordStored : '';
    tlsSelect.value = saved.tls || 'verify';
    setCa(saved.caPem ? { name: saved.caName, pem: saved.caPem } : null);
    showTls();
    const used = settings.inUse || {};
    replace(
      inUse,
      `${t.inUse}: `,
      h('strong', {}, t.kindName[used.kind] || used.kind || ''),
      used.label ? [' — ', h('span', { class: 'mono' }, used.label)] : null,
    );
    restartNote.hidden = !settings.restartNeeded;
    setOwnerTask(settings.schemaUpgrade ? 'upgrade' : !inDialog && used.kind === 'sqlite' ? 'move' : null);
    showKind();
  }

  /** What the owner's login is asked for here: 'move', 'upgrade' or nothing (hidden). */
  function setOwnerTask(task) {
    ownerTask = task;
    moveBox.hidden = !task;
    const upgrade = task === 'upgrade';
    ownerTitle.textContent = upgrade ? t.upgradeTitle : t.moveTitle;
    ownerIntro.textContent = upgrade ? t.upgradeIntro : t.moveIntro;
    move.textContent = upgrade ? t.upgrade : t.move;
    move.id = upgrade ? 'db-upgrade' : 'db-move';
    const hint = inputs.ownerPassword.closest('.field')?.querySelector('.hint');
    hint?.replaceChildren(upgrade ? t.ownerPasswordUpgradeHint : t.ownerPasswordHint);
  }

  function readServer() {
    return {
      host: inputs.host.value,
      port: inputs.port.value,
      database: inputs.database.value,
      user: inputs.user.value,
      tls: tlsSelect.value,
      caPem: ca?.pem ?? '',
      caName: ca?.name ?? '',
    };
  }

  /** Each field's refusal beside it; anything else (server down, wrong group…) in the status line. */
  function showRefusal(err) {
    const refusals = (err.more || []).filter((m) => msgs[m.field]);
    if (!refusals.length && err.field && msgs[err.field]) refusals.push(err);
    if (!refusals.length) {
      setStatus(err.message);
      return;
    }
    refusals.sort((a, b) => FIELDS.indexOf(a.field) - FIELDS.indexOf(b.field));
    for (const r of refusals) {
      replace(msgs[r.field], h('p', { class: 'msg msg-error', 'data-code': r.code || err.code }, r.message));
      inputs[r.field].setAttribute('aria-invalid', 'true');
    }
    setStatus(t.invalid);
    inputs[refusals[0].field].focus();
  }

  async function run(busyText, action) {
    test.disabled = true;
    save.disabled = true;
    move.disabled = true;
    clearMsgs();
    setStatus(busyText, 'busy');
    try {
      await action();
    } catch (err) {
      if (!alive) return;
      showRefusal(err);
      // A server older than this Sinkron: its upgrade is offered right here.
      if (err.code === 'db_server_too_old') setOwnerTask('upgrade');
    } finally {
      test.disabled = false;
      save.disabled = false;
      move.disabled = false;
    }
  }

  function runOwnerTask() {
    if (ownerTask === 'upgrade') {
      return run(t.upgrading, async () => {
        const out = await api.dbUpgrade(readServer(), inputs.owner.value, inputs.ownerPassword.value);
        inputs.ownerPassword.value = '';
        if (!alive) return;
        setStatus(out.message, 'ok');
        // The new schema is used from the next start.
        restartNote.querySelector('#db-restart-text').textContent = t.restartAfterUpgrade;
        restartNote.hidden = false;
        restart.focus();
      });
    }
    return run(t.moving, async () => {
      const out = await api.dbMove(readServer(), inputs.owner.value, inputs.ownerPassword.value);
      inputs.ownerPassword.value = '';
      if (alive) setStatus(out.message, 'ok');
    });
  }

  function runTest() {
    return run(t.testing, async () => {
      const out = await api.dbTest(readServer(), inputs.password.value);
      if (alive) setStatus(out.message, 'ok');
    });
  }

  function runSave() {
    if (!postgres.input.checked) {
      return run(t.saving, async () => {
        const next = await api.dbUseLocal();
        if (!alive) return;
        fill(next);
        setStatus(next.restartNeeded ? t.savedLocal : t.alreadyLocal, 'ok');
      });
    }
    return run(t.testing, async () => {
      const next = await api.dbSave(readServer(), inputs.password.value);
      if (!alive) return;
      fill(next);
      setStatus(next.kioskNext ? t.savedKiosk : t.saved, 'ok');
    });
  }

  async function runRestart() {
    restart.disabled = true;
    restart.textContent = t.restarting;
    try {
      await api.appRestart();
    } catch (err) {
      if (!alive) return;
      restart.disabled = false;
      restart.textContent = t.restart;
      setStatus(err.message);
    }
  }

  setStatus(t.loading, 'busy');
  api
    .dbSettings()
    .then((settings) => {
      if (!alive) return;
      fill(settings);
      test.disabled = false;
      save.disabled = false;
      move.disabled = false;
      // In the dialog the first radio had the focus before anything was chosen: the chosen one takes it.
      if (inDialog && el.contains(document.activeElement)) (postgres.input.checked ? postgres.input : sqlite.input).focus();
    })
    .catch((err) => alive && setStatus(err.message));

  return {
    el,
    dispose() {
      alive = false;
    },
  };
}
