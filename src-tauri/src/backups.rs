//! Cadangan data on a PC that works alone on its SQLite file: where the copies go (a second
//! disk, a USB drive or a network share, chosen by an admin and kept in this PC's `backup.json`,
//! so it is known even when the database is not), the daily copy at the first start or check
//! after 07:00, the copy on closing when the newest is older than a day, "Cadangkan sekarang",
//! and what an admin is shown and warned of. The copy itself, its checks and the retention rule
//! are the core's (`sinkron_core::backup`, `sinkron_sqlite::backup`). On the office's server the backups are the
//! server's business (`sinkron-pg-admin`), and this screen says so.
//!
//! An admin may set a passphrase that encrypts every later copy: it is kept in the OS credential
//! store, `backup.json` only says that copies are encrypted, and a PC whose store lost the
//! passphrase refuses to back up in clear rather than silently doing so.

use sinkron_core::Code;
use sinkron_core::RequestStore as _;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use chrono::Utc;
use serde::{Deserialize, Serialize};
use sinkron_core::backup::{
    self as rules, BackupError, BackupReport, Passphrase, Progress, Retention,
};
use sinkron_core::{AccountStore, Actor, ErrorPayload};
use sinkron_sqlite::backup;
use sinkron_sqlite::Store;
use tauri::{AppHandle, Manager, Runtime, State, Window};

use crate::access::{admin_or_rescue, automatic, beside_fields, guard};
use crate::db::Db;
use crate::db_commands::blocking;
use crate::dbconfig::keyring_error;
use crate::session::{workstation, Need};
use crate::state::DbKind;
use crate::AppState;

/// The file's name in the OS config folder, beside `database.json`.
pub const BACKUP_CONFIG_FILE: &str = "backup.json";

/// How often a running app looks whether the daily copy is due.
const CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// This PC's backup settings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct BackupConfig {
    /// Where the copies go; `None` until an admin chooses.
    pub folder: Option<PathBuf>,
    /// Copies are encrypted with the passphrase in the credential store.
    pub encrypted: bool,
}

/// The credential store's names for the backup passphrase.
const PASSPHRASE_SERVICE: &str = "Sinkron cadangan data";
const PASSPHRASE_ACCOUNT: &str = "frasa-sandi";

fn passphrase_entry() -> Result<keyring::Entry, ErrorPayload> {
    keyring::Entry::new(PASSPHRASE_SERVICE, PASSPHRASE_ACCOUNT).map_err(keyring_error)
}

/// The stored passphrase, if any. Off the async runtime (the Secret Service client blocks).
async fn stored_passphrase() -> Result<Option<Passphrase>, ErrorPayload> {
    blocking(|| match passphrase_entry()?.get_password() {
        Ok(text) => Ok(Some(Passphrase::stored(&text))),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(other) => Err(keyring_error(other)),
    })
    .await
}

/// One backup running at a time on this PC (the daily one, the closing one or an admin's),
/// and how far it is.
#[derive(Debug, Default)]
pub struct Running {
    busy: AtomicBool,
    progress: Arc<Progress>,
}

/// A running backup's step as the card shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProgressView {
    /// `Menyalin data`, `Mengenkripsi salinan`…
    pub step: &'static str,
    /// 0–100, or none while the step's size is not known.
    pub percent: Option<u8>,
}

/// A copy as the screen lists it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CopyView {
    pub name: String,
    /// `4 Des 2026 07.15 WIB`.
    pub taken: String,
    pub bytes: u64,
    /// `12,4 MB`.
    pub size: String,
    pub encrypted: bool,
}

/// A size as the office reads it: `12,4 MB`, `830 KB`.
fn size_text(bytes: u64) -> String {
    let mb = bytes as f64 / 1_000_000.0;
    if mb >= 1.0 {
        format!("{mb:.1} MB").replace('.', ",")
    } else {
        format!("{} KB", (bytes / 1000).max(1))
    }
}

/// The "Cadangan data" card.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupView {
    /// On `postgres` the office's server is backed up there, not here.
    pub kind: DbKind,
    pub folder: Option<String>,
    /// The newest copy, first, and how many there are.
    pub latest: Option<CopyView>,
    pub copies: usize,
    /// What an admin must be told (old, missing, unreachable); `None` when all is well.
    pub warning: Option<String>,
    pub running: bool,
    /// How far the running backup is.
    pub progress: Option<ProgressView>,
    /// New copies are encrypted with the office's passphrase.
    pub encrypted: bool,
    /// The live file is encrypted under this PC's key (so are copies without a passphrase,
    /// which then restore only on this PC and Windows account).
    pub file_encrypted: bool,
    pub retention: String,
    /// Every copy in the folder, newest first (for Pulihkan).
    pub all: Vec<CopyView>,
}

