// Pengaturan: the office's name and time zone, the name written into history, the working week,
// holidays and cuti bersama, the service target, and the WhatsApp message for each status.
// The core checks the whole page and answers with a message beside each field that is wrong.
// Below it, the Cetak card (views/print-card.js: this PC's receipt paper), the Cadangan data card
// (views/backup-card.js) and the Database kantor card
// (views/db-settings.js), each with its own buttons: where this PC keeps its data and its copies
// is not part of the office's settings.

import { S } from '../strings.js';
import { fieldBlocks, h, replace } from '../dom.js';
import { openDialog } from '../dialog.js';
import { dbSettingsCard } from './db-settings.js';
import { backupCard } from './backup-card.js';
import { printCard } from './print-card.js';
import { STATUSES } from '../status.js';

export function mount(container, ctx) {
  const t = S.settings;
  let alive = true;
  const { inputs, msgs, block } = fieldBlocks('s');

  const text = (extra = {}) => h('input', { type: 'text', class: 'input', autocomplete: 'off', ...extra });
  const zone = h('select', { class: 'input' }, ['WIB', 'WITA', 'WIT'].map((z) => h('option', { value: z }, t.zones[z])));
  const province = h('select', { class: 'input' }, h('option', { value: '' }, t.provinceNone));
  const saturday = h('input', { type: 'checkbox', id: 's-saturday' });
  const kioskKeyboard = h('input', { type: 'checkbox', id: 's-kiosk-keyboard' });
  const petugasExport = h('input', { type: 'checkbox', id: 's-petugas-export' });
  const petugasRekap = h('input', { type: 'checkbox', id: 's-petugas-rekap' });
  const retentionDue = h('p', { class: 'retention-due', role: 'status', id: 's-retention-due' });
  const retentionState = h('p', { class: 'hint', id: 's-retention-state' });
  const status = h('p', { class: 'form-summary', role: 'status', id: 'settings-status' });
  const save = h('button', { type: 'submit', class: 'btn btn-primary', id: 'settings-save' }, t.save);

  // The name in history rows now comes from sign-in; the stored value is kept as it is.
  let storedOperatorName = '';

  function fill(form) {
    storedOperatorName = form.operatorName;
    inputs.officeName.value = form.officeName;
    inputs.zone.value = form.zone;
    province.replaceChildren(h('option', { value: '' }, t.provinceNone), ...form.provinces.map(([code, name]) => h('option', { value: code }, name)));
    province.value = form.officeProvince;
    inputs.targetDays.value = form.targetDays;
    saturday.checked = form.saturdayIsWorkday;
    inputs.holidays.value = form.holidays;
    inputs.idleMinutes.value = form.idleMinutes;
    inputs.kioskIdleSeconds.value = form.kioskIdleSeconds;
    inputs.kioskPrinter.value = form.kioskPrinter;
    kioskKeyboard.checked = form.kioskKeyboard;
    petugasExport.checked = form.petugasExport;
    petugasRekap.checked = form.petugasRekapOperators;
    inputs.signerPlace.value = form.signerPlace;
    inputs.signerTitle.value = form.signerTitle;
    inputs.signerName.value = form.signerName;
    inputs.signerNip.value = form.signerNip;
    inputs.retentionPhotoDays.value = form.retentionPhotoDays;
    retentionState.textContent = form.retentionInForce ? t.retentionInForce : t.retentionNotYet;
    preview();
    for (const s of STATUSES) inputs[`template.${s}`].value = form.templates[s] || '';
  }

  function read() {
    const templates = {};
    for (const s of STATUSES) templates[s] = inputs[`template.${s}`].value;
    return {
      officeName: inputs.officeName.value,
      zone: inputs.zone.value,
      officeProvince: inputs.officeProvince.value,
      operatorName: storedOperatorName || 'Petugas',
      targetDays: inputs.targetDays.value,
      saturdayIsWorkday: saturday.checked,
      holidays: inputs.holidays.value,
      idleMinutes: inputs.idleMinutes.value,
      kioskIdleSeconds: inputs.kioskIdleSeconds.value,
      kioskKeyboard: kioskKeyboard.checked,
      kioskPrinter: inputs.kioskPrinter.value,
      petugasExport: petugasExport.checked,
      petugasRekapOperators: petugasRekap.checked,
      signerPlace: inputs.signerPlace.value,
      signerTitle: inputs.signerTitle.value,
      signerName: inputs.signerName.value,
      signerNip: inputs.signerNip.value,
      retentionPhotoDays: inputs.retentionPhotoDays.value,
      templates,
    };
  }

  // How many requests' photos the typed rule reaches today: asked of the core as the admin
  // types, so the count is seen before the rule is saved.
  let previewTimer = null;
  let previewSeq = 0;
  function preview() {
    clearTimeout(previewTimer);
    previewTimer = setTimeout(async () => {
      const seq = ++previewSeq;
      const field = 'retentionPhotoDays';
      try {
        const p = await ctx.api.retentionPreview(inputs[field].value);
        if (!alive || seq !== previewSeq) return;
        msgs[field].replaceChildren();
        inputs[field].removeAttribute('aria-invalid');
        retentionDue.textContent = p.days === 0 ? t.retentionKeep : t.retentionDue(p.due);
      } catch (err) {
        if (!alive || seq !== previewSeq) return;
        const mine = (err.more || []).find((m) => m.field === field);
        retentionDue.textContent = '';
        if (!mine) return;
        replace(msgs[field], h('p', { class: 'msg msg-error', 'data-code': mine.code }, mine.message));
        inputs[field].setAttribute('aria-invalid', 'true');
      }
    }, 250);
  }

  function clearMsgs() {
    for (const [field, box] of Object.entries(msgs)) {
      box.replaceChildren();
      inputs[field].removeAttribute('aria-invalid');
    }
  }

  async function submit(e) {
    e.preventDefault();
    save.disabled = true;
    clearMsgs();
    status.textContent = '';
    status.classList.remove('is-ok');
    try {
      const stored = await ctx.api.saveOfficeSettings(read());
      fill(stored);
      status.textContent = t.saved;
      status.classList.add('is-ok');
      ctx.refreshOffice();
    } catch (err) {
      const order = Object.keys(inputs);
      const refusals = (err.more || [])
        .filter((m) => msgs[m.field])
        .sort((a, b) => order.indexOf(a.field) - order.indexOf(b.field));
      if (!refusals.length) {
        ctx.showError(err);
        return;
      }
      for (const r of refusals) {
        replace(msgs[r.field], h('p', { class: 'msg msg-error', 'data-code': r.code }, r.message));
        inputs[r.field].setAttribute('aria-invalid', 'true');
      }
      status.textContent = err.message;
      inputs[refusals[0].field].focus();
    } finally {
      save.disabled = false;
    }
  }

  const form = h(
    'form',
    { class: 'settings-form', novalidate: true, onsubmit: submit },
    h(
      'section',
      { class: 'card settings-card' },
      h('h2', {}, t.office),
      block('officeName', t.officeName, t.officeNameHint, text()),
      h(
        'div',
        { class: 'field-row' },
        block('zone', t.zone, t.zoneHint, zone),
        block('officeProvince', t.province, t.provinceHint, province),
        block('idleMinutes', t.idleMinutes, t.idleMinutesHint, text({ inputmode: 'numeric', class: 'input input-short' })),
      ),
      h('div', { class: 'field field-check' }, h('label', { class: 'check' }, petugasExport, ` ${t.petugasExport}`), h('div', { class: 'hint' }, t.petugasExportHint)),
    ),
    h(
      'section',
      { class: 'card settings-card', id: 's-report' },
      h('h2', {}, t.report),
      h('p', { class: 'hint' }, t.reportHint),
      h(
        'div',
        { class: 'field-row' },
        block('signerPlace', t.signerPlace, t.signerPlaceHint, text()),
        block('signerNip', t.signerNip, t.signerNipHint, text({ inputmode: 'numeric', class: 'input mono' })),
      ),
      block('signerTitle', t.signerTitle, t.signerTitleHint, text()),
      block('signerName', t.signerName, t.signerNameHint, text()),
      h('div', { class: 'field field-check' }, h('label', { class: 'check' }, petugasRekap, ` ${t.petugasRekap}`), h('div', { class: 'hint' }, t.petugasRekapHint)),
    ),
    h(
      'section',
      { class: 'card settings-card' },
      h('h2', {}, t.retention),
      h('p', { class: 'hint' }, t.retentionIntro),
      block('retentionPhotoDays', t.retentionDays, t.retentionDaysHint, text({ inputmode: 'numeric', class: 'input input-short', oninput: preview })),
      retentionDue,
      retentionState,
    ),
    h(
      'section',
      { class: 'card settings-card' },
      h('h2', {}, t.calendar),
      h(
        'div',
        { class: 'field-row' },
        block('targetDays', t.targetDays, t.targetDaysHint, text({ inputmode: 'numeric', class: 'input input-short' })),
        h('div', { class: 'field field-check' }, h('label', { class: 'check' }, saturday, ` ${t.saturday}`), h('div', { class: 'hint' }, t.saturdayHint)),
      ),
      block('holidays', t.holidays, t.holidaysHint, h('textarea', { class: 'input mono', rows: 6 })),
    ),
    h(
      'section',
      { class: 'card settings-card' },
      h('h2', {}, t.templates),
      h('p', { class: 'hint' }, t.templatesHint),
      STATUSES.map((s) => block(`template.${s}`, t.templateFor(s), '', h('textarea', { class: 'input', rows: 3 }))),
    ),
    h(
      'section',
      { class: 'card settings-card' },
      h('h2', {}, t.kiosk),
      h('p', { class: 'hint' }, t.kioskHint),
      h(
        'div',
        { class: 'field-row' },
        block('kioskIdleSeconds', t.kioskIdle, t.kioskIdleHint, text({ inputmode: 'numeric', class: 'input input-short' })),
        h('div', { class: 'field field-check' }, h('label', { class: 'check' }, kioskKeyboard, ` ${t.kioskKeyboard}`), h('div', { class: 'hint' }, t.kioskKeyboardHint)),
      ),
      block('kioskPrinter', t.kioskPrinter, t.kioskPrinterHint, text({ class: 'input mono', placeholder: '192.168.1.50:9100' })),
      h('div', { class: 'field' },
        h('button', { type: 'button', class: 'btn', id: 'settings-kiosk-enter', onclick: enterKiosk }, t.kioskEnter),
        h('div', { class: 'hint' }, t.kioskEnterHint)),
    ),
    h('div', { class: 'form-foot settings-foot' }, status, save),
  );

  async function enterKiosk() {
    await openDialog({
      id: 'kiosk-enter',
      title: t.kioskEnterTitle,
      intro: t.kioskEnterIntro,
      confirmLabel: t.kioskEnterConfirm,
      onConfirm: () => ctx.api.kioskEnter(),
    });
  }

  const db = dbSettingsCard(ctx.api);
  const backups = backupCard(ctx.api);
  const printing = printCard(ctx.api);

  replace(
    container,
    h(
      'section',
      { class: 'view-settings', 'aria-labelledby': 'settings-title' },
      h('header', { class: 'view-head' }, h('h1', { id: 'settings-title' }, t.title), h('p', { class: 'view-sub' }, t.subtitle)),
      h('div', { class: 'view-scroll' }, h('div', { class: 'settings-page' }, form, printing.el, backups.el, db.el)),
    ),
  );

  ctx.api
    .officeSettings()
    .then((stored) => {
      if (alive) fill(stored);
    })
    .catch((err) => alive && ctx.showError(err));

  return () => {
    alive = false;
    db.dispose();
    backups.dispose();
  };
}
