//! The receipt (tanda terima) the kiosk hands out: what it says, its QR code, and the bytes a
//! network ESC/POS thermal printer (80 mm) takes on port 9100. The check code is only ever shown
//! here, once: the store keeps a hash of it.

use std::io::Write;
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};
use serde::Serialize;
use thiserror::Error;

use crate::error::Code;
use crate::error::ErrorPayload;
use crate::kiosk::PrinterAddr;

/// The service's name, as the seed's page gives it.
pub const SERVICE_NAME: &str = "Sinkronisasi Data (BPJS / Bank / Data Online)";
/// Characters per line of an 80 mm printer in its standard font.
pub const LINE_WIDTH: usize = 48;

/// Everything printed on a receipt.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Receipt {
    pub office_name: String,
    pub service: String,
    pub reg_number: String,
    /// Grouped for reading: `K7M Q3X` (spaces are ignored when typed back).
    pub check_code: String,
    pub nik_masked: String,
    /// `27 Nov 2026 10.15 WIB`.
    pub at_display: String,
    /// What happens next, in the service page's words where it has them.
    pub next_steps: String,
    pub how_to_check: String,
    /// Set on a receipt printed again (`5 Des 2026 09.02 WIB`): it carries a new check code and
    /// the one printed before no longer opens Cek Status.
    pub reprinted_display: Option<String>,
    /// The registration number as a QR code, an SVG document with no script or style.
    pub qr_svg: String,
}

impl Receipt {
    /// The receipt of a request just saved.
    pub fn new(
        office_name: &str,
        reg_number: &str,
        check_code: &str,
        nik_masked: &str,
        at_display: &str,
    ) -> Receipt {
        let grouped = if check_code.len() == 6 {
            format!("{} {}", &check_code[..3], &check_code[3..])
        } else {
            check_code.to_string()
        };
        Receipt {
            office_name: office_name.to_string(),
            service: SERVICE_NAME.to_string(),
            reg_number: reg_number.to_string(),
            check_code: grouped,
            nik_masked: nik_masked.to_string(),
            at_display: at_display.to_string(),
            next_steps: NEXT_STEPS.to_string(),
            how_to_check: HOW_TO_CHECK.to_string(),
            reprinted_display: None,
            qr_svg: qr_svg(reg_number),
        }
    }

    /// The same receipt printed again at `at_display`, with its new check code.
    pub fn reprinted(mut self, at_display: &str) -> Receipt {
        self.reprinted_display = Some(at_display.to_string());
        self
    }
}

/// What happens after the receipt, as the service page describes the service: the officer
/// checks the request, it is processed, and the printed document is collected at the office.
pub const NEXT_STEPS: &str = "Petugas memeriksa data dan foto dokumen Anda, lalu memproses \
                              sinkronisasi data. Kabar diberikan lewat WhatsApp. Jika sudah \
                              selesai, dokumen dapat diambil di kantor Dukcapil.";

/// How the applicant checks the status with this receipt.
pub const HOW_TO_CHECK: &str = "Cek status di Anjungan kantor: pilih \"Cek Status\", lalu \
                                masukkan nomor registrasi dan kode cek di atas. Simpan tanda \
                                terima ini: kode cek tidak dapat dilihat lagi.";

/// A QR code of `text` as SVG (medium error correction, quiet zone included).
pub fn qr_svg(text: &str) -> String {
    match QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M) {
        Ok(code) => code
            .render::<svg::Color<'_>>()
            .min_dimensions(180, 180)
            .quiet_zone(true)
            .build(),
        // A registration number always fits; an empty image is better than no receipt.
        Err(_) => String::new(),
    }
}

/// Printer text is plain ASCII: the printer's code page is unknown, so typographic characters
/// are written as their ASCII look-alikes and anything else as `?`.
fn ascii(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '—' | '–' => '-',
            '‘' | '’' => '\'',
            '“' | '”' => '"',
            c if c.is_ascii() && !c.is_ascii_control() => c,
            _ => '?',
        })
        .collect()
}

/// Breaks `text` into lines of at most `width` characters at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.len() + 1 + word.len() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

const ESC: u8 = 0x1b;
const GS: u8 = 0x1d;
/// `GS V 66 0`: feed to the cutter and cut (partial cut, as receipt printers do).
pub const CUT: [u8; 4] = [GS, b'V', 66, 0];

