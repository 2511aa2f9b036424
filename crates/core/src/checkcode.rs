//! The check code (kode cek) printed on the receipt: six characters from an
//! alphabet without look-alikes, random, stored only as a hash. With the
//! registration number it lets an applicant look up the status of their own
//! request, and nothing else.

use argon2::password_hash::rand_core::{OsRng, RngCore};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
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

fn hasher() -> Argon2<'static> {
    // The code is short; the hash only has to make a stolen database useless
    // for guessing, and the lookup is rate-limited on top.
    let params = Params::new(1024, 2, 1, None).expect("valid argon2 parameters");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// The stored form of a code (call from a blocking thread).
pub fn hash(code: &str) -> String {
    let salt = SaltString::generate(&mut OsRng);
    hasher()
        .hash_password(normalise(code).as_bytes(), &salt)
        .expect("argon2 hashing")
        .to_string()
}

/// Does a typed code match the stored hash? (call from a blocking thread)
pub fn verify(typed: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            hasher()
                .verify_password(normalise(typed).as_bytes(), &h)
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
}
