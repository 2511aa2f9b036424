//! Commands for who uses the app: the session (first-run setup, sign-in, lock, sign-out), the
//! operator accounts and the audit log. Only `session_state`, `first_run_setup` and `sign_in`
//! answer without a session; accounts and the audit log need an admin. Every rule (password
//! strength, lockout, last admin) is the core's; this file only asks and passes answers on.

use std::sync::Arc;

use chrono::Utc;
use sinkron_core::auth::Role;
use sinkron_core::Code;
use sinkron_core::{AccountStore, AuditEntry, AuditFilter, AuthError, ErrorPayload, Operator};
use tauri::{Runtime, State, Window};

use crate::access::{guard, storage};
use crate::db::Db;
use crate::session::{workstation, Need, SessionView};
use crate::AppState;
use sinkron_core::audit_chain::ChainCheck;

fn auth(e: AuthError) -> ErrorPayload {
    if let AuthError::Store(inner) = &e {
        eprintln!("sinkron: {inner}");
    }
    e.payload()
}

fn no_session() -> ErrorPayload {
    ErrorPayload::new(
        Code::SessionRequired,
        "Silakan masuk dulu dengan nama pengguna dan kata sandi",
    )
}

/// Whether setup is due, who is signed in in this window, and whether the screen is locked.
#[tauri::command]
pub async fn session_state<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<SessionView, ErrorPayload> {
    if state.gate().is_some() {
        // On the server the first admin is made there (`sinkron-pg-admin admin`); before a
        // sign-in nothing here may read the settings, so the idle time is the default's.
        let Some(store) = state.operator_store() else {
            let idle = sinkron_core::auth::IDLE_MINUTES_DEFAULT;
            return Ok(state.sessions.view(window.label(), false, idle));
        };
        let idle = store.idle_minutes().await.map_err(storage)?;
        let view = state.sessions.view(window.label(), false, idle);
        return with_export_right(view, &store).await;
    }
    let store = state.store()?;
    let needs_setup = store.operator_count().await.map_err(storage)? == 0;
    let idle = store.idle_minutes().await.map_err(storage)?;
    let view = state.sessions.view(window.label(), needs_setup, idle);
    with_export_right(view, &store).await
}

/// Waits for the start's damage check of the SQLite file (it runs beside the sign-in screen):
/// `Ok` for a sound file and on the server, the damaged file's payload otherwise, so the
/// sign-in screen says so and offers the restore before anyone types a password.
#[tauri::command]
pub async fn storage_check(state: State<'_, AppState>) -> Result<(), ErrorPayload> {
    state.checked().await
}

/// The session as the window sees it, with whether its operator may export NIKs (so the list
/// offers only what the shell will do).
async fn with_export_right(mut view: SessionView, store: &Db) -> Result<SessionView, ErrorPayload> {
    if let Some(op) = &view.operator {
        let settings = store.settings().await.map_err(storage)?;
        view.may_export = sinkron_core::store::may_export_niks(Some(op.role), &settings);
    }
    Ok(view)
}

/// First start on an empty database: the first administrator, signed in at once.
#[tauri::command]
pub async fn first_run_setup<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    username: String,
    display_name: String,
    password: String,
    again: String,
) -> Result<Operator, ErrorPayload> {
    if state.gate().is_some() {
        return Err(ErrorPayload::new(
            Code::AuthAlreadySetUp,
            "Akun admin pertama di database kantor dibuat di server oleh pengelolanya \
             (sinkron-pg-admin admin) — lalu masuk dengan akun itu di sini",
        ));
    }
    let store = state.store()?;
    let now = Utc::now();
    let op = store
        .create_first_admin(
            &username,
            &display_name,
            &password,
            &again,
            &workstation(),
            now,
        )
        .await
        .map_err(auth)?;
    state.sessions.start(window.label(), op.clone(), now);
    Ok(op)
}

/// Signs in (or back in after an idle lock). A locked screen only takes its own operator back:
/// someone else signing in ends that session first, so nobody continues another's work.
#[tauri::command]
pub async fn sign_in<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> Result<Operator, ErrorPayload> {
    let now = Utc::now();
    let Some(gate) = state.gate() else {
        let store = state.store()?;
        let op = store
            .sign_in(&username, &password, &workstation(), now)
            .await
            .map_err(auth)?;
        if let Some(previous) = state.sessions.operator(window.label()) {
            if previous.id != op.id {
                let _ = store
                    .sign_out(&previous.actor(&workstation()), "replaced", now)
                    .await;
            }
        }
        state.sessions.start(window.label(), op.clone(), now);
        return Ok(op);
    };
    // On the server: the server checks the password of the operator's own login (and slows
    // guesses down there); the connection is theirs until they sign out.
    let store = Arc::new(Db::connect_operator(gate, &username, &password).await?);
    let op = match store.sign_in_by_login(&workstation(), now).await {
        Ok(op) => op,
        Err(e) => {
            if let Db::Pg { store, .. } = &*store {
                store.pool().close().await;
            }
            return Err(auth(e));
        }
    };
    if let (Some(previous), Some(old)) = (
        state.sessions.operator(window.label()),
        state.operator_store(),
    ) {
        if previous.id != op.id {
            // In the previous operator's own name, on their own connection.
            let _ = old
                .sign_out(&previous.actor(&workstation()), "replaced", now)
                .await;
        }
    }
    state.set_operator_store(Some(store)).await;
    state.sessions.start(window.label(), op.clone(), now);
    Ok(op)
}

