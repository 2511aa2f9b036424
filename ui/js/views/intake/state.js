// What Pengajuan Baru keeps between visits: the draft (in memory only; it is gone when the app
// closes), the last saved request's receipt, and the photo slots on screen.

/** The form's fields in the service page's order. */
export const FIELDS = ['name', 'nik', 'kk', 'problem', 'wa'];
/** Fields typed as digits (shown in the mono face, normalised by the core). */
export const NUMERIC = new Set(['nik', 'kk']);

export function emptyDraft() {
  return { name: '', nik: '', kk: '', problem: '', wa: '' };
}

/** `draft` survives switching views; `lastSaved` is the receipt; `slots` are destroyed with the view. */
export const state = { draft: emptyDraft(), lastSaved: null, slots: null };
