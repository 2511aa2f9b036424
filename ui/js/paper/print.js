// Printing through the system's print dialog: what is printed is put into #print-root, the
// one thing the print stylesheet (css/print.css) shows, on the named page of its paper
// (`receipt-58`, `receipt-80`, `a4`). The node stays there after the dialog closes, hidden on
// screen, until the next print.

import { h, replace } from '../dom.js';

function root() {
  let el = document.getElementById('print-root');
  if (!el) {
    el = h('div', { id: 'print-root', 'aria-hidden': 'true' });
    document.body.appendChild(el);
  }
  return el;
}

window.addEventListener('afterprint', () => {
  document.documentElement.classList.remove('print-paper');
});

/** Resolves once every image in `node` is drawn or has failed. */
function imagesReady(node) {
  const pending = [...node.querySelectorAll('img')].filter((img) => !img.complete);
  return Promise.all(
    pending.map(
      (img) =>
        new Promise((done) => {
          img.addEventListener('load', done, { once: true });
          img.addEventListener('error', done, { once: true });
        }),
    ),
  );
}

/** Prints `node` alone on the named page `page` (the print dialog: any installed printer),
 * once its images are drawn. */
export async function printOn(page, node) {
  const el = root();
  el.className = `print-root page-${page}`;
  replace(el, node);
  await imagesReady(el);
  document.documentElement.classList.add('print-paper');
  window.print();
}
