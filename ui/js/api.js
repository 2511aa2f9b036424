// The one module that talks to the Sinkron shell. Nothing else touches window.__TAURI__.
// Every call resolves with the command's value or rejects with an error payload
// `{ code, message, field?, check? }` (message in Indonesian, safe to show).

import { S } from './strings.js';

function bridge() {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.core || typeof tauri.core.invoke !== 'function') {
    return null;
  }
  return tauri.core;
}

function toPayload(err) {
  if (err && typeof err === 'object' && typeof err.code === 'string') {
    return {
      code: err.code,
      message: typeof err.message === 'string' && err.message ? err.message : S.errors.generic,
      field: err.field ?? null,
      check: err.check ?? null,
      more: Array.isArray(err.more) ? err.more.map(toPayload) : [],
    };
  }
  // Anything else (a refused permission, a bug) is not for the operator's eyes verbatim.
  console.error('sinkron: unexpected command error', err);
  return { code: 'internal', message: S.errors.generic, field: null, check: null, more: [] };
}

const SESSION_CODES = new Set(['session_locked', 'session_required', 'session_ended']);
let sessionLost = () => {};

/** Called with the code when a command is refused because the session is locked or gone. */
export function onSessionLost(fn) {
  sessionLost = fn;
}

async function call(cmd, args, options) {
  const core = bridge();
  if (!core) {
    throw { code: 'no_bridge', message: S.errors.noBridge, field: null, check: null, more: [] };
  }
  try {
    return await core.invoke(cmd, args, options);
  } catch (err) {
    const payload = toPayload(err);
    if (SESSION_CODES.has(payload.code)) sessionLost(payload.code);
    throw payload;
  }
}

/** Checks the whole form; resolves with `{ ok, fields: { name, nik, kk, problem, wa } }`. */
export const check = (input) => call('check', { input });

/**
 * Saves a request with the two photos held for this window. Resolves with
 * `{ outcome: 'saved', id, regNumber, checkCode }` or, when the NIK already has open requests and
 * `allowDuplicate` is not set, `{ outcome: 'duplicates', requests: [{ id, regNumber, status }] }`.
 * Rejects with `form_invalid` (`check`, and missing photos in `more`) or a photo code with `field`.
 */
export const saveRequest = (input, allowDuplicate = false) =>
  call('save_request', { input, allowDuplicate });

/** A page of the queue: `{ items, nextCursor, counts }`; query `{ status, search, sort, cursor, limit }`. */
export const queue = (query) => call('queue', { query });

/** Everything the detail view shows of one request, with `photos[]` carrying their URLs. */
export const requestDetail = (id) => call('request_detail', { id });

/** Applies an action (`{ kind: 'approve' }`, `{ kind: 'record_step', step: 'sinkronisasi_dwh' }` …). */
export const act = (id, version, action, note, cancelReason) => call('act', { id, version, action, note: note || null, cancelReason: cancelReason || null });

/** Corrects a typed field (`name`, `nik`, `kk`, `problem`, `wa`) with a reason. */
export const correctField = (id, version, field, value, reason) =>
  call('correct_field', { id, version, field, value, reason });

/** The Rekap of a period (`{ kind: 'this_month' }`, `{ kind: 'custom', from, to }`, …). */
export const rekap = (period) => call('rekap', { period });
export const exportRekap = (period) => call('export_rekap', { period });

/** Replaces the stored photo of `kind` with the one held for it (`pickPhoto(kind, true)`), for a
 * reason; resolves with `{ status, version }`. */
export const replacePhoto = (id, version, kind, reason) =>
  call('replace_photo', { id, version, kind, reason });

/** Replaces the NIK yang disinkronkan; resolves with the list as stored. */
export const setSyncNiks = (id, niks) => call('set_sync_niks', { id, niks });

/** Opens the WhatsApp notice for the current status; resolves with `{ text, link, status }`. */
export const sendWa = (id) => call('send_wa', { id });

/** A new check code for the request and its receipt; the old code stops working. */
export const reprintReceipt = (id) => call('reprint_receipt', { id });

/** Records the case file's print (audited); resolves with `{ officeName, printedAtDisplay, printedBy }`. */
export const printCaseFile = (id) => call('print_case_file', { id });

/** Every account's name for the list's Petugas filter: `[{ id, displayName, active }]`. */
export const queueOperators = () => call('queue_operators');
/** The whole list as filtered, to print: `{ items, truncated, max, atDisplay }`. */
export const wholeList = (query) => call('whole_list', { query });
/** The whole list saved as XLSX: `{ count, truncated, fileName }` (`fileName` null: cancelled). */
export const exportList = (query, title) => call('export_list', { query, title });

