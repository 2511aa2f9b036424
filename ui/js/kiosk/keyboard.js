// The kiosk's own keyboard, under the field it types into (Windows' touch keyboard is unreliable
// inside WebView2). Each field names its layout: digits only for NIK, KK and WA; letters and
// .,'’- for a name; everything the seed's example needs for Permasalahan Data; the alphabet of
// the check code. The keys only type: every rule about the text is the core's.

import { h, replace } from '../dom.js';
import { S } from '../strings.js';

const LETTERS = ['QWERTYUIOP', 'ASDFGHJKL', 'ZXCVBNM'];

/** Rows of keys per layout; `shift` says whether letters can be switched to lower case. */
const LAYOUTS = {
  digits: { rows: ['123', '456', '789', ['⌫', '0']], shift: false },
  name: { rows: [...LETTERS, [".", ",", "'", '’', '-', 'space', '⌫']], shift: true },
  full: {
    rows: ['1234567890', ...LETTERS, ['/', '.', ',', '-', "'", '(', ')', ':', 'space', '⌫']],
    shift: true,
  },
  // Registration numbers (SD-261127-0007) and check codes: upper case, digits, dash.
  code: { rows: ['1234567890', ...LETTERS, ['-', '⌫']], shift: false },
};

let host = null;
let target = null;
let lower = false;
let onType = () => {};

/** The keyboard lives in `el`; `typed(input)` is called after every key. */
export function mountKeyboard(el, typed) {
  host = el;
  onType = typed;
  // Keys must not take the focus from the field.
  host.addEventListener('pointerdown', (e) => e.preventDefault());
}

/** Shows the keyboard for `input` (its `data-keys` names the layout), or hides it. */
export function attach(input, enabled) {
  if (!host) return;
  // Focus and the step both attach the same field: keep the keys already drawn for it.
  if (input && enabled && input === target && !host.hidden) return;
  target = input;
  if (!input || !enabled) {
    host.hidden = true;
    replace(host);
    return;
  }
  lower = input.dataset.keys === 'full';
  draw();
  host.hidden = false;
}

function draw() {
  const layout = LAYOUTS[target.dataset.keys] || LAYOUTS.full;
  const rows = layout.rows.map((row) =>
    h('div', { class: 'kb-row' }, [...row].map((key) => keyButton(key))));
  if (layout.shift) {
    rows[rows.length - 1].prepend(
      h('button', {
        type: 'button',
        class: 'kb-key kb-wide',
        'aria-pressed': String(!lower),
        'aria-label': S.kiosk.keyboard.shift,
        onclick: () => { lower = !lower; draw(); },
      }, lower ? 'ABC' : 'abc'),
    );
  }
  replace(host, h('div', {
    class: `kb kb-${target.dataset.keys || 'full'}`,
    role: 'group',
    'aria-label': S.kiosk.keyboard.label,
  }, rows));
}

function keyButton(key) {
  if (key === '⌫') {
    return h('button', {
      type: 'button', class: 'kb-key kb-wide kb-back', 'aria-label': S.kiosk.keyboard.backspace,
      'data-key': 'backspace', onclick: () => type(null),
    }, '⌫');
  }
  if (key === 'space') {
    return h('button', {
      type: 'button', class: 'kb-key kb-space', 'data-key': 'space', onclick: () => type(' '),
    }, S.kiosk.keyboard.space);
  }
  const shown = lower && /[A-Z]/.test(key) ? key.toLowerCase() : key;
  return h('button', {
    type: 'button', class: 'kb-key', 'data-key': key, onclick: () => type(shown),
  }, shown);
}

/** Types `text` at the caret (or deletes before it when `text` is null). */
function type(text) {
  if (!target) return;
  const value = target.value;
  const start = target.selectionStart ?? value.length;
  const end = target.selectionEnd ?? value.length;
  let next;
  let caret;
  if (text === null) {
    if (start !== end) {
      next = value.slice(0, start) + value.slice(end);
      caret = start;
    } else if (start > 0) {
      next = value.slice(0, start - 1) + value.slice(end);
      caret = start - 1;
    } else {
      return;
    }
  } else {
    const max = target.maxLength > 0 ? target.maxLength : Infinity;
    if (value.length - (end - start) + text.length > max) return;
    next = value.slice(0, start) + text + value.slice(end);
    caret = start + text.length;
  }
  target.value = next;
  target.setSelectionRange(caret, caret);
  target.focus();
  onType(target);
}
