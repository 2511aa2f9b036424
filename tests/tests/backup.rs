//! Cadangan data in the real window: an admin signing in on a PC that has never backed up is
//! told so; in Pengaturan they choose the backup folder (the native folder dialog, answered
//! through the harness's seam) and press "Cadangkan sekarang"; the card then shows the new copy,
//! and the copy in the folder passes the core's verification.

use std::time::Duration;

use serde_json::json;
use sinkron_core::store::backup;
use sinkron_e2e::kiosk_ui::{click, text, wait_js};
use sinkron_e2e::ui::WAIT;
use sinkron_e2e::Harness;

#[test]
fn an_admin_chooses_a_folder_and_backs_up_from_pengaturan() {
    let h = Harness::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let s = h.launch(&dir.path().join("e2e.db"));
    h.step(&s, "backup-warned", || {
        wait_js(
            &s,
            "the admin warned of no backup",
            "const b = document.getElementById('banner'); \
             return !b.hidden && b.textContent.includes('Cadangan data');",
        );
    });
    let folder = dir.path().join("usb").join("cadangan");
    h.step(&s, "backup-card", || {
        click(&s, "#nav-settings");
        s.wait_for("#backup-folder:not([disabled])", WAIT)
            .expect("the backup card");
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
    let copies = backup::list(&folder).expect("the folder");
    assert_eq!(copies.len(), 1, "{copies:?}");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(backup::verify(&copies[0].path))
        .expect("the copy verifies");
    s.delete().expect("the app closes");
}
