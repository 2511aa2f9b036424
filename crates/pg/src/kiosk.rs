//! The kiosk's statements on the office's server (the core's `KioskStore`). A kiosk's login
//! reaches no table, only the functions of `roles.sql`: `kiosk_settings()` for its settings
//! rows, `kiosk_office()` for the office's name and zone, `kiosk_submit` for a request with
//! both photos in one transaction, and `kiosk_status` for Cek Status (the server checks the
//! code and keeps the lockout). Ending kiosk mode on such a login is checked by the server
//! itself: a fresh connection with the typed password.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use sinkron_core::auth::wait_text;
use sinkron_core::checkcode;
use sinkron_core::form::ValidRequest;
use sinkron_core::kiosk_store::{KioskSent, KioskStore, LeaveWith, OwnLoginCheck};
use sinkron_core::photo::{DocumentKind, ProcessedPhoto};
use sinkron_core::store::{parse_stamp, status_explanation, LookupError, PublicStatus, StoreError};
use sinkron_core::{OfficeZone, Status, Step};
use sinkron_sql::{store_error, Db};
use sqlx::Row;

use crate::{GroupRole, PgError, PgStore};

impl PgStore {
    /// The office's name and time zone, as the kiosk may read them (`kiosk_office()`).
    pub async fn office(&self) -> Result<(String, OfficeZone), StoreError> {
        let row = sqlx::query("SELECT office_name, office_zone FROM kiosk_office()")
            .fetch_one(&self.pool)
            .await
            .db()?;
        let name: Option<String> = row.try_get("office_name").db()?;
        let zone: Option<String> = row.try_get("office_zone").db()?;
        let zone = OfficeZone::from_code(zone.as_deref().unwrap_or("WIB"))
            .ok_or_else(|| StoreError::Corrupt("office_zone".into()))?;
        Ok((name.unwrap_or_default(), zone))
    }
}

#[async_trait]
impl KioskStore for PgStore {
    /// Through `kiosk_settings()`: only the rows a kiosk may see.
    async fn kiosk_rows(&self) -> Result<Vec<(String, String)>, StoreError> {
        sqlx::query_as("SELECT key, value FROM kiosk_settings() ORDER BY key")
            .fetch_all(&self.pool)
            .await
            .db()
    }

    /// Through `kiosk_submit`, which numbers, stamps and saves the request with its photos in
    /// one transaction on the server (so `now` is the server's, not this PC's).
    async fn save_kiosk_request(
        &self,
        req: &ValidRequest,
        _now: DateTime<Utc>,
        kk: &ProcessedPhoto,
        ktp: &ProcessedPhoto,
    ) -> Result<KioskSent, StoreError> {
        let (_, zone) = self.office().await?;
        let code = checkcode::generate();
        let niks = req.initial_sync_niks(zone.today(Utc::now()));
        let row = sqlx::query(
            "SELECT reg_number, at FROM kiosk_submit($1, $2, $3, $4, $5, $6, $7, \
             $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25)",
        )
        .bind(req.name.as_str())
        .bind(req.nik.as_str())
        .bind(req.kk.as_str())
        .bind(req.problem.as_str())
        .bind(req.wa.e164())
        .bind(&code)
        .bind(&niks)
        .bind(&kk.sha256)
        .bind(kk.mime)
        .bind(i64::from(kk.width))
        .bind(i64::from(kk.height))
        .bind(&kk.original)
        .bind(&kk.preview.jpeg)
        .bind(&kk.thumbnail.jpeg)
        .bind(&ktp.sha256)
        .bind(ktp.mime)
        .bind(i64::from(ktp.width))
        .bind(i64::from(ktp.height))
        .bind(&ktp.original)
        .bind(&ktp.preview.jpeg)
        .bind(&ktp.thumbnail.jpeg)
        .bind(kk.stored_problems(DocumentKind::Kk))
        .bind(ktp.stored_problems(DocumentKind::Ktp))
        .bind(kk.stored_outline())
        .bind(ktp.stored_outline())
        .fetch_one(&self.pool)
        .await
        .db()?;
        let reg_number: String = row.try_get("reg_number").db()?;
        let at: String = row.try_get("at").db()?;
        Ok(KioskSent {
            reg_number,
            check_code: code,
            at: parse_stamp(&at)?,
        })
    }

