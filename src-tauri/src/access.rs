//! What every command module shares, so that none imports another: the session check that
//! starts a command (`guard`), a store failure as the window sees it (`storage`), a form's
//! refusals beside their fields (`beside_fields`), a document kind read from the page (`kind`),
//! and who may repair the database connection or restore a backup (`admin_or_rescue`).

use std::sync::Arc;

use chrono::Utc;
use sinkron_core::{Actor, Code, DocumentKind, ErrorPayload, StoreError};
use tauri::{Runtime, Window};

use crate::db::Db;
use crate::session::Need;
use crate::AppState;

/// Who acts when no one does (the daily backup, masa simpan), in the audit log.
pub(crate) fn automatic() -> Actor {
    Actor {
        workstation: crate::session::workstation(),
        ..Actor::named("Sinkron (otomatis)")
    }
}

/// A store failure as the window sees it; the details (which may name the file) go to stderr.
pub(crate) fn storage(error: StoreError) -> ErrorPayload {
    eprintln!("sinkron: {error}");
    error.payload()
}

/// The store and the signed-in actor, if the window's session may do what `need` says.
pub(crate) async fn guard<R: Runtime>(
    window: &Window<R>,
    state: &AppState,
    need: Need,
) -> Result<(Arc<Db>, Actor), ErrorPayload> {
    let store = state.store()?;
    let actor = state
        .sessions
        .require(window.label(), need, &store, Utc::now())
        .await?;
    Ok((store, actor))
}

/// A form's refusals, one per field (`(field, message)`), each to show beside its field: the
/// first in `field`, all of them in `more`, and `summary` for the form as a whole.
pub(crate) fn beside_fields(
    code: Code,
    summary: &str,
    refusals: impl IntoIterator<Item = (String, String)>,
) -> ErrorPayload {
    let more: Vec<ErrorPayload> = refusals
        .into_iter()
        .map(|(field, message)| {
            let mut e = ErrorPayload::new(code, message);
            e.field = Some(field);
            e
        })
        .collect();
    let mut payload = ErrorPayload::new(code, summary);
    payload.field = more.first().and_then(|e| e.field.clone());
    payload.more = more;
    payload
}

pub(crate) fn kind(word: &str) -> Result<DocumentKind, ErrorPayload> {
    DocumentKind::parse(word)
        .ok_or_else(|| ErrorPayload::new(Code::PhotoKindUnknown, "Jenis dokumen tidak dikenal"))
}

/// Who may change the connection: an admin, or anyone while the database is unusable. The
/// actor is there to write the audit row when there is a database to write it to.
pub(crate) async fn admin_or_rescue<R: Runtime>(
    window: &Window<R>,
    state: &AppState,
) -> Result<Option<Actor>, ErrorPayload> {
    if state.store_unusable() {
        return Ok(None);
    }
    let (_, actor) = guard(window, state, Need::Admin).await?;
    Ok(Some(actor))
}