/// A backup just made.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BackupDone {
    pub message: String,
    pub view: BackupView,
}

fn config<R: Runtime>(app: &AppHandle<R>) -> BackupConfig {
    crate::localfile::read(app, BACKUP_CONFIG_FILE)
}

/// The office's zone from the settings, or WIB while the database cannot be read.
async fn office_zone(state: &AppState) -> sinkron_core::OfficeZone {
    match state.any_store() {
        Ok(db) => db.settings().await.map(|s| s.zone).unwrap_or_default(),
        Err(_) => Default::default(),
    }
}

async fn view<R: Runtime>(app: &AppHandle<R>, state: &AppState) -> BackupView {
    let kind = state.in_use().kind;
    let BackupConfig { folder, encrypted } = config(app);
    let zone = office_zone(state).await;
    let now = zone.local_time(Utc::now());
    let (all, warning) = match (&kind, &folder) {
        (DbKind::Postgres, _) => (Vec::new(), None),
        (DbKind::Sqlite, None) => (
            Vec::new(),
            Some("Folder cadangan belum dipilih — data kantor belum pernah dicadangkan".into()),
        ),
        (DbKind::Sqlite, Some(folder)) => {
            let listed = rules::list(folder);
            let warning = rules::warning(&listed, now);
            let all: Vec<CopyView> = listed
                .unwrap_or_default()
                .iter()
                .map(|c| CopyView {
                    name: c
                        .path
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    taken: zone.format(zone.moment(c.taken)),
                    bytes: c.bytes,
                    size: size_text(c.bytes),
                    encrypted: c.encrypted,
                })
                .collect();
            (all, warning)
        }
    };
    let (latest, copies) = (all.first().cloned(), all.len());
    let keep = Retention::default();
    BackupView {
        kind,
        folder: folder.map(|f| f.display().to_string()),
        latest,
        copies,
        warning,
        running: state.backups.busy.load(Ordering::SeqCst),
        progress: state
            .backups
            .busy
            .load(Ordering::SeqCst)
            .then(|| state.backups.progress.now())
            .map(|now| ProgressView {
                step: now.phase.label(),
                percent: now.percent,
            }),
        encrypted,
        file_encrypted: matches!(state.any_store().as_deref(), Ok(Db::Sqlite(s)) if s.encrypted()),
        retention: format!(
            "Disimpan: {} harian, {} mingguan, {} bulanan; yang lebih lama dihapus setelah \
             cadangan baru lolos pemeriksaan.",
            keep.daily, keep.weekly, keep.monthly
        ),
        all,
    }
}

/// Takes a backup now into this PC's folder, as `actor`, and writes the audit row (of a
/// success or a failure).
pub async fn run<R: Runtime>(
    app: &AppHandle<R>,
    state: &AppState,
    actor: &Actor,
) -> Result<BackupReport, ErrorPayload> {
    let db = state.any_store();
    let Ok(Db::Sqlite(store)) = db.as_deref() else {
        return Err(ErrorPayload::new(
            Code::BackupOnServer,
            "Komputer ini memakai database kantor: cadangan dibuat di server kantor oleh \
             pengelolanya, bukan di komputer ini",
        ));
    };
    let BackupConfig { folder, encrypted } = config(app);
    let Some(folder) = folder else {
        return Err(ErrorPayload::new(
            Code::BackupNoFolder,
            "Pilih folder cadangan lebih dulu",
        ));
    };
    // Encrypted copies were asked for: without the passphrase, no copy at all, never a plain one.
    let passphrase = if encrypted {
        match stored_passphrase().await {
            Ok(Some(passphrase)) => Some(passphrase),
            Ok(None) | Err(_) => {
                let refused = ErrorPayload::new(
                    Code::BackupPassphraseNeeded,
                    "Frasa sandi cadangan tidak ditemukan di penyimpanan kata sandi komputer ini, \
                     jadi cadangan tidak dibuat — admin: atur frasa sandi lagi di Pengaturan → \
                     Cadangan data",
                );
                let _ = store
                    .audit(
                        actor,
                        "backup_failed",
                        None,
                        Some(refused.code.as_str()),
                        Utc::now(),
                    )
                    .await;
                return Err(refused);
            }
        }
    } else {
        None
    };
    if state.backups.busy.swap(true, Ordering::SeqCst) {
        return Err(ErrorPayload::new(
            Code::BackupRunning,
            "Cadangan sedang dibuat — tunggu sampai selesai",
        ));
    }
    state.backups.progress.start(rules::Phase::Idle, 0);
    let made = store
        .backup_into_with(
            &folder,
            Utc::now(),
            &Retention::default(),
            passphrase.as_ref(),
            state.backups.progress.clone(),
        )
        .await;
    state.backups.busy.store(false, Ordering::SeqCst);
    audit(store, actor, &made).await;
    made.map_err(|e| {
        eprintln!("sinkron: backup: {e}");
        e.payload()
    })
}

