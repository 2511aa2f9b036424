//! Operator accounts, sign-in and the audit log, written once for every backend.
//!
//! The use cases (first-run setup, creating an account, signing in with the lockout, the
//! last-admin rule, a new password, an audit row) live here as [`AccountStore`], implemented for
//! every [`AccountPort`] and for nothing else, so no backend can carry its own copy. A backend
//! implements only the port: small reads, and a write transaction ([`AccountTx`]) with one
//! method per statement, holding its own SQL and its own locking (on PostgreSQL, several desks
//! can race where SQLite's single writer serialises them by itself).
//!
//! This module holds no SQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::auth::{
    self, check_new_password, lockout_wait, parse_display_name, parse_username, wait_text,
    AccountError, Role,
};
use crate::error::Code;
use crate::error::ErrorPayload;
use crate::store::{Actor, StoreError};
use crate::tx::WriteTx;

/// An operator account as the app sees it (never with its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Operator {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
}

impl Operator {
    /// The actor for history and audit rows written by this operator.
    pub fn actor(&self, workstation: &str) -> Actor {
        Actor {
            operator_id: Some(self.id),
            name: self.display_name.clone(),
            role: Some(self.role),
            workstation: workstation.to_string(),
        }
    }
}

/// Why a sign-in or an account change did not happen.
#[derive(Debug, Error)]
pub enum AuthError {
    #[error("Nama pengguna atau kata sandi salah")]
    BadCredentials,
    #[error("Terlalu banyak percobaan yang salah — coba lagi dalam {0}")]
    LockedOut(String),
    #[error("Sinkron sudah punya administrator — masuk dengan akun yang ada")]
    AlreadySetUp,
    #[error("Harus ada paling sedikit satu administrator aktif")]
    LastAdmin,
    #[error("Nama pengguna itu sudah dipakai — pilih yang lain")]
    UsernameTaken,
    #[error("Akun tidak ditemukan")]
    NoSuchOperator,
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl AuthError {
    pub fn code(&self) -> Code {
        match self {
            AuthError::BadCredentials => Code::AuthBadCredentials,
            AuthError::LockedOut(_) => Code::AuthLockedOut,
            AuthError::AlreadySetUp => Code::AuthAlreadySetUp,
            AuthError::LastAdmin => Code::AuthLastAdmin,
            AuthError::UsernameTaken => Code::AuthUsernameTaken,
            AuthError::NoSuchOperator => Code::AuthNoSuchOperator,
            AuthError::Account(e) => e.code(),
            AuthError::Store(e) => e.code(),
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        match self {
            AuthError::Store(e) => e.payload(),
            other => ErrorPayload::new(other.code(), other.to_string()),
        }
    }
}

/// One audit row as the audit screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub at_display: String,
    pub operator_id: Option<i64>,
    pub operator_name: Option<String>,
    pub role: Option<String>,
    pub workstation: Option<String>,
    pub action: String,
    pub request_id: Option<i64>,
    pub reg_number: Option<String>,
    pub detail: Option<String>,
}

/// Filters of the audit screen; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditFilter {
    pub operator_id: Option<i64>,
    pub action: Option<String>,
    pub request_id: Option<i64>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Rows older than this id (keyset paging, newest first).
    pub before_id: Option<i64>,
    pub limit: u32,
}

impl AuditFilter {
    /// How many rows one page holds: 100 when unset, never more than 500.
    pub fn page_size(&self) -> u32 {
        if self.limit == 0 {
            100
        } else {
            self.limit.min(500)
        }
    }
}

/// A new account as it is stored: checked names and the password's hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOperator {
    pub username: String,
    pub display_name: String,
    pub role: Role,
    /// As the backend keeps passwords ([`PasswordKeeping`]).
    pub hash: String,
}

/// How a backend keeps an account's password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordKeeping {
    /// An argon2id hash in the accounts table, checked by [`AccountStore::sign_in`].
    Argon2id,
    /// A SCRAM-SHA-256 verifier for the operator's own server login: the server checks the
    /// password when the desk connects ([`AccountStore::sign_in_by_login`]).
    ServerLogin,
}