    /// Through `kiosk_status`: the server checks the code and the lockout (`SK002`).
    async fn lookup_status(
        &self,
        reg_number: &str,
        code: &str,
        _now: DateTime<Utc>,
    ) -> Result<PublicStatus, LookupError> {
        let store = |e: sqlx::Error| LookupError::Store(store_error(e));
        let corrupt = |what: String| LookupError::Store(StoreError::Corrupt(what));
        let (_, zone) = self.office().await?;
        let row = sqlx::query(
            "SELECT reg_number, status, created_at, last_change, note, step_names, step_times \
             FROM kiosk_status($1, $2)",
        )
        .bind(reg_number)
        .bind(code)
        .fetch_optional(&self.pool)
        .await;
        let row = match row {
            Ok(Some(row)) => row,
            Ok(None) => return Err(LookupError::NoMatch),
            Err(sqlx::Error::Database(db)) if db.code().as_deref() == Some("SK002") => {
                let seconds = db.message().parse::<i64>().unwrap_or(60);
                return Err(LookupError::LockedOut(wait_text(Duration::seconds(
                    seconds,
                ))));
            }
            Err(e) => return Err(store(e)),
        };
        let word: String = row.try_get("status").map_err(store)?;
        let status = Status::parse(&word).ok_or_else(|| corrupt(format!("status {word:?}")))?;
        let shown = |text: Option<String>| -> Result<String, LookupError> {
            match text {
                Some(t) => Ok(zone.format(parse_stamp(&t).map_err(LookupError::Store)?)),
                None => Ok(String::new()),
            }
        };
        let names: Vec<String> = row.try_get("step_names").map_err(store)?;
        let times: Vec<String> = row.try_get("step_times").map_err(store)?;
        let mut steps = Vec::with_capacity(names.len());
        for (name, at) in names.iter().zip(times) {
            let step = Step::from_code(name).ok_or_else(|| corrupt(format!("step {name:?}")))?;
            steps.push((step.label().to_string(), shown(Some(at))?));
        }
        Ok(PublicStatus {
            reg_number: row.try_get("reg_number").map_err(store)?,
            status,
            explanation: status_explanation(status).to_string(),
            submitted: shown(row.try_get("created_at").map_err(store)?)?,
            last_change: shown(row.try_get("last_change").map_err(store)?)?,
            note: row.try_get("note").map_err(store)?,
            steps,
        })
    }

    /// A kiosk's login reads no account: its own name and password end kiosk mode.
    async fn leave_with(&self) -> Result<LeaveWith, StoreError> {
        match self.login_group().await {
            Ok(Some(GroupRole::Kiosk)) => Ok(LeaveWith::OwnLogin),
            Ok(_) => Ok(LeaveWith::Admin),
            Err(e) => Err(pg_store_error(e)),
        }
    }

    /// Checked by the server: the login's recent wrong tries first (`kiosk_leave_wait`), then a
    /// fresh connection as this login with the typed password, its outcome recorded
    /// (`kiosk_leave_record`).
    async fn check_own_login(
        &self,
        username: &str,
        password: &str,
    ) -> Result<OwnLoginCheck, StoreError> {
        let wait: i32 = sqlx::query_scalar("SELECT kiosk_leave_wait()")
            .fetch_one(&self.pool)
            .await
            .db()?;
        if wait > 0 {
            return Ok(OwnLoginCheck::Wait(i64::from(wait)));
        }
        let options = self.pool.connect_options();
        let ok = if username.trim() != options.get_username() || password.is_empty() {
            false
        } else {
            let typed = (*options).clone().password(password);
            match PgStore::connect_with(typed).await {
                Ok(check) => {
                    check.pool().close().await;
                    true
                }
                Err(PgError::Connect(sqlx::Error::Database(_))) => false,
                Err(other) => return Err(pg_store_error(other)),
            }
        };
        sqlx::query("SELECT kiosk_leave_record($1)")
            .bind(ok)
            .execute(&self.pool)
            .await
            .db()?;
        Ok(if ok {
            OwnLoginCheck::Yes
        } else {
            OwnLoginCheck::No
        })
    }
}

/// A server error where the core's port expects a store error.
fn pg_store_error(error: PgError) -> StoreError {
    match error {
        PgError::Database(e) | PgError::Connect(e) => store_error(e),
        other => StoreError::Corrupt(other.to_string()),
    }
}
