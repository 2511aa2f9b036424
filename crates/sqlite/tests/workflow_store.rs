//! The workflow against a real SQLite file: each action's rows, conflicts when
//! a request changed under the operator, corrections, the NIK list, duplicates,
//! and a race of eight tasks over the same 200 requests.

use chrono::Utc;
use sinkron_core::RequestChanges as _;
use sinkron_core::RequestStore as _;
use sinkron_core::{
    validate_form, ActError, Action, Actor, Channel, Field, FormInput, Nik, Status, Step,
};
use sinkron_sqlite::Store;

fn actor(name: &str) -> Actor {
    Actor::named(name)
}

fn form(nik: &str, problem: &str) -> FormInput {
    FormInput {
        name: "Siti Aminah".into(),
        nik: nik.into(),
        kk: "1610010203150003".into(),
        problem: problem.into(),
        wa: "0812-3456-7890".into(),
    }
}

async fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("wf.db")).await.unwrap();
    (dir, store)
}

async fn new_request(store: &Store, nik: &str) -> i64 {
    let v = validate_form(
        &form(nik, "NIK tidak bisa daftar BPJS"),
        sinkron_core::zone::today_wib(),
    )
    .unwrap();
    store
        .create_request(&v, Channel::Desk, Utc::now())
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn the_whole_path_writes_both_timelines() {
    let (_d, store) = fresh().await;
    let id = new_request(&store, "1610014107950001").await;
    let a = actor("Rina");
    let now = Utc::now();
    let r = store
        .act(id, 1, Action::Approve, Some("lengkap"), &a, now)
        .await
        .unwrap();
    assert_eq!((r.status, r.version), (Status::Disetujui, 2));
    let r = store
        .act(
            id,
            2,
            Action::RecordStep(Step::KonsolidasiManual),
            None,
            &a,
            now,
        )
        .await
        .unwrap();
    assert_eq!(r.status, Status::Diproses);
    let r = store
        .act(
            id,
            3,
            Action::RecordStep(Step::SinkronisasiDwh),
            Some("ok"),
            &a,
            now,
        )
        .await
        .unwrap();
    assert_eq!((r.status, r.version), (Status::Diproses, 4));
    let r = store
        .act(id, 4, Action::Finish, None, &a, now)
        .await
        .unwrap();
    assert_eq!(r.status, Status::Selesai);

    let history: Vec<_> = store
        .history(id)
        .await
        .unwrap()
        .into_iter()
        .map(|h| (h.from, h.to))
        .collect();
    assert_eq!(
        history,
        [
            (None, Status::Baru),
            (Some(Status::Baru), Status::Disetujui),
            (Some(Status::Disetujui), Status::Diproses),
            (Some(Status::Diproses), Status::Selesai),
        ]
    );
    let steps: Vec<_> = store
        .steps(id)
        .await
        .unwrap()
        .into_iter()
        .map(|s| s.step)
        .collect();
    assert_eq!(steps, [Step::KonsolidasiManual, Step::SinkronisasiDwh]);
    assert_eq!(
        store.history(id).await.unwrap()[1].note.as_deref(),
        Some("lengkap")
    );
}

#[tokio::test]
async fn finishing_before_dwh_is_refused_and_writes_nothing() {
    let (_d, store) = fresh().await;
    let id = new_request(&store, "1610014107950001").await;
    let a = actor("Rina");
    store
        .act(id, 1, Action::Approve, None, &a, Utc::now())
        .await
        .unwrap();
    store
        .act(
            id,
            2,
            Action::RecordStep(Step::KonsolidasiManual),
            None,
            &a,
            Utc::now(),
        )
        .await
        .unwrap();
    let err = store
        .act(id, 3, Action::Finish, None, &a, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "workflow_finish_needs_dwh");
    assert_eq!(store.get_request(id).await.unwrap().version, 3);
    assert_eq!(store.history(id).await.unwrap().len(), 3);
}

#[tokio::test]
async fn a_second_dwh_attempt_is_its_own_row() {
    let (_d, store) = fresh().await;
    let id = new_request(&store, "1610014107950001").await;
    let a = actor("Rina");
    store
        .act(id, 1, Action::Approve, None, &a, Utc::now())
        .await
        .unwrap();
    store
        .act(
            id,
            2,
            Action::RecordStep(Step::SinkronisasiDwh),
            Some("gagal"),
            &a,
            Utc::now(),
        )
        .await
        .unwrap();
    store
        .act(
            id,
            3,
            Action::RecordStep(Step::SinkronisasiDwh),
            Some("ulang"),
            &a,
            Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(store.steps(id).await.unwrap().len(), 2);
}

#[tokio::test]
async fn cancelling_keeps_the_note_for_the_applicant() {
    let (_d, store) = fresh().await;
    let id = new_request(&store, "1610014107950001").await;
    let a = actor("Rina");
    let err = store
        .act(id, 1, Action::Cancel, Some("kurang"), &a, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "workflow_cancel_note_required");
    let note = "Foto KTP-el buram, silakan ajukan ulang dengan foto yang jelas";
    store
        .act(id, 1, Action::Cancel, Some(note), &a, Utc::now())
        .await
        .unwrap();
    let last = store.history(id).await.unwrap().pop().unwrap();
    assert_eq!(
        (last.to, last.note.as_deref()),
        (Status::Dibatalkan, Some(note))
    );
}

#[tokio::test]
async fn a_stale_version_is_a_conflict_naming_who_changed_it() {
    let (_d, store) = fresh().await;
    let id = new_request(&store, "1610014107950001").await;
    store
        .act(id, 1, Action::Approve, None, &actor("Rina"), Utc::now())
        .await
        .unwrap();
    let err = store
        .act(
            id,
            1,
            Action::Cancel,
            Some("dibatalkan karena data ganda"),
            &actor("Budi"),
            Utc::now(),
        )
        .await
        .unwrap_err();
    match &err {
        ActError::Conflict { status, by } => {
            assert_eq!((*status, by.as_str()), (Status::Disetujui, "Rina"));
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
    assert!(err.payload().message.contains("baru saja diubah oleh Rina"));
}

#[tokio::test]
async fn a_correction_keeps_old_and_new_value() {
    let (_d, store) = fresh().await;
    let id = new_request(&store, "1610014107950001").await;
    let a = actor("Rina");
    let r = store
        .correct_field(
            id,
            1,
            Field::Wa,
            "0813 1111 2222",
            "pemohon salah ketik",
            &a,
            Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(r.version, 2);
    assert_eq!(
        store.get_request(id).await.unwrap().wa_number,
        "+6281311112222"
    );
    let change = &store.changes(id).await.unwrap()[0];
    assert_eq!(
        (change.old_value.as_str(), change.new_value.as_str()),
        ("+6281234567890", "+6281311112222")
    );
}

#[tokio::test]
async fn a_correction_needs_a_reason_and_a_valid_value() {
    let (_d, store) = fresh().await;
    let id = new_request(&store, "1610014107950001").await;
    let a = actor("Rina");
    let err = store
        .correct_field(id, 1, Field::Nik, "1610014107950009", "", &a, Utc::now())
        .await;
    assert_eq!(err.unwrap_err().code(), "correction_reason_required");
    let err = store
        .correct_field(id, 1, Field::Nik, "123", "salah ketik", &a, Utc::now())
        .await;
    let err = err.unwrap_err();
    assert_eq!(err.code(), "correction_invalid_value");
    assert!(err.payload().message.contains("16 angka"));
}

#[tokio::test]
async fn sync_niks_are_prefilled_from_the_problem_text() {
    let (_d, store) = fresh().await;
    let problem = "NIK anak 1610 0101 0124 0002 tdk bisa daftar BPJS, KK 1610010203150003";
    let v = validate_form(
        &form("1610014107950001", problem),
        sinkron_core::zone::today_wib(),
    )
    .unwrap();
    let id = store
        .create_request(&v, Channel::Desk, Utc::now())
        .await
        .unwrap()
        .id;
    assert_eq!(
        store.sync_niks(id).await.unwrap(),
        ["1610014107950001", "1610010101240002"]
    );
}

#[tokio::test]
async fn sync_niks_are_validated_when_edited() {
    let (_d, store) = fresh().await;
    let id = new_request(&store, "1610014107950001").await;
    let err = store
        .set_sync_niks(
            id,
            &["1610014107950001".into(), "99".into()],
            &actor("Rina"),
            Utc::now(),
        )
        .await
        .unwrap_err();
    assert!(err.payload().message.starts_with("NIK ke-2"));
    let kept = store
        .set_sync_niks(
            id,
            &["1610 0101 0124 0002".into(), "1610010101240002".into()],
            &actor("Rina"),
            Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(kept, ["1610010101240002"]);
}

#[tokio::test]
async fn open_requests_for_a_nik_are_found_for_the_duplicate_warning() {
    let (_d, store) = fresh().await;
    let first = new_request(&store, "1610014107950001").await;
    new_request(&store, "1610014107950002").await;
    let nik = Nik::parse("1610014107950001").unwrap();
    let open = store.open_requests_for_nik(&nik).await.unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].0, first);
    store
        .act(
            first,
            1,
            Action::Cancel,
            Some("pengajuan ganda, dibatalkan"),
            &actor("Rina"),
            Utc::now(),
        )
        .await
        .unwrap();
    assert!(store.open_requests_for_nik(&nik).await.unwrap().is_empty());
}

/// Eight tasks act on the same 200 requests at once, each reading the version
/// first, so most of them lose. Every request must end with one winner per
/// version, a history chain without gaps, and typed conflicts for the losers.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_racing_tasks_leave_consistent_requests() {
    let (_d, store) = fresh().await;
    let mut ids = Vec::new();
    for i in 0..200 {
        ids.push(new_request(&store, &format!("161001410795{:04}", i + 1)).await);
    }
    let script = [
        Action::Approve,
        Action::RecordStep(Step::KonsolidasiManual),
        Action::Cancel,
        Action::RecordStep(Step::SinkronisasiDwh),
        Action::Finish,
    ];
    let mut tasks = Vec::new();
    for t in 0..8usize {
        let store = store.clone();
        let ids = ids.clone();
        tasks.push(tokio::spawn(async move {
            let (mut won, mut conflicts, mut refused) = (vec![0i64; ids.len()], 0, 0);
            for round in 0..script.len() {
                for (k, id) in ids.iter().enumerate() {
                    // Tasks disagree on what to do: some cancel, most push forward.
                    let action = script[(round + t * (k % 3)) % script.len()];
                    let seen = store.get_request(*id).await.unwrap().version;
                    let note = Some("catatan dari balapan uji");
                    match store
                        .act(
                            *id,
                            seen,
                            action,
                            note,
                            &actor(&format!("T{t}")),
                            Utc::now(),
                        )
                        .await
                    {
                        Ok(_) => won[k] += 1,
                        Err(ActError::Conflict { .. }) => conflicts += 1,
                        Err(ActError::Refused(_)) => refused += 1,
                        Err(other) => panic!("untyped failure: {other:?}"),
                    }
                }
            }
            (won, conflicts, refused)
        }));
    }
    let mut wins = vec![0i64; ids.len()];
    let (mut conflicts, mut refused) = (0, 0);
    for task in tasks {
        let (won, c, r) = task.await.unwrap();
        for (w, add) in wins.iter_mut().zip(won) {
            *w += add;
        }
        conflicts += c;
        refused += r;
    }
    for (k, id) in ids.iter().enumerate() {
        let rec = store.get_request(*id).await.unwrap();
        assert_eq!(rec.version - 1, wins[k], "one version per winning action");
        let history = store.history(*id).await.unwrap();
        for pair in history.windows(2) {
            assert_eq!(pair[1].from, Some(pair[0].to), "history chain has a gap");
        }
        assert_eq!(history.last().unwrap().to, rec.status);
        let steps = store.steps(*id).await.unwrap().len() as i64;
        let moves = history.len() as i64 - 1;
        let step_moves = history
            .iter()
            .filter(|h| h.from == Some(Status::Disetujui) && h.to == Status::Diproses)
            .count() as i64;
        assert_eq!(
            moves + steps - step_moves,
            wins[k],
            "every win wrote exactly its rows"
        );
        if rec.status == Status::Selesai {
            assert!(store
                .steps(*id)
                .await
                .unwrap()
                .iter()
                .any(|s| s.step == Step::SinkronisasiDwh));
        }
    }
    println!(
        "race: {} wins, {conflicts} conflicts, {refused} refusals over {} requests",
        wins.iter().sum::<i64>(),
        ids.len()
    );
    assert!(conflicts > 0, "the race never raced");
}

#[tokio::test]
async fn detail_of_a_new_request_offers_approve_and_cancel() {
    let (_d, store) = fresh().await;
    let id = new_request(&store, "1610014107950001").await;
    let d = store.request_detail(id, Utc::now()).await.unwrap();
    assert_eq!(d.record.status, Status::Baru);
    let actions: Vec<Action> = d.actions.iter().map(|a| a.action).collect();
    assert_eq!(actions, vec![Action::Approve, Action::Cancel]);
    let cancel = d
        .actions
        .iter()
        .find(|a| a.action == Action::Cancel)
        .unwrap();
    assert_eq!(cancel.note_min, 10);
    assert_eq!(d.history.len(), 1);
    assert!(
        d.check.fields.nik.facts.is_some(),
        "NIK facts shown beside the data"
    );
    assert_eq!(d.sync_niks, vec!["1610014107950001".to_string()]);
}

#[tokio::test]
async fn detail_offers_finish_only_after_a_dwh_step() {
    let (_d, store) = fresh().await;
    let id = new_request(&store, "1610014107950001").await;
    let a = actor("Rina");
    let now = Utc::now();
    store
        .act(id, 1, Action::Approve, None, &a, now)
        .await
        .unwrap();
    let step = Action::RecordStep(Step::KonsolidasiManual);
    store.act(id, 2, step, None, &a, now).await.unwrap();
    let d = store.request_detail(id, now).await.unwrap();
    assert!(!d.actions.iter().any(|o| o.action == Action::Finish));
    let dwh = Action::RecordStep(Step::SinkronisasiDwh);
    store.act(id, 3, dwh, None, &a, now).await.unwrap();
    let d = store.request_detail(id, now).await.unwrap();
    assert!(d.actions.iter().any(|o| o.action == Action::Finish));
    assert_eq!(d.steps.len(), 2);
}

#[tokio::test]
async fn detail_names_other_open_requests_for_the_same_nik() {
    let (_d, store) = fresh().await;
    let first = new_request(&store, "1610014107950001").await;
    let second = new_request(&store, "1610014107950001").await;
    let d = store.request_detail(second, Utc::now()).await.unwrap();
    assert_eq!(d.duplicates.len(), 1);
    assert_eq!(d.duplicates[0].id, first);
}

#[tokio::test]
async fn detail_of_a_closed_request_offers_nothing() {
    let (_d, store) = fresh().await;
    let id = new_request(&store, "1610014107950001").await;
    let note = Some("Foto KK tidak terbaca, ajukan ulang");
    store
        .act(id, 1, Action::Cancel, note, &actor("Rina"), Utc::now())
        .await
        .unwrap();
    let d = store.request_detail(id, Utc::now()).await.unwrap();
    assert!(d.actions.is_empty());
    assert_eq!((d.age_days, d.overdue), (0, false));
}