impl PasswordKeeping {
    /// The password as this backend stores it (CPU-heavy: on a blocking thread).
    async fn secret(self, password: &str) -> Result<String, StoreError> {
        let password = password.to_string();
        let job = move || match self {
            PasswordKeeping::Argon2id => auth::hash_password(&password),
            PasswordKeeping::ServerLogin => auth::scram_verifier(&password),
        };
        tokio::task::spawn_blocking(job)
            .await
            .map_err(|_| StoreError::Corrupt("password hashing stopped".into()))
    }
}

/// What the account use cases need of a backend: reads, and write transactions.
#[async_trait]
pub trait AccountPort: Send + Sync {
    /// How this backend keeps passwords (the embedded file: argon2id hashes).
    fn password_keeping(&self) -> PasswordKeeping {
        PasswordKeeping::Argon2id
    }

    /// The audit log's chain checked from its first row (`None`: this backend keeps no chain;
    /// the server's rows are stamped and guarded by the server itself).
    async fn audit_chain(&self) -> Result<Option<crate::audit_chain::ChainCheck>, StoreError> {
        Ok(None)
    }

    /// The account whose own server login this connection is (`None` on a backend or a login
    /// without one).
    async fn own_operator(&self) -> Result<Option<Operator>, StoreError> {
        Ok(None)
    }

    /// How many accounts exist (0: first-run setup is due).
    async fn operator_count(&self) -> Result<i64, StoreError>;

    /// One account by id.
    async fn operator(&self, id: i64) -> Result<Option<Operator>, StoreError>;

    /// Every account, by username.
    async fn operators(&self) -> Result<Vec<Operator>, StoreError>;

    /// Audit rows, newest first, filtered; at most [`AuditFilter::page_size`].
    async fn audit_entries(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError>;

    /// The account signing in as `username` (already trimmed and lower-cased) and its hash.
    async fn operator_with_hash(
        &self,
        username: &str,
    ) -> Result<Option<(Operator, Option<String>)>, StoreError>;

    /// A write transaction on the accounts; dropped without [`WriteTx::commit`], it changes
    /// nothing.
    async fn begin_accounts(&self) -> Result<Box<dyn AccountTx>, StoreError>;
}

/// One write transaction on the accounts, a method per statement.
#[async_trait]
pub trait AccountTx: WriteTx {
    /// Holds off every other account change until commit (first-run setup on several desks).
    async fn lock_accounts(&mut self) -> Result<(), StoreError>;

    /// How many accounts exist, as this transaction sees them.
    async fn count_operators(&mut self) -> Result<i64, StoreError>;

    /// Whether an account already has this username.
    async fn username_taken(&mut self, username: &str) -> Result<bool, StoreError>;

    /// Stores an active account; a username taken meanwhile is [`AuthError::UsernameTaken`].
    async fn insert_operator(
        &mut self,
        new: &NewOperator,
        now: DateTime<Utc>,
    ) -> Result<i64, AuthError>;

    /// The account about to change, with every active admin's account held until commit so
    /// that two changes at once cannot both remove the last admin.
    async fn operator_for_change(&mut self, id: i64) -> Result<Option<Operator>, StoreError>;

    /// Active admins other than `id`.
    async fn other_active_admins(&mut self, id: i64) -> Result<i64, StoreError>;

    /// Stores an account's role and whether it is active.
    async fn update_operator(&mut self, op: &Operator) -> Result<(), StoreError>;

    /// Stores an account's new password hash.
    async fn set_password_hash(&mut self, id: i64, hash: &str) -> Result<(), StoreError>;

    /// The failed sign-ins of `username` since its last successful one, oldest first, as this
    /// transaction sees them.
    async fn sign_in_failures(&mut self, username: &str) -> Result<Vec<DateTime<Utc>>, StoreError>;