/// The ESC/POS bytes of a receipt: centred text, the number and the code in double size, the
/// printer's own QR code of the number, then a feed and a cut.
pub fn escpos(receipt: &Receipt) -> Vec<u8> {
    let mut out = Vec::with_capacity(1024);
    let text = |out: &mut Vec<u8>, s: &str| {
        for line in wrap(&ascii(s), LINE_WIDTH) {
            out.extend_from_slice(line.as_bytes());
            out.push(b'\n');
        }
    };
    let size = |out: &mut Vec<u8>, n: u8| out.extend_from_slice(&[GS, b'!', n]);
    let bold = |out: &mut Vec<u8>, on: bool| out.extend_from_slice(&[ESC, b'E', u8::from(on)]);

    out.extend_from_slice(&[ESC, b'@']); // initialise
    out.extend_from_slice(&[ESC, b'a', 1]); // centre
    bold(&mut out, true);
    text(&mut out, &receipt.office_name);
    bold(&mut out, false);
    text(&mut out, "TANDA TERIMA PENGAJUAN");
    text(&mut out, &receipt.service);
    out.push(b'\n');
    text(&mut out, "Nomor Registrasi");
    size(&mut out, 0x11);
    bold(&mut out, true);
    text(&mut out, &receipt.reg_number);
    size(&mut out, 0);
    bold(&mut out, false);
    out.push(b'\n');
    text(&mut out, "Kode Cek");
    size(&mut out, 0x11);
    bold(&mut out, true);
    text(&mut out, &receipt.check_code);
    size(&mut out, 0);
    bold(&mut out, false);
    out.push(b'\n');
    qr(&mut out, &receipt.reg_number);
    out.push(b'\n');
    out.extend_from_slice(&[ESC, b'a', 0]); // left
    text(&mut out, &format!("NIK     : {}", receipt.nik_masked));
    text(&mut out, &format!("Tanggal : {}", receipt.at_display));
    if let Some(again) = &receipt.reprinted_display {
        text(&mut out, &format!("Dicetak ulang {again}"));
    }
    out.push(b'\n');
    text(&mut out, &receipt.next_steps);
    out.push(b'\n');
    text(&mut out, &receipt.how_to_check);
    out.extend_from_slice(&[ESC, b'd', 4]); // feed 4 lines
    out.extend_from_slice(&CUT);
    out
}

/// `GS ( k`: the printer draws the QR code itself (model 2, module size 6, level M).
fn qr(out: &mut Vec<u8>, data: &str) {
    let data = ascii(data);
    let store_len = data.len() + 3;
    out.extend_from_slice(&[GS, b'(', b'k', 4, 0, 49, 65, 50, 0]);
    out.extend_from_slice(&[GS, b'(', b'k', 3, 0, 49, 67, 6]);
    out.extend_from_slice(&[GS, b'(', b'k', 3, 0, 49, 69, 49]);
    out.extend_from_slice(&[
        GS,
        b'(',
        b'k',
        (store_len & 0xff) as u8,
        (store_len >> 8) as u8,
        49,
        80,
        48,
    ]);
    out.extend_from_slice(data.as_bytes());
    out.extend_from_slice(&[GS, b'(', b'k', 3, 0, 49, 81, 48]);
}

/// Why a receipt did not reach the printer.
#[derive(Debug, Error)]
pub enum PrintError {
    #[error("Printer struk tidak ditemukan di jaringan ({0}) — panggil petugas; nomor registrasi tetap tersimpan")]
    Unreachable(String),
    #[error("Printer struk berhenti saat mencetak ({0}) — panggil petugas; nomor registrasi tetap tersimpan")]
    Interrupted(String),
}

impl PrintError {
    pub fn payload(&self) -> ErrorPayload {
        let code = match self {
            PrintError::Unreachable(_) => Code::PrinterUnreachable,
            PrintError::Interrupted(_) => Code::PrinterInterrupted,
        };
        ErrorPayload::new(code, self.to_string())
    }
}

