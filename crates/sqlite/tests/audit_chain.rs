//! The audit log's chain on a real file: rows written by Sinkron chain up; a row deleted,
//! edited or moved by someone holding the file (after dropping the append-only triggers, as
//! they would have to) breaks the chain at the first row touched.

use chrono::Utc;
use sinkron_core::audit_chain::ChainCheck;
use sinkron_core::store::Actor;
use sinkron_core::AccountStore as _;
use sinkron_sqlite::Store;

/// A file with six audit rows written by Sinkron, and a plain connection to tamper with it.
async fn logged() -> (tempfile::TempDir, Store, sqlx::SqlitePool) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("audit.db");
    let store = Store::open(&path).await.unwrap();
    let actor = Actor::named("Rina");
    for i in 0..6 {
        store
            .audit(
                &actor,
                "photo_view",
                None,
                Some(&format!("kk {i}")),
                Utc::now(),
            )
            .await
            .unwrap();
    }
    let raw = sqlx::SqlitePool::connect(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    (dir, store, raw)
}

async fn tamper(raw: &sqlx::SqlitePool, sql: &str) {
    sqlx::raw_sql(&format!(
        "DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; {sql}"
    ))
    .execute(raw)
    .await
    .unwrap();
}

#[tokio::test]
async fn rows_written_by_sinkron_form_an_intact_chain() {
    let (_d, store, _raw) = logged().await;
    assert_eq!(
        store.check_audit_chain().await.unwrap(),
        ChainCheck::Intact {
            chained: 6,
            before_chain: 0
        }
    );
}

#[tokio::test]
async fn a_deleted_row_is_found() {
    let (_d, store, raw) = logged().await;
    tamper(&raw, "DELETE FROM audit_log WHERE id = 3").await;
    assert!(matches!(
        store.check_audit_chain().await.unwrap(),
        ChainCheck::Broken { row: 4, .. }
    ));
}

#[tokio::test]
async fn an_edited_row_is_found() {
    let (_d, store, raw) = logged().await;
    tamper(&raw, "UPDATE audit_log SET detail = 'ktp 2' WHERE id = 2").await;
    assert!(matches!(
        store.check_audit_chain().await.unwrap(),
        ChainCheck::Broken { row: 2, .. }
    ));
}

#[tokio::test]
async fn rows_swapped_in_place_are_found() {
    let (_d, store, raw) = logged().await;
    tamper(
        &raw,
        "UPDATE audit_log SET id = -4 WHERE id = 4; UPDATE audit_log SET id = 4 WHERE id = 5; \
         UPDATE audit_log SET id = 5 WHERE id = -4;",
    )
    .await;
    assert!(matches!(
        store.check_audit_chain().await.unwrap(),
        ChainCheck::Broken { row: 4, .. }
    ));
}

#[tokio::test]
async fn deleting_the_newest_row_leaves_a_shorter_intact_chain() {
    // Removing the newest row leaves a shorter, intact chain; the next row Sinkron writes
    // chains to what is there, so only an outside count (a backup) tells. Said plainly here.
    let (_d, store, raw) = logged().await;
    tamper(&raw, "DELETE FROM audit_log WHERE id = 6").await;
    assert_eq!(
        store.check_audit_chain().await.unwrap(),
        ChainCheck::Intact {
            chained: 5,
            before_chain: 0
        }
    );
}

#[tokio::test]
async fn rows_from_before_the_chain_are_counted_and_the_chain_starts_after_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    let store = Store::open(&path).await.unwrap();
    let raw = sqlx::SqlitePool::connect(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    // As an older Sinkron wrote them: no chain, and the upgrade marked where the chain starts.
    sqlx::raw_sql(
        "INSERT INTO audit_log (at, action) VALUES ('2026-11-01T00:00:00.000Z', 'sign_in'), \
         ('2026-11-01T00:01:00.000Z', 'sign_out'); \
         UPDATE settings SET value = '3' WHERE key = 'audit_chain_from';",
    )
    .execute(&raw)
    .await
    .unwrap();
    store
        .audit(&Actor::named("Rina"), "sign_in", None, None, Utc::now())
        .await
        .unwrap();
    assert_eq!(
        store.check_audit_chain().await.unwrap(),
        ChainCheck::Intact {
            chained: 1,
            before_chain: 2
        }
    );
    // A chain wiped off a later row does not pass it off as an old one.
    tamper(&raw, "UPDATE audit_log SET chain = NULL WHERE id = 3").await;
    assert!(matches!(
        store.check_audit_chain().await.unwrap(),
        ChainCheck::Broken { row: 3, .. }
    ));
}
