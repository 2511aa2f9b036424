// The receipt after saving: the registration number and the check code, the applicant, the
// first status, Cetak tanda terima (the same receipt as the kiosk's, on this PC's paper), and
// the way to the next request or to the list.

import { S } from '../../strings.js';
import { h, replace } from '../../dom.js';
import { NEW_STATUS, chipClass } from '../../status.js';
import { state } from './state.js';
import { printReceipt } from '../../paper/receipt.js';

/** Shows `state.lastSaved`; `again()` draws an empty form. */
export function renderDone(container, ctx, again) {
  const saved = state.lastSaved;
  const againButton = h(
    'button',
    {
      type: 'button',
      class: saved.receipt ? 'btn' : 'btn btn-primary',
      id: 'btn-again',
      onclick: () => {
        state.lastSaved = null;
        again();
      },
    },
    S.done.again,
  );
  const printButton = saved.receipt
    ? h(
        'button',
        { type: 'button', class: 'btn btn-primary', id: 'btn-print-receipt', onclick: () => printReceipt(saved.receipt) },
        S.done.print,
      )
    : null;
  replace(
    container,
    h(
      'section',
      { class: 'view-intake', 'aria-labelledby': 'done-title' },
      h(
        'header',
        { class: 'view-head' },
        h('h1', {}, S.intake.title),
        h('p', { class: 'view-sub' }, S.intake.subtitle),
      ),
      h(
        'div',
        { class: 'view-scroll' },
        h(
          'div',
          { class: 'card done', role: 'status' },
          h('div', { class: 'done-mark', 'aria-hidden': 'true' }, '✓'),
          h('h2', { id: 'done-title' }, S.done.title),
          h('div', { class: 'reg-label' }, S.done.regLabel),
          h('div', { class: 'reg-number mono', id: 'reg-number' }, saved.regNumber),
          saved.checkCode
            ? h(
                'div',
                { class: 'check-code' },
                h('span', {}, `${S.done.checkCode}: `),
                h('strong', { class: 'mono', id: 'check-code' }, saved.checkCode),
              )
            : null,
          h(
            'div',
            { class: 'done-meta' },
            h('span', {}, `${S.done.applicant}: `, h('strong', {}, saved.name)),
            h('span', { class: 'sep', 'aria-hidden': 'true' }, '·'),
            h('span', {}, `${S.done.statusLabel}: `),
            h('span', { class: chipClass(NEW_STATUS) }, NEW_STATUS),
          ),
          h('p', { class: 'done-note' }, S.done.note),
          saved.receipt ? null : h('p', { class: 'msg msg-error', id: 'done-no-receipt' }, S.done.noReceipt),
          h(
            'div',
            { class: 'done-actions' },
            printButton,
            againButton,
            h(
              'button',
              { type: 'button', class: 'btn', id: 'btn-to-list', onclick: () => ctx.navigate('list') },
              S.done.toList,
            ),
          ),
        ),
      ),
    ),
  );
  (printButton || againButton).focus();
}
