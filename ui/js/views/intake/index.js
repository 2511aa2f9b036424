// Pengajuan Baru: the intake form (form.js) and, once saved, its receipt (done.js). Each field
// is checked by the core when the operator leaves it; the view only shows what the core says.
// No rule lives here.

import { state } from './state.js';
import { renderForm } from './form.js';

export function mount(container, ctx) {
  // Coming here from the rail always means a new request; the receipt of the last one is gone.
  state.lastSaved = null;
  renderForm(container, ctx);
  return () => {
    if (state.slots) state.slots.destroy();
    state.slots = null;
  };
}
