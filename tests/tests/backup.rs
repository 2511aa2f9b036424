//! Cadangan data in the real window: an admin signing in on a PC that has never backed up is
//! told so; in Pengaturan they choose the backup folder (the native folder dialog, answered
//! through the harness's seam) and press "Cadangkan sekarang"; the card then shows the new copy,
//! and the copy in the folder passes the core's verification. Then the office's file is damaged
//! (bytes overwritten in its middle pages): the next start's check, beside the sign-in screen,
//! refuses it there, says where it is, and restores the backup with an admin's password; the
//! start after that is normal.

use std::time::Duration;

use serde_json::json;
use sinkron_e2e::harness::{ADMIN_PASSWORD, ADMIN_USER};
use sinkron_e2e::kiosk_ui::{click, text, wait_js};
use sinkron_e2e::ui::type_into;
use sinkron_e2e::ui::WAIT;
use sinkron_e2e::{Harness, Session};
use sinkron_sqlite::backup;

/// Pengaturan's cards fill as their answers come: waits until the page stops growing, so a
/// button further down does not move under the click.
fn settings_filled(s: &Session) {
    wait_js(
        s,
        "the settings page filled",
        "return document.getElementById('s-officeName').value !== '' \
           && document.querySelectorAll('#print-paper option').length === 3",
    );
}

/// An admin is told at sign-in that this PC has no backup yet.
fn banner_warns_of_no_backup(s: &Session) {
    wait_js(
        s,
        "the admin warned of no backup",
        "const b = document.getElementById('banner'); \
         return !b.hidden && b.textContent.includes('Cadangan data');",
    );
}

