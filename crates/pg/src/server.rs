//! Where one PC finds the office's server: the host, port, database and login an admin types in
//! Pengaturan, checked field by field (in Indonesian, beside each field) before anything is
//! saved or dialled. The password is never part of these settings: the app keeps it in the
//! OS credential store and hands it over only to connect.
//!
//! The connection is encrypted unless the admin turns that off ("Keamanan koneksi",
//! [`TlsChoice`]): by default the server's certificate is verified against the office's own CA
//! ([`OfficeCa`], kept in the settings) and must name the host typed here.

use rustls_pki_types::pem::PemObject;
use rustls_pki_types::CertificateDer;
use serde::{Deserialize, Serialize};
use sqlx::postgres::{PgConnectOptions, PgSslMode};

/// PostgreSQL's own default port, used when the field is left empty.
pub const DEFAULT_PORT: u16 = 5432;

/// The longest host name DNS allows.
const HOST_MAX: usize = 253;
/// PostgreSQL truncates identifiers (database and role names) past 63 bytes.
const NAME_MAX: usize = 63;

/// The largest CA file taken: a chain of a few certificates is a few KB.
const CA_MAX_BYTES: usize = 64 * 1024;

/// The connection fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ServerInput {
    pub host: String,
    pub port: String,
    pub database: String,
    pub user: String,
    /// `verify` (or empty), `require` or `off`.
    pub tls: String,
    /// The office CA's PEM text, empty for none.
    pub ca_pem: String,
    /// The CA file's name, shown beside the choice.
    pub ca_name: String,
}

/// "Keamanan koneksi": how the connection to the server is protected.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TlsChoice {
    /// Encrypted, and the server's certificate is checked against the office's CA (or the
    /// public roots when none is given) and must name the host. Settings saved before TLS
    /// existed read as this: a PC fails closed, never silently in clear.
    #[default]
    Verify,
    /// Encrypted, the certificate not checked (protects against listening, not against a
    /// machine posing as the server).
    Require,
    /// In clear on the LAN: NIKs, photos and check codes readable by anyone on it.
    Off,
}

impl TlsChoice {
    /// As the form sends it.
    pub fn parse(text: &str) -> Option<TlsChoice> {
        match text.trim() {
            "" | "verify" => Some(TlsChoice::Verify),
            "require" => Some(TlsChoice::Require),
            "off" => Some(TlsChoice::Off),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            TlsChoice::Verify => "verify",
            TlsChoice::Require => "require",
            TlsChoice::Off => "off",
        }
    }
}

/// The office's own certificate authority, which signed the server's certificate: PEM text
/// holding one or more certificates, each one a verifier accepts as a trust anchor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeCa {
    /// The file it came from, for the card.
    pub name: String,
    pub pem: String,
}

impl OfficeCa {
    /// Checks a chosen file's bytes; the error says, in Indonesian, what to choose instead.
    pub fn parse(name: &str, bytes: &[u8]) -> Result<OfficeCa, String> {
        const NOT_PEM: &str = "Berkas ini bukan sertifikat CA dalam format PEM (Base-64) — pilih \
             berkas .crt atau .pem dari pengelola server (di Windows: ekspor sebagai \"Base-64 \
             encoded X.509\")";
        if bytes.len() > CA_MAX_BYTES {
            return Err(format!(
                "Berkas sertifikat terlalu besar (lebih dari {} KB) — pilih berkas sertifikat CA \
                 kantor, bukan berkas lain",
                CA_MAX_BYTES / 1024
            ));
        }
        let text = std::str::from_utf8(bytes).map_err(|_| NOT_PEM.to_string())?;
        let mut count = 0;
        for cert in CertificateDer::pem_slice_iter(text.as_bytes()) {
            let cert = cert.map_err(|_| NOT_PEM.to_string())?;
            webpki::anchor_from_trusted_cert(&cert).map_err(|_| {
                "Isi berkas sertifikat rusak atau bukan sertifikat X.509 — minta berkas CA kantor \
                 lagi dari pengelola server"
                    .to_string()
            })?;
            count += 1;
        }
        if count == 0 {
            return Err(NOT_PEM.to_string());
        }
        Ok(OfficeCa {
            name: name.trim().to_string(),
            pem: text.to_string(),
        })
    }
}

/// Checked connection settings, as saved in the PC's local config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerSettings {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
    #[serde(default)]
    pub tls: TlsChoice,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ca: Option<OfficeCa>,
}

/// A refused field: its name in [`ServerInput`] and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldRefusal {
    pub field: &'static str,
    pub message: String,
}

