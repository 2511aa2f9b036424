//! Several desks and a kiosk on one server: what only the shared server has to prove. A
//! kiosk's request reaches a listening desk at once, and so does another desk's approval; the
//! operator role cannot rewrite the audit log; and a desk killed in the middle of saving leaves
//! no half a request and no gap in the day's numbers.
//!
//! The server: see `common/mod.rs`.

mod common;

use sinkron_core::KioskStore as _;
use std::time::Duration;

use chrono::Utc;
use common::{photos, request, TestDb};
use sinkron_core::RequestChanges as _;
use sinkron_core::{Action, Actor, Channel, RequestStore, Status};
use sinkron_pg::{GroupRole, PgStore};

const CHILD_ENV: &str = "SINKRON_PG_CRASH_CHILD_URL";
const KILLS: u32 = 20;

/// The next change a desk hears of: the request's id.
async fn heard(listener: &mut sqlx::postgres::PgListener) -> i64 {
    let n = tokio::time::timeout(Duration::from_secs(10), listener.recv())
        .await
        .expect("a notification within 10 s")
        .expect("the listener is connected");
    n.payload().parse().expect("the payload is an id")
}

#[tokio::test]
async fn a_kiosk_request_and_an_approval_reach_the_other_desks_at_once() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let kiosk = db.login(GroupRole::Kiosk, "kiosk").await;
    let desk_a = db.login(GroupRole::Operator, "desk_a").await;
    let desk_b = db.login(GroupRole::Operator, "desk_b").await;
    let mut hears_a = desk_a.watch().await.unwrap();
    let mut hears_b = desk_b.watch().await.unwrap();

    let (kk, ktp) = photos();
    let receipt =
        sinkron_core::kiosk_store::submit(&kiosk, &request(), chrono::Utc::now(), &kk, &ktp)
            .await
            .unwrap();
    let id = heard(&mut hears_a).await;
    assert_eq!(heard(&mut hears_b).await, id);
    let page = desk_a.list_requests(1, 50).await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].id, id);
    assert_eq!(page.items[0].reg_number, receipt.reg_number);
    assert_eq!(page.items[0].channel, Channel::Kiosk);

    desk_a
        .act(
            id,
            1,
            Action::Approve,
            None,
            &Actor::named("Ani"),
            Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(heard(&mut hears_b).await, id);
    let seen_by_b = desk_b.get_request(id).await.unwrap();
    assert_eq!(
        (seen_by_b.status, seen_by_b.version),
        (Status::Disetujui, 2)
    );
    // The approving desk hears its own change too; a refresh costs one query.
    assert_eq!(heard(&mut hears_a).await, id);
}

#[tokio::test]
async fn a_desk_receipt_opens_its_status_at_the_kiosk() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let desk = db.login(GroupRole::Operator, "desk").await;
    let kiosk = db.login(GroupRole::Kiosk, "kiosk").await;
    let (kk, ktp) = photos();
    let created = desk
        .create_desk_request(&request(), &Actor::named("Ani"), Utc::now(), &kk, &ktp)
        .await
        .unwrap();
    let typed = created.check_code.to_lowercase();
    let status = kiosk
        .lookup_status(&created.reg_number, &typed, chrono::Utc::now())
        .await
        .expect("the code the desk printed");
    assert_eq!(status.status, Status::Baru);
    let stored: String = sqlx::query_scalar("SELECT check_code_hash FROM requests")
        .fetch_one(db.owner.pool())
        .await
        .unwrap();
    assert!(
        sinkron_core::checkcode::verify(&created.check_code, &stored),
        "the server's hash is one the core verifies too"
    );
}

#[tokio::test]
async fn a_refused_action_announces_nothing() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let desk = db.login(GroupRole::Operator, "desk").await;
    let (kk, ktp) = photos();
    let id = desk
        .create_desk_request(&request(), &Actor::named("Ani"), Utc::now(), &kk, &ktp)
        .await
        .unwrap()
        .id;
    let mut hears = desk.watch().await.unwrap();
    desk.act(
        id,
        1,
        Action::Finish,
        None,
        &Actor::named("Ani"),
        Utc::now(),
    )
    .await
    .unwrap_err();
    let quiet = tokio::time::timeout(Duration::from_millis(500), hears.recv()).await;
    assert!(quiet.is_err(), "nothing changed, so nothing was announced");
}

