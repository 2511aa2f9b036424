//! The Anjungan's (kiosk's) own use cases, over their own port. On the office's server a kiosk's
//! login reaches only its functions (`kiosk_settings()`, `kiosk_submit`, `kiosk_status`), never a
//! table, so the kiosk is not a desk: it reads its settings, sends a request with both photos,
//! answers Cek Status, and ends kiosk mode. A backend supplies the statements
//! ([`KioskStore`]); the receipt, the settings read from the rows and who may end kiosk mode are
//! decided here once, for both backends.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use thiserror::Error;

use crate::accounts::{AccountPort, AccountStore, AuthError};
use crate::auth::{wait_text, Role};
use crate::error::Code;
use crate::error::ErrorPayload;
use crate::form::ValidRequest;
use crate::kiosk::KioskSettings;
use crate::photo::ProcessedPhoto;
use crate::receipt::Receipt;
use crate::store::office::{kiosk_from_settings, settings_from};
use crate::store::{Actor, LookupError, PublicStatus, Settings, StoreError};

/// What a backend saved for a request sent at the kiosk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KioskSent {
    /// `SD-261127-0007`.
    pub reg_number: String,
    /// The check code for the receipt: shown once, stored only as a hash.
    pub check_code: String,
    /// When the request was saved (the server stamps its own time).
    pub at: DateTime<Utc>,
}

/// Who may end kiosk mode on this store.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeaveWith {
    /// An admin's user name and password, checked and throttled as sign-in is.
    Admin,
    /// The store's own database login and its password (a kiosk's server login reads no
    /// account), checked by the database itself.
    OwnLogin,
}

impl LeaveWith {
    /// How the kiosk's leave dialog asks (`admin` or `dbLogin`).
    pub fn as_str(self) -> &'static str {
        match self {
            LeaveWith::Admin => "admin",
            LeaveWith::OwnLogin => "dbLogin",
        }
    }
}

/// What the database says of a typed name and password for ending kiosk mode on its own login.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnLoginCheck {
    /// They are this store's own login.
    Yes,
    /// They are not.
    No,
    /// Too many wrong tries lately: none is checked for this many seconds.
    Wait(i64),
}

/// The statements of the kiosk's use cases, one backend each.
#[async_trait]
pub trait KioskStore: Send + Sync {
    /// The setting rows the kiosk's screens need (office name and zone, idle time, keyboard,
    /// printer); on the server only the rows a kiosk may see.
    async fn kiosk_rows(&self) -> Result<Vec<(String, String)>, StoreError>;

    /// Saves a request sent at the kiosk as Baru with both photos, in one transaction: all of
    /// it or nothing. A NIK with an open request is accepted (the desks' list marks it, and
    /// the kiosk never tells a stranger about it).
    async fn save_kiosk_request(
        &self,
        req: &ValidRequest,
        now: DateTime<Utc>,
        kk: &ProcessedPhoto,
        ktp: &ProcessedPhoto,
    ) -> Result<KioskSent, StoreError>;

