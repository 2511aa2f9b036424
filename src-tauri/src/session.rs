//! Who is signed in, per window, held in Rust: the window's word is never taken for it. Every
//! command except first-run setup, sign-in and the session query asks [`Sessions::require`] for
//! an actor with a role that may do it; an idle session locks (the operator signs in again and
//! carries on where they were), and a disabled account's session ends at its next command.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use serde::Serialize;
use sinkron_core::auth::{is_idle, Role};
use sinkron_core::Code;
use sinkron_core::{Actor, ErrorPayload, Operator};

use crate::db::Db;

/// Who may call a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    /// Any signed-in operator: the workflow. An admin may work requests too.
    Operator,
    /// Accounts, settings and the audit log.
    Admin,
}

#[derive(Debug, Clone)]
struct Session {
    operator: Operator,
    last_active: DateTime<Utc>,
    locked: bool,
}

/// What the window learns about its session.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionView {
    /// No account exists yet: first-run setup is due.
    pub needs_setup: bool,
    pub operator: Option<Operator>,
    /// Signed in but idle: the password is asked again.
    pub locked: bool,
    pub idle_minutes: i64,
    /// Whether this operator may export NIKs (the core's `may_export_niks`).
    pub may_export: bool,
}

/// Sessions by window label.
#[derive(Debug, Default)]
pub struct Sessions {
    by_window: Mutex<HashMap<String, Session>>,
}

/// This computer's name, for the audit log.
pub fn workstation() -> String {
    std::env::var("COMPUTERNAME")
        .or_else(|_| std::env::var("HOSTNAME"))
        .ok()
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|n| n.trim().to_string())
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "komputer".to_string())
}

fn refused(code: Code, message: &str) -> ErrorPayload {
    ErrorPayload::new(code, message)
}

impl Sessions {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, Session>> {
        self.by_window.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Starts (or resumes, after an idle lock) the session of `window`.
    pub fn start(&self, window: &str, operator: Operator, now: DateTime<Utc>) {
        self.lock().insert(
            window.to_string(),
            Session {
                operator,
                last_active: now,
                locked: false,
            },
        );
    }

    /// Ends the session of `window`, returning who it was.
    pub fn end(&self, window: &str) -> Option<Operator> {
        self.lock().remove(window).map(|s| s.operator)
    }

    /// The operator of `window`, locked or not.
    pub fn operator(&self, window: &str) -> Option<Operator> {
        self.lock().get(window).map(|s| s.operator.clone())
    }

    /// Locks the session of `window` (the window saw the operator go idle).
    pub fn lock_idle(&self, window: &str) {
        if let Some(s) = self.lock().get_mut(window) {
            s.locked = true;
        }
    }

    /// The session as the window may know it.
    pub fn view(&self, window: &str, needs_setup: bool, idle_minutes: i64) -> SessionView {
        let map = self.lock();
        let s = map.get(window);
        SessionView {
            needs_setup,
            operator: s.map(|s| s.operator.clone()),
            locked: s.is_some_and(|s| s.locked),
            idle_minutes,
            may_export: false,
        }
    }

    /// The actor for a command that needs `need`, or the refusal. Checks, in order: a session,
    /// not idle (locks it if it has been), the account still active and its role as stored
    /// (an admin who lost the role loses it now), then the role the command needs.
    pub async fn require(
        &self,
        window: &str,
        need: Need,
        store: &Db,
        now: DateTime<Utc>,
    ) -> Result<Actor, ErrorPayload> {
        let idle_minutes = store.idle_minutes().await.map_err(|e| e.payload())?;
        let id = {
            let mut map = self.lock();
            let Some(s) = map.get_mut(window) else {
                return Err(refused(
                    Code::SessionRequired,
                    "Silakan masuk dulu dengan nama pengguna dan kata sandi",
                ));
            };
            if s.locked || is_idle(s.last_active, now, idle_minutes) {
                s.locked = true;
                return Err(refused(
                    Code::SessionLocked,
                    "Layar terkunci karena tidak ada kegiatan — masukkan kata sandi untuk lanjut",
                ));
            }
            s.operator.id
        };
        let stored = store.operator(id).await.map_err(|e| e.payload())?;
        let Some(operator) = stored.filter(|o| o.active) else {
            self.end(window);
            return Err(refused(
                Code::SessionEnded,
                "Akun ini dinonaktifkan — hubungi admin kantor",
            ));
        };
        if need == Need::Admin && operator.role != Role::Admin {
            return Err(refused(
                Code::Forbidden,
                "Hanya admin yang dapat melakukan ini — minta bantuan admin kantor",
            ));
        }
        let actor = operator.actor(&workstation());
        if let Some(s) = self.lock().get_mut(window) {
            // Not `last_active`: a command may be a background refresh (see `active`).
            s.operator = operator;
        }
        Ok(actor)
    }

    /// The person at `window` did something (the window reports keys, clicks and the wheel):
    /// the session's idle time starts again, unless it has already run out.
    pub fn active(
        &self,
        window: &str,
        idle_minutes: i64,
        now: DateTime<Utc>,
    ) -> Result<(), ErrorPayload> {
        let mut map = self.lock();
        let Some(s) = map.get_mut(window) else {
            return Err(refused(
                Code::SessionRequired,
                "Silakan masuk dulu dengan nama pengguna dan kata sandi",
            ));
        };
        if s.locked || is_idle(s.last_active, now, idle_minutes) {
            s.locked = true;
            return Err(refused(
                Code::SessionLocked,
                "Layar terkunci karena tidak ada kegiatan — masukkan kata sandi untuk lanjut",
            ));
        }
        s.last_active = now;
        Ok(())
    }
}
