//! `sinkron --self-check DIR`: proof, without a window, that a build's real parts work on the
//! machine it runs on. It exists for the Windows build, which is made on Linux and run here only
//! under Wine (which has no WebView2): a fresh database, encrypted by the build's SQLCipher and
//! OpenSSL under a throwaway key, with every migration, two phone
//! photos decoded and re-encoded by the build's own libjpeg-turbo, a request saved with them in
//! one transaction exactly as the kiosk saves one, everything read back and compared, and the
//! file's bytes searched for the NIK and name (they must not be there in clear). An IT
//! person can run it on a desk PC too, to tell a broken install from a broken network.

use sinkron_core::KioskStore as _;
use std::path::{Path, PathBuf};

use chrono::Utc;
use sinkron_core::form::{validate_form, FormInput};
use sinkron_core::photo::{self, sample, DocumentKind, ProcessedPhoto};
use sinkron_core::status::Status;
use sinkron_core::store::ImageSize;
use sinkron_core::store::RequestStore as _;
use sinkron_core::zone::OfficeZone;

use crate::Store;
use sha2::{Digest, Sha256};
use thiserror::Error;

/// The database file the check creates inside the folder it is given.
pub const FILE_NAME: &str = "sinkron-self-check.db";

/// A step that did not do what it should, and why.
#[derive(Debug, Error)]
#[error("{step}: {detail}")]
pub struct SelfCheckError {
    pub step: &'static str,
    pub detail: String,
}

fn failed(step: &'static str) -> impl Fn(String) -> SelfCheckError {
    move |detail| SelfCheckError { step, detail }
}

fn ensure(
    step: &'static str,
    holds: bool,
    detail: impl FnOnce() -> String,
) -> Result<(), SelfCheckError> {
    if holds {
        Ok(())
    } else {
        Err(SelfCheckError {
            step,
            detail: detail(),
        })
    }
}

/// Runs every step in `dir` (created if missing) and returns one line per step that passed.
/// A database left by an earlier self-check in that folder is replaced; no other file is
/// touched.
pub async fn run(dir: &Path) -> Result<Vec<String>, SelfCheckError> {
    let mut lines = Vec::new();
    let db_path = fresh_database(dir)?;
    let key = crate::DbKey::generate().map_err(|e| failed("key")(e.to_string()))?;
    let store = Store::open_keyed(&db_path, Some(&key))
        .await
        .map_err(|e| failed("database")(e.to_string()))?;
    let applied = store
        .applied_migrations()
        .await
        .map_err(|e| failed("migrations")(e.to_string()))?;
    let embedded = crate::MIGRATOR.iter().count() as i64;
    ensure("migrations", applied == embedded && applied > 0, || {
        format!("{applied} of {embedded} applied")
    })?;
    lines.push(format!(
        "database: {} ({applied} migrations)",
        db_path.display()
    ));

    // A KK photographed sideways (EXIF orientation 6), a KTP-el upright.
    let kk = decode("photo kk", sample::phone_photo(1240, 880, 6), (1240, 880)).await?;
    let ktp = decode("photo ktp", sample::phone_photo(860, 540, 1), (860, 540)).await?;
    lines.push(format!(
        "photos: libjpeg-turbo decoded KK {}x{} and KTP-el {}x{}; previews {}x{} and {}x{}",
        kk.width,
        kk.height,
        ktp.width,
        ktp.height,
        kk.preview.width,
        kk.preview.height,
        ktp.preview.width,
        ktp.preview.height
    ));

    let now = Utc::now();
    let input = FormInput {
        name: "Uji Mandiri".into(),
        nik: "1610010107950001".into(),
        kk: "1610010203150003".into(),
        problem: "Pemeriksaan instalasi Sinkron".into(),
        wa: "0812 3456 7890".into(),
    };
    let request = validate_form(&input, OfficeZone::Wib.today(now))
        .map_err(|check| failed("form")(format!("{check:?}")))?;
    let receipt = sinkron_core::kiosk_store::submit(&store, &request, now, &kk, &ktp)
        .await
        .map_err(|e| failed("save")(e.to_string()))?;
    let saved = store
        .find_by_reg_number(&receipt.reg_number)
        .await
        .map_err(|e| failed("read back")(e.to_string()))?
        .ok_or_else(|| failed("read back")(format!("{} not found", receipt.reg_number)))?;
    ensure(
        "read back",
        saved.nik == input.nik && saved.status == Status::Baru,
        || format!("{} read back as {:?}", receipt.reg_number, saved.status),
    )?;
    lines.push(format!(
        "request: {} saved and read back ({})",
        saved.reg_number,
        saved.status.as_str()
    ));

    let documents = store
        .documents_of(saved.id)
        .await
        .map_err(|e| failed("documents")(e.to_string()))?;
    ensure("documents", documents.len() == 2, || {
        format!("{} documents stored, expected 2", documents.len())
    })?;
    for (info, sent) in documents.iter().zip([&kk, &ktp]) {
        let expected =
            [DocumentKind::Kk, DocumentKind::Ktp][usize::from(info.kind == DocumentKind::Ktp)];
        ensure("documents", info.kind == expected, || {
            "order of KK and KTP-el".into()
        })?;
        let (_, original) = image(&store, info.id, ImageSize::Original).await?;
        let digest = hex(&Sha256::digest(&original));
        ensure(
            "documents",
            digest == sent.sha256 && digest == info.sha256,
            || format!("{} original changed in storage", info.kind.label()),
        )?;
        let (_, preview) = image(&store, info.id, ImageSize::Preview).await?;
        let again = photo::process_blocking(preview)
            .await
            .map_err(|e| failed("documents")(e.message(Some(info.kind))))?;
        ensure(
            "documents",
            (again.width, again.height) == (sent.preview.width, sent.preview.height),
            || format!("{} preview does not decode to its size", info.kind.label()),
        )?;
    }
    lines.push("documents: both originals match their SHA-256; previews decode again".into());

    let status = store
        .lookup_status(&receipt.reg_number, &receipt.check_code, now)
        .await
        .map_err(|e| failed("check code")(format!("{e:?}")))?;
    ensure("check code", status.status == Status::Baru, || {
        format!("status {:?}", status.status)
    })?;
    lines.push("check code: the receipt's code opens its status".into());

    let integrity = store
        .integrity_check()
        .await
        .map_err(|e| failed("integrity")(e.to_string()))?;
    ensure("integrity", integrity == "ok", || integrity.clone())?;
    store.close().await;
    lines.push("integrity_check: ok".into());

    let bytes = std::fs::read(&db_path).map_err(|e| failed("encryption")(e.to_string()))?;
    let clear = [input.nik.as_bytes(), input.name.as_bytes()]
        .iter()
        .any(|needle| bytes.windows(needle.len()).any(|w| w == *needle));
    ensure("encryption", !clear, || {
        "the NIK or the name is readable in the file".into()
    })?;
    ensure(
        "encryption",
        !crate::cipher::opens_with(&db_path, None).await
            && crate::cipher::opens_with(&db_path, Some(&key)).await,
        || "the file opens without its key, or not with it".into(),
    )?;
    lines.push(format!(
        "encryption: {} bytes, no NIK or name in clear; opens only with its key",
        bytes.len()
    ));
    Ok(lines)
}

