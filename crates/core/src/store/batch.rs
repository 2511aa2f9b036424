//! Batch work: one processing step recorded for many requests at once (offices
//! consolidate NIKs by the thousand), and the batch's NIKs out as text, as a
//! CSV that opens right in Excel with Indonesian settings, or as XLSX.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::{Actor, QueueItem, RequestStore, Settings, StoreError};
use crate::accounts::AccountPort;
use crate::auth::Role;
use crate::status::Status;

/// Why a batch skipped a request that no longer exists.
pub const NOT_FOUND: &str = "Pengajuan tidak ditemukan";
/// Why a batch skipped a request another desk changed while the batch ran.
pub const CHANGED_MEANWHILE: &str = "Pengajuan baru saja diubah petugas lain";

/// What a batch did, request by request.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BatchOutcome {
    /// Requests that got the step.
    pub done: Vec<i64>,
    /// Requests that were skipped, with the reason in Indonesian.
    pub skipped: Vec<(i64, String)>,
}

/// One line of a NIK export: a NIK to synchronise and its request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportRow {
    /// The request the NIK came from (not a column of the file).
    #[serde(skip)]
    pub request_id: i64,
    pub reg_number: String,
    pub applicant_name: String,
    pub nik: String,
    pub status: Status,
}

/// The ids of a batch in their order, each once: a request named twice gets its step once.
pub fn once_each(ids: &[i64]) -> Vec<i64> {
    let mut seen = std::collections::HashSet::new();
    ids.iter().copied().filter(|id| seen.insert(*id)).collect()
}

/// The export's rows from a backend's plain reads (`RequestStore::export_rows`).
pub async fn collect_export_rows<S: RequestStore + ?Sized>(
    s: &S,
    ids: &[i64],
) -> Result<Vec<ExportRow>, StoreError> {
    let mut rows = Vec::new();
    for &id in ids {
        let rec = s.get_request(id).await?;
        for nik in s.sync_niks(id).await? {
            rows.push(ExportRow {
                request_id: id,
                reg_number: rec.reg_number.clone(),
                applicant_name: rec.applicant_name.clone(),
                nik,
                status: rec.status,
            });
        }
    }
    Ok(rows)
}

/// Whether `role` may take the NIKs out of Sinkron (the clipboard, CSV, XLSX): an admin always;
/// a petugas only where the office allows it (Pengaturan → *Petugas boleh mengekspor NIK*).
pub fn may_export_niks(role: Option<Role>, settings: &Settings) -> bool {
    role == Some(Role::Admin) || (role == Some(Role::Petugas) && settings.petugas_export)
}

/// An export is recorded request by request, in one transaction: one audit row per request it
/// took NIKs from (`action`, e.g. `export_csv`, with how many), so a person's own report names
/// every export of their data.
pub async fn record_export<A: AccountPort + ?Sized>(
    accounts: &A,
    actor: &Actor,
    action: &str,
    rows: &[ExportRow],
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    let mut per_request: Vec<(i64, usize)> = Vec::new();
    for row in rows {
        match per_request.iter_mut().find(|(id, _)| *id == row.request_id) {
            Some((_, n)) => *n += 1,
            None => per_request.push((row.request_id, 1)),
        }
    }
    let mut tx = accounts.begin_accounts().await?;
    for (id, n) in per_request {
        tx.audit(actor, action, Some(id), Some(&format!("{n} NIK")), now)
            .await?;
    }
    tx.commit().await
}

/// The NIKs alone, one per line, for the clipboard.
pub fn niks_text(rows: &[ExportRow]) -> String {
    let mut seen = std::collections::BTreeSet::new();
    rows.iter()
        .filter(|r| seen.insert(r.nik.clone()))
        .map(|r| r.nik.as_str())
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// A CSV for Excel with Indonesian settings: UTF-8 with BOM, `;` between
/// fields, CRLF lines, and the NIK as text (`="…"`) so Excel keeps all 16 digits.
pub fn csv(rows: &[ExportRow]) -> Vec<u8> {
    fn field(s: &str) -> String {
        if s.contains([';', '"', '\n', '\r']) {
            format!("\"{}\"", s.replace('"', "\"\""))
        } else {
            s.to_string()
        }
    }
    let mut out = String::from("\u{feff}No. Registrasi;Nama Pemohon;NIK;Status\r\n");
    for r in rows {
        out.push_str(&format!(
            "{};{};=\"{}\";{}\r\n",
            field(&r.reg_number),
            field(&r.applicant_name),
            r.nik,
            r.status.as_str()
        ));
    }
    out.into_bytes()
}

/// The same table as an XLSX workbook, the NIK written as a text cell.
pub fn xlsx(rows: &[ExportRow]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("NIK")?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    for (col, title) in ["No. Registrasi", "Nama Pemohon", "NIK", "Status"]
        .iter()
        .enumerate()
    {
        sheet.write_string_with_format(0, col as u16, *title, &bold)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, &r.reg_number)?;
        sheet.write_string(row, 1, &r.applicant_name)?;
        sheet.write_string(row, 2, &r.nik)?;
        sheet.write_string(row, 3, r.status.as_str())?;
    }
    sheet.set_column_width(0, 18)?;
    sheet.set_column_width(1, 32)?;
    sheet.set_column_width(2, 20)?;
    sheet.set_column_width(3, 12)?;
    book.save_to_buffer()
}

