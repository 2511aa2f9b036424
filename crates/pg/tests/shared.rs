//! One behaviour suite, two backends: every rule below is written once against the core's
//! `RequestStore` trait and runs on the embedded SQLite file and on a real PostgreSQL server
//! (as an operator login, so the operator role's grants are exercised too). A rule that holds
//! on one backend and not the other fails here.
//!
//! The PostgreSQL server: see `common/mod.rs`.

mod common;

use chrono::{DateTime, Duration, TimeZone, Utc};
use common::{measured, photos, request, request_of, with_document, TestDb};
use sinkron_core::auth::Role;
use sinkron_core::store::{view_photo, PhotoRef};
use sinkron_core::RequestChanges as _;
use sinkron_core::{
    AccountPort, AccountStore, ActError, Action, Actor, AuditFilter, AuthError, Channel,
    DocumentKind, Field, ImageSize, QueueQuery, QueueSort, RequestStore, Status, Step, StoreError,
    WorkflowError,
};
use sinkron_pg::{GroupRole, PgStore};
use sinkron_sqlite::Store;

/// Where a rule runs: it can open more desks on the same data.
trait Backend {
    type Desk: RequestStore
        + AccountStore
        + sinkron_core::ChangePort
        + sinkron_core::retention::RetentionPort
        + Clone
        + 'static;
    /// Another desk's handle on the same requests.
    async fn desk(&self) -> Self::Desk;
}

struct Sqlite {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

impl Backend for Sqlite {
    type Desk = Store;
    async fn desk(&self) -> Store {
        Store::open(&self.path).await.expect("sqlite opens")
    }
}

struct Postgres {
    db: TestDb,
    n: std::sync::atomic::AtomicU32,
}

impl Backend for Postgres {
    type Desk = PgStore;
    async fn desk(&self) -> PgStore {
        let n = self.n.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.db
            .login(GroupRole::Operator, &format!("desk{n}"))
            .await
    }
}

async fn sqlite() -> Option<Sqlite> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sinkron.db");
    Some(Sqlite { _dir: dir, path })
}

async fn postgres() -> Option<Postgres> {
    Some(Postgres {
        db: TestDb::new().await?,
        n: Default::default(),
    })
}

fn ani() -> Actor {
    Actor::named("Ani Petugas")
}

fn budi() -> Actor {
    Actor::named("Budi Petugas")
}

/// A desk request saved now; its id.
async fn saved<S: sinkron_core::DeskStore>(s: &S) -> i64 {
    let (kk, ktp) = photos();
    s.create_desk_request(&request(), &ani(), Utc::now(), &kk, &ktp)
        .await
        .expect("saved")
        .id
}

async fn a_desk_request_is_saved_as_baru_with_its_first_history_row(b: impl Backend) {
    let s = b.desk().await;
    let (kk, ktp) = photos();
    let created = s
        .create_desk_request(&request(), &ani(), Utc::now(), &kk, &ktp)
        .await
        .unwrap();
    assert!(
        created.reg_number.starts_with("SD-"),
        "{}",
        created.reg_number
    );
    assert!(
        created.reg_number.ends_with("-0001"),
        "{}",
        created.reg_number
    );
    assert_eq!(created.check_code.len(), 6);
    let r = s.get_request(created.id).await.unwrap();
    assert_eq!(
        (r.status, r.version, r.channel),
        (Status::Baru, 1, Channel::Desk)
    );
    assert_eq!(r.nik, "1610014107950001");
    assert_eq!(r.wa_number, "+6281234567890");
    let h = s.history(created.id).await.unwrap();
    assert_eq!(h.len(), 1);
    assert_eq!((h[0].from, h[0].to), (None, Status::Baru));
    assert_eq!(h[0].operator_name, "Ani Petugas");
    assert!(h[0].at_display.ends_with("WIB"), "{}", h[0].at_display);
}

async fn registration_numbers_follow_each_other_within_the_day(b: impl Backend) {
    let s = b.desk().await;
    let mut tails = Vec::new();
    for _ in 0..3 {
        let id = saved(&s).await;
        let reg = s.get_request(id).await.unwrap().reg_number;
        tails.push(reg[reg.len() - 4..].to_string());
    }
    assert_eq!(tails, ["0001", "0002", "0003"]);
}

async fn approving_moves_to_disetujui_and_writes_history(b: impl Backend) {
    let s = b.desk().await;
    let id = saved(&s).await;
    let acted = s
        .act(id, 1, Action::Approve, None, &budi(), Utc::now())
        .await
        .unwrap();
    assert_eq!((acted.status, acted.version), (Status::Disetujui, 2));
    let h = s.history(id).await.unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(
        (h[1].from, h[1].to),
        (Some(Status::Baru), Status::Disetujui)
    );
    assert_eq!(h[1].operator_name, "Budi Petugas");
}

async fn a_stale_version_is_a_conflict_that_names_who_changed_it(b: impl Backend) {
    let s = b.desk().await;
    let id = saved(&s).await;
    s.act(id, 1, Action::Approve, None, &budi(), Utc::now())
        .await
        .unwrap();
    let e = s
        .act(
            id,
            1,
            Action::Cancel,
            Some("Data sudah benar di DWH"),
            &ani(),
            Utc::now(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&e, ActError::Conflict { status: Status::Disetujui, by } if by == "Budi Petugas"),
        "{e}"
    );
    assert_eq!(s.get_request(id).await.unwrap().status, Status::Disetujui);
}

async fn cancelling_needs_a_note_and_keeps_it(b: impl Backend) {
    let s = b.desk().await;
    let id = saved(&s).await;
    let e = s
        .act(id, 1, Action::Cancel, Some("  "), &ani(), Utc::now())
        .await
        .unwrap_err();
    assert!(
        matches!(e, ActError::Refused(WorkflowError::CancelNoteRequired)),
        "{e}"
    );
    assert_eq!(
        s.get_request(id).await.unwrap().version,
        1,
        "nothing written"
    );
    let note = "Foto KK tidak terbaca, mohon ajukan ulang";
    s.act(id, 1, Action::Cancel, Some(note), &ani(), Utc::now())
        .await
        .unwrap();
    let h = s.history(id).await.unwrap();
    assert_eq!(h.last().unwrap().to, Status::Dibatalkan);
    assert_eq!(h.last().unwrap().note.as_deref(), Some(note));
}

async fn finishing_needs_the_dwh_step(b: impl Backend) {
    let s = b.desk().await;
    let id = saved(&s).await;
    let now = Utc::now();
    s.act(id, 1, Action::Approve, None, &ani(), now)
        .await
        .unwrap();
    let konsolidasi = Action::RecordStep(Step::KonsolidasiManual);
    let acted = s.act(id, 2, konsolidasi, None, &ani(), now).await.unwrap();
    assert_eq!((acted.status, acted.version), (Status::Diproses, 3));
    let e = s
        .act(id, 3, Action::Finish, None, &ani(), now)
        .await
        .unwrap_err();
    assert!(
        matches!(e, ActError::Refused(WorkflowError::FinishNeedsDwh)),
        "{e}"
    );
    let dwh = Action::RecordStep(Step::SinkronisasiDwh);
    let acted = s
        .act(id, 3, dwh, Some("batch 12"), &budi(), now)
        .await
        .unwrap();
    assert_eq!((acted.status, acted.version), (Status::Diproses, 4));
    let acted = s
        .act(id, 4, Action::Finish, None, &budi(), now)
        .await
        .unwrap();
    assert_eq!(acted.status, Status::Selesai);
    let steps = s.steps(id).await.unwrap();
    let labels: Vec<_> = steps.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(labels, ["Konsolidasi Manual", "Sinkronisasi DWH"]);
    assert_eq!(steps[1].note.as_deref(), Some("batch 12"));
    assert_eq!(steps[1].operator_name, "Budi Petugas");
    // History: Baru, Disetujui, Diproses, Selesai — a second step does not add a row.
    let to: Vec<_> = s.history(id).await.unwrap().iter().map(|h| h.to).collect();
    assert_eq!(
        to,
        [
            Status::Baru,
            Status::Disetujui,
            Status::Diproses,
            Status::Selesai
        ]
    );
}

async fn a_closed_request_takes_no_more_actions(b: impl Backend) {
    let s = b.desk().await;
    let id = saved(&s).await;
    s.act(
        id,
        1,
        Action::Cancel,
        Some("Pemohon membatalkan sendiri"),
        &ani(),
        Utc::now(),
    )
    .await
    .unwrap();
    for action in [
        Action::Approve,
        Action::Cancel,
        Action::RecordStep(Step::KonsolidasiManual),
        Action::Finish,
    ] {
        let e = s
            .act(
                id,
                2,
                action,
                Some("catatan yang cukup panjang"),
                &ani(),
                Utc::now(),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, ActError::Refused(_)), "{action:?}: {e}");
    }
    assert_eq!(s.get_request(id).await.unwrap().version, 2);
}

async fn an_unknown_request_is_not_found(b: impl Backend) {
    let s = b.desk().await;
    assert!(matches!(
        s.get_request(999).await.unwrap_err(),
        StoreError::NotFound(999)
    ));
    let e = s
        .act(999, 1, Action::Approve, None, &ani(), Utc::now())
        .await
        .unwrap_err();
    assert!(
        matches!(e, ActError::Store(StoreError::NotFound(999))),
        "{e}"
    );
}

