//! Rekap as an Excel workbook (*Unduh Excel*), for the monthly report the office sends up: a
//! summary sheet in the report's layout (office, period, the figures beside the period before,
//! timeliness, the signature block), then a sheet per table, each with a native Excel chart
//! where a chart helps, so the head of section can copy them into the report as they are.
//! Everything comes from the [`Rekap`] the screen shows; nothing is counted here.

use rust_xlsxwriter::{
    Chart, ChartType, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};

use super::Rekap;

/// The sheets' names, as the tests and the report's readers find them.
pub const SUMMARY: &str = "Ringkasan";
pub const BY_DAY: &str = "Per Hari";
pub const STATUSES: &str = "Status";
pub const OVERDUE: &str = "Lewat Target";
pub const OPERATORS: &str = "Per Petugas";
pub const CANCELLED: &str = "Pembatalan";

/// The title of the report, first line of the summary.
pub const TITLE: &str = "REKAPITULASI LAYANAN SINKRONISASI DATA (BPJS / BANK / DATA ONLINE)";

/// A4 in Excel's paper codes.
const A4: u8 = 9;

struct Formats {
    title: Format,
    bold: Format,
    head: Format,
    cell: Format,
    number: Format,
    percent: Format,
    date: Format,
    underline: Format,
}

impl Formats {
    fn new() -> Formats {
        let boxed = Format::new().set_border(FormatBorder::Thin);
        Formats {
            title: Format::new().set_bold().set_font_size(13),
            bold: Format::new().set_bold(),
            head: boxed
                .clone()
                .set_bold()
                .set_background_color("#E7ECF3")
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            cell: boxed.clone(),
            number: boxed.clone().set_num_format("#,##0"),
            percent: boxed.clone().set_num_format("0.0\"%\""),
            date: boxed.set_num_format("d mmm yyyy"),
            underline: Format::new()
                .set_bold()
                .set_underline(rust_xlsxwriter::FormatUnderline::Single),
        }
    }
}

/// The whole workbook as bytes (`.xlsx`).
pub fn workbook(r: &Rekap) -> Result<Vec<u8>, XlsxError> {
    let f = Formats::new();
    let mut book = Workbook::new();
    summary(book.add_worksheet(), r, &f)?;
    by_day(&mut book, r, &f)?;
    statuses(&mut book, r, &f)?;
    cancellations(&mut book, r, &f)?;
    overdue(book.add_worksheet(), r, &f)?;
    if !r.operators.is_empty() {
        operators(book.add_worksheet(), r, &f)?;
    }
    book.save_to_buffer()
}

/// A4 landscape, one page wide: a table with its chart beside it.
fn landscape(sheet: &mut Worksheet) {
    sheet
        .set_paper_size(A4)
        .set_landscape()
        .set_print_fit_to_pages(1, 0);
}

/// A chart of `kind` titled `title` over rows `1..=last` of `sheet_name`: the categories in
/// column A, one series per `(column, name)`.
fn chart_of(
    kind: ChartType,
    title: &str,
    sheet_name: &str,
    last: u32,
    series: &[(u16, &str)],
) -> Chart {
    let mut chart = Chart::new(kind);
    chart.title().set_name(title);
    for (col, name) in series {
        chart
            .add_series()
            .set_name(*name)
            .set_categories((sheet_name, 1, 0, last, 0))
            .set_values((sheet_name, 1, *col, last, *col));
    }
    chart
}

/// A header row of boxed, bold cells at `row`.
fn heads(sheet: &mut Worksheet, row: u32, names: &[&str], f: &Formats) -> Result<(), XlsxError> {
    for (col, name) in names.iter().enumerate() {
        sheet.write_string_with_format(row, col as u16, *name, &f.head)?;
    }
    Ok(())
}

fn count(sheet: &mut Worksheet, row: u32, col: u16, n: i64, f: &Formats) -> Result<(), XlsxError> {
    sheet.write_number_with_format(row, col, n as f64, &f.number)?;
    Ok(())
}

/// A number that may be missing (nothing finished): a dash.
fn maybe(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    value: Option<f64>,
    format: &Format,
    f: &Formats,
) -> Result<(), XlsxError> {
    match value {
        Some(v) => sheet.write_number_with_format(row, col, v, format)?,
        None => sheet.write_string_with_format(row, col, "—", &f.cell)?,
    };
    Ok(())
}

