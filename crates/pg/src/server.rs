//! Where one PC finds the office's server: the host, port, database and login an admin types in
//! Pengaturan, checked field by field (in Indonesian, beside each field) before anything is
//! saved or dialled. The password is never part of these settings: the app keeps it in the
//! OS credential store and hands it over only to connect.

use serde::{Deserialize, Serialize};
use sqlx::postgres::PgConnectOptions;

/// PostgreSQL's own default port, used when the field is left empty.
pub const DEFAULT_PORT: u16 = 5432;

/// The longest host name DNS allows.
const HOST_MAX: usize = 253;
/// PostgreSQL truncates identifiers (database and role names) past 63 bytes.
const NAME_MAX: usize = 63;

/// The connection fields as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ServerInput {
    pub host: String,
    pub port: String,
    pub database: String,
    pub user: String,
}

/// Checked connection settings, as saved in the PC's local config.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServerSettings {
    pub host: String,
    pub port: u16,
    pub database: String,
    pub user: String,
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
        match port {
            Some(port) if refusals.is_empty() => Ok(ServerSettings {
                host: host.to_string(),
                port,
                database: database.to_string(),
                user: user.to_string(),
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
        }
    }

    /// What the About screen says: `login@host:port/database`, never the password.
    pub fn label(&self) -> String {
        label(&self.user, &self.host, self.port, &self.database)
    }

    /// The options to connect with, given the password from the credential store. No URL is
    /// built, so no character of the password needs escaping.
    pub fn connect_options(&self, password: &str) -> PgConnectOptions {
        PgConnectOptions::new()
            .host(&self.host)
            .port(self.port)
            .database(&self.database)
            .username(&self.user)
            .password(password)
            .application_name("sinkron")
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
        }
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