#[tokio::test]
async fn the_operator_role_cannot_rewrite_the_audit_log_or_the_schema() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let desk = db.login(GroupRole::Operator, "desk").await;
    let (kk, ktp) = photos();
    desk.create_desk_request(&request(), &Actor::named("Ani"), Utc::now(), &kk, &ktp)
        .await
        .unwrap();
    for sql in [
        "UPDATE audit_log SET detail = 'x'",
        "DELETE FROM audit_log",
        "DELETE FROM requests",
        "DROP TABLE requests",
        "TRUNCATE status_history",
        "CREATE TABLE extra (id INT)",
    ] {
        let refused = sqlx::query(sql).execute(desk.pool()).await;
        assert!(refused.is_err(), "{sql} was allowed");
    }
    let rows: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log")
        .fetch_one(desk.pool())
        .await
        .unwrap();
    assert_eq!(rows, 1);
}

/// The killed desk: only does anything when started by `killed_desks_leave_no_partial_request`.
#[test]
fn child_desk() {
    let Ok(url) = std::env::var(CHILD_ENV) else {
        return;
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let desk = PgStore::connect(&url).await.unwrap();
        let (kk, ktp) = photos();
        let req = request();
        let who = Actor::named("Petugas Uji");
        println!("ready");
        loop {
            desk.create_desk_request(&req, &who, Utc::now(), &kk, &ktp)
                .await
                .unwrap();
        }
    });
}

#[cfg(unix)]
#[tokio::test]
async fn killed_desks_leave_no_partial_request_and_no_gap_in_the_numbers() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let url = db.login_url(GroupRole::Operator, "killed").await;
    sinkron_testing::kill::kill_rounds("child_desk", &[(CHILD_ENV, &url)], KILLS, 150);
    // The server rolls back what the killed desks left open; give it a moment to notice.
    let owner = &db.owner;
    for _ in 0..50 {
        let open: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM pg_stat_activity \
             WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
        )
        .fetch_one(owner.pool())
        .await
        .unwrap();
        if open == 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let partial: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM requests r WHERE \
         (SELECT count(*) FROM documents d WHERE d.request_id = r.id) <> 2 \
         OR (SELECT count(*) FROM status_history h WHERE h.request_id = r.id) <> 1 \
         OR (SELECT count(*) FROM sync_niks n WHERE n.request_id = r.id) <> 2 \
         OR (SELECT count(*) FROM audit_log a WHERE a.request_id = r.id) <> 1",
    )
    .fetch_one(owner.pool())
    .await
    .unwrap();
    assert_eq!(partial, 0, "every saved request is whole");
    let counts_exact: bool = sqlx::query_scalar(
        "SELECT bool_and(c.n = (SELECT count(*) FROM requests r WHERE r.status = c.status)) \
         FROM status_counts c",
    )
    .fetch_one(owner.pool())
    .await
    .unwrap();
    assert!(counts_exact, "the kept counts match the rows");
    let numbers: Vec<String> =
        sqlx::query_scalar("SELECT reg_number FROM requests ORDER BY reg_number")
            .fetch_all(owner.pool())
            .await
            .unwrap();
    assert!(
        !numbers.is_empty(),
        "the desks saved something before dying"
    );
    for (i, n) in numbers.iter().enumerate() {
        assert_eq!(
            n[n.len() - 4..].parse::<usize>().unwrap(),
            i + 1,
            "numbers run on without a gap or a repeat: {numbers:?}"
        );
    }
    // The day's sequence goes on after the last saved request.
    let desk = PgStore::connect(&url).await.unwrap();
    let (kk, ktp) = photos();
    let next = desk
        .create_desk_request(&request(), &Actor::named("Ani"), Utc::now(), &kk, &ktp)
        .await
        .unwrap();
    let tail: usize = next.reg_number[next.reg_number.len() - 4..]
        .parse()
        .unwrap();
    assert_eq!(tail, numbers.len() + 1);
    eprintln!(
        "{KILLS} desks killed mid-save; {} requests whole",
        numbers.len()
    );
}