fn summary(sheet: &mut Worksheet, r: &Rekap, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(SUMMARY)?;
    sheet.set_paper_size(A4).set_print_fit_to_pages(1, 1);
    sheet.write_string_with_format(0, 0, TITLE, &f.title)?;
    sheet.write_string_with_format(1, 0, r.office_name.to_uppercase(), &f.bold)?;
    sheet.write_string(2, 0, format!("Periode: {}", r.period_display))?;
    sheet.write_string(3, 0, format!("Dibandingkan dengan: {}", r.previous_display))?;

    heads(
        sheet,
        5,
        &[
            "No.",
            "Uraian",
            "Periode ini",
            "Periode pembanding",
            "Perubahan",
        ],
        f,
    )?;
    let s = &r.summary;
    let p = &r.previous;
    let rows: [(&str, i64, i64); 5] = [
        ("Pengajuan diterima", s.received, p.received),
        ("   melalui loket", s.desk, p.desk),
        ("   melalui anjungan (kios)", s.kiosk, p.kiosk),
        ("Pengajuan selesai", s.finished, p.finished),
        ("Pengajuan dibatalkan", s.cancelled, p.cancelled),
    ];
    let mut row = 6;
    for (i, (what, now, before)) in rows.iter().enumerate() {
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &f.cell)?;
        sheet.write_string_with_format(row, 1, *what, &f.cell)?;
        count(sheet, row, 2, *now, f)?;
        count(sheet, row, 3, *before, f)?;
        count(sheet, row, 4, now - before, f)?;
        row += 1;
    }
    sheet.write_number_with_format(row, 0, 6.0, &f.cell)?;
    sheet.write_string_with_format(row, 1, "Selesai tepat waktu", &f.cell)?;
    maybe(sheet, row, 2, s.within_percent, &f.percent, f)?;
    maybe(sheet, row, 3, p.within_percent, &f.percent, f)?;
    let change = s
        .within_percent
        .zip(p.within_percent)
        .map(|(a, b)| ((a - b) * 10.0).round() / 10.0);
    maybe(sheet, row, 4, change, &f.percent, f)?;

    row += 2;
    sheet.write_string_with_format(row, 0, "Ketepatan waktu", &f.bold)?;
    row += 1;
    let t = &r.timeliness;
    let facts: [(&str, Option<f64>, &Format); 6] = [
        (
            "Target layanan (hari kerja)",
            Some(f64::from(t.target_days)),
            &f.number,
        ),
        ("Selesai dalam periode", Some(t.finished as f64), &f.number),
        ("Selesai dalam target", Some(t.within as f64), &f.number),
        (
            "Median lama layanan (hari kerja)",
            t.median_days.map(f64::from),
            &f.number,
        ),
        (
            "Persentil ke-90 lama layanan (hari kerja)",
            t.p90_days.map(f64::from),
            &f.number,
        ),
        (
            "Masih terbuka dan lewat target (saat ini)",
            Some(r.overdue_total as f64),
            &f.number,
        ),
    ];
    for (what, value, format) in facts {
        sheet.write_string_with_format(row, 1, what, &f.cell)?;
        maybe(sheet, row, 2, value, format, f)?;
        row += 1;
    }

    // The signature block, on the right as the office's letters have it.
    row += 2;
    let place = if r.signer.place.is_empty() {
        r.signed_on_display.clone()
    } else {
        format!("{}, {}", r.signer.place, r.signed_on_display)
    };
    sheet.write_string(row, 3, place)?;
    sheet.write_string(row + 1, 3, r.signer.title_shown())?;
    let name = if r.signer.name.is_empty() {
        "(...............................................)".to_string()
    } else {
        r.signer.name.clone()
    };
    sheet.write_string_with_format(row + 5, 3, name, &f.underline)?;
    let nip = r.signer.nip_shown();
    sheet.write_string(
        row + 6,
        3,
        if nip.is_empty() {
            "NIP. ".to_string()
        } else {
            format!("NIP. {nip}")
        },
    )?;
    sheet.write_string(
        row + 9,
        0,
        format!("Dibuat dengan Sinkron, {}", r.made_at_display),
    )?;

    sheet.set_column_width(0, 6)?;
    sheet.set_column_width(1, 42)?;
    sheet.set_column_width(2, 14)?;
    sheet.set_column_width(3, 20)?;
    sheet.set_column_width(4, 14)?;
    Ok(())
}