async fn audit(store: &Store, actor: &Actor, made: &Result<BackupReport, BackupError>) {
    let (action, detail) = match made {
        Ok(r) => (
            "backup",
            format!(
                "{} — {} pengajuan, {} foto, {:.1} MB",
                r.copy
                    .path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                r.requests,
                r.documents,
                r.copy.bytes as f64 / 1_048_576.0
            ),
        ),
        Err(e) => ("backup_failed", e.code().to_string()),
    };
    if let Err(e) = store
        .audit(actor, action, None, Some(&detail), Utc::now())
        .await
    {
        eprintln!("sinkron: backup audit row: {e}");
    }
}

/// The newest copy in this PC's folder and the office's local time now, when backups apply.
async fn newest_and_now<R: Runtime>(
    app: &AppHandle<R>,
) -> Option<(Option<chrono::NaiveDateTime>, chrono::NaiveDateTime)> {
    let state = app.state::<AppState>();
    let db = state.any_store();
    let Ok(Db::Sqlite(store)) = db.as_deref() else {
        return None;
    };
    let folder = config(app).folder?;
    let zone = store.settings().await.map(|s| s.zone).unwrap_or_default();
    let newest = rules::list(&folder)
        .ok()
        .and_then(|copies| copies.first().map(|c| c.taken));
    Some((newest, zone.local_time(Utc::now())))
}

/// The daily copy: looked for at start and every few minutes while the app runs.
pub fn schedule<R: Runtime>(app: &AppHandle<R>) {
    if app.state::<AppState>().in_use().kind != DbKind::Sqlite {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            if let Some((newest, now)) = newest_and_now(&app).await {
                if rules::due_daily(newest, now) {
                    let state = app.state::<AppState>();
                    let _ = run(&app, &state, &automatic()).await;
                }
            }
            tokio::time::sleep(CHECK_EVERY).await;
        }
    });
}

/// On closing: a copy first when the newest is older than a day (the window is already gone).
pub fn on_close<R: Runtime>(app: &AppHandle<R>) {
    tauri::async_runtime::block_on(async {
        if let Some((newest, now)) = newest_and_now(app).await {
            if rules::due_on_close(newest, now) {
                let state = app.state::<AppState>();
                let _ = run(app, &state, &automatic()).await;
            }
        }
    });
}

/// The card's contents: admins, or anyone while the database cannot be used (the sign-in
/// screen offers the restore of a damaged file; the restore itself asks for an admin).
#[tauri::command]
pub async fn backup_state<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<BackupView, ErrorPayload> {
    admin_or_rescue(&window, &state).await?;
    Ok(view(window.app_handle(), &state).await)
}

/// What a restore did; the app must start again (`app_restart`).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RestoreDone {
    pub message: String,
}

/// The admin named by `username` and `password` in `db`, or why not (the sign-in's own words).
async fn admin_of(db: &Store, username: &str, password: &str) -> Result<Actor, ErrorPayload> {
    let op = db
        .sign_in(username, password, &workstation(), Utc::now())
        .await
        .map_err(|e| e.payload())?;
    if op.role != sinkron_core::auth::Role::Admin {
        return Err(ErrorPayload::new(
            Code::Forbidden,
            "Hanya admin yang dapat memulihkan data dari cadangan",
        ));
    }
    Ok(op.actor(&workstation()))
}