/// Daftar Pengajuan as filtered, as an XLSX workbook: `title` (what the filters kept) in the
/// first row, then one row per request with its age in working days and whether it is past
/// the service target. The NIK is masked as on screen; the full NIKs have their own export.
pub fn list_xlsx(title: &str, items: &[QueueItem]) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("Daftar Pengajuan")?;
    let bold = rust_xlsxwriter::Format::new().set_bold();
    sheet.write_string_with_format(0, 0, title, &bold)?;
    let heads = [
        "No.",
        "No. Registrasi",
        "Nama Pemohon",
        "NIK",
        "Status",
        "Diajukan",
        "Saluran",
        "Umur (hari kerja)",
        "Lewat target",
    ];
    for (col, head) in heads.iter().enumerate() {
        sheet.write_string_with_format(2, col as u16, *head, &bold)?;
    }
    for (i, item) in items.iter().enumerate() {
        let row = i as u32 + 3;
        let r = &item.summary;
        sheet.write_number(row, 0, (i + 1) as f64)?;
        sheet.write_string(row, 1, r.reg_number.as_str())?;
        sheet.write_string(row, 2, r.applicant_name.as_str())?;
        sheet.write_string(row, 3, r.nik_masked.as_str())?;
        sheet.write_string(row, 4, r.status.as_str())?;
        sheet.write_string(row, 5, r.created_at_display.as_str())?;
        sheet.write_string(row, 6, r.channel.label())?;
        if item.open {
            sheet.write_number(row, 7, f64::from(item.age_days))?;
            sheet.write_string(row, 8, if item.overdue { "Ya" } else { "Tidak" })?;
        }
    }
    for (col, width) in [5, 18, 30, 20, 12, 22, 10, 16, 12].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    book.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_named_twice_in_a_batch_counts_once_in_its_first_place() {
        assert_eq!(once_each(&[3, 1, 3, 2, 1]), [3, 1, 2]);
        assert!(once_each(&[]).is_empty());
    }
}

#[cfg(test)]
mod export_right_tests {
    use super::*;

    fn settings(petugas_export: bool) -> Settings {
        Settings {
            office_name: String::new(),
            zone: Default::default(),
            operator_name: String::new(),
            petugas_export,
            ..Default::default()
        }
    }

    #[test]
    fn an_admin_may_always_export_niks() {
        assert!(may_export_niks(Some(Role::Admin), &settings(false)));
    }

    #[test]
    fn a_petugas_may_export_niks_only_when_the_office_allows_it() {
        assert!(!may_export_niks(Some(Role::Petugas), &settings(false)));
        assert!(may_export_niks(Some(Role::Petugas), &settings(true)));
        assert!(!may_export_niks(None, &settings(true)));
    }
}

#[cfg(test)]
mod list_tests {
    use super::*;
    use crate::store::{Channel, RequestSummary};
    use calamine::{Data, Reader, Xlsx};

    fn item(reg: &str, status: Status, age: u32, overdue: bool) -> QueueItem {
        QueueItem {
            summary: RequestSummary {
                id: 1,
                reg_number: reg.into(),
                applicant_name: "Siti Aminah".into(),
                nik_masked: "161001******0001".into(),
                status,
                created_at: "2026-12-01T03:00:00.000Z".into(),
                created_at_display: "1 Des 2026 10.00 WIB".into(),
                channel: Channel::Kiosk,
            },
            open: status.is_open(),
            age_days: age,
            overdue,
            duplicate: false,
            photo_check: false,
        }
    }

    #[test]
    fn the_list_s_workbook_reads_back_with_its_title_and_every_row() {
        let items = [
            item("SD-261201-0001", Status::Baru, 4, true),
            item("SD-261201-0002", Status::Selesai, 0, false),
        ];
        let bytes = list_xlsx("Daftar Pengajuan · 1–4 Des 2026", &items).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let sheet = book.worksheet_range("Daftar Pengajuan").unwrap();
        let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(
            cell(0, 0),
            Data::String("Daftar Pengajuan · 1–4 Des 2026".into())
        );
        assert_eq!(cell(2, 1), Data::String("No. Registrasi".into()));
        assert_eq!(cell(3, 1), Data::String("SD-261201-0001".into()));
        assert_eq!(cell(3, 3), Data::String("161001******0001".into()));
        assert_eq!(cell(3, 6), Data::String("Anjungan".into()));
        assert_eq!(cell(3, 7), Data::Float(4.0));
        assert_eq!(cell(3, 8), Data::String("Ya".into()));
        assert_eq!(cell(4, 4), Data::String("Selesai".into()));
        assert_eq!(cell(4, 7), Data::Empty, "a closed request has no age");
        assert_eq!(sheet.height(), 5, "title, blank, header, two rows");
    }
}
