// Pengajuan Baru: the intake form (form.js) and, once saved, its receipt (done.js). Each field
// is checked by the core when the operator leaves it; the view only shows what the core says.
// No rule lives here.

import { emptyDraft, state } from './state.js';
import { renderForm } from './form.js';
import { forgetHeld } from './photo-slots.js';

export function mount(container, ctx) {
  // Coming here from the rail always means a new request; the receipt of the last one is gone.
  state.lastSaved = null;
  renderForm(container, ctx);
  return () => {
    if (state.slots) state.slots.destroy();
    state.slots = null;
  };
}

/** Signed out: what this operator typed and saved is not shown to the next one. */
export function forget() {
  state.draft = emptyDraft();
  state.lastSaved = null;
  forgetHeld();
}
