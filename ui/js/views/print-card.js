// Cetak: the paper this PC prints receipts on (a 58 or 80 mm thermal roll installed as a
// Windows printer, or A4). It is the PC's own choice, like its printer, so it is saved for this
// PC alone and not with the office's settings above.

import { S } from '../strings.js';
import { h } from '../dom.js';

/** Builds the card. Returns `{ el }`. */
export function printCard(api) {
  const t = S.printing;
  const paper = h('select', { class: 'input', id: 'print-paper', 'aria-describedby': 'print-paper-hint print-paper-msg' });
  const msg = h('div', { class: 'msgs', id: 'print-paper-msg', 'aria-live': 'polite' });
  const status = h('p', { class: 'form-summary', role: 'status', id: 'print-status' });
  const save = h('button', { type: 'button', class: 'btn btn-primary', id: 'print-save', disabled: true, onclick: run }, t.save);

  function show(view) {
    paper.replaceChildren(...view.papers.map((p) => h('option', { value: p.value }, p.label)));
    paper.value = view.receiptPaper;
    save.disabled = false;
  }

  async function run() {
    save.disabled = true;
    msg.replaceChildren();
    paper.removeAttribute('aria-invalid');
    status.textContent = '';
    try {
      show(await api.savePrintSettings(paper.value));
      status.textContent = t.saved;
      status.classList.add('is-ok');
    } catch (err) {
      paper.setAttribute('aria-invalid', 'true');
      msg.replaceChildren(h('p', { class: 'msg msg-error', 'data-code': err.code }, err.message));
    }
    save.disabled = false;
  }

  api.printSettings().then(show, (err) => {
    status.textContent = err.message;
  });

  const el = h(
    'section',
    { class: 'card settings-card', id: 'print-card', 'aria-labelledby': 'print-title' },
    h('h2', { id: 'print-title' }, t.title),
    h('p', { class: 'hint' }, t.intro),
    h(
      'div',
      { class: 'field' },
      h('div', { class: 'field-head' }, h('label', { for: 'print-paper' }, t.paper)),
      h('div', { class: 'hint', id: 'print-paper-hint' }, t.paperHint),
      paper,
      msg,
    ),
    h('div', { class: 'db-foot' }, status, save),
  );
  return { el };
}