/// Signs out from the rail.
#[tauri::command]
pub async fn sign_out<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<(), ErrorPayload> {
    let store = state.store()?;
    let Some(op) = state.sessions.end(window.label()) else {
        return Err(no_session());
    };
    // The photos this operator picked and did not save are not the next operator's.
    state.pending.clear(window.label());
    state.pending.clear_replace(window.label());
    let said = store
        .sign_out(&op.actor(&workstation()), "manual", Utc::now())
        .await
        .map_err(storage);
    // On the server, the operator's own connection ends with their session.
    state.set_operator_store(None).await;
    said
}

/// The window saw no activity for the idle time: lock until the password is given again.
#[tauri::command]
pub async fn lock_session<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<(), ErrorPayload> {
    if state.sessions.operator(window.label()).is_none() {
        return Err(no_session());
    }
    state.sessions.lock_idle(window.label());
    Ok(())
}

/// The person at the window did something: the only thing that keeps the session from going
/// idle (commands alone do not: the list's background refreshes and image loads would keep an
/// unattended desk open for ever). Refused once the session has gone idle.
#[tauri::command]
pub async fn session_active<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<(), ErrorPayload> {
    let store = state.store()?;
    let idle = store.idle_minutes().await.map_err(storage)?;
    state.sessions.active(window.label(), idle, Utc::now())
}

/// Every account (admin).
#[tauri::command]
pub async fn list_operators<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<Vec<Operator>, ErrorPayload> {
    let (store, _admin) = guard(&window, &state, Need::Admin).await?;
    store.operators().await.map_err(storage)
}

fn role(word: &str) -> Result<Role, ErrorPayload> {
    Role::from_code(word)
        .ok_or_else(|| ErrorPayload::new(Code::AuthRoleUnknown, "Pilih peran: admin atau petugas"))
}

/// A new account (admin).
#[tauri::command]
#[allow(clippy::too_many_arguments)]
pub async fn create_operator<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    username: String,
    display_name: String,
    role: String,
    password: String,
    again: String,
) -> Result<Operator, ErrorPayload> {
    let (store, by) = guard(&window, &state, Need::Admin).await?;
    let now = Utc::now();
    store
        .create_operator(
            &by,
            &username,
            &display_name,
            self::role(&role)?,
            &password,
            &again,
            now,
        )
        .await
        .map_err(auth)
}

/// Disables or enables an account (admin). A disabled account's session ends at its next step.
#[tauri::command]
pub async fn set_operator_active<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    id: i64,
    active: bool,
) -> Result<Operator, ErrorPayload> {
    let (store, by) = guard(&window, &state, Need::Admin).await?;
    let now = Utc::now();
    store
        .set_operator_active(&by, id, active, now)
        .await
        .map_err(auth)
}

/// Changes an account's role (admin).
#[tauri::command]
pub async fn set_operator_role<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    id: i64,
    role: String,
) -> Result<Operator, ErrorPayload> {
    let (store, by) = guard(&window, &state, Need::Admin).await?;
    let now = Utc::now();
    store
        .set_operator_role(&by, id, self::role(&role)?, now)
        .await
        .map_err(auth)
}

/// Sets a new password for an account (admin).
#[tauri::command]
pub async fn reset_password<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    id: i64,
    password: String,
    again: String,
) -> Result<(), ErrorPayload> {
    let (store, by) = guard(&window, &state, Need::Admin).await?;
    let now = Utc::now();
    store
        .reset_password(&by, id, &password, &again, now)
        .await
        .map_err(auth)
}

/// The audit log's chain, checked whole (admin): intact, or the first row where it breaks.
#[tauri::command]
pub async fn audit_chain<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<Option<ChainCheck>, ErrorPayload> {
    let (store, _admin) = guard(&window, &state, Need::Admin).await?;
    store.audit_chain().await.map_err(storage)
}

/// Audit rows, newest first, filtered (admin). `from_day` and `to_day` (`YYYY-MM-DD`) are the
/// office's days, both included; `reg_number` narrows to one request.
#[tauri::command]
pub async fn audit_log<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    mut filter: AuditFilter,
    from_day: Option<chrono::NaiveDate>,
    to_day: Option<chrono::NaiveDate>,
    reg_number: Option<String>,
) -> Result<Vec<AuditEntry>, ErrorPayload> {
    let (store, _admin) = guard(&window, &state, Need::Admin).await?;
    if let Some(reg) = reg_number
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        match store.find_by_reg_number(reg).await.map_err(storage)? {
            Some(rec) => filter.request_id = Some(rec.id),
            None => return Ok(Vec::new()),
        }
    }
    let zone = store.settings().await.map_err(storage)?.zone;
    if let Some(day) = from_day {
        filter.from = Some(zone.start_of(day));
    }
    if let Some(day) = to_day.and_then(|d| d.succ_opt()) {
        filter.to = Some(zone.start_of(day));
    }
    store.audit_entries(&filter).await.map_err(storage)
}