async fn the_list_and_counts_follow_the_actions(b: impl Backend) {
    let s = b.desk().await;
    let first = saved(&s).await;
    let second = saved(&s).await;
    let _third = saved(&s).await;
    s.act(first, 1, Action::Approve, None, &ani(), Utc::now())
        .await
        .unwrap();
    s.act(
        second,
        1,
        Action::Cancel,
        Some("Berkas ganda, sudah ada"),
        &ani(),
        Utc::now(),
    )
    .await
    .unwrap();
    let c = s.status_counts().await.unwrap();
    assert_eq!(
        (c.all, c.open, c.baru, c.disetujui, c.dibatalkan),
        (3, 2, 1, 1, 1)
    );
    let page = s.list_requests(1, 2).await.unwrap();
    assert_eq!((page.total, page.open_count, page.items.len()), (3, 2, 2));
    assert!(page.items[0].id > page.items[1].id, "newest first");
    assert_eq!(page.items[0].nik_masked, "161001******0001");
    let rest = s.list_requests(2, 2).await.unwrap();
    assert_eq!(rest.items.len(), 1);
    assert_eq!(rest.items[0].id, first);
    assert_eq!(rest.items[0].status, Status::Disetujui);
}

async fn eight_racing_desks_leave_exactly_one_winner(b: impl Backend) {
    let first = b.desk().await;
    let id = saved(&first).await;
    let mut desks = Vec::new();
    for _ in 0..8 {
        desks.push(b.desk().await);
    }
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(8));
    let mut tasks = Vec::new();
    for (n, desk) in desks.into_iter().enumerate() {
        let start = start.clone();
        tasks.push(tokio::spawn(async move {
            let who = Actor::named(&format!("Petugas {n}"));
            // Half approve, half cancel: whichever lands first wins, the rest are told.
            let (action, note) = if n % 2 == 0 {
                (Action::Approve, None)
            } else {
                (Action::Cancel, Some("Data sudah sinkron di DWH"))
            };
            start.wait().await;
            desk.act(id, 1, action, note, &who, Utc::now()).await
        }));
    }
    let mut wins = 0;
    for t in tasks {
        match t.await.unwrap() {
            Ok(acted) => {
                wins += 1;
                assert_eq!(acted.version, 2);
            }
            Err(ActError::Conflict { .. }) => {}
            Err(other) => panic!("a racing desk got {other}"),
        }
    }
    assert_eq!(wins, 1, "exactly one desk wins");
    let r = first.get_request(id).await.unwrap();
    assert_eq!(r.version, 2);
    assert_eq!(
        first.history(id).await.unwrap().len(),
        2,
        "one history row added"
    );
}

/// A desk request for `name` / `nik` made at `at`; its id.
async fn made<S: sinkron_core::DeskStore>(s: &S, name: &str, nik: &str, at: DateTime<Utc>) -> i64 {
    let (kk, ktp) = photos();
    s.create_desk_request(
        &request_of(name, nik, "1671010203150003"),
        &ani(),
        at,
        &kk,
        &ktp,
    )
    .await
    .unwrap()
    .id
}

/// The ids the queue shows for `q`.
async fn shown<S: RequestStore>(s: &S, q: QueueQuery) -> Vec<i64> {
    s.queue(&q, Utc::now())
        .await
        .unwrap()
        .items
        .iter()
        .map(|i| i.summary.id)
        .collect()
}

fn searching(text: &str) -> QueueQuery {
    QueueQuery {
        search: text.to_string(),
        limit: 50,
        ..Default::default()
    }
}

async fn the_list_filters_by_office_day_and_channel(b: impl Backend) {
    let s = b.desk().await;
    // The office is on WIB (UTC+7): 23.30 on 3 December and 00.30 on 4 December.
    let late = Utc.with_ymd_and_hms(2026, 12, 3, 16, 30, 0).unwrap();
    let early = Utc.with_ymd_and_hms(2026, 12, 3, 17, 30, 0).unwrap();
    let on_3rd = made(&s, "Siti Aminah", "1610014107950001", late).await;
    let on_4th = made(&s, "Budi", "1610010107950002", early).await;
    let days = |from: u32, to: u32| QueueQuery {
        from: chrono::NaiveDate::from_ymd_opt(2026, 12, from),
        to: chrono::NaiveDate::from_ymd_opt(2026, 12, to),
        limit: 50,
        ..Default::default()
    };
    assert_eq!(shown(&s, days(3, 3)).await, [on_3rd]);
    assert_eq!(shown(&s, days(4, 4)).await, [on_4th]);
    assert_eq!(shown(&s, days(3, 4)).await, [on_4th, on_3rd]);
    assert!(shown(&s, days(5, 9)).await.is_empty());
    let by = |channel| QueueQuery {
        channel: Some(channel),
        limit: 50,
        ..Default::default()
    };
    assert_eq!(shown(&s, by(Channel::Desk)).await, [on_4th, on_3rd]);
    assert!(shown(&s, by(Channel::Kiosk)).await.is_empty());
}

async fn the_queue_tab_shows_one_status(b: impl Backend) {
    let s = b.desk().await;
    let id = made(&s, "Siti Aminah", "1610014107950001", Utc::now()).await;
    let other = made(&s, "Budi", "1610010107950002", Utc::now()).await;
    s.act(id, 1, Action::Approve, None, &ani(), Utc::now())
        .await
        .unwrap();
    let tab = |status| QueueQuery {
        status: Some(status),
        limit: 50,
        ..Default::default()
    };
    assert_eq!(shown(&s, tab(Status::Disetujui)).await, [id]);
    assert_eq!(shown(&s, tab(Status::Baru)).await, [other]);
    assert!(shown(&s, tab(Status::Selesai)).await.is_empty());
    let page = s.queue(&tab(Status::Baru), Utc::now()).await.unwrap();
    assert_eq!((page.counts.all, page.counts.disetujui), (2, 1));
}

async fn the_search_box_finds_numbers_by_their_start_and_names_by_any_part(b: impl Backend) {
    let s = b.desk().await;
    let at = Utc.with_ymd_and_hms(2026, 11, 27, 3, 0, 0).unwrap();
    let siti = made(&s, "Siti Aminah", "1610014107950001", at).await;
    let budi = made(&s, "Budi Santoso", "3201010107950002", at).await;
    assert_eq!(shown(&s, searching("3201")).await, [budi]);
    assert_eq!(shown(&s, searching("1610 0141")).await, [siti]);
    assert_eq!(
        shown(&s, searching("1671010203150003")).await,
        [budi, siti],
        "the KK number finds both"
    );
    assert!(
        shown(&s, searching("0107950002")).await.is_empty(),
        "from the start only"
    );
    assert_eq!(
        shown(&s, searching("amin")).await,
        [siti],
        "a part of a name"
    );
    assert_eq!(shown(&s, searching("AMIN")).await, [siti], "in any case");
    assert_eq!(shown(&s, searching("bu")).await, [budi], "a short part too");
    assert_eq!(shown(&s, searching("sd-261127-0002")).await, [budi]);
    assert_eq!(shown(&s, searching("SD-261127")).await, [budi, siti]);
    assert!(shown(&s, searching("zzz")).await.is_empty());
    for odd in ["50%_\"'", "Si%ti", "S_ti", "%", "_"] {
        assert!(
            shown(&s, searching(odd)).await.is_empty(),
            "{odd:?} is plain text, not a wildcard"
        );
    }
}

async fn keyset_pages_cover_everything_once_in_both_orders(b: impl Backend) {
    let s = b.desk().await;
    let mut all = Vec::new();
    for i in 0..7 {
        all.push(
            made(
                &s,
                "Siti Aminah",
                "1610014107950001",
                Utc::now() - Duration::minutes(i),
            )
            .await,
        );
    }
    for sort in [QueueSort::Newest, QueueSort::Oldest] {
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let q = QueueQuery {
                cursor,
                sort,
                limit: 3,
                ..Default::default()
            };
            let page = s.queue(&q, Utc::now()).await.unwrap();
            assert!(page.items.len() <= 3);
            seen.extend(page.items.iter().map(|i| i.summary.id));
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        let mut expected = all.clone();
        expected.sort();
        if sort == QueueSort::Newest {
            expected.reverse();
        }
        assert_eq!(seen, expected, "{sort:?}");
    }
}

async fn a_second_open_request_for_a_nik_is_marked_duplicate(b: impl Backend) {
    let s = b.desk().await;
    let first = made(&s, "Siti Aminah", "1610014107950001", Utc::now()).await;
    made(&s, "Siti Aminah", "1610014107950001", Utc::now()).await;
    made(&s, "Budi", "1610010107950002", Utc::now()).await;
    let page = s.queue(&searching(""), Utc::now()).await.unwrap();
    let dup: Vec<_> = page.items.iter().map(|i| i.duplicate).collect();
    assert_eq!(dup, [false, true, true]);
    s.act(
        first,
        1,
        Action::Cancel,
        Some("Pengajuan ganda, dibatalkan"),
        &ani(),
        Utc::now(),
    )
    .await
    .unwrap();
    let page = s.queue(&searching(""), Utc::now()).await.unwrap();
    let dup: Vec<_> = page.items.iter().map(|i| i.duplicate).collect();
    assert_eq!(
        dup,
        [false, false, false],
        "a closed request is no longer a duplicate"
    );
}