#[test]
fn an_admin_chooses_a_folder_and_backs_up_from_pengaturan() {
    let h = Harness::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let s = h.launch(&dir.path().join("e2e.db"));
    h.step(&s, "backup-warned", || banner_warns_of_no_backup(&s));
    let folder = dir.path().join("usb").join("cadangan");
    h.step(&s, "backup-card", || {
        click(&s, "#nav-settings");
        s.wait_for("#backup-folder:not([disabled])", WAIT)
            .expect("the backup card");
        settings_filled(&s);
        assert!(text(&s, "backup-warning").contains("belum dipilih"));
        s.execute(
            "document.getElementById('backup-card').scrollIntoView({ block: 'center' });",
            json!([]),
        )
        .expect("scroll");
        h.pick(&folder);
        click(&s, "#backup-folder");
        s.wait_for("#backup-folder-path", WAIT)
            .expect("the folder shown");
        assert_eq!(text(&s, "backup-folder-path"), folder.display().to_string());
        s.wait_for("#backup-now:not([disabled])", WAIT)
            .expect("Cadangkan sekarang enabled");
        click(&s, "#backup-now");
        wait_js(
            &s,
            "the backup made and verified",
            "return document.getElementById('backup-status').textContent.includes('lolos pemeriksaan')",
        );
        s.wait_for("#backup-latest", WAIT).expect("the latest copy");
        assert!(text(&s, "backup-latest").contains("WIB"));
        assert_eq!(text(&s, "backup-warning").trim(), "");
    });
    // Two animation frames: what the screenshot shows has been painted.
    s.execute_async(
        "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
        json!([]),
    )
    .expect("frames");
    std::thread::sleep(Duration::from_millis(300));
    h.screenshot(&s, "backup-card");
    let copies = sinkron_core::backup::list(&folder).expect("the folder");
    assert_eq!(copies.len(), 1, "{copies:?}");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(backup::verify(&copies[0].path, None))
        .expect("the copy verifies");
    s.delete().expect("the app closes");

    // A bad sector in the office's file, once the app that had it open has ended: the first
    // page of the status history, which nothing reads before a sign-in. Everything is first
    // moved from the write-ahead log into the file (its checkpoint would otherwise write the
    // page back). The schema still reads, so the window opens; the damage check running beside
    // the sign-in screen finds it.
    let live = dir.path().join("e2e.db");
    released(&live);
    let (root, page_size) = rt.block_on(async {
        use sqlx::Connection as _;
        let options = sqlx::sqlite::SqliteConnectOptions::new().filename(&live);
        let mut c = sqlx::SqliteConnection::connect_with(&options)
            .await
            .expect("the office's file");
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut c)
            .await
            .expect("the log moved into the file");
        let root: i64 =
            sqlx::query_scalar("SELECT rootpage FROM sqlite_master WHERE name = 'status_history'")
                .fetch_one(&mut c)
                .await
                .expect("the status history's first page");
        let size: i64 = sqlx::query_scalar("PRAGMA page_size")
            .fetch_one(&mut c)
            .await
            .expect("page size");
        c.close().await.expect("closed");
        (root as usize, size as usize)
    });
    for side in ["e2e.db-wal", "e2e.db-shm"] {
        let _ = std::fs::remove_file(dir.path().join(side));
    }
    let mut bytes = std::fs::read(&live).expect("the office's file");
    let at = (root - 1) * page_size;
    bytes[at..at + 64].fill(0xA5);
    std::fs::write(&live, &bytes).expect("damaged");

    let s = h.launch_at_gate(&live);
    h.step(&s, "damaged-at-start", || {
        wait_js(
            &s,
            "the damaged file refused with its place and the restore",
            "return document.getElementById('g-general').textContent.includes('rusak') \
             && !!document.getElementById('g-db-path') \
             && !document.getElementById('btn-restore').hidden",
        );
        assert!(text(&s, "g-db-path").ends_with("e2e.db"));
    });
    s.execute_async(
        "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
        json!([]),
    )
    .expect("frames");
    h.screenshot(&s, "damaged-at-start");
    h.step(&s, "restore", || {
        click(&s, "#btn-restore");
        s.wait_for("#restore-copy", WAIT)
            .expect("the restore dialog");
        type_into(&s, "#restore-username", ADMIN_USER).expect("user");
        type_into(&s, "#restore-password", "bukan-sandinya").expect("password");
        click(&s, "#restore-confirm");
        wait_js(
            &s,
            "a wrong password refused",
            "return document.getElementById('restore-msg').textContent.trim().length > 0",
        );
        type_into(&s, "#restore-password", ADMIN_PASSWORD).expect("password");
        click(&s, "#restore-confirm");
        s.wait_for("#restored", WAIT).expect("restored");
        assert!(text(&s, "restored").contains("Data dipulihkan"));
    });
    s.execute_async(
        "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
        json!([]),
    )
    .expect("frames");
    h.screenshot(&s, "restored");
    let aside: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("sinkron-sebelum-pulih-"))
        .collect();
    assert_eq!(aside.len(), 1, "the damaged file kept aside: {aside:?}");
    s.delete().expect("the app closes");

    // The next start is on the restored file, as usual.
    let again = h.launch(&live);
    again.delete().expect("the app closes");
}