impl ServerSettings {
    /// Checks every field and reports each refusal with its field.
    pub fn parse(input: &ServerInput) -> Result<ServerSettings, Vec<FieldRefusal>> {
        let mut refusals = Vec::new();
        let mut refuse = |field: &'static str, message: &str| {
            refusals.push(FieldRefusal {
                field,
                message: message.to_string(),
            })
        };
        let host = input.host.trim();
        if host.is_empty() {
            refuse(
                "host",
                "Alamat server wajib diisi — nama komputer server atau alamat IP-nya, mis. 192.168.1.10",
            );
        } else if host.len() > HOST_MAX || !host.chars().all(host_char) {
            refuse(
                "host",
                "Alamat server hanya berisi huruf, angka, titik, tanda minus atau titik dua — tanpa spasi, tanpa \"postgres://\"",
            );
        }
        let port_text = input.port.trim();
        let port = if port_text.is_empty() {
            Some(DEFAULT_PORT)
        } else {
            port_text.parse::<u16>().ok().filter(|p| *p > 0)
        };
        if port.is_none() {
            refuse(
                "port",
                "Port berupa angka 1–65535 — biasanya 5432; kosongkan untuk memakai 5432",
            );
        }
        let database = input.database.trim();
        if database.is_empty() {
            refuse(
                "database",
                "Nama database wajib diisi — tanyakan ke pengelola server, mis. sinkron",
            );
        } else if database.len() > NAME_MAX || database.chars().any(char::is_whitespace) {
            refuse(
                "database",
                "Nama database paling banyak 63 karakter, tanpa spasi",
            );
        }
        let user = input.user.trim();
        if user.is_empty() {
            refuse(
                "user",
                "Login database wajib diisi — login yang dibuat untuk komputer ini, mis. meja1",
            );
        } else if user.len() > NAME_MAX || user.chars().any(char::is_whitespace) {
            refuse(
                "user",
                "Login database paling banyak 63 karakter, tanpa spasi",
            );
        }
        let tls = TlsChoice::parse(&input.tls);
        if tls.is_none() {
            refuse(
                "tls",
                "Pilih keamanan koneksi: wajib TLS dan periksa sertifikat, wajib TLS saja, atau \
                 tanpa enkripsi",
            );
        }
        let ca = if input.ca_pem.trim().is_empty() {
            None
        } else {
            match OfficeCa::parse(&input.ca_name, input.ca_pem.as_bytes()) {
                Ok(ca) => Some(ca),
                Err(message) => {
                    refuse("ca", &message);
                    None
                }
            }
        };
        match (port, tls) {
            (Some(port), Some(tls)) if refusals.is_empty() => Ok(ServerSettings {
                host: host.to_string(),
                port,
                database: database.to_string(),
                user: user.to_string(),
                tls,
                ca,
            }),
            _ => Err(refusals),
        }
    }

    /// The fields as the form shows them again.
    pub fn input(&self) -> ServerInput {
        ServerInput {
            host: self.host.clone(),
            port: self.port.to_string(),
            database: self.database.clone(),
            user: self.user.clone(),
            tls: self.tls.as_str().to_string(),
            ca_pem: self
                .ca
                .as_ref()
                .map(|ca| ca.pem.clone())
                .unwrap_or_default(),
            ca_name: self
                .ca
                .as_ref()
                .map(|ca| ca.name.clone())
                .unwrap_or_default(),
        }
    }

    /// What the About screen says: `login@host:port/database`, never the password.
    pub fn label(&self) -> String {
        label(&self.user, &self.host, self.port, &self.database)
    }

    /// The options to connect with, given the password from the credential store. No URL is
    /// built, so no character of the password needs escaping.
    pub fn connect_options(&self, password: &str) -> PgConnectOptions {
        let options = PgConnectOptions::new()
            .host(&self.host)
            .port(self.port)
            .database(&self.database)
            .username(&self.user)
            .password(password)
            .application_name("sinkron");
        match (self.tls, &self.ca) {
            (TlsChoice::Verify, Some(ca)) => options
                .ssl_mode(PgSslMode::VerifyFull)
                .ssl_root_cert_from_pem(ca.pem.as_bytes().to_vec()),
            (TlsChoice::Verify, None) => options.ssl_mode(PgSslMode::VerifyFull),
            (TlsChoice::Require, _) => options.ssl_mode(PgSslMode::Require),
            (TlsChoice::Off, _) => options.ssl_mode(PgSslMode::Disable),
        }
    }
}

/// How a connection is named on screen and in the credential store: `login@host:port/database`.
pub fn connection_label(options: &PgConnectOptions) -> String {
    label(
        options.get_username(),
        options.get_host(),
        options.get_port(),
        options.get_database().unwrap_or_default(),
    )
}

fn label(user: &str, host: &str, port: u16, database: &str) -> String {
    format!("{user}@{host}:{port}/{database}")
}