/// "Pulihkan": puts the copy `name` from this PC's backup folder in place of the SQLite file,
/// keeping the file in use aside (never deleted). An admin's password is asked again: checked
/// in the file in use, or, when that file cannot be opened (damaged), in the prepared copy. The
/// copy is prepared (verified, copied, migrated) before the file in use is closed, so a refused
/// copy leaves the app as it was. The app must start again afterwards; until then every command
/// says so.
#[tauri::command]
pub async fn backup_restore<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    name: String,
    username: String,
    password: String,
    passphrase: Option<String>,
) -> Result<RestoreDone, ErrorPayload> {
    admin_or_rescue(&window, &state).await?;
    let in_use = state.in_use().clone();
    let (DbKind::Sqlite, Some(live)) = (in_use.kind, in_use.file.clone()) else {
        return Err(ErrorPayload::new(
            Code::BackupOnServer,
            "Komputer ini memakai database kantor: pemulihan dilakukan di server kantor",
        ));
    };
    let folder = config(window.app_handle()).folder.ok_or_else(|| {
        ErrorPayload::new(Code::BackupNoFolder, "Pilih folder cadangan lebih dulu")
    })?;
    let unknown = || {
        ErrorPayload::new(
            Code::BackupUnknown,
            "Cadangan itu tidak ada di folder cadangan",
        )
    };
    let taken = rules::taken_from_name(&name).ok_or_else(unknown)?;
    let copy = folder.join(&name);
    if !copy.is_file() {
        return Err(unknown());
    }
    let zone = office_zone(&state).await;
    let db = state.any_store();
    let live_admin = match db.as_deref() {
        Ok(Db::Sqlite(store)) => Some(admin_of(store, &username, &password).await?),
        _ => None,
    };
    // An encrypted copy opens with the passphrase typed, else the one this PC keeps.
    let passphrase = match passphrase.filter(|p| !p.is_empty()) {
        Some(typed) => Some(Passphrase::stored(&typed)),
        None if rules::is_encrypted_name(&name) => stored_passphrase().await.ok().flatten(),
        None => None,
    };
    // The restored file is put under this PC's key (a new one when the old one is lost).
    let key = tauri::async_runtime::spawn_blocking(crate::dbkey::for_restore)
        .await
        .map_err(|e| ErrorPayload::new(Code::StorageFailed, e.to_string()))??;
    let prepared = backup::prepare_restore(
        &copy,
        &live,
        zone.local_time(Utc::now()),
        passphrase.as_ref(),
        key.as_ref(),
    )
    .await
    .map_err(|e| {
        eprintln!("sinkron: restore: {e}");
        e.payload()
    })?;
    // The file in use could not be opened (damaged): the admin is one of the copy's, checked
    // in the prepared file itself.
    let actor = match live_admin {
        Some(actor) => actor,
        None => {
            let checked = match Store::open_keyed(prepared.path(), key.as_ref()).await {
                Ok(store) => {
                    let actor = admin_of(&store, &username, &password).await;
                    store.close().await;
                    actor
                }
                Err(e) => Err(e.payload()),
            };
            match checked {
                Ok(actor) => actor,
                Err(refused) => {
                    prepared.discard();
                    return Err(refused);
                }
            }
        }
    };
    state.close_for_restore().await;
    let restored = prepared.place().map_err(|e| {
        eprintln!("sinkron: restore: {e}");
        e.payload()
    })?;
    let aside = restored
        .kept_aside
        .as_ref()
        .and_then(|p| p.file_name())
        .map(|n| n.to_string_lossy().into_owned());
    let detail = format!(
        "{name} — {} pengajuan; berkas sebelumnya: {}",
        restored.facts.requests,
        aside.as_deref().unwrap_or("tidak ada")
    );
    if let Ok(back) = Store::open_keyed(&live, key.as_ref()).await {
        let _ = back
            .audit(&actor, "restore", None, Some(&detail), Utc::now())
            .await;
        back.close().await;
    }
    Ok(RestoreDone {
        message: format!(
            "Data dipulihkan dari cadangan {}: {} pengajuan. Berkas sebelumnya disimpan di \
             folder data sebagai {}. Sinkron dimulai ulang.",
            zone.format(zone.moment(taken)),
            restored.facts.requests,
            aside.as_deref().unwrap_or("-")
        ),
    })
}

