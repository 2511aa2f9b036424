// The intake form's side notes: what the applicant must bring, what happens after saving, and
// the keys. Hidden on narrow windows.

import { S } from '../../strings.js';
import { h } from '../../dom.js';

export function aside() {
  const a = S.intake.aside;
  return h(
    'aside',
    { class: 'intake-aside', 'aria-label': a.requirementsTitle },
    h('h2', {}, a.requirementsTitle),
    h('ul', {}, a.requirements.map((r) => h('li', {}, r))),
    h('h2', {}, a.statusTitle),
    h('p', {}, a.status),
    h('h2', {}, a.keysTitle),
    h(
      'dl',
      { class: 'keys' },
      a.keys.map(([key, what]) => [h('dt', {}, h('kbd', {}, key)), h('dd', {}, what)]),
    ),
  );
}