fn host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_' | '[' | ']')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(host: &str, port: &str, database: &str, user: &str) -> ServerInput {
        ServerInput {
            host: host.into(),
            port: port.into(),
            database: database.into(),
            user: user.into(),
            ..ServerInput::default()
        }
    }

    /// A throwaway self-signed CA (made once with openssl; only its public half is here).
    const TEST_CA: &str = include_str!("../tests/fixtures/other-ca.crt");

    #[test]
    fn settings_saved_before_tls_read_as_verified_tls() {
        let old = r#"{"host":"server","port":5432,"database":"sinkron","user":"meja1"}"#;
        let s: ServerSettings = serde_json::from_str(old).unwrap();
        assert_eq!(s.tls, TlsChoice::Verify);
        assert_eq!(s.ca, None);
        assert!(matches!(
            s.connect_options("x").get_ssl_mode(),
            PgSslMode::VerifyFull
        ));
    }

    #[test]
    fn each_tls_choice_sets_its_ssl_mode() {
        for (typed, mode) in [
            ("", PgSslMode::VerifyFull),
            ("verify", PgSslMode::VerifyFull),
            ("require", PgSslMode::Require),
            ("off", PgSslMode::Disable),
        ] {
            let mut i = input("server", "", "sinkron", "meja1");
            i.tls = typed.into();
            let s = ServerSettings::parse(&i).unwrap();
            let got = s.connect_options("x").get_ssl_mode();
            assert_eq!(format!("{got:?}"), format!("{mode:?}"), "{typed}");
        }
    }

    #[test]
    fn an_unknown_tls_choice_is_refused_beside_itself() {
        let mut i = input("server", "", "sinkron", "meja1");
        i.tls = "maybe".into();
        assert_eq!(fields(ServerSettings::parse(&i)), vec!["tls"]);
    }

    #[test]
    fn the_office_ca_is_kept_with_its_file_name() {
        let mut i = input("server", "", "sinkron", "meja1");
        i.ca_pem = TEST_CA.into();
        i.ca_name = "ca-kantor.crt".into();
        let s = ServerSettings::parse(&i).unwrap();
        let ca = s.ca.as_ref().unwrap();
        assert_eq!(ca.name, "ca-kantor.crt");
        assert_eq!(ServerSettings::parse(&s.input()).unwrap(), s);
    }

    #[test]
    fn a_file_that_is_not_a_pem_certificate_is_refused() {
        for bytes in [
            &b"hello"[..],
            &[0x30, 0x82, 0x01, 0x0a][..],
            b"-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n",
        ] {
            let error = OfficeCa::parse("x.crt", bytes).unwrap_err();
            assert!(error.contains("sertifikat"), "{error}");
        }
        let mut i = input("server", "", "sinkron", "meja1");
        i.ca_pem = "bukan sertifikat".into();
        assert_eq!(fields(ServerSettings::parse(&i)), vec!["ca"]);
    }

    #[test]
    fn a_huge_ca_file_is_refused() {
        let huge = TEST_CA.repeat(60);
        let error = OfficeCa::parse("x.crt", huge.as_bytes()).unwrap_err();
        assert!(error.contains("terlalu besar"), "{error}");
    }

    fn fields(result: Result<ServerSettings, Vec<FieldRefusal>>) -> Vec<&'static str> {
        result.unwrap_err().iter().map(|r| r.field).collect()
    }

    #[test]
    fn typed_settings_are_trimmed_and_kept() {
        let s =
            ServerSettings::parse(&input(" 192.168.1.10 ", "5433", " sinkron", "meja1 ")).unwrap();
        assert_eq!(s.host, "192.168.1.10");
        assert_eq!(s.port, 5433);
        assert_eq!(s.label(), "meja1@192.168.1.10:5433/sinkron");
        assert_eq!(ServerSettings::parse(&s.input()).unwrap(), s);
    }

    #[test]
    fn empty_port_means_postgres_default() {
        let s = ServerSettings::parse(&input("server-kantor", "", "sinkron", "meja1")).unwrap();
        assert_eq!(s.port, DEFAULT_PORT);
    }

    #[test]
    fn every_empty_field_is_refused_beside_itself() {
        assert_eq!(
            fields(ServerSettings::parse(&input("", "", " ", ""))),
            vec!["host", "database", "user"]
        );
    }

    #[test]
    fn a_url_or_spaces_in_the_host_is_refused() {
        assert_eq!(
            fields(ServerSettings::parse(&input("postgres://x", "", "d", "u"))),
            vec!["host"]
        );
        assert_eq!(
            fields(ServerSettings::parse(&input("server kantor", "", "d", "u"))),
            vec!["host"]
        );
    }

    #[test]
    fn port_outside_range_is_refused() {
        for port in ["0", "70000", "lima", "-1"] {
            assert_eq!(
                fields(ServerSettings::parse(&input("h", port, "d", "u"))),
                vec!["port"],
                "{port}"
            );
        }
    }

    #[test]
    fn names_longer_than_postgres_allows_are_refused() {
        let long = "a".repeat(64);
        assert_eq!(
            fields(ServerSettings::parse(&input("h", "", &long, &long))),
            vec!["database", "user"]
        );
    }
}