/// The check's database path in `dir`, with an earlier check's file (and its WAL) removed.
fn fresh_database(dir: &Path) -> Result<PathBuf, SelfCheckError> {
    std::fs::create_dir_all(dir)
        .map_err(|e| failed("folder")(format!("{}: {e}", dir.display())))?;
    let path = dir.join(FILE_NAME);
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.clone().into_os_string();
        name.push(suffix);
        match std::fs::remove_file(&name) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(failed("folder")(format!("{}: {e}", path.display()))),
        }
    }
    Ok(path)
}

/// A sample photo through the same intake as a picked file, with its upright size checked.
async fn decode(
    step: &'static str,
    bytes: Vec<u8>,
    upright: (u32, u32),
) -> Result<ProcessedPhoto, SelfCheckError> {
    let photo = photo::process_blocking(bytes)
        .await
        .map_err(|e| failed(step)(e.message(None)))?;
    ensure(step, (photo.width, photo.height) == upright, || {
        format!(
            "decoded as {}x{}, expected {}x{}",
            photo.width, photo.height, upright.0, upright.1
        )
    })?;
    Ok(photo)
}

async fn image(
    store: &Store,
    id: i64,
    size: ImageSize,
) -> Result<(String, Vec<u8>), SelfCheckError> {
    store
        .document_image(id, size)
        .await
        .map_err(|e| failed("documents")(e.to_string()))?
        .ok_or_else(|| failed("documents")(format!("document {id} has no {size:?}")))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn self_check_passes_in_an_empty_folder() {
        let dir = tempfile::tempdir().unwrap();
        let lines = run(dir.path()).await.expect("self-check");
        assert!(lines.iter().any(|l| l.starts_with("request: SD-")));
        assert!(dir.path().join(FILE_NAME).is_file());
    }

    #[tokio::test]
    async fn self_check_replaces_an_earlier_check_database() {
        let dir = tempfile::tempdir().unwrap();
        run(dir.path()).await.expect("first");
        let lines = run(dir.path()).await.expect("second");
        // A fresh database: the number is the day's first again.
        assert!(lines.iter().any(|l| l.contains("-0001 saved")), "{lines:?}");
    }

    #[tokio::test]
    async fn self_check_leaves_other_files_alone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("sinkron.db"), b"office data").unwrap();
        run(dir.path()).await.expect("self-check");
        assert_eq!(
            std::fs::read(dir.path().join("sinkron.db")).unwrap(),
            b"office data"
        );
    }

    #[tokio::test]
    async fn self_check_reports_a_folder_it_cannot_create() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("not-a-folder");
        std::fs::write(&file, b"x").unwrap();
        let error = run(&file.join("inside")).await.unwrap_err();
        assert_eq!(error.step, "folder");
    }
}
