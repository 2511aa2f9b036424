//! The check code (kode cek) printed on the receipt: six characters from an
//! alphabet without look-alikes, random, stored only as a hash. With the
//! registration number it lets an applicant look up the status of their own
//! request, and nothing else.
//!
//! The hash is bcrypt (`$2a$`, cost 8) because both backends must check it: the office's
//! PostgreSQL server checks it itself with pgcrypto's `crypt` inside `kiosk_status` (the kiosk
//! role cannot read a hash), and pgcrypto has no argon2. A code hashed here therefore still
//! opens its status after the office moves onto the server. Codes stored with argon2id by
//! earlier versions are still verified here.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordVerifier};
use argon2::{Algorithm, Argon2, Params, Version};

/// No 0/O, 1/I/L, 2/Z, 5/S, 8/B: what a person reads off paper is what they type.
pub const ALPHABET: &[u8] = b"34679ACDEFGHJKMNPQRTUVWXY";
pub const LENGTH: usize = 6;

/// A fresh random code.
pub fn generate() -> String {
    let mut out = String::with_capacity(LENGTH);
    while out.len() < LENGTH {
        // Rejection sampling keeps every character equally likely.
        let b = (OsRng.next_u32() & 0xff) as usize;
        if b < 250 {
            out.push(ALPHABET[b % ALPHABET.len()] as char);
        }
    }
    out
}

/// The code as typed: upper-cased, spaces and dashes dropped, look-alikes
/// read as the character the alphabet keeps (O→0 is not in it, so O stays O).
pub fn normalise(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '.'))
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// bcrypt's cost: the code is short and the lookup is rate-limited on top; the hash only has to
/// make a stolen database useless for guessing. Kept equal to `hash_check_code` on the server.
const BCRYPT_COST: u32 = 8;

fn legacy_argon2() -> Argon2<'static> {
    let params = Params::new(1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The stored form of a code (call from a blocking thread).
pub fn hash(code: &str) -> String {
    bcrypt::hash_with_result(normalise(code), BCRYPT_COST)
        .expect("bcrypt hashing")
        .format_for_version(bcrypt::Version::TwoA)
}

/// Does a typed code match the stored hash? (call from a blocking thread)
pub fn verify(typed: &str, stored: &str) -> bool {
    let typed = normalise(typed);
    if stored.starts_with("$2") {
        return bcrypt::verify(&typed, stored).unwrap_or(false);
    }
    PasswordHash::new(stored)
        .map(|h| {
            legacy_argon2()
                .verify_password(typed.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_six_unambiguous_characters() {
        for _ in 0..200 {
            let c = generate();
            assert_eq!(c.len(), LENGTH);
            assert!(c.bytes().all(|b| ALPHABET.contains(&b)), "{c}");
        }
    }

    #[test]
    fn codes_differ() {
        let a: std::collections::HashSet<_> = (0..100).map(|_| generate()).collect();
        assert!(a.len() > 95);
    }

    #[test]
    fn the_hash_verifies_the_code_however_typed() {
        let h = hash("AC3-D4E");
        assert!(verify("ac3 d4e", &h));
        assert!(!verify("AC3D4F", &h));
        assert!(!h.contains("AC3D4E"));
    }

    #[test]
    fn the_hash_is_bcrypt_2a_as_the_office_server_checks_it() {
        let h = hash("K7MQ3X");
        assert!(h.starts_with("$2a$08$"), "{h}");
        assert_eq!(h.len(), 60);
    }

    #[test]
    fn codes_hashed_with_argon2_by_earlier_versions_still_verify() {
        use argon2::password_hash::{PasswordHasher, SaltString};
        let salt = SaltString::generate(&mut OsRng);
        let old = legacy_argon2()
            .hash_password(b"K7MQ3X", &salt)
            .unwrap()
            .to_string();
        assert!(verify("k7m q3x", &old));
        assert!(!verify("K7MQ3Y", &old));
    }

    #[test]
    fn a_hash_that_is_neither_never_verifies() {
        assert!(!verify("K7MQ3X", ""));
        assert!(!verify("K7MQ3X", "$2a$08$tooshort"));
        assert!(!verify("K7MQ3X", "K7MQ3X"));
    }
}
