// The five statuses, in one place for the whole UI (desk and kiosk). The core sends each status
// as its word (crates/core/src/status.rs spells them; no command lists them), so the words here
// are the core's codes: the list's tabs and counts, the status chips' colours, the WhatsApp
// template fields and the receipt's first status all read this module, never their own copy.

/** The statuses in the office's reading order: the tabs of Daftar Pengajuan, the templates. */
export const STATUSES = Object.freeze(['Baru', 'Disetujui', 'Diproses', 'Selesai', 'Dibatalkan']);

/** The status a request has once saved (the core writes its first history row → Baru). */
export const NEW_STATUS = 'Baru';

/** The key of each status in the queue's counts (`counts.all` is every request). */
export const COUNT_KEY = Object.freeze({
  Baru: 'baru',
  Disetujui: 'disetujui',
  Diproses: 'diproses',
  Selesai: 'selesai',
  Dibatalkan: 'dibatalkan',
});

// Status chip class by the status word the core sends. The word itself is always shown.
const STATUS_CLASS = Object.freeze({
  Baru: 'chip-new',
  Disetujui: 'chip-approved',
  Diproses: 'chip-processing',
  Selesai: 'chip-done',
  Dibatalkan: 'chip-cancelled',
});

/** The class list of a status chip (`chip` plus its colour; an unknown word gets no colour). */
export function chipClass(status) {
  return `chip ${STATUS_CLASS[status] || ''}`;
}
