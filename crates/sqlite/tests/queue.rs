//! The queue against a real SQLite file: tabs, counts kept by triggers,
//! search by registration number / NIK / KK / name, keyset paging, and the
//! age, overdue and duplicate marks.

use chrono::{Duration, TimeZone, Utc};
use sinkron_core::RequestChanges as _;
use sinkron_core::RequestStore as _;
use sinkron_core::{
    validate_form, Action, Actor, Channel, FormInput, QueueQuery, QueueSort, Status,
};
use sinkron_sqlite::Store;

async fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("q.db")).await.unwrap();
    (dir, store)
}

/// Two stores on one file: what one writes reaches the other only through the file.
async fn two_desks() -> (tempfile::TempDir, Store, Store) {
    let (dir, here) = fresh().await;
    let there = Store::open(&dir.path().join("q.db")).await.unwrap();
    (dir, here, there)
}

fn query() -> QueueQuery {
    QueueQuery {
        limit: 50,
        ..Default::default()
    }
}

async fn add(store: &Store, name: &str, nik: &str, at: chrono::DateTime<Utc>) -> i64 {
    let input = FormInput {
        name: name.into(),
        nik: nik.into(),
        kk: "1671010203150003".into(),
        problem: "NIK tidak bisa daftar BPJS".into(),
        wa: "081234567890".into(),
    };
    let v = validate_form(&input, sinkron_core::zone::today_wib()).unwrap();
    store
        .create_request(&v, Channel::Desk, at)
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn counts_follow_every_change() {
    let (_d, store) = fresh().await;
    let id = add(&store, "Siti Aminah", "1610014107950001", Utc::now()).await;
    add(&store, "Budi", "1610010107950002", Utc::now()).await;
    let a = Actor::named("Rina");
    store
        .act(id, 1, Action::Approve, None, &a, Utc::now())
        .await
        .unwrap();
    let c = store.status_counts().await.unwrap();
    assert_eq!((c.all, c.open, c.baru, c.disetujui), (2, 2, 1, 1));
}

#[tokio::test]
async fn the_tab_filters_by_status() {
    let (_d, store) = fresh().await;
    let id = add(&store, "Siti Aminah", "1610014107950001", Utc::now()).await;
    add(&store, "Budi", "1610010107950002", Utc::now()).await;
    let a = Actor::named("Rina");
    store
        .act(id, 1, Action::Approve, None, &a, Utc::now())
        .await
        .unwrap();
    let q = QueueQuery {
        status: Some(Status::Disetujui),
        ..query()
    };
    let page = store.queue(&q, Utc::now()).await.unwrap();
    assert_eq!(page.items.len(), 1);
    assert_eq!(page.items[0].summary.id, id);
}

#[tokio::test]
async fn search_finds_by_number_prefix_name_part_and_registration_number() {
    let (_d, store) = fresh().await;
    let at = Utc.with_ymd_and_hms(2026, 11, 27, 3, 0, 0).unwrap();
    let siti = add(&store, "Siti Aminah", "1610014107950001", at).await;
    let budi = add(&store, "Budi Santoso", "3201010107950002", at).await;
    let find = |s: &str| {
        let store = store.clone();
        let q = QueueQuery {
            search: s.to_string(),
            ..query()
        };
        async move {
            store
                .queue(&q, Utc::now())
                .await
                .unwrap()
                .items
                .iter()
                .map(|i| i.summary.id)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(find("3201").await, [budi]);
    assert_eq!(find("1610 0141").await, [siti]);
    assert_eq!(
        find("1671010203150003").await,
        [budi, siti],
        "KK number finds both"
    );
    assert_eq!(find("amin").await, [siti], "trigram name part");
    assert_eq!(find("AMIN").await, [siti], "case does not matter");
    assert_eq!(find("bu").await, [budi], "short name part falls back");
    assert_eq!(find("sd-261127-0002").await, [budi]);
    assert_eq!(find("SD-261127").await, [budi, siti]);
    assert!(find("zzz").await.is_empty());
    assert!(
        find("50%_\"'").await.is_empty(),
        "odd characters are plain text"
    );
}

#[tokio::test]
async fn keyset_pages_cover_everything_once_in_both_orders() {
    let (_d, store) = fresh().await;
    store.seed_synthetic(137, 30, Utc::now()).await.unwrap();
    for sort in [QueueSort::Newest, QueueSort::Oldest] {
        let mut seen = Vec::new();
        let mut cursor = None;
        loop {
            let q = QueueQuery {
                cursor,
                sort,
                limit: 25,
                ..Default::default()
            };
            let page = store.queue(&q, Utc::now()).await.unwrap();
            seen.extend(page.items.iter().map(|i| i.summary.id));
            match page.next_cursor {
                Some(c) => cursor = Some(c),
                None => break,
            }
        }
        assert_eq!(seen.len(), 137);
        let mut sorted = seen.clone();
        sorted.sort();
        if sort == QueueSort::Newest {
            sorted.reverse();
        }
        assert_eq!(seen, sorted, "{sort:?}");
    }
}

#[tokio::test]
async fn seeded_counts_match_the_rows() {
    let (_d, store) = fresh().await;
    let total = store.seed_synthetic(300, 60, Utc::now()).await.unwrap();
    let c = store.status_counts().await.unwrap();
    assert_eq!(c.all, total);
    let q = QueueQuery {
        status: Some(Status::Selesai),
        limit: 200,
        ..Default::default()
    };
    let mut n = 0;
    let mut page = store.queue(&q, Utc::now()).await.unwrap();
    loop {
        n += page.items.len() as i64;
        let Some(cursor) = page.next_cursor else {
            break;
        };
        page = store
            .queue(
                &QueueQuery {
                    cursor: Some(cursor),
                    ..q.clone()
                },
                Utc::now(),
            )
            .await
            .unwrap();
    }
    assert_eq!(n, c.selesai);
}

#[tokio::test]
async fn a_second_open_request_for_a_nik_is_marked_duplicate() {
    let (_d, store) = fresh().await;
    add(&store, "Siti Aminah", "1610014107950001", Utc::now()).await;
    add(&store, "Siti Aminah", "1610014107950001", Utc::now()).await;
    add(&store, "Budi", "1610010107950002", Utc::now()).await;
    let page = store.queue(&query(), Utc::now()).await.unwrap();
    let marks: Vec<_> = page.items.iter().map(|i| i.duplicate).collect();
    assert_eq!(marks, [false, true, true]);
}

#[tokio::test]
async fn an_old_open_request_is_overdue() {
    let (_d, store) = fresh().await;
    // Monday 16 Nov 2026, seen on Friday 27 Nov: 9 working days.
    let made = Utc.with_ymd_and_hms(2026, 11, 16, 2, 0, 0).unwrap();
    add(&store, "Siti Aminah", "1610014107950001", made).await;
    let fresh_one = made + Duration::days(11);
    add(&store, "Budi", "1610010107950002", fresh_one).await;
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 4, 0, 0).unwrap();
    let page = store
        .queue(
            &QueueQuery {
                sort: QueueSort::Oldest,
                ..query()
            },
            now,
        )
        .await
        .unwrap();
    assert_eq!((page.items[0].age_days, page.items[0].overdue), (9, true));
    assert_eq!((page.items[1].age_days, page.items[1].overdue), (0, false));
}

#[tokio::test]
async fn a_closed_request_says_so_in_the_queue_and_the_detail() {
    let (_dir, store) = fresh().await;
    let now = Utc::now();
    let open = add(&store, "Siti", "1610014107950001", now).await;
    let closed = add(&store, "Budi", "1610010107950002", now).await;
    store
        .act(
            closed,
            1,
            Action::Cancel,
            Some("Data KK tidak terbaca"),
            &Actor::named("Rina"),
            now,
        )
        .await
        .unwrap();
    let page = store.queue(&query(), now).await.unwrap();
    let open_of = |id: i64| page.items.iter().find(|i| i.summary.id == id).unwrap().open;
    assert!(open_of(open));
    assert!(!open_of(closed));
    assert!(store.request_detail(open, now).await.unwrap().open);
    assert!(!store.request_detail(closed, now).await.unwrap().open);
}

#[tokio::test]
async fn the_queue_follows_a_service_target_changed_at_another_desk() {
    let (_d, here, there) = two_desks().await;
    // Monday 16 Nov 2026, seen on Friday 27 Nov: 9 working days.
    let made = Utc.with_ymd_and_hms(2026, 11, 16, 2, 0, 0).unwrap();
    add(&here, "Siti Aminah", "1610014107950001", made).await;
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 4, 0, 0).unwrap();
    let overdue = |page: sinkron_core::store::QueuePage| page.items[0].overdue;
    assert!(overdue(here.queue(&query(), now).await.unwrap()));
    // The other desk gives the service ten working days: this desk's next page knows.
    let mut form = there.office_form().await.unwrap();
    form.target_days = "10".into();
    let valid = sinkron_core::office::check_office(&form).unwrap();
    there
        .save_office(&valid, &Actor::named("Admin"), now)
        .await
        .unwrap();
    assert!(!overdue(here.queue(&query(), now).await.unwrap()));
}

#[tokio::test]
async fn the_counts_follow_a_change_made_since_the_last_page() {
    let (_d, store) = fresh().await;
    let id = add(&store, "Siti Aminah", "1610014107950001", Utc::now()).await;
    add(&store, "Budi", "1610010107950002", Utc::now()).await;
    // The first page keeps what it saw; the change is written on another connection.
    store.queue(&query(), Utc::now()).await.unwrap();
    store
        .act(
            id,
            1,
            Action::Approve,
            None,
            &Actor::named("Rina"),
            Utc::now(),
        )
        .await
        .unwrap();
    let page = store.queue(&query(), Utc::now()).await.unwrap();
    let c = page.counts;
    assert_eq!((c.all, c.open, c.baru, c.disetujui), (2, 2, 1, 1));
    assert_eq!(page.items.len(), 2);
}

#[tokio::test]
async fn a_request_made_at_another_desk_is_counted_at_the_next_page() {
    let (_d, here, there) = two_desks().await;
    add(&here, "Siti Aminah", "1610014107950001", Utc::now()).await;
    let first = here.queue(&query(), Utc::now()).await.unwrap();
    assert_eq!((first.counts.all, first.items.len()), (1, 1));
    // Twice unchanged: what the first page saw still holds.
    let again = here.queue(&query(), Utc::now()).await.unwrap();
    assert_eq!(again.counts, first.counts);
    add(&there, "Budi", "1610010107950002", Utc::now()).await;
    let page = here.queue(&query(), Utc::now()).await.unwrap();
    assert_eq!((page.counts.all, page.counts.baru), (2, 2));
    assert_eq!(page.items.len(), 2);
}

#[tokio::test]
async fn an_empty_page_still_counts_every_status() {
    let (_d, store) = fresh().await;
    add(&store, "Siti Aminah", "1610014107950001", Utc::now()).await;
    store.queue(&query(), Utc::now()).await.unwrap();
    let nobody = QueueQuery {
        search: "Zulkarnain".into(),
        ..query()
    };
    let page = store.queue(&nobody, Utc::now()).await.unwrap();
    assert!(page.items.is_empty());
    assert_eq!((page.counts.all, page.counts.baru), (1, 1));
}

#[tokio::test]
async fn the_list_reads_its_columns_where_they_stand() {
    use sinkron_sql::rows::at;
    use sqlx::{Column as _, Connection as _, Executor as _};
    let (dir, store) = fresh().await;
    store.queue(&query(), Utc::now()).await.unwrap();
    let url = format!("sqlite:{}", dir.path().join("q.db").display());
    let mut conn = sqlx::SqliteConnection::connect(&url).await.unwrap();
    let list = format!("SELECT {} FROM requests", sinkron_sql::SUMMARY_COLUMNS);
    let statements = [list.as_str(), sinkron_sql::QUEUE_SELECT];
    let expected = [
        (at::ID, "id"),
        (at::REG_NUMBER, "reg_number"),
        (at::APPLICANT_NAME, "applicant_name"),
        (at::NIK, "nik"),
        (at::STATUS, "status"),
        (at::CREATED_AT, "created_at"),
        (at::CHANNEL, "channel"),
    ];
    for sql in statements {
        let described = conn.describe(sql).await.unwrap();
        for (position, name) in expected {
            assert_eq!(described.columns()[position].name(), name, "{sql}");
        }
    }
    let described = conn.describe(sinkron_sql::QUEUE_SELECT).await.unwrap();
    assert_eq!(described.columns()[at::DUPLICATE].name(), "duplicate");
    assert_eq!(described.columns()[at::PHOTO_CHECK].name(), "photo_check");
}
