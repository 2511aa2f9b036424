//! The server's backup and restore (`sinkron_pg::backup`, `sinkron-pg-admin backup|restore`)
//! against the test server: a backup of one snapshot restores into an empty database with the
//! same rows in every counted table, the desks' logins work on it again, and a restore into a
//! database that already holds Sinkron is refused.
//!
//! The server: see `common/mod.rs`.

mod common;

use chrono::Utc;
use common::{photos, request, TestDb};
use sinkron_core::{Actor, RequestChanges as _, RequestStore as _};
use sinkron_pg::backup::{self, PgBackupError};
use sinkron_pg::GroupRole;

#[tokio::test]
async fn a_backup_restores_into_an_empty_database_with_the_same_rows() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let desk = db.login(GroupRole::Operator, "bk").await;
    let (kk, ktp) = photos();
    for _ in 0..3 {
        desk.create_desk_request(&request(), &Actor::named("Rina"), Utc::now(), &kk, &ktp)
            .await
            .unwrap();
    }
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kantor.dump");
    let made = backup::backup(&db.owner_url(), &file)
        .await
        .expect("backup");
    assert_eq!(made.counts["requests"], 3);
    assert_eq!(made.counts["documents"], 6);
    assert!(made.bytes > 0 && file.exists());
    assert!(
        !file.with_extension("tmp").exists(),
        "no temporary file left"
    );

    let empty = TestDb::empty().await.expect("a second database");
    let restored = backup::restore(&empty.owner_url(), &file)
        .await
        .expect("restore");
    assert_eq!(restored, made.counts);
    // The desks' group roles have their grants again: a login reads the restored requests.
    let again = empty.login(GroupRole::Operator, "bk2").await;
    assert_eq!(again.list_requests(1, 50).await.unwrap().items.len(), 3);

    let refused = backup::restore(&db.owner_url(), &file).await.unwrap_err();
    assert!(
        matches!(refused, PgBackupError::TargetNotEmpty),
        "{refused}"
    );
}