/** This PC's receipt paper: `{ receiptPaper: '58' | '80' | 'a4' }`. */
export const printSettings = () => call('print_settings');
export const savePrintSettings = (receiptPaper) => call('save_print_settings', { receiptPaper });

/** Records one step on many requests: `{ done: [id], skipped: [[id, reason]] }`. */
export const recordStepBatch = (ids, step, note) =>
  call('record_step_batch', { ids, step, note: note || null });

/** The NIKs of requests as `text` (`{ count, text }`) or saved as `csv` / `xlsx` (`{ count, fileName }`). */
export const exportNiks = (ids, format) => call('export_niks', { ids, format });

/** Pengaturan as stored: `{ officeName, zone, operatorName, targetDays, saturdayIsWorkday, holidays, templates }`. */
export const officeSettings = () => call('office_settings');

/** Saves Pengaturan whole; rejects with `settings_invalid` and each field's refusal in `more`. */
export const saveOfficeSettings = (form) => call('save_office_settings', { form });
export const retentionPreview = (days) => call('retention_preview', { days });
export const personReport = (nik) => call('person_report', { nik });

/** Opens the native picker for a slot (`kk` or `ktp`); resolves with the held photo or null.
 * `replace`: held apart, to replace a stored photo (the form's slots stay as they are). */
export const pickPhoto = (kind, replace = false) => call('pick_photo', { kind, replace });

/** Holds the file the OS just dropped on the window in a slot; resolves with the photo or null. */
export const dropPhoto = (kind, replace = false) => call('drop_photo', { kind, replace });

/** Empties a slot. */
export const removePhoto = (kind) => call('remove_photo', { kind });
/** A saved photo's quality findings and straightened document: `{ warnings, straight: { url, width, height } | null }`. */
export const photoQuality = (id) => call('photo_quality', { id });

/** Forgets both held photos (the form was cleared), or the one held to replace a stored photo. */
export const clearPhotos = (replace = false) => call('clear_photos', { replace });

/** `{ needsSetup, operator, locked, idleMinutes }` for this window. */
export const sessionState = () => call('session_state');
/** Resolves once the start's damage check of this PC's file has found it sound; rejects with the damage. */
export const storageCheck = () => call('storage_check');

/** Creates the first administrator and signs them in. */
export const firstRunSetup = (username, displayName, password, again) =>
  call('first_run_setup', { username, displayName, password, again });

/** Signs in; rejects with `auth_bad_credentials` or `auth_locked_out` (the message says how long). */
export const signIn = (username, password) => call('sign_in', { username, password });

export const signOut = () => call('sign_out');

/** Tells the shell the operator went idle: the session locks until the password is given. */
export const lockSession = () => call('lock_session');
/** The person at the window did something (a key, a click): keeps the session from going idle. */
export const sessionActive = () => call('session_active');

/** Accounts (admin). */
export const listOperators = () => call('list_operators');
export const createOperator = (username, displayName, role, password, again) =>
  call('create_operator', { username, displayName, role, password, again });
export const setOperatorActive = (id, active) => call('set_operator_active', { id, active });
export const setOperatorRole = (id, role) => call('set_operator_role', { id, role });
export const resetPassword = (id, password, again) => call('reset_password', { id, password, again });

/** Audit rows (admin): filter `{ operatorId, action, requestId, beforeId, limit }`, office days `YYYY-MM-DD`. */
/** `null` (no chain kept here), `{ state: 'intact', chained, beforeChain }` or `{ state: 'broken', row, why }`. */
export const auditChain = () => call('audit_chain');
export const auditLog = (filter, fromDay, toDay, regNumber) =>
  call('audit_log', { filter, fromDay, toDay, regNumber });

/** `{ version, dbKind, dbLabel, dbPath, dbEncrypted, regionSource, regionLicence, officeName, operatorName }`. */
export const about = () => call('about');

// ---- Where this PC keeps its data (admin, or anyone while the database cannot be opened) ----

/**
 * `{ kind, server: { host, port, database, user } | null, hasPassword, inUse: { kind, label },
 * restartNeeded }`: `kind` is what the next start uses, `inUse` what runs now.
 */
export const dbSettings = () => call('db_settings');

/**
 * Dials the server without saving: `{ serverVersion, group, message }`. Rejects with `db_invalid`
 * (each field's refusal in `more`) or `db_unreachable` / `db_not_installed` / `db_wrong_group`.
 * An empty password means the one already stored.
 */