/// Sends `bytes` to the printer's raw port and closes the connection (blocking; call it from a
/// blocking thread). `timeout` bounds the connect and each write.
pub fn send(printer: &PrinterAddr, bytes: &[u8], timeout: Duration) -> Result<(), PrintError> {
    let where_ = printer.to_string();
    let addrs = (printer.host.as_str(), printer.port)
        .to_socket_addrs()
        .map_err(|_| PrintError::Unreachable(where_.clone()))?;
    let mut stream = addrs
        .into_iter()
        .find_map(|addr| TcpStream::connect_timeout(&addr, timeout).ok())
        .ok_or_else(|| PrintError::Unreachable(where_.clone()))?;
    stream
        .set_write_timeout(Some(timeout))
        .and_then(|()| stream.write_all(bytes))
        .and_then(|()| stream.flush())
        .map_err(|_| PrintError::Interrupted(where_.clone()))?;
    let _ = stream.shutdown(std::net::Shutdown::Write);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;
    use std::net::TcpListener;

    fn sample() -> Receipt {
        Receipt::new(
            "Disdukcapil Kabupaten Ogan Ilir",
            "SD-261127-0007",
            "K7MQ3X",
            "161001******0001",
            "27 Nov 2026 10.15 WIB",
        )
    }

    fn contains(hay: &[u8], needle: &[u8]) -> bool {
        hay.windows(needle.len()).any(|w| w == needle)
    }

    #[test]
    fn check_code_is_grouped_for_reading() {
        assert_eq!(sample().check_code, "K7M Q3X");
    }

    #[test]
    fn receipt_says_the_printed_document_is_collected_at_the_office() {
        // The seed: "jika sudah selesai dapat diambil di kantor Dukcapil".
        assert!(sample()
            .next_steps
            .contains("selesai, dokumen dapat diambil di kantor Dukcapil"));
        assert!(contains(&escpos(&sample()), b"diambil di kantor Dukcapil"));
    }

    #[test]
    fn a_reprinted_receipt_says_when_it_was_printed_again() {
        let r = sample().reprinted("5 Des 2026 09.02 WIB");
        assert!(contains(&escpos(&r), b"Dicetak ulang 5 Des 2026 09.02 WIB"));
        assert!(!contains(&escpos(&sample()), b"Dicetak ulang"));
    }

    #[test]
    fn qr_svg_is_an_svg_without_script_or_style() {
        let svg = sample().qr_svg;
        assert!(svg.contains("<svg"), "{svg}");
        assert!(!svg.contains("<script") && !svg.contains("style="));
    }

    #[test]
    fn escpos_has_number_code_masked_nik_qr_and_a_cut_at_the_end() {
        let bytes = escpos(&sample());
        assert!(bytes.starts_with(&[ESC, b'@']));
        assert!(contains(&bytes, b"SD-261127-0007"));
        assert!(contains(&bytes, b"K7M Q3X"));
        assert!(contains(&bytes, b"161001******0001"));
        assert!(!contains(&bytes, b"1610011234560001"));
        assert!(contains(&bytes, &[GS, b'(', b'k']), "printer QR command");
        assert!(bytes.ends_with(&CUT));
    }

    #[test]
    fn printer_text_is_ascii_and_wrapped_to_the_paper() {
        let mut r = sample();
        r.office_name = "Dinas Kependudukan dan Pencatatan Sipil — Kabupaten Ogan Ilir".into();
        let bytes = escpos(&r);
        assert!(bytes.iter().all(|b| *b < 0x80), "ascii only");
        for line in bytes.split(|b| *b == b'\n') {
            let printable = line.iter().filter(|b| b.is_ascii_graphic() || **b == b' ');
            assert!(printable.count() <= LINE_WIDTH + 12);
        }
        assert!(contains(&bytes, b"Sipil -"), "the dash as ASCII");
    }

    #[test]
    fn send_delivers_every_byte_to_a_listener() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let reader = std::thread::spawn(move || {
            let (mut s, _) = listener.accept().unwrap();
            let mut got = Vec::new();
            s.read_to_end(&mut got).unwrap();
            got
        });
        let printer = PrinterAddr::parse(&format!("127.0.0.1:{port}")).unwrap();
        let bytes = escpos(&sample());
        send(&printer, &bytes, Duration::from_secs(5)).unwrap();
        assert_eq!(reader.join().unwrap(), bytes);
    }

    #[test]
    fn send_to_a_closed_port_says_call_the_officer() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        drop(listener);
        let printer = PrinterAddr::parse(&format!("127.0.0.1:{port}")).unwrap();
        let e = send(&printer, b"x", Duration::from_secs(2)).unwrap_err();
        assert_eq!(e.payload().code, "printer_unreachable");
        assert!(e.to_string().contains("panggil petugas"));
    }
}
