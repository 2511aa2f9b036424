//! "Database kantor" in Pengaturan: an admin points this PC at the office's PostgreSQL server
//! (or back at the embedded file), tests the connection, saves, and restarts onto it. The
//! fields are checked by `sinkron_pg::ServerSettings`; the password goes to the OS credential
//! store, never to a file or back to the window. While the database cannot be used at all
//! (wrong server, kiosk login, nothing stored), nobody can sign in, so these commands then
//! need no session: whoever sits at the PC could edit its config file anyway.

use chrono::Utc;
use serde::Serialize;
use sinkron_core::Code;
use sinkron_core::{AccountStore, Actor, ErrorPayload};
use sinkron_pg::{
    FieldRefusal, GroupRole, OfficeCa, PgStore, ServerInput, ServerSettings, TlsChoice,
};
use tauri::{Manager, Runtime, State, Window};

use crate::access::{admin_or_rescue, beside_fields, guard};
use crate::db::{open_server, pg_payload};
use crate::dbconfig::{self, DbConfig};
use crate::session::Need;
use crate::state::{DbKind, InUse};
use crate::AppState;

/// What the card shows.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DbView {
    /// What this PC opens at its next start.
    pub kind: DbKind,
    pub server: Option<ServerInput>,
    /// A password for that server is in the credential store.
    pub has_password: bool,
    pub in_use: InUse,
    /// The saved choice is not what the running app uses.
    pub restart_needed: bool,
    /// This PC opens the kiosk at its next start (`kiosk.json`).
    pub kiosk_next: bool,
    /// The server in use has an older schema than this build: offer its upgrade.
    pub schema_upgrade: bool,
}

/// A connection that worked.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DbTested {
    pub server_version: String,
    /// `operator`, `kiosk` or `none`.
    pub group: &'static str,
    pub message: String,
}

/// Runs a credential-store call off the async runtime (the Secret Service client blocks).
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, ErrorPayload> + Send + 'static,
) -> Result<T, ErrorPayload> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| ErrorPayload::new(Code::Internal, e.to_string()))?
}

async fn view<R: Runtime>(window: &Window<R>, state: &AppState) -> Result<DbView, ErrorPayload> {
    let app = window.app_handle();
    let config = dbconfig::load(app);
    let has_password = match config.server.clone() {
        Some(server) => blocking(move || dbconfig::stored_password(&server))
            .await
            .map(|p| p.is_some())
            .unwrap_or(false),
        None => false,
    };
    let in_use = state.in_use().clone();
    let (kind, restart_needed) = match &config.server {
        Some(server) => (DbKind::Postgres, in_use.server.as_ref() != Some(server)),
        None => (DbKind::Sqlite, in_use.kind != DbKind::Sqlite),
    };
    Ok(DbView {
        kind,
        server: config.server.as_ref().map(ServerSettings::input),
        has_password,
        in_use,
        restart_needed,
        kiosk_next: crate::kiosk::is_kiosk(app),
        schema_upgrade: state
            .any_store()
            .is_err_and(|e| e.code == Code::DbServerTooOld),
    })
}

/// The card's contents.
#[tauri::command]
pub async fn db_settings<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<DbView, ErrorPayload> {
    admin_or_rescue(&window, &state).await?;
    view(&window, &state).await
}

fn invalid(refusals: Vec<FieldRefusal>) -> ErrorPayload {
    beside_fields(
        Code::DbInvalid,
        "Ada isian koneksi yang perlu diperbaiki — lihat pesan di samping kolomnya",
        refusals
            .into_iter()
            .map(|r| (r.field.to_string(), r.message)),
    )
}

/// The checked fields, or every refusal at once: the fields' and the password's (`missing`).
fn all_refusals(
    parsed: Result<ServerSettings, Vec<FieldRefusal>>,
    missing: Option<FieldRefusal>,
) -> Result<ServerSettings, ErrorPayload> {
    match (parsed, missing) {
        (Ok(settings), None) => Ok(settings),
        (Ok(_), Some(missing)) => Err(invalid(vec![missing])),
        (Err(mut refusals), missing) => {
            refusals.extend(missing);
            Err(invalid(refusals))
        }
    }
}