/// Waits two animation frames, so what a screenshot shows has been painted.
/// Waits until no process started on `live` runs (an ended app's last checkpoint is written).
fn released(live: &std::path::Path) {
    let running = || {
        std::process::Command::new("pgrep")
            .args(["-f", &live.display().to_string()])
            .output()
            .map(|o| !o.stdout.is_empty())
            .unwrap_or(false)
    };
    for _ in 0..200 {
        if !running() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("the app still holds its file");
}

fn painted(s: &sinkron_e2e::Session) {
    s.execute_async(
        "const done = arguments[0]; requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
        json!([]),
    )
    .expect("frames");
}

fn dialog_says(s: &sinkron_e2e::Session, id: &str, what: &str, words: &str) {
    s.wait_until(what, WAIT, |s| {
        Ok(s.execute(
            "return document.getElementById(arguments[0]).textContent.includes(arguments[1])",
            json!([format!("{id}-msg"), words]),
        )?
        .as_bool()
        .filter(|b| *b))
    })
    .unwrap_or_else(|e| panic!("{what}: {e}; {}", text(s, &format!("{id}-msg"))));
}

/// Enkripsi cadangan: the warning, the passphrase refused until it is long enough, typed twice
/// alike and written down; then an encrypted copy, which a restore opens only with the
/// passphrase typed (as on a new PC whose store does not hold it) and refuses with a wrong one.
#[test]
fn an_admin_encrypts_backups_and_restores_one_with_its_passphrase() {
    let h = Harness::start_with_secrets();
    let dir = tempfile::tempdir().expect("temp dir");
    let live = dir.path().join("e2e.db");
    let s = h.launch(&live);
    let folder = dir.path().join("usb");
    let passphrase = "kopi pagi di kantor desa";
    h.step(&s, "encrypt-card", || {
        // The sign-in's backup notice comes first: arriving later, it would move the page
        // under a click.
        banner_warns_of_no_backup(&s);
        click(&s, "#nav-settings");
        s.wait_for("#backup-folder:not([disabled])", WAIT)
            .expect("the backup card");
        settings_filled(&s);
        s.execute(
            "document.getElementById('backup-card').scrollIntoView({ block: 'center' });",
            json!([]),
        )
        .expect("scroll");
        h.pick(&folder);
        click(&s, "#backup-folder");
        s.wait_for("#backup-folder-path", WAIT)
            .unwrap_or_else(|e| panic!("folder: {e}; the card says: {}", text(&s, "backup-card")));
        assert!(text(&s, "backup-encryption").contains("Tidak aktif"));
        // The office's file is encrypted: its copies restore only here until this is on.
        assert!(text(&s, "backup-encryption").contains("hanya dapat dipulihkan di komputer"));
        click(&s, "#backup-encrypt");
        s.wait_for("#backup-passphrase", WAIT).expect("the dialog");
        assert!(text(&s, "encrypt-dialog").contains("TIDAK DAPAT DIPULIHKAN"));
    });
    h.step(&s, "encrypt-refusals", || {
        type_into(&s, "#backup-passphrase", "pendek").expect("short");
        type_into(&s, "#backup-passphrase-repeat", "pendek").expect("repeat");
        click(&s, "#encrypt-dialog-confirm");
        dialog_says(&s, "encrypt-dialog", "the tick asked for", "Centang");
        click(&s, "#backup-passphrase-ack");
        click(&s, "#encrypt-dialog-confirm");
        dialog_says(
            &s,
            "encrypt-dialog",
            "a short passphrase refused",
            "belum dapat dipakai",
        );
        assert!(text(&s, "backup-passphrase-msg").contains("12 karakter"));
        type_into(&s, "#backup-passphrase", passphrase).expect("passphrase");
        type_into(&s, "#backup-passphrase-repeat", "kopi pagi di kantor kota").expect("repeat");
        click(&s, "#encrypt-dialog-confirm");
        wait_js(
            &s,
            "a different repeat refused beside it",
            "return document.getElementById('backup-passphrase-repeat-msg').textContent.includes('berbeda')",
        );
        assert_eq!(text(&s, "backup-passphrase-msg").trim(), "");
        type_into(&s, "#backup-passphrase-repeat", passphrase).expect("repeat");
    });
    painted(&s);
    h.screenshot(&s, "backup-encrypt-dialog");
    h.step(&s, "encrypted-backup", || {
        click(&s, "#encrypt-dialog-confirm");
        wait_js(
            &s,
            "encryption on",
            "return document.getElementById('backup-encryption').textContent.includes('Aktif')",
        );
        s.wait_for("#backup-now:not([disabled])", WAIT).expect("enabled");
        click(&s, "#backup-now");
        // Deriving the key takes about a second each way: the card shows the step meanwhile.
        wait_js(
            &s,
            "the encryption step shown while it runs",
            "const p = document.getElementById('backup-progress'); \
             return !p.hidden && p.textContent.includes('enkripsi');",
        );
        h.screenshot(&s, "backup-progress");
        wait_js(
            &s,
            "the encrypted backup made and verified",
            "return document.getElementById('backup-status').textContent.includes('lolos pemeriksaan')",
        );
        s.wait_for("#backup-latest", WAIT).expect("latest");
        assert!(text(&s, "backup-latest").contains("terenkripsi"));
    });
    painted(&s);
    h.screenshot(&s, "backup-encrypted-card");
    let copies = sinkron_core::backup::list(&folder).expect("the folder");
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(copies[0].encrypted, "{copies:?}");
    let bytes = std::fs::read(&copies[0].path).expect("the copy");
    assert!(bytes.starts_with(b"age-encryption.org/v1"), "an age file");
    assert!(!bytes.windows(15).any(|w| w == b"SQLite format 3"));

    h.step(&s, "encrypted-restore", || {
        click(&s, "#backup-restore");
        s.wait_for("#restore-copy", WAIT)
            .expect("the restore dialog");
        let shown = s
            .execute(
                "return !document.getElementById('restore-passphrase-field').hidden",
                json!([]),
            )
            .expect("field");
        assert_eq!(
            shown,
            json!(true),
            "the passphrase asked for an encrypted copy"
        );
        type_into(&s, "#restore-passphrase", "kopi sore di kantor desa").expect("wrong");
        type_into(&s, "#restore-username", ADMIN_USER).expect("user");
        type_into(&s, "#restore-password", ADMIN_PASSWORD).expect("password");
        click(&s, "#restore-confirm");
        dialog_says(
            &s,
            "restore",
            "a wrong passphrase refused",
            "Frasa sandi cadangan salah",
        );
    });
    painted(&s);
    h.screenshot(&s, "backup-restore-wrong-passphrase");
    h.step(&s, "encrypted-restored", || {
        type_into(&s, "#restore-passphrase", passphrase).expect("passphrase");
        type_into(&s, "#restore-password", ADMIN_PASSWORD).expect("password");
        click(&s, "#restore-confirm");
        s.wait_for("#restored", WAIT).expect("restored");
        assert!(text(&s, "restored").contains("Data dipulihkan"));
    });
    s.delete().expect("the app closes");
    // With a credential store the office's file is encrypted at rest, the restored one too.
    assert_eq!(
        sinkron_sqlite::cipher::file_kind(&live).expect("the file"),
        sinkron_sqlite::FileKind::Encrypted
    );
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    assert!(!rt.block_on(sinkron_sqlite::cipher::opens_with(&live, None)));
}

/// A new Windows account (here: a new credential store) lacks the key of the office's encrypted
/// file: the sign-in screen says why and what to do and offers the restore, and the file is left
/// byte for byte as it was.
#[test]
fn a_file_whose_key_this_account_lacks_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let live = dir.path().join("e2e.db");
    {
        let first = Harness::start_with_secrets();
        let s = first.launch(&live);
        first.step(&s, "about-encrypted", || {
            click(&s, "#nav-about");
            wait_js(
                &s,
                "Tentang says the file is encrypted",
                "const e = document.getElementById('about-encryption'); \
                 return !!e && e.textContent.startsWith('Aktif');",
            );
        });
        painted(&s);
        first.screenshot(&s, "about-encrypted");
        s.delete().expect("the app closes");
    }
    released(&live);
    assert_eq!(
        sinkron_sqlite::cipher::file_kind(&live).expect("the file"),
        sinkron_sqlite::FileKind::Encrypted
    );
    let before = std::fs::read(&live).expect("the file");

    let h = Harness::start_with_secrets();
    let s = h.launch_at_gate(&live);
    h.step(&s, "key-missing-at-start", || {
        wait_js(
            &s,
            "the file refused with why, its place and the restore",
            "return document.getElementById('g-general').textContent.includes('kuncinya tidak ada') \
             && !!document.querySelector('#g-general [data-code=storage_encryption]') \
             && !!document.getElementById('g-db-path') \
             && !document.getElementById('btn-restore').hidden",
        );
    });
    painted(&s);
    h.screenshot(&s, "key-missing-at-start");
    s.delete().expect("the app closes");
    released(&live);
    assert!(
        std::fs::read(&live).expect("the file") == before,
        "the file was changed"
    );
}
