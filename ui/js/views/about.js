// Tentang: what this copy of Sinkron is — version, which database it runs on (the SQLite file on
// this computer or the office's PostgreSQL server), and where the region codes it decodes NIK/KK
// with come from.

import { S } from '../strings.js';
import { h, replace } from '../dom.js';

export function mount(container, ctx) {
  let alive = true;
  const dl = h('dl', { class: 'facts-list', id: 'about-facts' });
  replace(
    container,
    h(
      'section',
      { class: 'view-about', 'aria-labelledby': 'about-title' },
      h('header', { class: 'view-head' }, h('h1', { id: 'about-title' }, S.about.title), h('p', { class: 'view-sub' }, S.about.description)),
      h('div', { class: 'view-scroll' }, h('div', { class: 'card about-card' }, dl)),
    ),
  );

  function row(label, value, cls = '') {
    return [h('dt', {}, label), h('dd', { class: cls }, value)];
  }

  // The licence is a whole text (MIT); its first lines name it, the rest opens on demand.
  function licence(text) {
    const lines = (text || '').split('\n').map((l) => l.trim()).filter(Boolean);
    const head = lines.slice(0, 2).join(' — ');
    return h(
      'details',
      { class: 'licence' },
      h('summary', {}, head || S.about.showLicence),
      h('pre', { class: 'licence-text' }, text),
    );
  }

  // Which database this copy runs on: the SQLite file, or the office's server (login@host:port/db).
  function database(info) {
    const kind = info.dbKind || 'sqlite';
    const label = info.dbLabel || info.dbPath || '';
    return row(S.about.db, [`${S.db.kindName[kind] || kind} — `, h('span', { class: 'mono path-text', id: 'about-db' }, label)]);
  }

  ctx.api
    .about()
    .then((info) => {
      if (!alive) return;
      replace(
        dl,
        row(S.about.version, [
          h('span', { class: 'mono', id: 'about-version' }, info.version),
          h('span', { class: 'muted' }, ` — ${S.about.built(info.buildDate, info.platform)}`),
        ]),
        info.officeName ? row(S.about.office, info.officeName) : null,
        database(info),
        info.dbEncrypted == null
          ? null
          : row(
              S.about.encryption,
              h('span', { id: 'about-encryption' }, info.dbEncrypted ? S.about.encryptionOn : S.about.encryptionOff),
            ),
        row(S.about.regionSource, info.regionSource, 'prose'),
        row(S.about.regionLicence, licence(info.regionLicence)),
      );
    })
    .catch((err) => alive && ctx.showError(err));

  return () => {
    alive = false;
  };
}