/// Checks the fields, finds the password (typed, or the stored one when left empty) and
/// connects: the server must answer, have Sinkron installed, and the login be a desk's or a
/// kiosk's.
async fn try_server(
    input: &ServerInput,
    password: String,
) -> Result<(ServerSettings, String, GroupRole, DbTested), ErrorPayload> {
    let parsed = ServerSettings::parse(input);
    let password = match (&parsed, password.is_empty()) {
        (Ok(server), true) => {
            let server = server.clone();
            blocking(move || dbconfig::stored_password(&server))
                .await?
                .unwrap_or_default()
        }
        _ => password,
    };
    let settings = all_refusals(
        parsed,
        password.is_empty().then(|| FieldRefusal {
            field: "password",
            message: "Kata sandi wajib diisi — kata sandi login database komputer ini".into(),
        }),
    )?;
    let (store, group) = open_server(settings.connect_options(&password)).await?;
    let version = store.server_version().await;
    store.pool().close().await;
    let version = version.map_err(pg_payload)?;
    let (group, word, who) = match group {
        Some(GroupRole::Operator) => (GroupRole::Operator, "operator", "login meja petugas"),
        Some(GroupRole::Kiosk) => (GroupRole::Kiosk, "kiosk", "login anjungan"),
        None => {
            return Err(ErrorPayload::new(
                Code::DbWrongGroup,
                "Login ini bukan login meja petugas atau anjungan — buat login dengan \
                 \"sinkron-pg-admin login\" dan pakai login itu",
            ))
        }
    };
    let wire = match settings.tls {
        TlsChoice::Verify => "terenkripsi, sertifikat server diperiksa",
        TlsChoice::Require => "terenkripsi, sertifikat server tidak diperiksa",
        TlsChoice::Off => "TANPA enkripsi",
    };
    let message = format!("Tersambung ke PostgreSQL {version} sebagai {who} ({wire})");
    Ok((
        settings,
        password,
        group,
        DbTested {
            server_version: version,
            group: word,
            message,
        },
    ))
}

/// "Pilih sertifikat CA…": the office CA's file, read and checked now, for the card to send
/// back with its fields (nothing is saved until "Simpan koneksi"). `None` when the dialog was
/// closed; a file that is no certificate is refused beside the choice.
#[tauri::command]
pub async fn db_pick_ca<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<Option<OfficeCa>, ErrorPayload> {
    admin_or_rescue(&window, &state).await?;
    let picked = match crate::photos::test_pick() {
        Some(path) => path,
        None => rfd::AsyncFileDialog::new()
            .set_title("Pilih sertifikat CA kantor")
            .add_filter(
                "Sertifikat (PEM)",
                &["crt", "pem", "cer", "CRT", "PEM", "CER"],
            )
            .set_parent(&window)
            .pick_file()
            .await
            .map(|handle| handle.path().to_path_buf()),
    };
    let Some(path) = picked else {
        return Ok(None);
    };
    let refuse = |message: String| {
        invalid(vec![FieldRefusal {
            field: "ca",
            message,
        }])
    };
    // Read at most one byte past the limit: a huge file is refused, never loaded whole.
    let bytes = tokio::task::spawn_blocking({
        let path = path.clone();
        move || {
            use std::io::Read;
            let mut bytes = Vec::new();
            std::fs::File::open(&path)?
                .take(64 * 1024 + 1)
                .read_to_end(&mut bytes)
                .map(|_| bytes)
        }
    })
    .await
    .map_err(|e| ErrorPayload::new(Code::Internal, e.to_string()))?
    .map_err(|e| {
        refuse(format!(
            "Berkas sertifikat tidak terbaca ({e}) — pilih berkas lain"
        ))
    })?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    OfficeCa::parse(&name, &bytes).map(Some).map_err(refuse)
}

/// "Tes koneksi": nothing is saved.
#[tauri::command]
pub async fn db_test<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    server: ServerInput,
    password: String,
) -> Result<DbTested, ErrorPayload> {
    admin_or_rescue(&window, &state).await?;
    let (_, _, _, tested) = try_server(&server, password).await?;
    Ok(tested)
}

/// "Simpan koneksi": tests first, then keeps the password in the credential store and the
/// fields in `database.json`. Applies at the next start. The login decides what this PC is
/// then: a kiosk's login opens the kiosk (it could not serve a desk), a desk's login the
/// operator's window.
#[tauri::command]
pub async fn db_save<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    server: ServerInput,
    password: String,
) -> Result<DbView, ErrorPayload> {
    let actor = admin_or_rescue(&window, &state).await?;
    let (settings, password, group, tested) = try_server(&server, password).await?;
    let kept = settings.clone();
    blocking(move || dbconfig::store_password(&kept, &password)).await?;
    let app = window.app_handle();
    dbconfig::save(
        app,
        &DbConfig {
            server: Some(settings.clone()),
        },
    )?;
    crate::kiosk::set_kiosk(app, group == GroupRole::Kiosk)?;
    record(
        &state,
        actor,
        &format!("{} ({})", settings.label(), tested.group),
    )
    .await;
    view(&window, &state).await
}

/// Back to the embedded file at the next start; the stored password is forgotten.
#[tauri::command]
pub async fn db_use_local<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<DbView, ErrorPayload> {
    let actor = admin_or_rescue(&window, &state).await?;
    let app = window.app_handle();
    if let Some(server) = dbconfig::load(app).server {
        blocking(move || dbconfig::forget_password(&server)).await?;
    }
    dbconfig::save(app, &DbConfig::default())?;
    record(&state, actor, "sqlite").await;
    view(&window, &state).await
}

/// What a move copied.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DbMoved {
    /// Rows per table, as counted on both sides.
    pub tables: Vec<(String, i64)>,
    pub message: String,
}

