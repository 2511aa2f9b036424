// One modal dialog shape for every confirmation in the operator's window: a title, the fields,
// a message area for the core's refusal, and Kembali / confirm. The dialog stays open with the
// refusal shown beside the fields until the action succeeds, so nothing typed is lost.
// Without `confirmLabel` it only holds a panel with its own buttons (the database card at the
// sign-in screen) and one button to close it.

import { S } from './strings.js';
import { h, replace } from './dom.js';

/**
 * openDialog({ id, title, intro, fields, confirmLabel, danger, onConfirm, closeLabel, wide })
 * `fields`: nodes to show; `onConfirm()` resolves when done or throws an error payload, whose
 * message is shown in the dialog and `focusOnError` (a field, or a function of the error that
 * returns one) is focused; `msgFor(err)` may name the message area beside that field instead of
 * the dialog's own. Without `confirmLabel` there is no confirm button, only the close
 * button (`closeLabel`, Kembali by default). `wide`: room for two fields side by side.
 * Resolves true when confirmed, false when dismissed.
 */
export function openDialog({ id, title, intro, fields = [], confirmLabel, danger = false, onConfirm, focusOnError, msgFor, closeLabel, wide = false }) {
  return new Promise((resolve) => {
    const msg = h('div', { class: 'msgs dialog-msg', id: `${id}-msg`, 'aria-live': 'polite' });
    const confirm = confirmLabel
      ? h(
          'button',
          { type: 'submit', class: `btn ${danger ? 'btn-danger-solid' : 'btn-primary'}`, id: `${id}-confirm` },
          confirmLabel,
        )
      : null;
    const cancel = h('button', { type: 'button', class: 'btn', id: `${id}-cancel` }, closeLabel || S.dialog.back);
    const form = h(
      'form',
      { method: 'dialog', class: 'dialog-form' },
      h('h2', { id: `${id}-title` }, title),
      intro ? h('p', { class: 'dialog-intro' }, intro) : null,
      fields,
      msg,
      h('div', { class: 'dialog-buttons' }, cancel, confirm),
    );
    const dialog = h('dialog', { class: wide ? 'dialog dialog-wide' : 'dialog', id, 'aria-labelledby': `${id}-title` }, form);
    let settled = false;
    let shownAt = null;

    function close(result) {
      if (settled) return;
      settled = true;
      dialog.close();
      dialog.remove();
      resolve(result);
    }

    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!confirm) return;
      confirm.disabled = true;
      replace(msg);
      if (shownAt) replace(shownAt);
      for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
      try {
        await onConfirm();
        close(true);
      } catch (err) {
        confirm.disabled = false;
        shownAt = (msgFor && msgFor(err)) || msg;
        replace(shownAt, h('p', { class: 'msg msg-error', 'data-code': err.code || 'error' }, err.message || S.errors.generic));
        const target = typeof focusOnError === 'function' ? focusOnError(err) : focusOnError;
        if (target) {
          target.setAttribute('aria-invalid', 'true');
          target.focus();
        }
      }
    });
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    cancel.addEventListener('click', () => close(false));
    dialog.addEventListener('cancel', (e) => {
      e.preventDefault();
      close(false);
    });

    document.body.appendChild(dialog);
    dialog.showModal();
    const first = form.querySelector('textarea, input, select');
    (first || confirm || cancel).focus();
  });
}