fn by_day(book: &mut Workbook, r: &Rekap, f: &Formats) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(BY_DAY)?;
    // The table and its charts beside it on one page's width.
    landscape(sheet);
    heads(
        sheet,
        0,
        &[
            "Tanggal",
            "Loket",
            "Anjungan",
            "Jumlah diterima",
            "Konsolidasi Manual",
            "Sinkronisasi DWH",
        ],
        f,
    )?;
    for (i, d) in r.by_day.iter().enumerate() {
        let row = i as u32 + 1;
        let date = ExcelDateTime::from_ymd(
            u16::try_from(chrono::Datelike::year(&d.date)).unwrap_or(1900),
            chrono::Datelike::month(&d.date) as u8,
            chrono::Datelike::day(&d.date) as u8,
        )?;
        sheet.write_datetime_with_format(row, 0, &date, &f.date)?;
        count(sheet, row, 1, d.desk, f)?;
        count(sheet, row, 2, d.kiosk, f)?;
        count(sheet, row, 3, d.desk + d.kiosk, f)?;
        count(sheet, row, 4, d.konsolidasi, f)?;
        count(sheet, row, 5, d.dwh, f)?;
    }
    for (col, width) in [14, 10, 10, 16, 20, 18].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    let last = r.by_day.len().max(1) as u32;

    for (at, title, series) in [
        (
            1,
            "Pengajuan diterima per hari",
            [(1u16, "Loket"), (2, "Anjungan")],
        ),
        (
            17,
            "Langkah proses per hari",
            [(4, "Konsolidasi Manual"), (5, "Sinkronisasi DWH")],
        ),
    ] {
        let mut chart = chart_of(ChartType::ColumnStacked, title, BY_DAY, last, &series);
        chart.x_axis().set_date_axis(true).set_num_format("d mmm");
        chart.set_width(720).set_height(300);
        sheet.insert_chart(at, 7, &chart)?;
    }
    Ok(())
}

fn statuses(book: &mut Workbook, r: &Rekap, f: &Formats) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(STATUSES)?;
    landscape(sheet);
    heads(
        sheet,
        0,
        &[
            "Status",
            "Diterima dalam periode, status sekarang",
            "Masuk status ini dalam periode",
        ],
        f,
    )?;
    for (i, (now, moved)) in r.status_now.iter().zip(&r.moved).enumerate() {
        let row = i as u32 + 1;
        sheet.write_string_with_format(row, 0, now.status.as_str(), &f.cell)?;
        count(sheet, row, 1, now.count, f)?;
        count(sheet, row, 2, moved.count, f)?;
    }
    sheet.set_column_width(0, 14)?;
    sheet.set_column_width(1, 24)?;
    sheet.set_column_width(2, 24)?;
    sheet.set_row_height(0, 32)?;
    let last = r.status_now.len().max(1) as u32;
    let mut chart = chart_of(
        ChartType::Column,
        "Pengajuan menurut status",
        STATUSES,
        last,
        &[(1, "Status sekarang"), (2, "Masuk status dalam periode")],
    );
    chart.set_width(560).set_height(300);
    sheet.insert_chart(1, 4, &chart)?;
    Ok(())
}

fn cancellations(book: &mut Workbook, r: &Rekap, f: &Formats) -> Result<(), XlsxError> {
    let sheet = book.add_worksheet();
    sheet.set_name(CANCELLED)?;
    landscape(sheet);
    heads(sheet, 0, &["Alasan pembatalan", "Jumlah"], f)?;
    for (i, c) in r.cancellations.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string_with_format(row, 0, &c.label, &f.cell)?;
        count(sheet, row, 1, c.count, f)?;
    }
    let total_row = r.cancellations.len() as u32 + 1;
    sheet.write_string_with_format(total_row, 0, "Jumlah", &f.head)?;
    count(
        sheet,
        total_row,
        1,
        r.cancellations.iter().map(|c| c.count).sum(),
        f,
    )?;
    sheet.set_column_width(0, 32)?;
    sheet.set_column_width(1, 10)?;
    let last = r.cancellations.len().max(1) as u32;
    let mut chart = chart_of(
        ChartType::Bar,
        "Pembatalan menurut alasan",
        CANCELLED,
        last,
        &[(1, "Dibatalkan")],
    );
    chart.legend().set_hidden();
    // A bar chart draws its first category at the bottom; the table reads from the top.
    chart.x_axis().set_reverse();
    chart.set_width(520).set_height(260);
    sheet.insert_chart(1, 3, &chart)?;
    Ok(())
}

