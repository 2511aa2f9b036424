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
    };
  }
  // Anything else (a refused permission, a bug) is not for the operator's eyes verbatim.
  console.error('sinkron: unexpected command error', err);
  return { code: 'internal', message: S.errors.generic, field: null, check: null };
}

async function call(cmd, args) {
  const core = bridge();
  if (!core) {
    throw { code: 'no_bridge', message: S.errors.noBridge, field: null, check: null };
  }
  try {
    return await core.invoke(cmd, args);
  } catch (err) {
    throw toPayload(err);
  }
}

/** Checks the whole form; resolves with `{ ok, fields: { name, nik, kk, problem, wa } }`. */
export const check = (input) => call('check', { input });

/** Saves a request; resolves with `{ id, regNumber }`; rejects with code `form_invalid` and `check`. */
export const saveRequest = (input) => call('save_request', { input });

/** One page of requests, newest first: `{ items, total, page, perPage, openCount }`. */
export const listRequests = (page) => call('list_requests', { page });

/** `{ version, dbPath, regionSource, regionLicence, officeName }`. */
export const about = () => call('about');
