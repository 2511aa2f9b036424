// The Anjungan's first screen: the service, "Ajukan" (the steps) or "Cek Status", a button that
// asks for a staff member, and what happens to the applicant's data.

import { h } from '../../dom.js';
import { K, button, closeOverlay, kiosk, openOverlay, show } from '../frame.js';
import { dataStep } from './data.js';
import { lookup } from './lookup.js';

export function start() {
  show('start', 0,
    h('section', { class: 'k-start' },
      h('h1', {}, kiosk.info.service),
      h('p', { class: 'k-lead' }, K.startHint),
      h('div', { class: 'k-start-actions' },
        button([h('span', { class: 'k-big' }, K.start), h('span', {}, K.bring)],
          () => dataStep(0), 'k-primary k-tile', { 'data-act': 'start' }),
        button([h('span', { class: 'k-big' }, K.status), h('span', {}, K.statusHint)],
          lookup, 'k-secondary k-tile', { 'data-act': 'lookup' }),
      ),
      button(K.callStaff, callStaff, 'k-quiet k-call', { 'data-act': 'call' }),
      h('aside', { class: 'k-privacy' },
        h('h2', {}, K.privacyTitle),
        h('p', {}, K.privacy))));
}

/** "Panggil petugas": the applicant is told where to go. */
function callStaff() {
  openOverlay(
    h('h2', {}, K.callStaffTitle),
    h('p', {}, K.callStaffBody),
    h('div', { class: 'k-dialog-actions' }, button(K.ok, closeOverlay, 'k-primary')));
}