/// Every connection of the app carries the session limits, so no desk stalls the others.
#[tokio::test]
async fn a_desks_connection_carries_the_session_limits() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let desk = db.login(GroupRole::Operator, "limits").await;
    for (name, value) in sinkron_pg::SESSION_LIMITS {
        let shown: String = sqlx::query_scalar(&format!("SHOW {name}"))
            .fetch_one(desk.pool())
            .await
            .unwrap();
        let wanted = match *value {
            "60s" => "1min",
            "120s" => "2min",
            other => other,
        };
        assert_eq!(shown, wanted, "{name}");
    }
}

/// A desk that holds the day's number and is cut off (its connection ended by the server, as a
/// dropped desk is once its keepalives go unanswered) stalls the next desk only until then: that
/// desk's photos went up before it asked for a number, its save completes at once after, and the
/// cut-off desk's number is not lost as a gap.
#[tokio::test]
async fn a_desk_cut_off_while_holding_the_number_lets_the_next_save_finish() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let stuck = db.login(GroupRole::Operator, "stuck").await;
    let desk = db.login(GroupRole::Operator, "saving").await;
    let mut held = stuck.pool().begin().await.unwrap();
    let pid: i32 = sqlx::query_scalar("SELECT pg_backend_pid()")
        .fetch_one(&mut *held)
        .await
        .unwrap();
    let taken: String = sqlx::query_scalar("SELECT next_reg_number(now())")
        .fetch_one(&mut *held)
        .await
        .unwrap();
    assert!(taken.ends_with("-0001"), "{taken}");

    let (kk, ktp) = photos();
    let saving = tokio::spawn(async move {
        let who = Actor::named("Petugas Uji");
        let started = std::time::Instant::now();
        let created = desk
            .create_desk_request(&request(), &who, Utc::now(), &kk, &ktp)
            .await;
        (created, started.elapsed())
    });
    tokio::time::sleep(Duration::from_millis(800)).await;
    assert!(
        !saving.is_finished(),
        "the second desk waits for the day's number"
    );
    let cut_at = std::time::Instant::now();
    let ended: bool = sqlx::query_scalar("SELECT pg_terminate_backend($1)")
        .bind(pid)
        .fetch_one(db.owner.pool())
        .await
        .unwrap();
    assert!(ended);
    let (created, _) = saving.await.unwrap();
    let created = created.expect("the second desk's save completes");
    assert!(
        cut_at.elapsed() < Duration::from_secs(5),
        "the save finished {:?} after the cut",
        cut_at.elapsed()
    );
    assert!(
        created.reg_number.ends_with("-0001"),
        "the cut-off desk's number was rolled back, not skipped: {}",
        created.reg_number
    );
    drop(held);
}

/// Whatever time a desk's login writes into an audit row, the server stamps its own clock and
/// the login that wrote it.
#[tokio::test]
async fn the_server_stamps_each_audit_row_with_its_clock_and_login() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let desk = db.login(GroupRole::Operator, "stamp").await;
    let login: String = sqlx::query_scalar("SELECT session_user::TEXT")
        .fetch_one(desk.pool())
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO audit_log (at, operator_id, role, workstation, action) \
         VALUES ('2000-01-01T00:00:00.000Z', NULL, 'admin', 'palsu', 'sign_in')",
    )
    .execute(desk.pool())
    .await
    .unwrap();
    let (at, by): (String, Option<String>) =
        sqlx::query_as("SELECT at, db_login FROM audit_log WHERE workstation = 'palsu'")
            .fetch_one(db.owner.pool())
            .await
            .unwrap();
    let at = chrono::DateTime::parse_from_rfc3339(&at).unwrap();
    assert!(
        (Utc::now() - at.with_timezone(&Utc)).num_seconds().abs() < 60,
        "the server's clock, not the desk's: {at}"
    );
    assert_eq!(by.as_deref(), Some(login.as_str()));
}
