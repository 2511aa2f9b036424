// The gate in front of the app: first-run setup of the first administrator, sign-in, and the
// blank lock screen of an idle session (signing in again returns to the same screen). The
// shell decides who is signed in and what they may do; this only asks and shows its answers.
// When the database itself cannot be opened (a wrong server, a kiosk's login on a desk, no
// Sinkron tables yet), sign-in offers the Database kantor card in a dialog so an admin can fix
// the connection or go back to the file on this computer, then restart.

import { S } from '../strings.js';
import { h, replace } from '../dom.js';
import { openDialog } from '../dialog.js';
import { dbSettingsCard } from './db-settings.js';
import { restoreDialog } from './backup-card.js';

// Refusals that mean the database cannot be opened: the connection (or, for a server older than
// this Sinkron, the server's schema) needs an admin's hand. A desk older than the server
// (`db_desk_too_old`) needs a newer Sinkron instead, which its message says.
const DB_CODES = new Set([
  'storage_unavailable', 'db_unreachable', 'db_kiosk_login', 'db_not_installed', 'db_server_too_old',
  'db_config_unreadable',
]);

// Where an account refusal is shown, by its code.
const FIELD_OF = {
  account_bad_username: 'username',
  auth_username_taken: 'username',
  account_bad_display_name: 'displayName',
  account_password_too_short: 'password',
  account_password_too_long: 'password',
  account_password_is_username: 'password',
  account_passwords_differ: 'again',
};

function gateEl() {
  return document.getElementById('gate');
}

function field(id, label, hint, attrs = {}) {
  const input = h('input', {
    class: 'input',
    id,
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': `${id}-hint ${id}-msg`,
    ...attrs,
  });
  const msg = h('div', { class: 'msgs', id: `${id}-msg`, 'aria-live': 'polite' });
  return {
    input,
    msg,
    el: h('div', { class: 'field' }, h('label', { for: id }, label), hint ? h('div', { class: 'hint', id: `${id}-hint` }, hint) : null, input, msg),
  };
}

function showMsg(f, err) {
  replace(f.msg, err ? h('p', { class: 'msg msg-error', 'data-code': err.code }, err.message) : null);
  if (err) f.input.setAttribute('aria-invalid', 'true');
  else f.input.removeAttribute('aria-invalid');
}

function open(card, blank = false) {
  const gate = gateEl();
  gate.classList.toggle('gate-lock', blank);
  replace(gate, card);
  gate.hidden = false;
  document.getElementById('app-frame').setAttribute('inert', '');
  // For `cargo xtask bench-ui`: when the page first offered its sign-in (or setup) card.
  performance.mark('sinkron:gate');
}

/** Removes the gate and gives the app back. */
export function closeGate() {
  const gate = gateEl();
  gate.hidden = true;
  gate.replaceChildren();
  document.getElementById('app-frame').removeAttribute('inert');
}