async fn a_photo_found_hard_to_read_marks_its_request_until_replaced(b: impl Backend) {
    let s = b.desk().await;
    let (kk, ktp) = photos();
    let (sharp_kk, ktp) = (measured(kk.clone(), false), measured(ktp, false));
    let shaken_kk = measured(kk, true);
    assert!(sharp_kk.problems(DocumentKind::Kk).is_empty());
    assert!(!shaken_kk.problems(DocumentKind::Kk).is_empty());
    let clean = s
        .create_desk_request(&request(), &ani(), Utc::now(), &sharp_kk, &ktp)
        .await
        .unwrap()
        .id;
    let shaken = s
        .create_desk_request(&request(), &ani(), Utc::now(), &shaken_kk, &ktp)
        .await
        .unwrap()
        .id;
    let marks = |page: sinkron_core::QueuePage| -> Vec<(i64, bool)> {
        let mut seen: Vec<_> = page
            .items
            .iter()
            .map(|i| (i.summary.id, i.photo_check))
            .collect();
        seen.sort();
        seen
    };
    let page = s.queue(&searching(""), Utc::now()).await.unwrap();
    assert_eq!(marks(page), [(clean, false), (shaken, true)]);

    let sharp_again = measured(another_photo(), false);
    s.replace_photo(
        shaken,
        1,
        DocumentKind::Kk,
        &sharp_again,
        "Foto KK buram, diambil ulang",
        &ani(),
        Utc::now(),
    )
    .await
    .unwrap();
    let page = s.queue(&searching(""), Utc::now()).await.unwrap();
    assert_eq!(
        marks(page),
        [(clean, false), (shaken, false)],
        "a sharp photo in its place clears the mark"
    );
}

async fn a_photo_keeps_where_its_document_lies_and_a_replacement_its_own(b: impl Backend) {
    use sinkron_core::photo::{Outline, Problem, Problems};
    let s = b.desk().await;
    let (kk, ktp) = photos();
    let (kk, ktp) = (with_document(measured(kk, false)), measured(ktp, true));
    assert!(matches!(kk.outline(), Outline::Found(_)));
    let id = s
        .create_desk_request(&request(), &ani(), Utc::now(), &kk, &ktp)
        .await
        .unwrap()
        .id;
    let kept = |docs: Vec<sinkron_core::DocumentInfo>, kind| {
        let d = docs.into_iter().find(|d| d.kind == kind).unwrap();
        (d.outline, d.problems)
    };
    let docs = s.documents_of(id).await.unwrap();
    assert_eq!(
        kept(docs.clone(), DocumentKind::Kk),
        (kk.outline(), Problems::default())
    );
    assert_eq!(
        kept(docs, DocumentKind::Ktp),
        (Outline::NotFound, Problems(vec![Problem::Blurry])),
        "no document found is kept as such, beside the photo's problems"
    );

    let flat = measured(another_photo(), false);
    s.replace_photo(
        id,
        1,
        DocumentKind::Kk,
        &flat,
        "Foto KK salah, diganti",
        &ani(),
        Utc::now(),
    )
    .await
    .unwrap();
    let docs = s.documents_of(id).await.unwrap();
    assert_eq!(
        kept(docs, DocumentKind::Kk),
        (Outline::NotFound, Problems::default()),
        "the replacement brings its own outline"
    );
}

async fn an_old_open_request_is_overdue_and_a_closed_one_has_no_age(b: impl Backend) {
    let s = b.desk().await;
    // Monday 16 Nov 2026, seen on Friday 27 Nov: 9 working days.
    let monday = Utc.with_ymd_and_hms(2026, 11, 16, 2, 0, 0).unwrap();
    let old = made(&s, "Siti Aminah", "1610014107950001", monday).await;
    let old_closed = made(&s, "Rina", "1610015107950003", monday).await;
    let recent = made(&s, "Budi", "1610010107950002", monday + Duration::days(11)).await;
    s.act(
        old_closed,
        1,
        Action::Cancel,
        Some("Pemohon tidak datang lagi"),
        &ani(),
        monday,
    )
    .await
    .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 4, 0, 0).unwrap();
    let q = QueueQuery {
        sort: QueueSort::Oldest,
        limit: 50,
        ..Default::default()
    };
    let page = s.queue(&q, now).await.unwrap();
    let marks: Vec<_> = page
        .items
        .iter()
        .map(|i| (i.summary.id, i.age_days, i.overdue))
        .collect();
    assert_eq!(
        marks,
        [(old, 9, true), (old_closed, 0, false), (recent, 0, false)]
    );
}

async fn a_new_service_target_from_another_desk_moves_the_next_pages_marks(b: impl Backend) {
    let s = b.desk().await;
    let other = b.desk().await;
    // Monday 16 Nov 2026, seen on Friday 27 Nov: 9 working days, past the default target.
    let monday = Utc.with_ymd_and_hms(2026, 11, 16, 2, 0, 0).unwrap();
    let old = made(&s, "Siti Aminah", "1610014107950001", monday).await;
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 4, 0, 0).unwrap();
    let overdue = |page: sinkron_core::QueuePage| -> Vec<(i64, u32, bool)> {
        page.items
            .iter()
            .map(|i| (i.summary.id, i.age_days, i.overdue))
            .collect()
    };
    let q = searching("");
    assert_eq!(overdue(s.queue(&q, now).await.unwrap()), [(old, 9, true)]);
    // A page read again from what this desk kept is the same.
    assert_eq!(overdue(s.queue(&q, now).await.unwrap()), [(old, 9, true)]);

    let mut form = other.office_form().await.unwrap();
    form.target_days = "10".into();
    let valid = sinkron_core::office::check_office(&form).unwrap();
    other.save_office(&valid, &ani(), Utc::now()).await.unwrap();
    assert_eq!(
        overdue(s.queue(&q, now).await.unwrap()),
        [(old, 9, false)],
        "the other desk's target counts on this desk's next page"
    );

    // A holiday added on the other desk shortens the age here too.
    form.holidays = "2026-11-20".into();
    let valid = sinkron_core::office::check_office(&form).unwrap();
    other.save_office(&valid, &ani(), Utc::now()).await.unwrap();
    assert_eq!(overdue(s.queue(&q, now).await.unwrap()), [(old, 8, false)]);
}

async fn the_detail_shows_photos_history_actions_and_the_other_open_request(b: impl Backend) {
    let s = b.desk().await;
    let first = saved(&s).await;
    let second = saved(&s).await;
    s.act(first, 1, Action::Approve, None, &budi(), Utc::now())
        .await
        .unwrap();
    let d = s.request_detail(first, Utc::now()).await.unwrap();
    assert_eq!((d.record.id, d.record.status), (first, Status::Disetujui));
    let kinds: Vec<_> = d.documents.iter().map(|p| p.kind).collect();
    assert_eq!(kinds, [DocumentKind::Kk, DocumentKind::Ktp], "KK first");
    let (kk, _) = photos();
    assert_eq!(d.documents[0].byte_size, kk.original.len() as i64);
    assert_eq!(d.documents[0].sha256, kk.sha256);
    assert_eq!(
        (d.documents[0].width, d.documents[0].height),
        (i64::from(kk.width), i64::from(kk.height))
    );
    assert_eq!(d.history.len(), 2);
    let labels: Vec<_> = d.actions.iter().map(|a| a.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Catat Konsolidasi Manual",
            "Catat Sinkronisasi DWH",
            "Batalkan"
        ]
    );
    assert_eq!(d.sync_niks, ["1610014107950001", "1610015505200003"]);
    assert_eq!(d.duplicates.len(), 1);
    assert_eq!(d.duplicates[0].id, second);
    assert_eq!(d.age_days, 0);
    assert!(d.check.ok, "the stored fields are checked again and pass");
    assert!(matches!(
        s.request_detail(999, Utc::now()).await.unwrap_err(),
        StoreError::NotFound(999)
    ));
}

