//! Status Pengajuan: the five statuses, spelled exactly as the service page
//! spells them. The workflow that moves between them comes with its own issue;
//! this is the vocabulary the store and the list already need.

use serde::{Deserialize, Serialize};

/// One of the five statuses of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Status {
    /// Pemohon melakukan pengajuan layanan.
    Baru,
    /// Pengajuan disetujui untuk diproses oleh petugas.
    Disetujui,
    /// Pengajuan layanan belum dapat diproses (final).
    Dibatalkan,
    /// Pengajuan sedang diproses.
    Diproses,
    /// Pengajuan selesai (final).
    Selesai,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Baru,
        Status::Disetujui,
        Status::Dibatalkan,
        Status::Diproses,
        Status::Selesai,
    ];

    /// The word stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Baru => "Baru",
            Status::Disetujui => "Disetujui",
            Status::Dibatalkan => "Dibatalkan",
            Status::Diproses => "Diproses",
            Status::Selesai => "Selesai",
        }
    }

    /// Reads a stored word.
    pub fn parse(word: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == word)
    }

    /// Selesai and Dibatalkan end a request; the others still need work.
    pub fn is_open(self) -> bool {
        !matches!(self, Status::Selesai | Status::Dibatalkan)
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_round_trip() {
        for s in Status::ALL {
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
        assert_eq!(Status::parse("baru"), None);
    }

    #[test]
    fn only_selesai_and_dibatalkan_are_closed() {
        let open: Vec<_> = Status::ALL.into_iter().filter(|s| s.is_open()).collect();
        assert_eq!(open, [Status::Baru, Status::Disetujui, Status::Diproses]);
    }
}
