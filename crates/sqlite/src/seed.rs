//! Synthetic requests for trying the app and for the queue benchmark: clearly
//! fake names ("Contoh …"), valid-shaped NIKs, statuses spread over the
//! workflow with consistent history and step rows. Never run by default: only
//! `cargo xtask seed` and the benchmark call it.

use chrono::{DateTime, Utc};
use sinkron_core::store::{reg_number, stamp, StoreError};
use sinkron_core::zone::OfficeZone;
use sinkron_core::RequestStore as _;
use sinkron_sql::Db;

use crate::Store;

const FIRST: &[&str] = &[
    "Siti", "Ahmad", "Budi", "Dewi", "Rina", "Agus", "Nur", "Putri", "Joko", "Sri", "Andi",
    "Wahyu", "Lestari", "Fajar", "Intan", "Rahmat", "Yusuf", "Ayu", "Hendra", "Maya",
];
const LAST: &[&str] = &[
    "Aminah",
    "Santoso",
    "Wijaya",
    "Rahmawati",
    "Saputra",
    "Hidayat",
    "Kurniawan",
    "Lestari",
    "Pratama",
    "Susanti",
    "Nugroho",
    "Handayani",
    "Setiawan",
    "Permata",
    "Gunawan",
];
const REGIONS: &[&str] = &[
    "161001", "161002", "167101", "160101", "320101", "350101", "730101",
];

/// A small deterministic generator, so that every seeding is the same.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

impl Store {
    /// Adds `count` synthetic requests made over the `days` before `now`, in
    /// one transaction. Returns how many requests the database holds after.
    pub async fn seed_synthetic(
        &self,
        count: u32,
        days: u32,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let zone: OfficeZone = self.settings().await?.zone;
        let mut rng = Rng(0x5EED_5EED_1234_5678);
        let mut tx = self.write().await?;
        let span = i64::from(days.max(1)) * 86_400;
        // Oldest first, so ids follow creation time as they do in real use.
        let mut offsets: Vec<i64> = (0..count).map(|_| rng.below(span as u64) as i64).collect();
        offsets.sort_unstable_by(|a, b| b.cmp(a));
        for offset in offsets {
            let created = now - chrono::Duration::seconds(offset);
            let at = stamp(created);
            let day = zone.today(created).format("%y%m%d").to_string();
            let seq: i64 = sqlx::query_scalar(
                "INSERT INTO reg_sequences (day, last) VALUES (?, 1) \
                 ON CONFLICT (day) DO UPDATE SET last = reg_sequences.last + 1 RETURNING last",
            )
            .bind(&day)
            .fetch_one(&mut *tx)
            .await
            .db()?;
            let region = REGIONS[rng.below(REGIONS.len() as u64) as usize];
            let dd = 1 + rng.below(28) + if rng.below(2) == 0 { 40 } else { 0 };
            let nik = format!(
                "{region}{dd:02}{:02}{:02}{:04}",
                1 + rng.below(12),
                rng.below(100),
                1 + rng.below(9999)
            );
            let kk = format!(
                "{region}{:02}{:02}{:02}{:04}",
                1 + rng.below(28),
                1 + rng.below(12),
                10 + rng.below(15),
                1 + rng.below(9999)
            );
            let name = format!(
                "Contoh {} {}",
                FIRST[rng.below(FIRST.len() as u64) as usize],
                LAST[rng.below(LAST.len() as u64) as usize]
            );
            // Older requests are further along; recent ones are mostly new.
            let age_days = offset / 86_400;
            let stage = match (age_days, rng.below(10)) {
                (0..=2, r) if r < 7 => 0,
                (0..=2, _) => 1,
                (_, 0) => 5,
                (3..=7, r) if r < 4 => 2,
                (3..=7, _) => 3,
                (_, r) if r < 2 => 3,
                _ => 4,
            };
            let chain: &[&str] = match stage {
                0 => &["Baru"],
                1 => &["Baru", "Disetujui"],
                2 | 3 => &["Baru", "Disetujui", "Diproses"],
                4 => &["Baru", "Disetujui", "Diproses", "Selesai"],
                _ => &["Baru", "Dibatalkan"],
            };
            let status = chain[chain.len() - 1];
            let steps: &[&str] = match stage {
                2 => &["konsolidasi_manual"],
                3 | 4 => &["konsolidasi_manual", "sinkronisasi_dwh"],
                _ => &[],
            };
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO requests (reg_number, applicant_name, nik, kk_number, problem, \
                 wa_number, status, version, channel, created_at, updated_at, updated_by) \
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'Contoh Petugas') RETURNING id",
            )
            .bind(reg_number(&day, seq))
            .bind(&name)
            .bind(&nik)
            .bind(&kk)
            .bind("Data contoh: NIK tidak ditemukan di BPJS")
            .bind(format!("+62812{:08}", rng.below(100_000_000)))
            .bind(status)
            .bind((chain.len() + steps.len().saturating_sub(1)) as i64)
            .bind(if rng.below(3) == 0 { "kiosk" } else { "desk" })
            .bind(&at)
            .bind(&at)
            .fetch_one(&mut *tx)
            .await
            .db()?;
            let mut from: Option<&str> = None;
            // A cancellation names a reason, spread by the id (the random sequence stays as it was).
            let reason = sinkron_core::workflow::CancelReason::ALL[id.unsigned_abs() as usize % 5];
            for to in chain {
                sqlx::query(
                    "INSERT INTO status_history (request_id, from_status, to_status, \
                     operator_name, at, cancel_reason) VALUES (?, ?, ?, 'Contoh Petugas', ?, ?)",
                )
                .bind(id)
                .bind(from)
                .bind(*to)
                .bind(&at)
                .bind((*to == "Dibatalkan").then_some(reason.code()))
                .execute(&mut *tx)
                .await
                .db()?;
                from = Some(to);
            }
            for step in steps {
                sqlx::query(
                    "INSERT INTO process_steps (request_id, step, operator_name, at) \
                     VALUES (?, ?, 'Contoh Petugas', ?)",
                )
                .bind(id)
                .bind(*step)
                .bind(&at)
                .execute(&mut *tx)
                .await
                .db()?;
            }
            sqlx::query("INSERT INTO sync_niks (request_id, position, nik) VALUES (?, 0, ?)")
                .bind(id)
                .bind(&nik)
                .execute(&mut *tx)
                .await
                .db()?;
        }
        tx.commit().await.db()?;
        sqlx::query_scalar("SELECT COUNT(*) FROM requests")
            .fetch_one(&self.pool)
            .await
            .db()
    }
}