async fn a_stored_photo_comes_back_byte_for_byte_in_every_size(b: impl Backend) {
    let s = b.desk().await;
    let id = saved(&s).await;
    let (kk, ktp) = photos();
    let docs = s.documents_of(id).await.unwrap();
    let (kk_id, ktp_id) = (docs[0].id, docs[1].id);
    // As an operator looks: a preview or an original is recorded as viewed first.
    let image = |doc, size| {
        let s = s.clone();
        async move {
            view_photo(&s, &ani(), PhotoRef::Current(doc), size, Utc::now())
                .await
                .unwrap()
                .unwrap()
        }
    };
    assert_eq!(
        image(kk_id, ImageSize::Original).await,
        (kk.mime.to_string(), kk.original.clone())
    );
    assert_eq!(image(kk_id, ImageSize::Preview).await.1, kk.preview.jpeg);
    assert_eq!(image(kk_id, ImageSize::Thumb).await.1, kk.thumbnail.jpeg);
    assert_eq!(image(ktp_id, ImageSize::Original).await.1, ktp.original);
    assert_eq!(image(ktp_id, ImageSize::Thumb).await.0, "image/jpeg");
    let facts = s.document_info(ktp_id).await.unwrap().unwrap();
    assert_eq!((facts.request_id, facts.kind), (id, DocumentKind::Ktp));
    assert!(s
        .document_image(9999, ImageSize::Thumb)
        .await
        .unwrap()
        .is_none());
    assert!(s.document_info(9999).await.unwrap().is_none());
    let views = s
        .audit_entries(&AuditFilter {
            action: Some("photo_view".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    let details: Vec<_> = views.iter().filter_map(|v| v.detail.clone()).collect();
    assert_eq!(
        details,
        ["ktp original", "kk preview", "kk original"],
        "newest first"
    );
}

async fn a_correction_keeps_the_old_and_new_value_and_the_reason(b: impl Backend) {
    let s = b.desk().await;
    let id = saved(&s).await;
    let now = Utc::now();
    let e = s
        .correct_field(
            id,
            1,
            Field::Name,
            "Siti Aminah Binti Umar",
            "ok",
            &ani(),
            now,
        )
        .await
        .unwrap_err();
    assert!(matches!(e, ActError::ReasonRequired), "{e}");
    let e = s
        .correct_field(
            id,
            1,
            Field::Nik,
            "12345",
            "salah ketik di loket",
            &ani(),
            now,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(&e, ActError::InvalidValue(m) if m.contains("16 angka")),
        "{e}"
    );
    let e = s
        .correct_field(
            id,
            1,
            Field::Name,
            "Siti Aminah",
            "salah ketik di loket",
            &ani(),
            now,
        )
        .await
        .unwrap_err();
    assert!(matches!(e, ActError::Unchanged), "{e}");
    let acted = s
        .correct_field(
            id,
            1,
            Field::Name,
            "Siti Aminah Binti Umar",
            "salah ketik di loket",
            &budi(),
            now,
        )
        .await
        .unwrap();
    assert_eq!((acted.status, acted.version), (Status::Baru, 2));
    assert_eq!(
        s.get_request(id).await.unwrap().applicant_name,
        "Siti Aminah Binti Umar"
    );
    let changes = s.changes(id).await.unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(
        (
            changes[0].field.as_str(),
            changes[0].old_value.as_str(),
            changes[0].new_value.as_str()
        ),
        ("name", "Siti Aminah", "Siti Aminah Binti Umar")
    );
    assert_eq!(changes[0].reason, "salah ketik di loket");
    assert_eq!(changes[0].operator_name, "Budi Petugas");
    let e = s
        .correct_field(
            id,
            1,
            Field::Wa,
            "081299998888",
            "nomor WA baru",
            &ani(),
            now,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(e, ActError::Conflict { .. }),
        "a stale version: {e}"
    );
    s.act(
        id,
        2,
        Action::Cancel,
        Some("Pemohon membatalkan sendiri"),
        &ani(),
        now,
    )
    .await
    .unwrap();
    let e = s
        .correct_field(
            id,
            3,
            Field::Wa,
            "081299998888",
            "nomor WA baru",
            &ani(),
            now,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(e, ActError::Refused(WorkflowError::Final(_))),
        "{e}"
    );
}

async fn the_nik_list_is_replaced_whole_and_checked(b: impl Backend) {
    let s = b.desk().await;
    let id = saved(&s).await;
    let now = Utc::now();
    let typed = |v: &[&str]| v.iter().map(|n| n.to_string()).collect::<Vec<_>>();
    let e = s
        .set_sync_niks(id, &typed(&["1610014107950001", "1234"]), &ani(), now)
        .await
        .unwrap_err();
    assert!(
        matches!(&e, ActError::InvalidValue(m) if m.starts_with("NIK ke-2")),
        "{e}"
    );
    let e = s.set_sync_niks(id, &[], &ani(), now).await.unwrap_err();
    assert!(matches!(e, ActError::InvalidValue(_)), "{e}");
    assert_eq!(
        s.sync_niks(id).await.unwrap(),
        ["1610014107950001", "1610015505200003"],
        "a refused list changes nothing"
    );
    let kept = s
        .set_sync_niks(
            id,
            &typed(&[
                "1610015505200003",
                "1610 0141 0795 0001",
                "1610015505200003",
            ]),
            &ani(),
            now,
        )
        .await
        .unwrap();
    assert_eq!(
        kept,
        ["1610015505200003", "1610014107950001"],
        "repeats dropped, order kept"
    );
    assert_eq!(s.sync_niks(id).await.unwrap(), kept);
}

async fn a_wa_notice_says_the_status_without_the_nik_and_is_recorded(b: impl Backend) {
    let s = b.desk().await;
    let id = saved(&s).await;
    let reg = s.get_request(id).await.unwrap().reg_number;
    let note = "Foto KK buram, mohon ajukan ulang";
    s.act(id, 1, Action::Cancel, Some(note), &ani(), Utc::now())
        .await
        .unwrap();
    let notice = s.open_wa_notice(id, &budi(), Utc::now()).await.unwrap();
    assert_eq!(notice.status, Status::Dibatalkan);
    assert!(notice.text.contains(&reg), "{}", notice.text);
    assert!(
        notice.text.contains(note),
        "the reason reaches the applicant"
    );
    assert!(
        !notice.text.contains("1610014107950001"),
        "no NIK in a message"
    );
    assert!(
        notice.link.starts_with("https://wa.me/6281234567890?text="),
        "{}",
        notice.link
    );
    let seen = s.notices(id).await.unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(
        (seen[0].status, seen[0].operator_name.as_str()),
        (Status::Dibatalkan, "Budi Petugas")
    );
}

const PASSWORD: &str = "kata-sandi-kantor-1";

/// The first admin of a fresh office, set up on `s`.
async fn first_admin<S: AccountStore>(s: &S) -> sinkron_core::Operator {
    s.create_first_admin("dewi", "Dewi Admin", PASSWORD, PASSWORD, "PC-1", Utc::now())
        .await
        .unwrap()
}

async fn first_run_setup_happens_once_even_from_two_desks_at_once<B: Backend>(b: B) {
    let (one, two) = (b.desk().await, b.desk().await);
    assert_eq!(one.operator_count().await.unwrap(), 0);
    let racing = |s: B::Desk, name: &'static str| {
        tokio::spawn(async move {
            s.create_first_admin(name, "Admin", PASSWORD, PASSWORD, "PC", Utc::now())
                .await
        })
    };
    let (a, b2) = (
        racing(one.clone(), "admin_a"),
        racing(two.clone(), "admin_b"),
    );
    let results = [a.await.unwrap(), b2.await.unwrap()];
    let made = results.iter().filter(|r| r.is_ok()).count();
    assert_eq!(made, 1, "{results:?}");
    assert!(results
        .iter()
        .any(|r| matches!(r, Err(AuthError::AlreadySetUp))));
    assert_eq!(one.operator_count().await.unwrap(), 1);
    let admin = one.operators().await.unwrap().remove(0);
    assert_eq!((admin.role, admin.active), (Role::Admin, true));
}

async fn sign_in_takes_the_right_password_and_locks_after_five_wrong_ones(b: impl Backend) {
    let s = b.desk().await;
    let admin = first_admin(&s).await;
    let signed = s
        .sign_in(" DEWI ", PASSWORD, "PC-2", Utc::now())
        .await
        .unwrap();
    assert_eq!(signed, admin, "the username in any case, trimmed");
    let t0 = Utc::now();
    for i in 0..5 {
        let e = s
            .sign_in(
                "dewi",
                "salah-sekali-123",
                "PC-2",
                t0 + Duration::seconds(i),
            )
            .await
            .unwrap_err();
        assert!(matches!(e, AuthError::BadCredentials), "{e}");
    }
    let e = s
        .sign_in("dewi", PASSWORD, "PC-2", t0 + Duration::seconds(10))
        .await
        .unwrap_err();
    assert!(matches!(e, AuthError::LockedOut(_)), "{e}");
    assert!(e.to_string().starts_with("Terlalu banyak percobaan"), "{e}");
    s.sign_in("dewi", PASSWORD, "PC-2", t0 + Duration::minutes(2))
        .await
        .expect("the wait is over");
    let e = s
        .sign_in("nobody", PASSWORD, "PC-2", Utc::now())
        .await
        .unwrap_err();
    assert!(
        matches!(e, AuthError::BadCredentials),
        "an unknown name says the same: {e}"
    );
    let failed = s
        .audit_entries(&AuditFilter {
            action: Some("sign_in_failed".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(failed.len(), 6);
    // An unknown name is never stored: it might be a password typed in the wrong field.
    assert_eq!(
        failed[0].detail.as_deref(),
        Some("(akun tidak dikenal)"),
        "newest first"
    );
    let locked = s
        .audit_entries(&AuditFilter {
            action: Some("sign_in_locked".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(locked.len(), 1);
    assert_eq!(locked[0].workstation.as_deref(), Some("PC-2"));
}

async fn accounts_are_made_disabled_and_given_new_passwords_by_an_admin(b: impl Backend) {
    let s = b.desk().await;
    let admin = first_admin(&s).await;
    let by = admin.actor("PC-1");
    let now = Utc::now();
    let rina = s
        .create_operator(
            &by,
            "rina",
            "Rina Petugas",
            Role::Petugas,
            PASSWORD,
            PASSWORD,
            now,
        )
        .await
        .unwrap();
    let e = s
        .create_operator(
            &by,
            "RINA",
            "Rina Lain",
            Role::Petugas,
            PASSWORD,
            PASSWORD,
            now,
        )
        .await
        .unwrap_err();
    assert!(matches!(e, AuthError::UsernameTaken), "{e}");
    let e = s
        .create_operator(&by, "budi", "Budi", Role::Petugas, "pendek", "pendek", now)
        .await
        .unwrap_err();
    assert!(matches!(e, AuthError::Account(_)), "{e}");
    s.sign_in("rina", PASSWORD, "PC-3", now).await.unwrap();
    let off = s
        .set_operator_active(&by, rina.id, false, now)
        .await
        .unwrap();
    assert!(!off.active);
    let e = s.sign_in("rina", PASSWORD, "PC-3", now).await.unwrap_err();
    assert!(
        matches!(e, AuthError::BadCredentials),
        "a disabled account: {e}"
    );
    s.set_operator_active(&by, rina.id, true, now)
        .await
        .unwrap();
    s.reset_password(&by, rina.id, "sandi-baru-rina-2", "sandi-baru-rina-2", now)
        .await
        .unwrap();
    assert!(s.sign_in("rina", PASSWORD, "PC-3", now).await.is_err());
    s.sign_in("rina", "sandi-baru-rina-2", "PC-3", now)
        .await
        .unwrap();
    let e = s
        .set_operator_active(&by, 999, false, now)
        .await
        .unwrap_err();
    assert!(matches!(e, AuthError::NoSuchOperator), "{e}");
    let names: Vec<_> = s
        .operators()
        .await
        .unwrap()
        .into_iter()
        .map(|o| o.username)
        .collect();
    assert_eq!(names, ["dewi", "rina"]);
    let made = s
        .audit_entries(&AuditFilter {
            action: Some("account_create".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(made.len(), 1);
    assert_eq!(made[0].operator_name.as_deref(), Some("Dewi Admin"));
}

async fn two_admins_disabling_each_other_at_once_leave_one<B: Backend>(b: B) {
    let s = b.desk().await;
    let dewi = first_admin(&s).await;
    let now = Utc::now();
    let e = s
        .set_operator_role(&dewi.actor("PC"), dewi.id, Role::Petugas, now)
        .await
        .unwrap_err();
    assert!(matches!(e, AuthError::LastAdmin), "{e}");
    let agus = s
        .create_operator(
            &dewi.actor("PC"),
            "agus",
            "Agus Admin",
            Role::Admin,
            PASSWORD,
            PASSWORD,
            now,
        )
        .await
        .unwrap();
    let (one, two) = (b.desk().await, b.desk().await);
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(2));
    let disable = |s: B::Desk, by: sinkron_core::Operator, target: i64| {
        let start = start.clone();
        tokio::spawn(async move {
            start.wait().await;
            s.set_operator_active(&by.actor("PC"), target, false, Utc::now())
                .await
        })
    };
    let a = disable(one, dewi.clone(), agus.id);
    let c = disable(two, agus.clone(), dewi.id);
    let results = [a.await.unwrap(), c.await.unwrap()];
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    assert!(results
        .iter()
        .any(|r| matches!(r, Err(AuthError::LastAdmin))));
    let admins = s
        .operators()
        .await
        .unwrap()
        .into_iter()
        .filter(|o| o.active && o.role == Role::Admin)
        .count();
    assert_eq!(admins, 1);
}

async fn pengaturan_is_saved_whole_and_read_back_the_same(b: impl Backend) {
    let s = b.desk().await;
    let form = s.office_form().await.unwrap();
    assert_eq!(form.office_name, "Dinas Kependudukan dan Pencatatan Sipil");
    assert_eq!(
        (form.zone.as_str(), form.idle_minutes.as_str()),
        ("WIB", "15")
    );
    assert_eq!(
        (form.target_days.as_str(), form.kiosk_idle_seconds.as_str()),
        ("3", "90")
    );
    assert!(
        form.templates["Baru"].contains("{nomor}"),
        "the default template"
    );
    let mut changed = form.clone();
    changed.office_name = "Disdukcapil Kota Contoh".into();
    changed.zone = "WITA".into();
    changed.target_days = "5".into();
    changed.saturday_is_workday = true;
    changed.holidays = "2026-12-25\n2026-12-26".into();
    changed.idle_minutes = "30".into();
    changed.kiosk_printer = "192.168.1.50".into();
    changed.kiosk_keyboard = false;
    changed.templates.insert(
        "Selesai".into(),
        "Yth. {nama}, pengajuan {nomor} selesai.".into(),
    );
    let valid = sinkron_core::office::check_office(&changed).unwrap();
    s.save_office(&valid, &ani(), Utc::now()).await.unwrap();
    let mut expected = changed.clone();
    expected.kiosk_printer = "192.168.1.50:9100".into();
    // Saving the page puts the masa simpan rule it showed in force.
    expected.retention_in_force = true;
    assert_eq!(s.office_form().await.unwrap(), expected);
    let settings = s.settings().await.unwrap();
    assert_eq!(settings.zone, sinkron_core::OfficeZone::Wita);
    assert_eq!(s.calendar().await.unwrap().target_days, 5);
    let kiosk = s.kiosk_settings().await.unwrap();
    assert!(!kiosk.keyboard && kiosk.printer.is_some());
    let saved = s
        .audit_entries(&AuditFilter {
            action: Some("settings".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(saved.len(), 1);
}

async fn a_batch_step_records_on_the_requests_that_allow_it_and_says_why_not(b: impl Backend) {
    let s = b.desk().await;
    let now = Utc::now();
    let approved = saved(&s).await;
    let also = saved(&s).await;
    let still_new = saved(&s).await;
    for id in [approved, also] {
        s.act(id, 1, Action::Approve, None, &ani(), now)
            .await
            .unwrap();
    }
    let out = s
        .record_step_batch(
            &[approved, still_new, 999, also, approved],
            Step::KonsolidasiManual,
            Some("batch 7"),
            &budi(),
            now,
        )
        .await
        .unwrap();
    assert_eq!(out.done, [approved, also]);
    let skipped: Vec<_> = out.skipped.iter().map(|(id, _)| *id).collect();
    assert_eq!(skipped, [still_new, 999]);
    assert_eq!(out.skipped[1].1, "Pengajuan tidak ditemukan");
    for id in [approved, also] {
        let r = s.get_request(id).await.unwrap();
        assert_eq!((r.status, r.version), (Status::Diproses, 3));
        let steps = s.steps(id).await.unwrap();
        assert_eq!(steps.len(), 1, "once, even when named twice");
        assert_eq!(steps[0].note.as_deref(), Some("batch 7"));
    }
    assert_eq!(s.get_request(still_new).await.unwrap().version, 1);
    let rows = s.export_rows(&[also, approved]).await.unwrap();
    let niks: Vec<_> = rows.iter().map(|r| (r.nik.as_str(), r.status)).collect();
    assert_eq!(
        niks,
        [
            ("1610014107950001", Status::Diproses),
            ("1610015505200003", Status::Diproses),
            ("1610014107950001", Status::Diproses),
            ("1610015505200003", Status::Diproses)
        ]
    );
    assert_eq!(
        rows[0].reg_number,
        s.get_request(also).await.unwrap().reg_number
    );
}

async fn a_request_is_found_by_its_registration_number_in_any_case(b: impl Backend) {
    let s = b.desk().await;
    let id = saved(&s).await;
    let reg = s.get_request(id).await.unwrap().reg_number;
    let found = s
        .find_by_reg_number(&format!("  {}  ", reg.to_lowercase()))
        .await
        .unwrap()
        .expect("found");
    assert_eq!(found.id, id);
    assert!(s
        .find_by_reg_number("SD-000000-0000")
        .await
        .unwrap()
        .is_none());
    assert_eq!(s.idle_minutes().await.unwrap(), 15);
    s.sign_out(&ani(), "idle", Utc::now()).await.unwrap();
    let out = s
        .audit_entries(&AuditFilter {
            action: Some("sign_out".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(out[0].detail.as_deref(), Some("idle"));
}

/// A request made and cancelled `days_ago`; its id.
async fn cancelled<S: sinkron_core::DeskStore>(s: &S, nik: &str, days_ago: i64) -> i64 {
    let at = Utc::now() - Duration::days(days_ago);
    let id = made(s, "Siti Aminah", nik, at - Duration::hours(2)).await;
    s.act(
        id,
        1,
        Action::Cancel,
        Some("Data sudah sesuai di SIAK"),
        &ani(),
        at,
    )
    .await
    .unwrap();
    id
}

async fn photos_finished_longer_ago_than_the_rule_are_deleted_and_the_facts_kept(b: impl Backend) {
    use sinkron_core::retention::{self, PhotoRule, RetentionOutcome};
    let s = b.desk().await;
    let now = Utc::now();
    let due = cancelled(&s, "1671014501900001", 100).await;
    let recent = cancelled(&s, "1671014501900002", 80).await;
    let open = made(
        &s,
        "Siti Aminah",
        "1671014501900003",
        now - Duration::days(200),
    )
    .await;
    // A request whose KK photo was replaced before it was cancelled: the replaced photo goes too.
    let swapped = made(
        &s,
        "Siti Aminah",
        "1671014501900004",
        now - Duration::days(101),
    )
    .await;
    s.replace_photo(
        swapped,
        1,
        DocumentKind::Kk,
        &another_photo(),
        "Foto KK buram",
        &ani(),
        now - Duration::days(101),
    )
    .await
    .unwrap();
    s.act(
        swapped,
        2,
        Action::Cancel,
        Some("Data sudah sesuai di SIAK"),
        &ani(),
        now - Duration::days(100),
    )
    .await
    .unwrap();
    let rule = PhotoRule { days: 90 };
    assert_eq!(retention::preview(&s, rule, now).await.unwrap(), 2);

    // The admin saves the rule on Pengaturan; until then it is shown but not in force.
    let mut form = s.office_form().await.unwrap();
    assert_eq!(
        (form.retention_photo_days.as_str(), form.retention_in_force),
        ("90", false)
    );
    form.retention_photo_days = "90".into();
    let valid = sinkron_core::office::check_office(&form).unwrap();
    s.save_office(&valid, &ani(), now).await.unwrap();
    assert!(s.office_form().await.unwrap().retention_in_force);

    let robot = Actor::named("Sinkron (otomatis)");
    let out = retention::run(&s, rule, &robot, now).await.unwrap();
    assert_eq!(
        out,
        RetentionOutcome {
            requests: 2,
            photos: 5
        }
    );
    assert!(s.documents_of(due).await.unwrap().is_empty());
    assert!(s.documents_of(swapped).await.unwrap().is_empty());
    assert!(s.replaced_photos(swapped).await.unwrap().is_empty());
    assert_eq!(s.documents_of(recent).await.unwrap().len(), 2);
    assert_eq!(s.documents_of(open).await.unwrap().len(), 2);

    let detail = s.request_detail(due, now).await.unwrap();
    assert_eq!(detail.record.status, Status::Dibatalkan);
    assert_eq!(detail.history.len(), 2, "the history stays");
    assert_eq!(detail.photos_deleted.as_ref().map(|p| p.days), Some(90));
    assert!(s
        .request_detail(recent, now)
        .await
        .unwrap()
        .photos_deleted
        .is_none());
    let rows = s
        .audit_entries(&AuditFilter {
            action: Some(retention::AUDIT_ACTION.into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(rows.len(), 2);
    let reg = detail.record.reg_number.clone();
    assert!(
        rows.iter()
            .any(|r| r.request_id == Some(due) && r.detail.as_deref().unwrap().starts_with(&reg)),
        "{rows:?}"
    );

    // A second run finds nothing; ten days later the next one is due.
    assert_eq!(
        retention::run(&s, rule, &robot, now).await.unwrap(),
        RetentionOutcome::default()
    );
    assert_eq!(
        retention::preview(&s, rule, now + Duration::days(11))
            .await
            .unwrap(),
        1
    );
}

async fn a_persons_report_names_each_request_with_the_nik_and_who_touched_it(b: impl Backend) {
    use sinkron_core::store::person::{person_report, NikRole, AUDIT_ACTION};
    let s = b.desk().await;
    let now = Utc::now();
    let siti = "1671014501900001";
    let own = made(&s, "Siti Aminah", siti, now).await;
    let family = made(&s, "Budi Santoso", "1671010505880003", now).await;
    s.set_sync_niks(
        family,
        &["1671010505880003".to_string(), siti.to_string()],
        &ani(),
        now,
    )
    .await
    .unwrap();
    made(&s, "Rahmat Hidayat", "1671010101800008", now).await;
    s.audit(&ani(), "open_request", Some(own), None, now)
        .await
        .unwrap();

    let nik = sinkron_core::Nik::parse(siti).unwrap();
    let report = person_report(&s, &budi(), &nik, now).await.unwrap();
    let found: Vec<_> = report
        .requests
        .iter()
        .map(|r| (r.record.id, r.role))
        .collect();
    // A new request syncs its applicant's own NIK, so Siti's is both there.
    assert_eq!(found, [(own, NikRole::Both), (family, NikRole::Synced)]);
    let first = &report.requests[0];
    assert_eq!(first.history.len(), 1);
    let actions: Vec<_> = first.audit.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"open_request"), "{actions:?}");
    assert_eq!(
        actions.last(),
        Some(&AUDIT_ACTION),
        "the lookup itself, last"
    );
    // Budi's own data is not Siti's to see.
    let budis = &report.requests[1];
    assert!(budis.other_applicant);
    assert_eq!(
        (
            budis.record.applicant_name.as_str(),
            budis.record.nik.as_str()
        ),
        ("", "")
    );
    let second: Vec<_> = report.requests[1]
        .audit
        .iter()
        .map(|e| e.action.as_str())
        .collect();
    assert!(second.contains(&"sync_niks"), "{second:?}");

    // A NIK in no request: an empty report, and the lookup recorded with the NIK masked.
    let nobody = sinkron_core::Nik::parse("1671016606990002").unwrap();
    assert!(person_report(&s, &budi(), &nobody, now)
        .await
        .unwrap()
        .requests
        .is_empty());
    let rows = s
        .audit_entries(&AuditFilter {
            action: Some(AUDIT_ACTION.into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(rows.len(), 3);
    let detail = rows[0].detail.clone().unwrap_or_default();
    assert!(!detail.contains("1671016606990002"), "{detail}");
}

/// A third photo, unlike both of [`photos`].
fn another_photo() -> sinkron_core::ProcessedPhoto {
    use sinkron_core::photo::{self, sample};
    photo::process(&sample::phone_photo(520, 400, 1)).unwrap()
}

async fn a_replaced_photo_is_kept_with_who_when_and_why(b: impl Backend) {
    let s = b.desk().await;
    let id = saved(&s).await;
    let (kk, ktp) = photos();
    let new_kk = another_photo();
    let before = s.documents_of(id).await.unwrap();
    let acted = s
        .replace_photo(
            id,
            1,
            DocumentKind::Kk,
            &new_kk,
            "  Foto KK buram, tidak terbaca  ",
            &budi(),
            Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!((acted.status, acted.version), (Status::Baru, 2));
    let docs = s.documents_of(id).await.unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(
        (docs[0].kind, docs[0].sha256.as_str()),
        (DocumentKind::Kk, new_kk.sha256.as_str())
    );
    assert_ne!(
        docs[0].id, before[0].id,
        "a new photo gets a new id (a new URL)"
    );
    assert_eq!(docs[1], before[1], "the KTP-el photo is untouched");
    let old = s.replaced_photos(id).await.unwrap();
    assert_eq!(old.len(), 1);
    assert_eq!(old[0].kind, DocumentKind::Kk);
    assert_eq!(old[0].reason, "Foto KK buram, tidak terbaca");
    // The embedded file names the desk's operator; the server names its own login's operator
    // (whatever name a desk would send).
    assert!(
        ["Budi Petugas", "Petugas desk0"].contains(&old[0].operator_name.as_str()),
        "{}",
        old[0].operator_name
    );
    assert!(old[0].at_display.ends_with("WIB"), "{}", old[0].at_display);
    // The old photo is kept as it was: its thumbnail and (recorded) preview, never its original.
    let view = |size| {
        let s = s.clone();
        let old = old[0].id;
        async move { view_photo(&s, &budi(), PhotoRef::Replaced(old), size, Utc::now()).await }
    };
    assert_eq!(
        view(ImageSize::Thumb).await.unwrap().unwrap().1,
        kk.thumbnail.jpeg
    );
    assert_eq!(
        view(ImageSize::Preview).await.unwrap().unwrap(),
        ("image/jpeg".to_string(), kk.preview.jpeg.clone())
    );
    assert!(view(ImageSize::Original).await.unwrap().is_none());
    let detail = s.request_detail(id, Utc::now()).await.unwrap();
    assert_eq!(detail.replaced_photos, old);
    let audit = |action: &str| {
        let s = s.clone();
        let action = action.to_string();
        async move {
            s.audit_entries(&AuditFilter {
                action: Some(action),
                ..Default::default()
            })
            .await
            .unwrap()
        }
    };
    let replaced = audit("replace_photo").await;
    assert_eq!(replaced.len(), 1);
    assert_eq!(replaced[0].detail.as_deref(), Some("kk"));
    let viewed = audit("photo_view").await;
    assert!(
        viewed
            .iter()
            .any(|v| v.detail.as_deref() == Some("kk diganti preview")),
        "{viewed:?}"
    );
    // Neither the stored photo again, nor the other document's photo.
    let again = s
        .replace_photo(
            id,
            2,
            DocumentKind::Kk,
            &new_kk,
            "sekali lagi",
            &ani(),
            Utc::now(),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(again, ActError::PhotoUnchanged(DocumentKind::Kk)),
        "{again:?}"
    );
    let other = s
        .replace_photo(
            id,
            2,
            DocumentKind::Kk,
            &ktp,
            "foto tertukar",
            &ani(),
            Utc::now(),
        )
        .await
        .unwrap_err();
    assert_eq!(other.payload().code, "photo_same_twice");
    let short = s
        .replace_photo(id, 2, DocumentKind::Ktp, &kk, " foto ", &ani(), Utc::now())
        .await
        .unwrap_err();
    assert!(
        matches!(short, ActError::ReplaceReasonRequired),
        "{short:?}"
    );
    assert_eq!(short.payload().field.as_deref(), Some("reason"));
    let stale = s
        .replace_photo(
            id,
            1,
            DocumentKind::Ktp,
            &kk,
            "KTP terbalik",
            &ani(),
            Utc::now(),
        )
        .await
        .unwrap_err();
    assert!(matches!(stale, ActError::Conflict { .. }), "{stale:?}");
}

async fn a_finished_or_cancelled_request_keeps_its_photos(b: impl Backend) {
    let s = b.desk().await;
    let now = Utc::now();
    let finished = saved(&s).await;
    for (version, action) in [
        Action::Approve,
        Action::RecordStep(Step::SinkronisasiDwh),
        Action::Finish,
    ]
    .into_iter()
    .enumerate()
    {
        s.act(finished, version as i64 + 1, action, None, &ani(), now)
            .await
            .unwrap();
    }
    let cancelled = saved(&s).await;
    s.act(
        cancelled,
        1,
        Action::Cancel,
        Some("Bukan layanan ini"),
        &ani(),
        now,
    )
    .await
    .unwrap();
    for (id, version, status) in [
        (finished, 4, Status::Selesai),
        (cancelled, 2, Status::Dibatalkan),
    ] {
        let refused = s
            .replace_photo(
                id,
                version,
                DocumentKind::Kk,
                &another_photo(),
                "Foto KK buram",
                &ani(),
                now,
            )
            .await
            .unwrap_err();
        assert!(
            matches!(refused, ActError::PhotosClosed(st) if st == status),
            "{refused:?}"
        );
        assert!(s.replaced_photos(id).await.unwrap().is_empty());
        assert_eq!(
            s.documents_of(id).await.unwrap()[0].sha256,
            photos().0.sha256
        );
    }
}

/// A request in a Rekap test: when (WIB) it was made, approved, its DWH step, finished.
type Planned = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

/// A UTC instant from a WIB office time `2026-11-30 23:30`.
fn wib(local: &str) -> DateTime<Utc> {
    let t = chrono::NaiveDateTime::parse_from_str(local, "%Y-%m-%d %H:%M").unwrap();
    sinkron_core::OfficeZone::Wib.moment(t)
}

async fn each_rekap_figure_equals_a_plain_recount_of_the_rows(b: impl Backend) {
    use sinkron_core::rekap::{self, Period};
    let s = b.desk().await;
    // Target 3 working days; 17 Nov 2026 (a Tuesday) a holiday; Saturdays off.
    let mut form = s.office_form().await.unwrap();
    form.target_days = "3".into();
    form.holidays = "2026-11-17".into();
    let valid = sinkron_core::office::check_office(&form).unwrap();
    s.save_office(&valid, &ani(), Utc::now()).await.unwrap();

    // (made, approved, step, finished): times in WIB; None = not (yet) done.
    let plan: [Planned; 8] = [
        // Made in October, finished in November: counted as finished, not as received.
        (
            "2026-10-30 10:00",
            Some("2026-10-30 11:00"),
            Some("2026-11-02 09:00"),
            Some("2026-11-03 09:00"),
        ),
        // Made on 1 Nov 00:10 WIB (31 Oct in UTC): November's.
        (
            "2026-11-01 00:10",
            Some("2026-11-02 08:00"),
            Some("2026-11-02 09:00"),
            Some("2026-11-04 10:00"),
        ),
        // Across the holiday: 16 Nov → 20 Nov is 3 working days (17th off).
        (
            "2026-11-16 09:00",
            Some("2026-11-16 10:00"),
            Some("2026-11-18 09:00"),
            Some("2026-11-20 15:00"),
        ),
        // Friday → the next Friday: 5 working days, past the target.
        (
            "2026-11-20 14:00",
            Some("2026-11-23 09:00"),
            Some("2026-11-25 09:00"),
            Some("2026-11-27 09:00"),
        ),
        // Cancelled in November.
        ("2026-11-24 09:00", None, None, None),
        // Made on 30 Nov 23:30 WIB (16.30 UTC): still November, open and overdue by now.
        ("2026-11-30 23:30", Some("2026-12-01 08:00"), None, None),
        // Made on 1 Dec 00:30 WIB (30 Nov in UTC): December's.
        ("2026-12-01 00:30", None, None, None),
        // Saturday, open, not yet past the target on 4 Dec.
        ("2026-11-28 10:00", None, None, None),
    ];
    let mut ids = Vec::new();
    for (i, (made_at, approved, step, finished)) in plan.iter().enumerate() {
        let nik = format!("16710145019000{:02}", i + 10);
        let id = made(&s, "Siti Aminah", &nik, wib(made_at)).await;
        let mut version = 1;
        if i == 4 {
            s.act(
                id,
                1,
                Action::Cancel,
                Some("Bukan layanan ini, ke BPJS"),
                &budi(),
                wib("2026-11-25 09:00"),
            )
            .await
            .unwrap();
        }
        for (at, action) in [
            (approved, Action::Approve),
            (step, Action::RecordStep(Step::SinkronisasiDwh)),
            (finished, Action::Finish),
        ] {
            if let Some(at) = at {
                s.act(id, version, action, None, &budi(), wib(at))
                    .await
                    .unwrap();
                version += 1;
            }
        }
        ids.push(id);
    }

    let now = wib("2026-12-04 12:00");
    let november = Period::Custom {
        from: chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
        to: chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
    };
    let r = rekap::report(&s, november, now, true).await.unwrap();

    // The plain recount, from each request's own rows.
    let zone = sinkron_core::OfficeZone::Wib;
    let calendar = s.calendar().await.unwrap();
    let in_nov = |at: &str| {
        let day = zone.today(sinkron_core::store::parse_stamp(at).unwrap());
        day.format("%Y-%m").to_string() == "2026-11"
    };
    let (mut received, mut moved, mut finished_days) =
        (0, std::collections::HashMap::new(), vec![]);
    let mut overdue = vec![];
    for id in &ids {
        let rec = s.get_request(*id).await.unwrap();
        if in_nov(&rec.created_at) {
            received += 1;
        }
        for h in s.history(*id).await.unwrap() {
            if in_nov(&h.at) {
                *moved.entry(h.to).or_insert(0i64) += 1;
                if h.to == Status::Selesai {
                    let made =
                        zone.today(sinkron_core::store::parse_stamp(&rec.created_at).unwrap());
                    let done = zone.today(sinkron_core::store::parse_stamp(&h.at).unwrap());
                    finished_days.push(calendar.age(made, done));
                }
            }
        }
        let made = zone.today(sinkron_core::store::parse_stamp(&rec.created_at).unwrap());
        let age = calendar.age(made, zone.today(now));
        if rec.status.is_open() && age > 3 {
            overdue.push((std::cmp::Reverse(age), rec.reg_number.clone()));
        }
    }
    finished_days.sort_unstable();
    assert_eq!(received, 6);
    assert_eq!(r.summary.received, received);
    assert_eq!((r.summary.desk, r.summary.kiosk), (received, 0));
    for m in &r.moved {
        assert_eq!(
            m.count,
            moved.get(&m.status).copied().unwrap_or(0),
            "{:?}",
            m.status
        );
    }
    assert_eq!(r.status_now.iter().map(|c| c.count).sum::<i64>(), received);
    assert_eq!(r.by_day.len(), 30);
    assert_eq!(r.by_day.iter().map(|d| d.desk).sum::<i64>(), received);
    let day = |n: u32| &r.by_day[n as usize - 1];
    assert_eq!((day(1).desk, day(30).desk, day(16).desk), (1, 1, 1));
    assert_eq!(
        finished_days,
        [2, 3, 3, 5],
        "the holiday and the weekends are not counted"
    );
    assert_eq!(r.timeliness.finished, 4);
    assert_eq!(r.timeliness.within, 3);
    assert_eq!(r.timeliness.within_percent, Some(75.0));
    assert_eq!(
        (r.timeliness.median_days, r.timeliness.p90_days),
        (Some(3), Some(5))
    );
    overdue.sort();
    let listed: Vec<_> = r.overdue.iter().map(|o| o.reg_number.clone()).collect();
    assert_eq!(
        listed,
        overdue.into_iter().map(|(_, reg)| reg).collect::<Vec<_>>()
    );
    assert_eq!(
        listed.len(),
        2,
        "the Saturday one (5 days) and the 30 Nov one (4 days)"
    );
    // Steps: one DWH step each on 2, 18 and 25 Nov (the 2 Nov one twice: two requests).
    assert_eq!((day(2).dwh, day(18).dwh, day(25).dwh), (2, 1, 1));
    let budi_row = r.operators.iter().find(|o| o.name == "Budi Petugas");
    // On the server every row carries its own login's name instead.
    if let Some(budi_row) = budi_row {
        assert_eq!(
            (
                budi_row.approved,
                budi_row.cancelled,
                budi_row.steps,
                budi_row.finished
            ),
            (3, 1, 4, 4)
        );
    }
    assert_eq!(r.operators.iter().map(|o| o.desk).sum::<i64>(), received);
    assert!(rekap::report(&s, november, now, false)
        .await
        .unwrap()
        .operators
        .is_empty());
    // October, the month before: one request made, none finished.
    assert_eq!((r.previous.received, r.previous.finished), (1, 0));
}

/// Rekap of `from..=to` recounted from each request's own rows in `ids` (which must be every
/// request in the store), compared figure by figure with the store's report at `now`.
async fn rekap_equals_recount<S: RequestStore>(
    s: &S,
    ids: &[i64],
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
    now: DateTime<Utc>,
) -> sinkron_core::rekap::Rekap {
    use sinkron_core::rekap::{self, Period};
    use std::collections::BTreeMap;
    let r = rekap::report(s, Period::Custom { from, to }, now, true)
        .await
        .unwrap();
    let zone = s.settings().await.unwrap().zone;
    let calendar = s.calendar().await.unwrap();
    let day_of = |at: &str| zone.today(sinkron_core::store::parse_stamp(at).unwrap());
    let within = |at: &str| (from..=to).contains(&day_of(at));
    let mut received = BTreeMap::new();
    let mut status_now = std::collections::HashMap::new();
    let mut moved = std::collections::HashMap::new();
    let mut steps = std::collections::HashMap::new();
    let mut durations = vec![];
    let mut operators: BTreeMap<String, [i64; 5]> = BTreeMap::new();
    for id in ids {
        let rec = s.get_request(*id).await.unwrap();
        if within(&rec.created_at) {
            *received.entry(day_of(&rec.created_at)).or_insert(0i64) += 1;
            *status_now.entry(rec.status).or_insert(0i64) += 1;
        }
        let history = s.history(*id).await.unwrap();
        for h in &history {
            if !within(&h.at) {
                continue;
            }
            *moved.entry(h.to).or_insert(0i64) += 1;
            let row = operators.entry(h.operator_name.clone()).or_default();
            match (h.from, h.to) {
                (None, _) => row[0] += 1,
                (Some(_), Status::Disetujui) => row[1] += 1,
                (Some(_), Status::Dibatalkan) => row[2] += 1,
                (Some(_), Status::Selesai) => row[4] += 1,
                _ => {}
            }
            if h.to == Status::Selesai {
                durations.push(calendar.age(day_of(&rec.created_at), day_of(&h.at)));
            }
        }
        for st in s.steps(*id).await.unwrap() {
            // A step shows only its time as displayed; these tests record each at the same
            // minute as a status row of the request, whose stamp says the day.
            let at = &history
                .iter()
                .find(|h| h.at_display == st.at)
                .expect("a status row at the step's minute")
                .at;
            if within(at) {
                *steps.entry((day_of(at), st.step)).or_insert(0i64) += 1;
                operators.entry(st.operator_name.clone()).or_default()[3] += 1;
            }
        }
    }
    durations.sort_unstable();
    assert_eq!(r.summary.received, received.values().sum::<i64>());
    for d in &r.by_day {
        assert_eq!(
            d.desk,
            received.get(&d.date).copied().unwrap_or(0),
            "{}",
            d.date
        );
        assert_eq!(d.kiosk, 0);
        assert_eq!(
            d.dwh,
            steps
                .get(&(d.date, Step::SinkronisasiDwh))
                .copied()
                .unwrap_or(0),
            "{}",
            d.date
        );
    }
    for c in &r.status_now {
        assert_eq!(c.count, status_now.get(&c.status).copied().unwrap_or(0));
    }
    for m in &r.moved {
        assert_eq!(m.count, moved.get(&m.status).copied().unwrap_or(0));
    }
    assert_eq!(r.timeliness.finished, durations.len() as i64);
    assert_eq!(
        r.timeliness.within,
        durations
            .iter()
            .filter(|d| **d <= calendar.target_days)
            .count() as i64
    );
    let got: BTreeMap<String, [i64; 5]> = r
        .operators
        .iter()
        .map(|o| {
            (
                o.name.clone(),
                [o.desk, o.approved, o.cancelled, o.steps, o.finished],
            )
        })
        .collect();
    operators.retain(|_, row| row.iter().any(|n| *n != 0));
    assert_eq!(got, operators);
    r
}

async fn the_rekap_summary_follows_racing_desks_and_a_zone_change(b: impl Backend) {
    let first = b.desk().await;
    let now = Utc::now();
    // Around midnight in WIB, which is 01.00 the next day in WITA: a zone change moves rows.
    let base = wib("2026-11-29 23:20");
    let mut desks = Vec::new();
    for _ in 0..6 {
        desks.push(b.desk().await);
    }
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(desks.len()));
    let mut tasks = Vec::new();
    for (n, desk) in desks.into_iter().enumerate() {
        let start = start.clone();
        tasks.push(tokio::spawn(async move {
            let who = Actor::named(&format!("Petugas {n}"));
            start.wait().await;
            let mut ids = Vec::new();
            for i in 0..5u32 {
                let at = base + chrono::Duration::minutes(i64::from(n as u32 * 5 + i) * 3);
                let nik = format!("167101450190{:02}{:02}", n + 10, i + 10);
                let id = made(&desk, "Siti Aminah", &nik, at).await;
                let later = at + chrono::Duration::hours(i64::from(i) * 20);
                let steps: &[Action] = match i % 3 {
                    0 => &[
                        Action::Approve,
                        Action::RecordStep(Step::SinkronisasiDwh),
                        Action::Finish,
                    ],
                    1 => &[Action::Approve],
                    _ => &[Action::Cancel],
                };
                for (v, action) in steps.iter().enumerate() {
                    let note = matches!(action, Action::Cancel).then_some("Pengajuan ganda");
                    desk.act(id, v as i64 + 1, *action, note, &who, later)
                        .await
                        .unwrap();
                }
                ids.push(id);
            }
            ids
        }));
    }
    let mut ids = Vec::new();
    for t in tasks {
        ids.extend(t.await.unwrap());
    }
    assert_eq!(ids.len(), 30);
    let (from, to) = (
        chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap(),
        chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap(),
    );
    let in_wib = rekap_equals_recount(&first, &ids, from, to, now).await;
    assert_eq!(in_wib.summary.received, 30);
    let first_day = |r: &sinkron_core::rekap::Rekap| r.by_day[0].desk;
    assert!(first_day(&in_wib) > 0, "some made before midnight WIB");

    let mut form = first.office_form().await.unwrap();
    form.zone = "WITA".into();
    let valid = sinkron_core::office::check_office(&form).unwrap();
    first.save_office(&valid, &ani(), Utc::now()).await.unwrap();
    let in_wita = rekap_equals_recount(&first, &ids, from, to, now).await;
    assert!(
        first_day(&in_wita) < first_day(&in_wib),
        "an hour later, fewer are still on 29 Nov"
    );
    // And back: the summary is counted again each time.
    form.zone = "WIB".into();
    let valid = sinkron_core::office::check_office(&form).unwrap();
    first.save_office(&valid, &ani(), Utc::now()).await.unwrap();
    let again = rekap_equals_recount(&first, &ids, from, to, now).await;
    assert_eq!(again.by_day, in_wib.by_day);
}

async fn cancellations_are_counted_by_the_reason_chosen(b: impl Backend) {
    use sinkron_core::rekap::{self, Period, NO_REASON};
    use sinkron_core::workflow::{CancelReason, WorkflowError};
    let s = b.desk().await;
    let now = Utc::now();
    let note = Some("Foto KK buram, silakan ajukan lagi");
    let a = saved(&s).await;
    let refused = s
        .act_at_desk(a, 1, Action::Cancel, note, None, &ani(), now)
        .await
        .unwrap_err();
    assert!(
        matches!(
            refused,
            ActError::Refused(WorkflowError::CancelReasonRequired)
        ),
        "{refused:?}"
    );
    assert_eq!(refused.payload().field.as_deref(), Some("cancelReason"));
    s.act_at_desk(
        a,
        1,
        Action::Cancel,
        note,
        Some(CancelReason::UnreadablePhoto),
        &ani(),
        now,
    )
    .await
    .unwrap();
    let b2 = saved(&s).await;
    s.act_at_desk(
        b2,
        1,
        Action::Cancel,
        note,
        Some(CancelReason::Duplicate),
        &ani(),
        now,
    )
    .await
    .unwrap();
    // Through the plain API, without a reason, as rows from before reasons existed.
    let c = saved(&s).await;
    s.act(c, 1, Action::Cancel, note, &ani(), now)
        .await
        .unwrap();
    // Approving takes no reason, whatever is sent.
    let d = saved(&s).await;
    s.act_at_desk(
        d,
        1,
        Action::Approve,
        None,
        Some(CancelReason::Other),
        &ani(),
        now,
    )
    .await
    .unwrap();
    let last = s.history(a).await.unwrap().pop().unwrap();
    assert_eq!(last.cancel_reason, Some(CancelReason::UnreadablePhoto));
    assert_eq!(
        last.cancel_reason_label.as_deref(),
        Some("Foto KK/KTP-el tidak terbaca")
    );
    assert_eq!(
        s.history(d).await.unwrap().pop().unwrap().cancel_reason,
        None
    );

    let r = rekap::report(&s, Period::Today, now, true).await.unwrap();
    let count = |label: &str| {
        r.cancellations
            .iter()
            .find(|c| c.label == label)
            .map(|c| c.count)
    };
    assert_eq!(count("Foto KK/KTP-el tidak terbaca"), Some(1));
    assert_eq!(count("Pengajuan ganda"), Some(1));
    assert_eq!(count("Lainnya"), Some(0));
    assert_eq!(count(NO_REASON), Some(1));
    assert_eq!(
        r.cancellations.iter().map(|c| c.count).sum::<i64>(),
        r.summary.cancelled
    );
}

/// Each rule, once per backend.
macro_rules! on_both_backends {
    ($($rule:ident),* $(,)?) => {
        mod sqlite_backend {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $rule() {
                    if let Some(b) = super::sqlite().await {
                        super::$rule(b).await;
                    }
                }
            )*
        }
        mod postgres_backend {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $rule() {
                    if let Some(b) = super::postgres().await {
                        super::$rule(b).await;
                    }
                }
            )*
        }
    };
}

on_both_backends!(
    a_desk_request_is_saved_as_baru_with_its_first_history_row,
    registration_numbers_follow_each_other_within_the_day,
    approving_moves_to_disetujui_and_writes_history,
    a_stale_version_is_a_conflict_that_names_who_changed_it,
    cancelling_needs_a_note_and_keeps_it,
    finishing_needs_the_dwh_step,
    a_closed_request_takes_no_more_actions,
    an_unknown_request_is_not_found,
    the_list_and_counts_follow_the_actions,
    eight_racing_desks_leave_exactly_one_winner,
    the_queue_tab_shows_one_status,
    the_list_filters_by_office_day_and_channel,
    the_search_box_finds_numbers_by_their_start_and_names_by_any_part,
    keyset_pages_cover_everything_once_in_both_orders,
    a_second_open_request_for_a_nik_is_marked_duplicate,
    a_photo_found_hard_to_read_marks_its_request_until_replaced,
    a_photo_keeps_where_its_document_lies_and_a_replacement_its_own,
    an_old_open_request_is_overdue_and_a_closed_one_has_no_age,
    a_new_service_target_from_another_desk_moves_the_next_pages_marks,
    the_detail_shows_photos_history_actions_and_the_other_open_request,
    a_stored_photo_comes_back_byte_for_byte_in_every_size,
    a_replaced_photo_is_kept_with_who_when_and_why,
    a_finished_or_cancelled_request_keeps_its_photos,
    each_rekap_figure_equals_a_plain_recount_of_the_rows,
    the_rekap_summary_follows_racing_desks_and_a_zone_change,
    cancellations_are_counted_by_the_reason_chosen,
    a_correction_keeps_the_old_and_new_value_and_the_reason,
    the_nik_list_is_replaced_whole_and_checked,
    a_wa_notice_says_the_status_without_the_nik_and_is_recorded,
    pengaturan_is_saved_whole_and_read_back_the_same,
    a_batch_step_records_on_the_requests_that_allow_it_and_says_why_not,
    a_request_is_found_by_its_registration_number_in_any_case,
    photos_finished_longer_ago_than_the_rule_are_deleted_and_the_facts_kept,
    a_persons_report_names_each_request_with_the_nik_and_who_touched_it,
);

// The desk checks passwords itself only on the embedded file: on the server each operator is
// the server's own login, and these rules are tested there as such (tests/rights.rs).
mod sqlite_accounts {
    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn first_run_setup_happens_once_even_from_two_desks_at_once() {
        super::first_run_setup_happens_once_even_from_two_desks_at_once(
            super::sqlite().await.unwrap(),
        )
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn sign_in_takes_the_right_password_and_locks_after_five_wrong_ones() {
        super::sign_in_takes_the_right_password_and_locks_after_five_wrong_ones(
            super::sqlite().await.unwrap(),
        )
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn accounts_are_made_disabled_and_given_new_passwords_by_an_admin() {
        super::accounts_are_made_disabled_and_given_new_passwords_by_an_admin(
            super::sqlite().await.unwrap(),
        )
        .await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
    async fn two_admins_disabling_each_other_at_once_leave_one() {
        super::two_admins_disabling_each_other_at_once_leave_one(super::sqlite().await.unwrap())
            .await;
    }
}