    /// Records one sign-in attempt, for the lockout; its id.
    async fn record_sign_in(
        &mut self,
        username: &str,
        ok: bool,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError>;

    /// An attempt recorded as failed before its password was checked turns out right.
    async fn sign_in_succeeded(&mut self, attempt: i64) -> Result<(), StoreError>;
}

/// Operator accounts, sign-in and the audit log: the use cases, the same on every backend
/// (implemented once, for every [`AccountPort`]).
#[async_trait]
pub trait AccountStore: AccountPort {
    /// First-run setup: the first administrator; refused once any account exists.
    async fn create_first_admin(
        &self,
        username: &str,
        display_name: &str,
        password: &str,
        again: &str,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> Result<Operator, AuthError>;

    /// An admin creates an account.
    #[allow(clippy::too_many_arguments)]
    async fn create_operator(
        &self,
        by: &Actor,
        username: &str,
        display_name: &str,
        role: Role,
        password: &str,
        again: &str,
        now: DateTime<Utc>,
    ) -> Result<Operator, AuthError>;

    /// Signs in: the lockout is checked first (an attempt during the wait is audited as
    /// `sign_in_locked`), the password verified on a blocking thread, and the attempt recorded
    /// with its audit row.
    async fn sign_in(
        &self,
        username: &str,
        password: &str,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> Result<Operator, AuthError>;

    /// Signs in an operator whose own server login the server has just accepted (its
    /// password checked by the server, its failed attempts slowed there): the account behind
    /// the login, if active, with its audit row.
    async fn sign_in_by_login(
        &self,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> Result<Operator, AuthError>;

    /// Disables or enables an account; the last active admin cannot be disabled.
    async fn set_operator_active(
        &self,
        by: &Actor,
        id: i64,
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<Operator, AuthError>;

    /// Changes an account's role; the last active admin keeps theirs.
    async fn set_operator_role(
        &self,
        by: &Actor,
        id: i64,
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<Operator, AuthError>;

    /// An admin sets a new password for an account.
    async fn reset_password(
        &self,
        by: &Actor,
        id: i64,
        password: &str,
        again: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError>;

    /// One audit row on its own (for reads: opening a request, a photo, an export).
    async fn audit(
        &self,
        actor: &Actor,
        action: &str,
        request_id: Option<i64>,
        detail: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Records a sign-out (or the end of a session by idle or disabling).
    async fn sign_out(
        &self,
        actor: &Actor,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;
}

#[async_trait]
impl<P: AccountPort + ?Sized> AccountStore for P {
    async fn create_first_admin(
        &self,
        username: &str,
        display_name: &str,
        password: &str,
        again: &str,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> Result<Operator, AuthError> {
        let keeping = self.password_keeping();
        let new = prepare_account(
            username,
            display_name,
            Role::Admin,
            password,
            again,
            keeping,
        )
        .await?;
        let mut tx = self.begin_accounts().await?;
        // Two desks running first-run setup at once: the second waits, then finds the first.
        tx.lock_accounts().await?;
        if tx.count_operators().await? > 0 {
            return Err(AuthError::AlreadySetUp);
        }
        let id = tx.insert_operator(&new, now).await?;
        let op = stored(id, new);
        tx.audit(
            &op.actor(workstation),
            "account_first_admin",
            None,
            Some(&op.username),
            now,
        )
        .await?;
        tx.commit().await?;
        Ok(op)
    }

    async fn create_operator(
        &self,
        by: &Actor,
        username: &str,
        display_name: &str,
        role: Role,
        password: &str,
        again: &str,
        now: DateTime<Utc>,
    ) -> Result<Operator, AuthError> {
        let new = prepare_account(
            username,
            display_name,
            role,
            password,
            again,
            self.password_keeping(),
        )
        .await?;
        let mut tx = self.begin_accounts().await?;
        if tx.username_taken(&new.username).await? {
            return Err(AuthError::UsernameTaken);
        }
        let id = tx.insert_operator(&new, now).await?;
        let detail = format!("{} ({})", new.username, role.code());
        tx.audit(by, "account_create", None, Some(&detail), now)
            .await?;
        tx.commit().await?;
        Ok(stored(id, new))
    }

    async fn sign_in(
        &self,
        username: &str,
        password: &str,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> Result<Operator, AuthError> {
        let username = username.trim().to_lowercase();
        // Only a name that could be an account is looked up (and a huge paste never is).
        let (op, hash) = match crate::auth::parse_username(&username) {
            Ok(name) => match self.operator_with_hash(&name).await? {
                Some((op, hash)) => (Some(op), hash),
                None => (None, None),
            },
            Err(_) => (None, None),
        };
        let attempt = AttemptName::of(&username, op.is_some());
        // The lockout is read and this attempt counted (as a failure, until its password proves
        // right) in one write transaction: attempts made at once each see the ones before them,
        // so none slips past the lockout while another's password is being checked.
        let mut tx = self.begin_accounts().await?;
        let failures = tx.sign_in_failures(&attempt.key).await?;
        if let Some(wait) = lockout_wait(&failures, now) {
            // Not counted as a failure (the wait would never end), but the admin sees it.
            let actor = Actor {
                workstation: workstation.to_string(),
                ..Actor::named("")
            };
            tx.audit(&actor, "sign_in_locked", None, Some(&attempt.shown), now)
                .await?;
            tx.commit().await?;
            return Err(AuthError::LockedOut(wait_text(wait)));
        }
        let recorded = tx.record_sign_in(&attempt.key, false, now).await?;
        tx.commit().await?;
        let ok = verify_blocking(password, hash).await && op.as_ref().is_some_and(|o| o.active);
        let mut tx = self.begin_accounts().await?;
        if ok {
            tx.sign_in_succeeded(recorded).await?;
        }
        let actor = sign_in_actor(op.as_ref(), ok, workstation);
        let (action, detail) = if ok {
            ("sign_in", None)
        } else {
            ("sign_in_failed", Some(attempt.shown.as_str()))
        };
        tx.audit(&actor, action, None, detail, now).await?;
        tx.commit().await?;
        match (op, ok) {
            (Some(o), true) => Ok(o),
            _ => Err(AuthError::BadCredentials),
        }
    }

    async fn sign_in_by_login(
        &self,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> Result<Operator, AuthError> {
        let op = match self.own_operator().await? {
            Some(op) if op.active => op,
            _ => return Err(AuthError::BadCredentials),
        };
        let mut tx = self.begin_accounts().await?;
        tx.audit(&op.actor(workstation), "sign_in", None, None, now)
            .await?;
        tx.commit().await?;
        Ok(op)
    }

    async fn set_operator_active(
        &self,
        by: &Actor,
        id: i64,
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<Operator, AuthError> {
        change_operator(self, by, id, now, |op| {
            op.active = active;
            (if active {
                "account_enable"
            } else {
                "account_disable"
            })
            .to_string()
        })
        .await
    }

    async fn set_operator_role(
        &self,
        by: &Actor,
        id: i64,
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<Operator, AuthError> {
        change_operator(self, by, id, now, |op| {
            op.role = role;
            format!("account_role_{}", role.code())
        })
        .await
    }

    async fn reset_password(
        &self,
        by: &Actor,
        id: i64,
        password: &str,
        again: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        let op = self.operator(id).await?.ok_or(AuthError::NoSuchOperator)?;
        check_new_password(&op.username, password, again)?;
        let hash = self.password_keeping().secret(password).await?;
        let mut tx = self.begin_accounts().await?;
        tx.set_password_hash(id, &hash).await?;
        tx.audit(by, "account_reset_password", None, Some(&op.username), now)
            .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn audit(
        &self,
        actor: &Actor,
        action: &str,
        request_id: Option<i64>,
        detail: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_accounts().await?;
        tx.audit(actor, action, request_id, detail, now).await?;
        tx.commit().await
    }

    async fn sign_out(
        &self,
        actor: &Actor,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        AccountStore::audit(self, actor, "sign_out", None, Some(reason), now).await
    }
}

/// The last-admin rule around one change of an account's role or state: after the change at
/// least one active admin must remain. `change` edits the account and names the audit action.
async fn change_operator<P: AccountPort + ?Sized>(
    port: &P,
    by: &Actor,
    id: i64,
    now: DateTime<Utc>,
    change: impl FnOnce(&mut Operator) -> String + Send,
) -> Result<Operator, AuthError> {
    let mut tx = port.begin_accounts().await?;
    let mut op = tx
        .operator_for_change(id)
        .await?
        .ok_or(AuthError::NoSuchOperator)?;
    let action = change(&mut op);
    if !(op.active && op.role == Role::Admin) && tx.other_active_admins(id).await? == 0 {
        return Err(AuthError::LastAdmin);
    }
    tx.update_operator(&op).await?;
    tx.audit(by, &action, None, Some(&op.username), now).await?;
    tx.commit().await?;
    Ok(op)
}

fn stored(id: i64, new: NewOperator) -> Operator {
    Operator {
        id,
        username: new.username,
        display_name: new.display_name,
        role: new.role,
        active: true,
    }
}

/// Checks a new account's username, display name and password (typed twice) and hashes the
/// password as the backend keeps it: what creating any account starts with.
pub async fn prepare_account(
    username: &str,
    display_name: &str,
    role: Role,
    password: &str,
    again: &str,
    keeping: PasswordKeeping,
) -> Result<NewOperator, AuthError> {
    let username = parse_username(username)?;
    let display_name = parse_display_name(display_name)?;
    check_new_password(&username, password, again)?;
    let hash = keeping.secret(password).await?;
    Ok(NewOperator {
        username,
        display_name,
        role,
        hash,
    })
}

/// Who a sign-in attempt's audit row names: the operator when the password was right, only their
/// id and name when it was not, nobody when the username is unknown; always the workstation.
pub fn sign_in_actor(op: Option<&Operator>, ok: bool, workstation: &str) -> Actor {
    let actor = match (op, ok) {
        (Some(o), true) => o.actor(workstation),
        (Some(o), false) => Actor {
            operator_id: Some(o.id),
            ..Actor::named(&o.display_name)
        },
        (None, _) => Actor::named(""),
    };
    Actor {
        workstation: workstation.to_string(),
        ..actor
    }
}

/// Verifies a typed password against a stored hash (or a decoy when there is none, so an
/// unknown username costs the same time) on a blocking thread.
pub async fn verify_blocking(password: &str, hash: Option<String>) -> bool {
    let hash = hash.unwrap_or_else(|| auth::decoy_hash().to_string());
    let typed = password.to_string();
    tokio::task::spawn_blocking(move || auth::verify_password(&typed, &hash))
        .await
        .unwrap_or(false)
}

/// Hashes a password on a blocking thread.
pub async fn hash_blocking(password: String) -> Result<String, StoreError> {
    tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|_| StoreError::Corrupt("password hashing stopped".into()))
}

/// What a sign-in attempt records of the name typed. An account's name is kept as it is; any
/// other text (a mistyped name, or a password typed into the name field) is never stored: the
/// lockout counts it under a short hash, and the audit log says only what kind of name it was.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptName {
    /// The key the lockout counts attempts under.
    pub key: String,
    /// What the audit row shows.
    pub shown: String,
}

/// Shown for a name that follows the user-name rule but is no account.
pub const UNKNOWN_ACCOUNT: &str = "(akun tidak dikenal)";
/// Shown for text that cannot be a user name at all.
pub const NOT_A_USERNAME: &str = "(bukan nama pengguna)";

impl AttemptName {
    /// `typed`: trimmed and lower-cased; `is_account`: an operator has that name.
    pub fn of(typed: &str, is_account: bool) -> AttemptName {
        if is_account {
            return AttemptName {
                key: typed.to_string(),
                shown: typed.to_string(),
            };
        }
        use sha2::Digest;
        let digest = sha2::Sha256::digest(typed.as_bytes());
        let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
        let shown = if crate::auth::parse_username(typed).is_ok() {
            UNKNOWN_ACCOUNT
        } else {
            NOT_A_USERNAME
        };
        AttemptName {
            key: format!("~{hex}"),
            shown: shown.to_string(),
        }
    }
}