/** First start on an empty database: create the first administrator. */
export function firstRun(ctx, onDone) {
  const t = S.gate;
  const fields = {
    username: field('g-username', t.username, t.usernameHint),
    displayName: field('g-display', t.displayName, t.displayNameHint),
    password: field('g-password', t.password, t.passwordHint, { type: 'password' }),
    again: field('g-again', t.again, null, { type: 'password' }),
  };
  const general = h('p', { class: 'form-summary', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-wide', id: 'g-submit' }, t.create);
  const form = h(
    'form',
    {
      class: 'gate-card card',
      novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        submit.disabled = true;
        for (const f of Object.values(fields)) showMsg(f, null);
        general.textContent = '';
        try {
          const op = await ctx.api.firstRunSetup(
            fields.username.input.value,
            fields.displayName.input.value,
            fields.password.input.value,
            fields.again.input.value,
          );
          closeGate();
          onDone(op);
        } catch (err) {
          const f = fields[FIELD_OF[err.code]];
          if (f) {
            showMsg(f, err);
            f.input.focus();
          } else {
            general.textContent = err.message;
          }
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('div', { class: 'gate-brand' }, h('img', { src: 'img/logo.svg', alt: '', width: 40, height: 40 }), h('div', {}, h('div', { class: 'gate-app' }, S.appName), h('div', { class: 'gate-service' }, S.serviceName))),
    h('h1', {}, t.firstRunTitle),
    h('p', { class: 'gate-intro' }, t.firstRunIntro),
    Object.values(fields).map((f) => f.el),
    general,
    submit,
  );
  open(h('div', { class: 'gate-wrap' }, form));
  fields.username.input.focus();
}

/** The Database kantor card in a dialog, over the gate. */
async function dbSetup(ctx) {
  const card = dbSettingsCard(ctx.api, { inDialog: true });
  await openDialog({
    id: 'db-setup',
    title: S.gate.dbSetupTitle,
    intro: S.gate.dbSetupIntro,
    fields: [card.el],
    closeLabel: S.gate.dbSetupClose,
    wide: true,
  });
  card.dispose();
}

/**
 * Sign-in. `locked`: the operator whose idle screen this is (the app stays as it was behind).
 * `problem`: why the session could not be read (shown on the card, with the way to the
 * database connection when that is the cause).
 */
export function signIn(ctx, onDone, locked = null, problem = null) {
  const t = S.gate;
  const username = field('g-username', t.username, null, { autocomplete: 'username' });
  const password = field('g-password', t.password, null, { type: 'password', autocomplete: 'current-password' });
  if (locked) {
    username.input.value = locked.username;
    username.input.readOnly = true;
  }
  const general = h('div', { class: 'msgs', id: 'g-general', 'aria-live': 'assertive' });
  const submit = h('button', { type: 'submit', class: 'btn btn-primary btn-wide', id: 'g-submit' }, locked ? t.unlock : t.signIn);
  const setup = h('button', { type: 'button', class: 'btn btn-wide', id: 'btn-db-setup', hidden: true, onclick: () => dbSetup(ctx) }, t.dbSetup);
  const restore = h(
    'button',
    {
      type: 'button',
      class: 'btn btn-wide',
      id: 'btn-restore',
      hidden: true,
      onclick: async () => {
        try {
          const view = await ctx.api.backupState();
          if (!view.all || !view.all.length) {
            replace(general, h('p', { class: 'msg msg-error' }, view.warning || S.backup.noCopies));
            return;
          }
          await restoreDialog(ctx.api, view.all);
        } catch (err) {
          replace(general, h('p', { class: 'msg msg-error', 'data-code': err.code }, err.message));
        }
      },
    },
    S.backup.restoreFromGate,
  );
  function showProblem(err) {
    replace(general, h('p', { class: 'msg msg-error', 'data-code': err.code }, err.message));
    if (DB_CODES.has(err.code)) setup.hidden = false;
    // A damaged file, or one whose key this account lacks: where it is, to give to IT (the
    // message says so), and the restore.
    if (err.code === 'storage_damaged' || err.code === 'storage_encryption') {
      ctx.api
        .about()
        .then((info) => info.dbPath && general.append(h('p', { class: 'msg path-text', id: 'g-db-path' }, info.dbPath)))
        .catch(() => {});
      restore.hidden = false;
    }
  }
  const other = locked
    ? h(
        'button',
        {
          type: 'button',
          class: 'btn btn-quiet btn-wide',
          id: 'g-other',
          onclick: async () => {
            try {
              await ctx.api.signOut();
            } catch {
              /* the session may already be gone */
            }
            ctx.restart();
          },
        },
        t.otherUser,
      )
    : null;
  const form = h(
    'form',
    {
      class: 'gate-card card',
      novalidate: true,
      onsubmit: async (e) => {
        e.preventDefault();
        submit.disabled = true;
        replace(general);
        try {
          const op = await ctx.api.signIn(username.input.value, password.input.value);
          closeGate();
          onDone(op);
        } catch (err) {
          showProblem(err);
          password.input.value = '';
          password.input.focus();
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('div', { class: 'gate-brand' }, h('img', { src: 'img/logo.svg', alt: '', width: 40, height: 40 }), h('div', {}, h('div', { class: 'gate-app' }, S.appName), h('div', { class: 'gate-service' }, S.serviceName))),
    h('h1', {}, locked ? t.lockedTitle : t.signInTitle),
    locked ? h('p', { class: 'gate-intro' }, t.lockedIntro(locked.displayName)) : null,
    username.el,
    password.el,
    general,
    submit,
    restore,
    setup,
    other,
  );
  open(h('div', { class: 'gate-wrap' }, form), !!locked);
  if (problem) showProblem(problem);
  // The file is checked for damage beside this screen: a damaged one is told here as soon as
  // it is found, with the restore (nothing is written to it meanwhile).
  else if (!locked) ctx.api.storageCheck().catch((err) => form.isConnected && showProblem(err));
  (locked ? password : username).input.focus();
}