export const dbTest = (server, password) => call('db_test', { server, password });

/** "Pilih sertifikat CA…": the office CA's file, checked; `{ name, pem }` or null (closed). */
export const dbPickCa = () => call('db_pick_ca');

/** Tests as `dbTest`, then saves for the next start; resolves with the new `dbSettings` value. */
export const dbSave = (server, password) => call('db_save', { server, password });

/** Back to the SQLite file on this PC at the next start; resolves with the new `dbSettings` value. */
export const dbUseLocal = () => call('db_use_local');
/** Copies this PC's SQLite office onto the (new, empty) server, as the database's owner. */
export const dbMove = (server, owner, ownerPassword) => call('db_move', { server, owner, ownerPassword });
export const backupState = () => call('backup_state', {});
export const backupChooseFolder = () => call('backup_choose_folder', {});
export const backupNow = () => call('backup_now', {});
export const backupRestore = (name, username, password, passphrase) => call('backup_restore', { name, username, password, passphrase });
export const backupSetPassphrase = (passphrase, repeat) => call('backup_set_passphrase', { passphrase, repeat });
export const backupClearPassphrase = () => call('backup_clear_passphrase', {});
export const dbUpgrade = (server, owner, ownerPassword) => call('db_upgrade', { server, owner, ownerPassword });

/** Restarts Sinkron (the promise may never resolve). */
export const appRestart = () => call('app_restart');

/**
 * Calls `fn(id)` whenever another desk or the kiosk creates or changes a request. Resolves with
 * a function that stops listening.
 */
export async function onRequestsChanged(fn) {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.event || typeof tauri.event.listen !== 'function') return () => {};
  return tauri.event.listen('requests-changed', (e) => fn(e.payload));
}

/**
 * Follows the OS's file drag over the window. `handlers.over({ x, y })`, `handlers.drop({ x, y })`
 * with CSS-pixel positions, and `handlers.leave()`. Resolves with a function that stops following.
 */
export async function onFileDrag(handlers) {
  const tauri = window.__TAURI__;
  if (!tauri || !tauri.event) return () => {};
  const toCss = (p) => {
    const ratio = window.devicePixelRatio || 1;
    return p ? { x: p.x / ratio, y: p.y / ratio } : null;
  };
  const offs = await Promise.all([
    tauri.event.listen('tauri://drag-enter', (e) => handlers.over && handlers.over(toCss(e.payload.position))),
    tauri.event.listen('tauri://drag-over', (e) => handlers.over && handlers.over(toCss(e.payload.position))),
    tauri.event.listen('tauri://drag-drop', (e) => handlers.drop && handlers.drop(toCss(e.payload.position))),
    tauri.event.listen('tauri://drag-leave', () => handlers.leave && handlers.leave()),
  ]);
  return () => offs.forEach((off) => off());
}

// ---- The kiosk window's commands (the shell refuses them to any other window) ----

/**
 * `{ officeName, service, idleSeconds, countdownSeconds, keyboard, hasPrinter, testCamera, leaveWith }`;
 * `leaveWith` is `admin` or `dbLogin` (what `kioskLeave` takes).
 */
export const kioskInfo = () => call('kiosk_info', {});
/** As `check`, for the applicant's form. */
export const kioskCheck = (input) => call('kiosk_check', { input });
/** A camera frame (JPEG bytes) into `kind`'s slot; resolves with the held photo. */
export const kioskCapture = (kind, bytes) =>
  call('kiosk_capture', bytes, { headers: { 'x-kind': kind } });
export const kioskRemovePhoto = (kind) => call('kiosk_remove_photo', { kind });
/** Cek Status: the registration number in a camera frame of the receipt's QR, or null. */
export const kioskScanQr = (bytes) => call('kiosk_scan_qr', bytes);
/** Saves the request with the photos taken; resolves with the receipt. */
export const kioskSubmit = (input) => call('kiosk_submit', { input });
/** Prints the last receipt on the network printer. */
export const kioskPrint = () => call('kiosk_print', {});
export const kioskLookup = (regNumber, code) => call('kiosk_lookup', { regNumber, code });
/** Forgets the photos and the receipt held for the applicant. */
export const kioskReset = () => call('kiosk_reset', {});
export const kioskLeave = (username, password) => call('kiosk_leave', { username, password });
/** Test seam only: the frame standing in for the camera, as an ArrayBuffer. */
export const kioskTestFrame = (kind) => call('kiosk_test_frame', { kind });
/** Pengaturan (admin): this PC becomes the kiosk. */
export const kioskEnter = () => call('kiosk_enter', {});
