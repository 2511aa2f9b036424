//! Operators and their sign-in: roles, the rules for usernames and passwords,
//! argon2id hashing at no less than OWASP's minimum, the lockout after repeated
//! failures and the idle timeout. Timing rules take the clock as a parameter so
//! tests can move time. No password or hash ever appears in an error or a log.

use crate::error::Code;
use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chrono::{DateTime, Duration, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// What an operator may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// Operator accounts and settings.
    Admin,
    /// The whole workflow.
    Petugas,
}

impl Role {
    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Petugas => "petugas",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        match code {
            "admin" => Some(Role::Admin),
            "petugas" => Some(Role::Petugas),
            _ => None,
        }
    }
}

/// Failures counted for the lockout, and the window they are counted in.
pub const LOCKOUT_FAILURES: usize = 5;
pub const LOCKOUT_WINDOW_MINUTES: i64 = 15;
/// Default minutes of inactivity before the screen is blanked.
pub const IDLE_MINUTES_DEFAULT: i64 = 15;

/// Why a new username or password is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AccountError {
    #[error(
        "Nama pengguna 3–32 karakter: huruf kecil, angka, titik, garis bawah atau tanda hubung"
    )]
    BadUsername,
    #[error("Nama tampilan wajib diisi (paling banyak 100 karakter)")]
    BadDisplayName,
    #[error("Kata sandi paling sedikit 10 karakter — gunakan kalimat pendek yang mudah diingat")]
    PasswordTooShort,
    #[error("Kata sandi paling banyak 128 karakter")]
    PasswordTooLong,
    #[error("Kata sandi tidak boleh sama dengan nama pengguna")]
    PasswordIsUsername,
    #[error("Kedua kata sandi tidak sama — ketik ulang")]
    PasswordsDiffer,
}

impl AccountError {
    pub fn code(&self) -> Code {
        match self {
            AccountError::BadUsername => Code::AccountBadUsername,
            AccountError::BadDisplayName => Code::AccountBadDisplayName,
            AccountError::PasswordTooShort => Code::AccountPasswordTooShort,
            AccountError::PasswordTooLong => Code::AccountPasswordTooLong,
            AccountError::PasswordIsUsername => Code::AccountPasswordIsUsername,
            AccountError::PasswordsDiffer => Code::AccountPasswordsDiffer,
        }
    }
}

/// A username: lower-cased, `[a-z0-9._-]{3,32}`.
pub fn parse_username(input: &str) -> Result<String, AccountError> {
    let u = input.trim().to_lowercase();
    let ok = (3..=32).contains(&u.chars().count())
        && u.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || "._-".contains(c));
    if ok {
        Ok(u)
    } else {
        Err(AccountError::BadUsername)
    }
}

/// A display name: whitespace folded, 1–100 characters.
pub fn parse_display_name(input: &str) -> Result<String, AccountError> {
    let d = input.split_whitespace().collect::<Vec<_>>().join(" ");
    if d.is_empty() || d.chars().count() > 100 || d.chars().any(char::is_control) {
        Err(AccountError::BadDisplayName)
    } else {
        Ok(d)
    }
}

/// Checks a new password typed twice.
pub fn check_new_password(username: &str, password: &str, again: &str) -> Result<(), AccountError> {
    if password != again {
        return Err(AccountError::PasswordsDiffer);
    }
    let n = password.chars().count();
    if n < 10 {
        return Err(AccountError::PasswordTooShort);
    }
    if n > 128 {
        return Err(AccountError::PasswordTooLong);
    }
    if password.trim().eq_ignore_ascii_case(username.trim()) {
        return Err(AccountError::PasswordIsUsername);
    }
    Ok(())
}