fn overdue(sheet: &mut Worksheet, r: &Rekap, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(OVERDUE)?;
    sheet.write_string_with_format(
        0,
        0,
        format!(
            "Masih terbuka dan lewat target {} hari kerja: {} pengajuan",
            r.timeliness.target_days, r.overdue_total
        ),
        &f.bold,
    )?;
    heads(
        sheet,
        2,
        &["No.", "No. Registrasi", "Status", "Umur (hari kerja)"],
        f,
    )?;
    for (i, o) in r.overdue.iter().enumerate() {
        let row = i as u32 + 3;
        sheet.write_number_with_format(row, 0, (i + 1) as f64, &f.cell)?;
        sheet.write_string_with_format(row, 1, &o.reg_number, &f.cell)?;
        sheet.write_string_with_format(row, 2, o.status.as_str(), &f.cell)?;
        count(sheet, row, 3, i64::from(o.age_days), f)?;
    }
    let shown = r.overdue.len() as i64;
    if r.overdue_total > shown {
        sheet.write_string(
            shown as u32 + 4,
            0,
            format!(
                "… dan {} lainnya (lihat Daftar Pengajuan, urut terlama)",
                r.overdue_total - shown
            ),
        )?;
    }
    for (col, width) in [6, 20, 12, 18].into_iter().enumerate() {
        sheet.set_column_width(col as u16, width)?;
    }
    Ok(())
}