/// "Pindahkan data": copies this PC's SQLite office onto the server named by the card's
/// fields, as the database's owner (whose login and password are typed for this once and
/// kept nowhere): the schema and roles are installed, then every table is copied in one
/// transaction and the counts compared. The SQLite file is only read. Admins only, from a PC
/// that runs on its file.
#[tauri::command]
pub async fn db_move<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    server: ServerInput,
    owner: String,
    owner_password: String,
) -> Result<DbMoved, ErrorPayload> {
    let (db, actor) = guard(&window, &state, Need::Admin).await?;
    let Some(file) = state.in_use().file.clone() else {
        return Err(ErrorPayload::new(
            Code::DbMoveNotSqlite,
            "Komputer ini sudah memakai database kantor — pemindahan hanya dari berkas SQLite",
        ));
    };
    let settings = as_owner(server, owner, &owner_password)?;
    let target = PgStore::connect_with(settings.connect_options(&owner_password))
        .await
        .map_err(pg_payload)?;
    target.install().await.map_err(pg_payload)?;
    let report = target.import_sqlite(&file).await.map_err(|e| {
        eprintln!("sinkron: move to the server: {e}");
        ErrorPayload::new(Code::DbMoveFailed, e.to_string())
    });
    target.pool().close().await;
    let report = report?;
    let requests = report.count("requests");
    let documents = report.count("documents");
    let operators = report.count("operators");
    let detail = format!(
        "{} — {requests} pengajuan, {documents} foto, {operators} akun",
        settings.label()
    );
    let _ = db
        .audit(&actor, "db_move", None, Some(&detail), Utc::now())
        .await;
    Ok(DbMoved {
        message: format!(
            "Dipindahkan ke server: {requests} pengajuan, {documents} foto, {operators} akun; \
             jumlah setiap tabel cocok. Berkas di komputer ini tidak diubah. Sekarang simpan \
             koneksi dengan login komputer ini lalu mulai ulang."
        ),
        tables: report.tables,
    })
}

/// The card's server fields with the database owner's login in place of this PC's, checked;
/// every refusal beside its field (`owner`, `ownerPassword` among them).
fn as_owner(
    server: ServerInput,
    owner: String,
    owner_password: &str,
) -> Result<ServerSettings, ErrorPayload> {
    let as_owner = ServerInput {
        user: owner,
        ..server
    };
    // The card's login field is this PC's; here the owner's login stands in its place.
    let parsed = ServerSettings::parse(&as_owner).map_err(|mut refusals| {
        for refusal in &mut refusals {
            if refusal.field == "user" {
                refusal.field = "owner";
                refusal.message = "Login pemilik database wajib diisi — login yang membuat \
                                   database ini di server, bukan login komputer ini"
                    .into();
            }
        }
        refusals
    });
    all_refusals(
        parsed,
        owner_password.is_empty().then(|| FieldRefusal {
            field: "ownerPassword",
            message: "Kata sandi pemilik database wajib diisi".into(),
        }),
    )
}

/// What an upgrade of the server's schema did.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DbUpgraded {
    pub from: i32,
    pub to: i32,
    pub message: String,
}

/// "Perbarui skema server": brings the office's server up to this build's schema, as the
/// database's owner (typed for this once, kept nowhere), in one transaction; safe to repeat.
/// Offered while this desk is refused for an older server, when nobody can sign in, so it
/// needs the owner's password rather than a session.
#[tauri::command]
pub async fn db_upgrade<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    server: ServerInput,
    owner: String,
    owner_password: String,
) -> Result<DbUpgraded, ErrorPayload> {
    admin_or_rescue(&window, &state).await?;
    let settings = as_owner(server, owner, &owner_password)?;
    let target = PgStore::connect_with(settings.connect_options(&owner_password))
        .await
        .map_err(pg_payload)?;
    let done = target.install().await.map_err(pg_payload);
    target.pool().close().await;
    let done = done?;
    let message = if done.from == 0 {
        format!(
            "Sinkron {} dipasang di database ini (skema {}). Mulai ulang Sinkron.",
            sinkron_core::VERSION,
            done.to
        )
    } else if done.from < done.to {
        format!(
            "Skema server kantor diperbarui dari {} ke {} untuk Sinkron {}. Mulai ulang \
             Sinkron; komputer lain yang masih versi lama perlu diperbarui juga.",
            done.from,
            done.to,
            sinkron_core::VERSION
        )
    } else {
        format!(
            "Skema server kantor sudah sesuai (skema {}); tidak ada yang diubah. Mulai ulang \
             Sinkron.",
            done.to
        )
    };
    Ok(DbUpgraded {
        from: done.from,
        to: done.to,
        message,
    })
}

/// Starts Sinkron again, onto the database just saved.
#[tauri::command]
pub async fn app_restart<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<(), ErrorPayload> {
    admin_or_rescue(&window, &state).await?;
    window.app_handle().restart()
}

/// The audit row of a changed connection, when there is a database and an admin to name.
async fn record(state: &AppState, actor: Option<Actor>, detail: &str) {
    if let (Some(actor), Ok(db)) = (actor, state.store()) {
        let _ = db
            .audit(&actor, "db_connection", None, Some(detail), Utc::now())
            .await;
    }
}