fn hasher() -> Argon2<'static> {
    // OWASP minimum for argon2id: 19 MiB, 2 passes, 1 lane.
    let params = Params::new(19 * 1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// Hashes a password (CPU-heavy: call from a blocking thread).
pub fn hash_password(password: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .expect("argon2 hashing with valid parameters")
        .to_string()
}

/// Checks a password against a stored hash (CPU-heavy: call from a blocking
/// thread). A malformed hash is simply "no".
pub fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            hasher()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

/// The SCRAM-SHA-256 iterations of a server login's verifier: PostgreSQL's own default.
pub const SCRAM_ITERATIONS: u32 = 4096;

/// A password as PostgreSQL stores it for a login (`SCRAM-SHA-256$iter:salt$StoredKey:ServerKey`,
/// RFC 5802/7677), made here so that the password itself never reaches the server (nor its
/// logs). The password's bytes are used as typed, as the desk's driver sends them when it
/// signs in (CPU-heavy: call from a blocking thread).
pub fn scram_verifier(password: &str) -> String {
    use argon2::password_hash::rand_core::RngCore;
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    scram_verifier_with(password, &salt, SCRAM_ITERATIONS)
}

fn scram_verifier_with(password: &str, salt: &[u8], iterations: u32) -> String {
    use base64::engine::general_purpose::STANDARD as B64;
    use base64::Engine as _;
    use hmac::{Hmac, Mac};
    use sha2::{Digest, Sha256};
    let mut salted = [0u8; 32];
    pbkdf2::pbkdf2_hmac::<Sha256>(password.as_bytes(), salt, iterations, &mut salted);
    let key = |label: &[u8]| {
        let mut mac = Hmac::<Sha256>::new_from_slice(&salted).expect("HMAC takes any key");
        mac.update(label);
        mac.finalize().into_bytes()
    };
    let stored = Sha256::digest(key(b"Client Key"));
    let server = key(b"Server Key");
    format!(
        "SCRAM-SHA-256${iterations}:{}${}:{}",
        B64.encode(salt),
        B64.encode(stored),
        B64.encode(server)
    )
}

/// A hash to verify against when the username does not exist, so that a
/// wrong username takes as long as a wrong password.
pub fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("decoy password that matches nothing"))
}

/// How long an account must wait, given its recent failed sign-ins (oldest
/// first) since its last success. Five failures within 15 minutes lock it for
/// one minute; every further failure doubles the wait, up to an hour.
pub fn lockout_wait(failures: &[DateTime<Utc>], now: DateTime<Utc>) -> Option<Duration> {
    let window = Duration::minutes(LOCKOUT_WINDOW_MINUTES);
    let recent: Vec<_> = failures
        .iter()
        .filter(|t| now - **t < window * 4)
        .copied()
        .collect();
    if recent.len() < LOCKOUT_FAILURES {
        return None;
    }
    // The fifth-last failure must lie within the window of the last one.
    let last = *recent.last().expect("non-empty");
    let fifth_last = recent[recent.len() - LOCKOUT_FAILURES];
    if last - fifth_last > window {
        return None;
    }
    let extra = (recent.len() - LOCKOUT_FAILURES).min(6) as u32;
    let wait = Duration::minutes(1i64 << extra).min(Duration::minutes(60));
    let until = last + wait;
    (until > now).then(|| until - now)
}

/// "3 menit" / "45 detik": how the sign-in screen says how long to wait.
pub fn wait_text(wait: Duration) -> String {
    let secs = wait.num_seconds().max(1);
    if secs < 60 {
        format!("{secs} detik")
    } else {
        format!("{} menit", (secs + 59) / 60)
    }
}

