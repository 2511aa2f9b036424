//! The Anjungan's (kiosk's) settings, checked like every other setting: how long a screen may
//! sit untouched before it asks "Masih di sini?", whether the in-app keyboard shows, and the
//! network thermal printer for the receipt. Kept in the office settings so an admin sets them
//! once in Pengaturan; whether a PC *is* a kiosk is that PC's own config (the shell's).

use std::fmt;

use serde::Serialize;

/// Seconds without a touch before the kiosk asks whether someone is still there.
pub const IDLE_SECONDS_DEFAULT: i64 = 90;
pub const IDLE_SECONDS_MIN: i64 = 30;
pub const IDLE_SECONDS_MAX: i64 = 600;
/// The countdown the "Masih di sini?" prompt gives before the kiosk clears itself (WCAG 2.2.1
/// asks for at least 20 seconds).
pub const COUNTDOWN_SECONDS: i64 = 20;
/// The raw-printing port of network receipt printers (JetDirect / "port 9100").
pub const PRINTER_PORT_DEFAULT: u16 = 9100;

/// A network printer: host name or IPv4 address, and port.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PrinterAddr {
    pub host: String,
    pub port: u16,
}

impl PrinterAddr {
    /// `192.168.1.50`, `192.168.1.50:9100` or `struk-anjungan.lan`; the port defaults to 9100.
    pub fn parse(text: &str) -> Result<PrinterAddr, String> {
        let text = text.trim();
        let bad = || {
            "Alamat printer tidak terbaca — tulis alamat IP printer, misalnya 192.168.1.50 \
             atau 192.168.1.50:9100"
                .to_string()
        };
        let (host, port) = match text.rsplit_once(':') {
            Some((host, port)) => {
                let port = port
                    .parse::<u16>()
                    .ok()
                    .filter(|p| *p > 0)
                    .ok_or_else(bad)?;
                (host, port)
            }
            None => (text, PRINTER_PORT_DEFAULT),
        };
        let host_ok = !host.is_empty()
            && host.len() <= 253
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
            && !host.starts_with(['.', '-'])
            && !host.ends_with(['.', '-']);
        if !host_ok {
            return Err(bad());
        }
        Ok(PrinterAddr {
            host: host.to_ascii_lowercase(),
            port,
        })
    }
}

impl fmt::Display for PrinterAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.host, self.port)
    }
}

/// What the kiosk needs to know of its settings.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KioskSettings {
    pub idle_seconds: i64,
    pub countdown_seconds: i64,
    /// Show the in-app keyboard under the focused field.
    pub keyboard: bool,
    /// The receipt printer; without one the receipt goes through the print dialog on A4.
    pub printer: Option<PrinterAddr>,
}

impl Default for KioskSettings {
    fn default() -> Self {
        KioskSettings {
            idle_seconds: IDLE_SECONDS_DEFAULT,
            countdown_seconds: COUNTDOWN_SECONDS,
            keyboard: true,
            printer: None,
        }
    }
}

/// The idle seconds as typed in Pengaturan.
pub fn parse_idle_seconds(text: &str) -> Result<i64, String> {
    match text.trim().parse::<i64>() {
        Ok(n) if (IDLE_SECONDS_MIN..=IDLE_SECONDS_MAX).contains(&n) => Ok(n),
        _ => Err(format!(
            "Isi batas diam anjungan dengan angka detik {IDLE_SECONDS_MIN}–{IDLE_SECONDS_MAX} — \
             misalnya {IDLE_SECONDS_DEFAULT}"
        )),
    }
}

/// The printer as typed in Pengaturan: empty means none.
pub fn parse_printer(text: &str) -> Result<Option<PrinterAddr>, String> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        PrinterAddr::parse(text).map(Some)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printer_port_defaults_to_9100() {
        let p = PrinterAddr::parse(" 192.168.1.50 ").unwrap();
        assert_eq!(p.to_string(), "192.168.1.50:9100");
    }

    #[test]
    fn printer_with_port_and_host_name() {
        assert_eq!(
            PrinterAddr::parse("Struk-Anjungan.lan:9101")
                .unwrap()
                .to_string(),
            "struk-anjungan.lan:9101"
        );
    }

    #[test]
    fn printer_garbage_is_refused_with_an_example() {
        for bad in [
            "http://x",
            "1.2.3.4:0",
            "1.2.3.4:99999",
            ":9100",
            "a b",
            "-x",
            "x:",
        ] {
            let e = PrinterAddr::parse(bad).unwrap_err();
            assert!(e.contains("192.168.1.50"), "{bad}: {e}");
        }
    }

    #[test]
    fn empty_printer_means_none() {
        assert_eq!(parse_printer("  ").unwrap(), None);
    }

    #[test]
    fn idle_seconds_bounds() {
        assert_eq!(parse_idle_seconds("90"), Ok(90));
        assert!(parse_idle_seconds("29").is_err());
        assert!(parse_idle_seconds("601").is_err());
        assert!(parse_idle_seconds("satu").unwrap_err().contains("detik"));
    }
}