fn operators(sheet: &mut Worksheet, r: &Rekap, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(OPERATORS)?;
    heads(
        sheet,
        0,
        &[
            "Petugas",
            "Diterima di loket",
            "Disetujui",
            "Dibatalkan",
            "Langkah proses",
            "Selesai",
        ],
        f,
    )?;
    for (i, o) in r.operators.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string_with_format(row, 0, &o.name, &f.cell)?;
        for (col, n) in [o.desk, o.approved, o.cancelled, o.steps, o.finished]
            .into_iter()
            .enumerate()
        {
            count(sheet, row, col as u16 + 1, n, f)?;
        }
    }
    sheet.set_column_width(0, 28)?;
    for col in 1..=5 {
        sheet.set_column_width(col, 14)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rekap::{assemble, Days, OpenPast, OpenRequest, RekapCounts};
    use crate::status::Status;
    use crate::store::Channel;
    use crate::workdays::ServiceCalendar;
    use crate::workflow::{CancelReason, Step};
    use crate::zone::OfficeZone;
    use calamine::{Data, Reader, Xlsx};
    use chrono::{NaiveDate, TimeZone, Utc};

    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, day).unwrap()
    }

    fn november() -> Rekap {
        let counts = RekapCounts {
            created: vec![
                (d(2), Channel::Desk, Status::Selesai, 3),
                (d(2), Channel::Kiosk, Status::Baru, 2),
                (d(30), Channel::Desk, Status::Dibatalkan, 1),
            ],
            moved: vec![(d(2), Status::Baru, 5), (d(30), Status::Dibatalkan, 1)],
            steps: vec![(d(3), Step::SinkronisasiDwh, 3)],
            by_operator: vec![("Budi".into(), "desk".into(), 4)],
            finished: vec![(d(2), d(4), 2), (d(2), d(9), 1)],
            cancelled: vec![(Some(CancelReason::Duplicate), 1)],
        };
        let previous = RekapCounts {
            created: vec![(
                NaiveDate::from_ymd_opt(2026, 10, 7).unwrap(),
                Channel::Desk,
                Status::Selesai,
                4,
            )],
            ..Default::default()
        };
        let open = OpenPast {
            total: 250,
            oldest: vec![OpenRequest {
                id: 7,
                reg_number: "SD-261002-0001".into(),
                status: Status::Diproses,
                created_at: "2026-10-02T03:00:00.000Z".into(),
            }],
        };
        let mut r = assemble(
            "Disdukcapil Kabupaten Ogan Ilir",
            Days {
                from: d(1),
                to: d(30),
            },
            &counts,
            &previous,
            &open,
            OfficeZone::Wib,
            &ServiceCalendar::default(),
            Utc.with_ymd_and_hms(2026, 12, 4, 3, 0, 0).unwrap(),
            true,
        )
        .unwrap();
        r.signer = crate::office::Signer {
            place: "Indralaya".into(),
            title: String::new(),
            name: "Drs. H. Ahmad Fauzi, M.Si".into(),
            nip: "198001012005011001".into(),
        };
        r
    }

    #[test]
    fn the_summary_sheet_has_the_office_period_figures_and_signature() {
        let bytes = workbook(&november()).unwrap();
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        assert_eq!(
            book.sheet_names(),
            [SUMMARY, BY_DAY, STATUSES, CANCELLED, OVERDUE, OPERATORS]
        );
        let sheet = book.worksheet_range(SUMMARY).unwrap();
        let text: Vec<String> = sheet
            .rows()
            .flat_map(|row| row.iter().map(|c| c.to_string()))
            .filter(|c| !c.is_empty())
            .collect();
        let cell = |r: u32, c: u32| sheet.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        assert_eq!(cell(0, 0), Data::String(TITLE.into()));
        assert_eq!(
            cell(1, 0),
            Data::String("DISDUKCAPIL KABUPATEN OGAN ILIR".into())
        );
        assert_eq!(
            cell(2, 0),
            Data::String("Periode: 1 November 2026 s.d. 30 November 2026".into())
        );
        // Received: 6 now, 4 in October, +2.
        assert_eq!(cell(6, 1), Data::String("Pengajuan diterima".into()));
        assert_eq!(
            (cell(6, 2), cell(6, 3), cell(6, 4)),
            (Data::Float(6.0), Data::Float(4.0), Data::Float(2.0))
        );
        assert_eq!(cell(8, 2), Data::Float(2.0), "through the kiosk");
        for line in [
            "Indralaya, 4 Desember 2026",
            crate::office::SIGNER_TITLE_DEFAULT,
            "Drs. H. Ahmad Fauzi, M.Si",
            "NIP. 19800101 200501 1 001",
        ] {
            assert!(text.iter().any(|t| t == line), "{line:?} in {text:?}");
        }
        assert!(text
            .iter()
            .any(|t| t == "Masih terbuka dan lewat target (saat ini)"));
        assert!(
            text.iter().any(|t| t == "250"),
            "the overdue total: {text:?}"
        );
    }

    #[test]
    fn each_table_has_its_sheet_and_the_days_their_chart() {
        let r = november();
        let bytes = workbook(&r).unwrap();
        // The charts are parts of the package (calamine reads cells, not charts).
        for part in [
            "xl/charts/chart1.xml",
            "xl/charts/chart2.xml",
            "xl/charts/chart3.xml",
            "xl/charts/chart4.xml",
        ] {
            assert!(
                bytes.windows(part.len()).any(|w| w == part.as_bytes()),
                "{part} in the workbook"
            );
        }
        let mut book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
        let days = book.worksheet_range(BY_DAY).unwrap();
        assert_eq!(days.height(), 31, "a header and 30 days");
        let cell = |r: u32, c: u32| days.get_value((r, c)).cloned().unwrap_or(Data::Empty);
        // 2 Nov: 3 at the desk, 2 at the kiosk; 3 Nov: three DWH steps.
        assert_eq!(
            (cell(2, 1), cell(2, 2), cell(2, 3)),
            (Data::Float(3.0), Data::Float(2.0), Data::Float(5.0))
        );
        assert_eq!(cell(3, 5), Data::Float(3.0));
        let overdue = book.worksheet_range(OVERDUE).unwrap();
        assert_eq!(
            overdue.get_value((3, 1)),
            Some(&Data::String("SD-261002-0001".into()))
        );
        assert!(overdue
            .rows()
            .flatten()
            .any(|c| c.to_string().contains("249 lainnya")));
        let cancelled = book.worksheet_range(CANCELLED).unwrap();
        let duplicate = cancelled
            .rows()
            .find(|row| row[0] == Data::String("Pengajuan ganda".into()))
            .expect("a row per reason");
        assert_eq!(duplicate[1], Data::Float(1.0));
        let ops = book.worksheet_range(OPERATORS).unwrap();
        assert_eq!(ops.get_value((1, 0)), Some(&Data::String("Budi".into())));
        assert_eq!(ops.get_value((1, 1)), Some(&Data::Float(4.0)));
    }

    #[test]
    fn without_the_operators_there_is_no_operators_sheet() {
        let mut r = november();
        r.operators.clear();
        let book: Xlsx<_> = Xlsx::new(std::io::Cursor::new(workbook(&r).unwrap())).unwrap();
        assert!(!book.sheet_names().contains(&OPERATORS.to_string()));
    }
}