/// True when the operator has been idle for `idle_minutes` or more.
pub fn is_idle(last_activity: DateTime<Utc>, now: DateTime<Utc>, idle_minutes: i64) -> bool {
    now - last_activity >= Duration::minutes(idle_minutes.max(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(min: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 27, 8, 0, 0).unwrap() + Duration::minutes(min)
    }

    #[test]
    fn a_hash_verifies_its_password_only() {
        let h = hash_password("kalimat rahasia panjang");
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify_password("kalimat rahasia panjang", &h));
        assert!(!verify_password("kalimat rahasia pendek", &h));
    }

    #[test]
    fn a_malformed_hash_is_no() {
        assert!(!verify_password("x", "not a hash"));
    }

    #[test]
    fn four_failures_do_not_lock() {
        let f = [t(0), t(1), t(2), t(3)];
        assert_eq!(lockout_wait(&f, t(3)), None);
    }

    #[test]
    fn five_failures_within_fifteen_minutes_lock_for_a_minute() {
        let f = [t(0), t(1), t(2), t(3), t(4)];
        assert_eq!(lockout_wait(&f, t(4)), Some(Duration::minutes(1)));
        assert_eq!(lockout_wait(&f, t(5)), None, "the wait is over");
    }

    #[test]
    fn five_failures_spread_over_an_hour_do_not_lock() {
        let f = [t(0), t(14), t(28), t(42), t(56)];
        assert_eq!(lockout_wait(&f, t(56)), None);
    }

    #[test]
    fn every_further_failure_doubles_the_wait() {
        let f = [t(0), t(1), t(2), t(3), t(4), t(6)];
        assert_eq!(lockout_wait(&f, t(6)), Some(Duration::minutes(2)));
        let f = [t(0), t(1), t(2), t(3), t(4), t(6), t(9)];
        assert_eq!(lockout_wait(&f, t(9)), Some(Duration::minutes(4)));
    }

    #[test]
    fn wait_text_in_indonesian() {
        assert_eq!(wait_text(Duration::seconds(45)), "45 detik");
        assert_eq!(wait_text(Duration::seconds(61)), "2 menit");
    }

    #[test]
    fn idle_after_the_setting() {
        assert!(!is_idle(t(0), t(14), 15));
        assert!(is_idle(t(0), t(15), 15));
    }

    #[test]
    fn usernames_are_lower_case_and_plain() {
        assert_eq!(parse_username(" Rina.S "), Ok("rina.s".into()));
        assert_eq!(parse_username("ri"), Err(AccountError::BadUsername));
        assert_eq!(parse_username("rina s"), Err(AccountError::BadUsername));
    }

    #[test]
    fn passwords_must_match_and_be_long_enough() {
        assert_eq!(
            check_new_password("rina", "a", "b"),
            Err(AccountError::PasswordsDiffer)
        );
        assert_eq!(
            check_new_password("rina", "pendek", "pendek"),
            Err(AccountError::PasswordTooShort)
        );
        assert_eq!(
            check_new_password("rinarinarina", "RinaRinaRina", "RinaRinaRina"),
            Err(AccountError::PasswordIsUsername)
        );
        assert!(check_new_password("rina", "kuda makan rumput", "kuda makan rumput").is_ok());
    }

    #[test]
    fn a_scram_verifier_matches_the_rfc_7677_example() {
        // RFC 7677 §3: user "user", password "pencil", this salt and 4096 iterations.
        use base64::Engine as _;
        let salt = base64::engine::general_purpose::STANDARD
            .decode("W22ZaJ0SNY7soEsUEjb6gQ==")
            .unwrap();
        assert_eq!(
            scram_verifier_with("pencil", &salt, 4096),
            "SCRAM-SHA-256$4096:W22ZaJ0SNY7soEsUEjb6gQ==$\
             WG5d8oPm3OtcPnkdi4Uo7BkeZkBFzpcXkuLmtbsT4qY=:\
             wfPLwcE6nTWhTAmQ7tl2KeoiWGPlZqQxSrmfPwDl2dU="
        );
    }

    #[test]
    fn two_verifiers_of_one_password_differ_by_their_salt() {
        let (a, b) = (
            scram_verifier("sandi-uji-kantor"),
            scram_verifier("sandi-uji-kantor"),
        );
        assert!(a.starts_with("SCRAM-SHA-256$4096:") && a != b);
    }
}