/// Chooses the backup folder with the native folder dialog; `None` when the admin closed it.
#[tauri::command]
pub async fn backup_choose_folder<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<Option<BackupView>, ErrorPayload> {
    let (db, actor) = guard(&window, &state, Need::Admin).await?;
    let picked = match crate::photos::test_pick() {
        Some(path) => path,
        None => rfd::AsyncFileDialog::new()
            .set_title("Pilih folder cadangan data Sinkron")
            .set_parent(&window)
            .pick_folder()
            .await
            .map(|handle| handle.path().to_path_buf()),
    };
    let Some(folder) = picked else {
        return Ok(None);
    };
    // The folder must take a file now, not on the first night it is needed.
    let probe = folder.join(".sinkron-cadangan-uji.tmp");
    let writable = std::fs::create_dir_all(&folder)
        .and_then(|()| std::fs::write(&probe, b"uji"))
        .and_then(|()| std::fs::remove_file(&probe));
    if let Err(e) = writable {
        eprintln!("sinkron: backup folder {}: {e}", folder.display());
        return Err(ErrorPayload::new(
            Code::BackupFolder,
            "Folder itu tidak dapat ditulisi — pilih folder lain (disk kedua, USB atau folder \
             jaringan)",
        ));
    }
    let app = window.app_handle();
    crate::localfile::write(
        app,
        BACKUP_CONFIG_FILE,
        &BackupConfig {
            folder: Some(folder.clone()),
            ..config(app)
        },
    )?;
    let detail = format!("folder cadangan: {}", folder.display());
    let _ = db
        .audit(&actor, "backup_folder", None, Some(&detail), Utc::now())
        .await;
    Ok(Some(view(app, &state).await))
}

/// "Cadangkan sekarang" (admins).
#[tauri::command]
pub async fn backup_now<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<BackupDone, ErrorPayload> {
    let (_, actor) = guard(&window, &state, Need::Admin).await?;
    let app = window.app_handle();
    let report = run(app, &state, &actor).await?;
    let mut message = format!(
        "Cadangan selesai dan lolos pemeriksaan: {} pengajuan, {} foto.",
        report.requests, report.documents
    );
    if !report.removed.is_empty() {
        message.push_str(&format!(
            " {} cadangan lama dihapus sesuai aturan simpan.",
            report.removed.len()
        ));
    }
    Ok(BackupDone {
        message,
        view: view(app, &state).await,
    })
}

/// "Enkripsi cadangan": keeps `passphrase` (typed twice) in the credential store, and every
/// later copy is encrypted with it. Copies made before stay as they are.
#[tauri::command]
pub async fn backup_set_passphrase<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    passphrase: String,
    repeat: String,
) -> Result<BackupView, ErrorPayload> {
    let (db, actor) = guard(&window, &state, Need::Admin).await?;
    let refuse = |field: &str, message: String| {
        beside_fields(
            Code::BackupPassphraseInvalid,
            "Frasa sandi belum dapat dipakai — lihat pesan di samping kolomnya",
            [(field.to_string(), message)],
        )
    };
    let checked = Passphrase::parse(&passphrase).map_err(|m| refuse("passphrase", m))?;
    if repeat != passphrase {
        return Err(refuse(
            "repeat",
            "Ulangan frasa sandi berbeda — ketik frasa sandi yang sama dua kali".into(),
        ));
    }
    blocking(move || {
        passphrase_entry()?
            .set_password(checked.expose())
            .map_err(keyring_error)
    })
    .await?;
    let app = window.app_handle();
    crate::localfile::write(
        app,
        BACKUP_CONFIG_FILE,
        &BackupConfig {
            encrypted: true,
            ..config(app)
        },
    )?;
    let _ = db
        .audit(&actor, "backup_encryption_on", None, None, Utc::now())
        .await;
    Ok(view(app, &state).await)
}

/// Turns encryption off: later copies are plain again; the passphrase is forgotten (copies
/// encrypted with it still need it to be restored).
#[tauri::command]
pub async fn backup_clear_passphrase<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<BackupView, ErrorPayload> {
    let (db, actor) = guard(&window, &state, Need::Admin).await?;
    let app = window.app_handle();
    crate::localfile::write(
        app,
        BACKUP_CONFIG_FILE,
        &BackupConfig {
            encrypted: false,
            ..config(app)
        },
    )?;
    let _ = blocking(|| match passphrase_entry()?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(other) => Err(keyring_error(other)),
    })
    .await;
    let _ = db
        .audit(&actor, "backup_encryption_off", None, None, Utc::now())
        .await;
    Ok(view(app, &state).await)
}