    /// Cek Status by registration number and check code, wrong codes throttled per number.
    async fn lookup_status(
        &self,
        reg_number: &str,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<PublicStatus, LookupError>;

    /// Who may end kiosk mode here: an admin's account, unless this is a kiosk's own login.
    async fn leave_with(&self) -> Result<LeaveWith, StoreError> {
        Ok(LeaveWith::Admin)
    }

    /// For [`LeaveWith::OwnLogin`]: whether `username` and `password` are this store's own
    /// database login, as the database itself says, throttled and recorded by the database.
    async fn check_own_login(
        &self,
        _username: &str,
        _password: &str,
    ) -> Result<OwnLoginCheck, StoreError> {
        Ok(OwnLoginCheck::No)
    }
}

/// The office's name and zone, and the kiosk's own settings, from one read of the rows.
pub async fn kiosk_office<S: KioskStore + ?Sized>(
    store: &S,
) -> Result<(Settings, KioskSettings), StoreError> {
    let rows = store.kiosk_rows().await?;
    Ok((settings_from(&rows), kiosk_from_settings(&rows)))
}

/// Cek Status as the public screen shows it: the backend's answer with the officer's note
/// masked as a WhatsApp notice is (a NIK or KK number typed into a cancellation note never
/// reaches the counter's screen whole).
pub async fn lookup<S: KioskStore + ?Sized>(
    store: &S,
    reg_number: &str,
    code: &str,
    now: DateTime<Utc>,
) -> Result<PublicStatus, LookupError> {
    let mut status = store.lookup_status(reg_number, code, now).await?;
    status.note = status
        .note
        .map(|note| crate::notify::mask_long_numbers(&note));
    Ok(status)
}

/// A request sent at the kiosk, saved whole, and its receipt: the only place the check code is
/// ever shown.
pub async fn submit<S: KioskStore + ?Sized>(
    store: &S,
    req: &ValidRequest,
    now: DateTime<Utc>,
    kk: &ProcessedPhoto,
    ktp: &ProcessedPhoto,
) -> Result<Receipt, StoreError> {
    let sent = store.save_kiosk_request(req, now, kk, ktp).await?;
    let (settings, _) = kiosk_office(store).await?;
    Ok(Receipt::new(
        &settings.office_name,
        &sent.reg_number,
        &sent.check_code,
        &req.nik.masked(),
        &settings.zone.format(sent.at),
    ))
}

/// Why kiosk mode was not ended.
#[derive(Debug, Error)]
pub enum LeaveError {
    /// A kiosk's own login: the name or the password is not this login's.
    #[error("Login database atau kata sandi salah — pakai login database anjungan ini")]
    WrongLogin,
    /// The account signed in, but is not an admin.
    #[error("Hanya admin yang dapat menutup mode anjungan")]
    NotAdmin,
    /// A kiosk's own login: too many wrong tries lately (the wait, in words).
    #[error("Terlalu banyak percobaan yang salah — coba lagi dalam {0}")]
    LockedOut(String),
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl LeaveError {
    /// The refusal as the kiosk's leave dialog shows it.
    pub fn payload(&self) -> ErrorPayload {
        match self {
            LeaveError::WrongLogin => ErrorPayload::new(Code::SignInFailed, self.to_string()),
            LeaveError::NotAdmin => ErrorPayload::new(Code::Forbidden, self.to_string()),
            LeaveError::LockedOut(_) => ErrorPayload::new(Code::AuthLockedOut, self.to_string()),
            LeaveError::Auth(e) => e.payload(),
            LeaveError::Store(e) => e.payload(),
        }
    }
}

/// Who ends kiosk mode. With accounts readable, an admin signs in (throttled as sign-in is; a
/// non-admin's session is closed again at once) and is returned for the audit row; on a kiosk's
/// own server login, which reads no account, the login's own name and password, checked by the
/// server, and no actor.
pub async fn authorize_leave<K, A>(
    kiosk: &K,
    accounts: &A,
    username: &str,
    password: &str,
    workstation: &str,
    now: DateTime<Utc>,
) -> Result<Option<Actor>, LeaveError>
where
    K: KioskStore + ?Sized,
    A: AccountPort + ?Sized,
{
    if kiosk.leave_with().await? == LeaveWith::OwnLogin {
        return match kiosk.check_own_login(username, password).await? {
            OwnLoginCheck::Yes => Ok(None),
            OwnLoginCheck::No => Err(LeaveError::WrongLogin),
            OwnLoginCheck::Wait(seconds) => Err(LeaveError::LockedOut(wait_text(
                chrono::Duration::seconds(seconds.max(1)),
            ))),
        };
    }
    let op = accounts
        .sign_in(username, password, workstation, now)
        .await?;
    let actor = op.actor(workstation);
    if op.role != Role::Admin {
        let _ = accounts.sign_out(&actor, "kiosk", now).await;
        return Err(LeaveError::NotAdmin);
    }
    Ok(Some(actor))
}
