//! Accounts, sign-in, lockout and the audit log against a real SQLite file.

use chrono::{Duration, Utc};
use sinkron_core::auth::Role;
use sinkron_core::RequestChanges as _;
use sinkron_core::{validate_form, Action, AuditFilter, AuthError, Channel, FormInput};
use sinkron_core::{AccountPort as _, AccountStore as _};
use sinkron_sqlite::Store;

const PW: &str = "kuda makan rumput";

async fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("ops.db")).await.unwrap();
    (dir, store)
}

async fn with_admin() -> (tempfile::TempDir, Store, sinkron_core::Operator) {
    let (d, store) = fresh().await;
    let admin = store
        .create_first_admin("admin", "Ibu Kepala", PW, PW, "PC-1", Utc::now())
        .await
        .unwrap();
    (d, store, admin)
}

#[tokio::test]
async fn first_run_creates_one_admin_and_only_once() {
    let (_d, store) = fresh().await;
    assert_eq!(store.operator_count().await.unwrap(), 0);
    let admin = store
        .create_first_admin("Admin", "Ibu Kepala", PW, PW, "PC-1", Utc::now())
        .await
        .unwrap();
    assert_eq!(
        (admin.username.as_str(), admin.role),
        ("admin", Role::Admin)
    );
    let again = store
        .create_first_admin("other", "X", PW, PW, "PC-1", Utc::now())
        .await;
    assert!(matches!(again, Err(AuthError::AlreadySetUp)));
}

#[tokio::test]
async fn first_run_refuses_mismatched_passwords() {
    let (_d, store) = fresh().await;
    let err = store
        .create_first_admin("admin", "A", PW, "lain sekali", "PC", Utc::now())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "account_passwords_differ");
    assert_eq!(store.operator_count().await.unwrap(), 0);
}

#[tokio::test]
async fn sign_in_with_the_right_password_only() {
    let (_d, store, admin) = with_admin().await;
    let op = store
        .sign_in(" ADMIN ", PW, "PC-1", Utc::now())
        .await
        .unwrap();
    assert_eq!(op.id, admin.id);
    let err = store
        .sign_in("admin", "salah sekali", "PC-1", Utc::now())
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "Nama pengguna atau kata sandi salah");
    let err = store
        .sign_in("nobody", PW, "PC-1", Utc::now())
        .await
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "Nama pengguna atau kata sandi salah",
        "same message for an unknown name"
    );
}

#[tokio::test]
async fn five_failures_lock_and_the_lock_ends() {
    let (_d, store, _admin) = with_admin().await;
    let t0 = Utc::now();
    for i in 0..5 {
        let r = store
            .sign_in("admin", "salah sekali", "PC-1", t0 + Duration::seconds(i))
            .await;
        assert!(matches!(r, Err(AuthError::BadCredentials)));
    }
    let locked = store
        .sign_in("admin", PW, "PC-1", t0 + Duration::seconds(10))
        .await
        .unwrap_err();
    assert_eq!(locked.code(), "auth_locked_out");
    assert!(locked.to_string().contains("menit") || locked.to_string().contains("detik"));
    assert!(store
        .sign_in("admin", PW, "PC-1", t0 + Duration::minutes(2))
        .await
        .is_ok());
}

/// Twelve wrong passwords sent at once (a script, or several PCs on one file) each see the
/// attempts before them: five are checked, the rest wait out the lockout without their password
/// being tried.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn attempts_made_at_once_do_not_slip_past_the_lockout() {
    let (_d, store, _) = with_admin().await;
    let now = Utc::now();
    let tries: Vec<_> = (0..12)
        .map(|_| {
            let store = store.clone();
            tokio::spawn(async move {
                store
                    .sign_in("admin", "salah-sekali-123", "PC-9", now)
                    .await
            })
        })
        .collect();
    let mut wrong = 0;
    let mut locked = 0;
    for t in tries {
        match t.await.unwrap() {
            Err(AuthError::BadCredentials) => wrong += 1,
            Err(AuthError::LockedOut(_)) => locked += 1,
            other => panic!("{other:?}"),
        }
    }
    assert_eq!((wrong, locked), (5, 7));
    // And the right password waits too, until the lock ends.
    let e = store.sign_in("admin", PW, "PC-9", now).await.unwrap_err();
    assert!(matches!(e, AuthError::LockedOut(_)), "{e}");
    store
        .sign_in("admin", PW, "PC-9", now + Duration::minutes(2))
        .await
        .expect("after the wait");
}

#[tokio::test]
async fn an_attempt_during_the_lockout_is_audited_but_does_not_extend_it() {
    let (_d, store, _admin) = with_admin().await;
    let t0 = Utc::now();
    for i in 0..5 {
        let _ = store
            .sign_in("admin", "salah sekali", "PC-1", t0 + Duration::seconds(i))
            .await;
    }
    let locked = store
        .sign_in("admin", PW, "PC-1", t0 + Duration::seconds(10))
        .await
        .unwrap_err();
    assert_eq!(locked.code(), "auth_locked_out");
    let rows = store
        .audit_entries(&sinkron_core::AuditFilter {
            action: Some("sign_in_locked".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0].detail.as_deref(), Some("admin"));
    assert_eq!(rows[0].workstation.as_deref(), Some("PC-1"));
}

#[tokio::test]
async fn a_disabled_account_cannot_sign_in() {
    let (_d, store, admin) = with_admin().await;
    let by = admin.actor("PC-1");
    let rina = store
        .create_operator(&by, "rina", "Rina", Role::Petugas, PW, PW, Utc::now())
        .await
        .unwrap();
    assert!(store.sign_in("rina", PW, "PC-2", Utc::now()).await.is_ok());
    store
        .set_operator_active(&by, rina.id, false, Utc::now())
        .await
        .unwrap();
    assert!(store.sign_in("rina", PW, "PC-2", Utc::now()).await.is_err());
    assert!(!store.operator(rina.id).await.unwrap().unwrap().active);
}

#[tokio::test]
async fn the_last_admin_cannot_be_disabled_or_demoted() {
    let (_d, store, admin) = with_admin().await;
    let by = admin.actor("PC-1");
    let err = store
        .set_operator_active(&by, admin.id, false, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "auth_last_admin");
    let err = store
        .set_operator_role(&by, admin.id, Role::Petugas, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "auth_last_admin");
}

#[tokio::test]
async fn a_reset_password_replaces_the_old_one() {
    let (_d, store, admin) = with_admin().await;
    let by = admin.actor("PC-1");
    let rina = store
        .create_operator(&by, "rina", "Rina", Role::Petugas, PW, PW, Utc::now())
        .await
        .unwrap();
    store
        .reset_password(
            &by,
            rina.id,
            "sandi baru yang panjang",
            "sandi baru yang panjang",
            Utc::now(),
        )
        .await
        .unwrap();
    assert!(store.sign_in("rina", PW, "PC", Utc::now()).await.is_err());
    assert!(store
        .sign_in("rina", "sandi baru yang panjang", "PC", Utc::now())
        .await
        .is_ok());
}

#[tokio::test]
async fn a_taken_username_is_refused() {
    let (_d, store, admin) = with_admin().await;
    let err = store
        .create_operator(
            &admin.actor("PC"),
            "admin",
            "Dua",
            Role::Petugas,
            PW,
            PW,
            Utc::now(),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code(), "auth_username_taken");
}

#[tokio::test]
async fn the_audit_log_records_who_did_what_on_which_request() {
    let (_d, store, admin) = with_admin().await;
    let by = admin.actor("PC-1");
    let rina = store
        .create_operator(&by, "rina", "Rina", Role::Petugas, PW, PW, Utc::now())
        .await
        .unwrap();
    let _ = store
        .sign_in("rina", "salah sekali", "PC-2", Utc::now())
        .await;
    let rina_op = store.sign_in("rina", PW, "PC-2", Utc::now()).await.unwrap();
    let input = FormInput {
        name: "Siti".into(),
        nik: "1610014107950001".into(),
        kk: "1610010203150003".into(),
        problem: "x".into(),
        wa: "081234567890".into(),
    };
    let v = validate_form(&input, sinkron_core::zone::today_wib()).unwrap();
    let id = store
        .create_request(&v, Channel::Desk, Utc::now())
        .await
        .unwrap()
        .id;
    store
        .act(
            id,
            1,
            Action::Approve,
            None,
            &rina_op.actor("PC-2"),
            Utc::now(),
        )
        .await
        .unwrap();
    store
        .audit(
            &rina_op.actor("PC-2"),
            "open_request",
            Some(id),
            None,
            Utc::now(),
        )
        .await
        .unwrap();

    let all = store.audit_entries(&AuditFilter::default()).await.unwrap();
    let actions: Vec<_> = all.iter().rev().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "account_first_admin",
            "account_create",
            "sign_in_failed",
            "sign_in",
            "approve",
            "open_request"
        ]
    );
    let approve = all.iter().find(|e| e.action == "approve").unwrap();
    assert_eq!(approve.operator_id, Some(rina.id));
    assert_eq!(approve.role.as_deref(), Some("petugas"));
    assert_eq!(approve.workstation.as_deref(), Some("PC-2"));
    assert!(approve.reg_number.as_deref().unwrap().starts_with("SD-"));

    let only_rina = AuditFilter {
        operator_id: Some(rina.id),
        ..Default::default()
    };
    assert_eq!(store.audit_entries(&only_rina).await.unwrap().len(), 4);
    let only_request = AuditFilter {
        request_id: Some(id),
        ..Default::default()
    };
    assert_eq!(store.audit_entries(&only_request).await.unwrap().len(), 2);
    let future = AuditFilter {
        from: Some(Utc::now() + Duration::hours(1)),
        ..Default::default()
    };
    assert!(store.audit_entries(&future).await.unwrap().is_empty());
}

#[tokio::test]
async fn no_hash_reaches_an_operator_value() {
    let (_d, store, admin) = with_admin().await;
    let json = serde_json::to_string(&store.operator(admin.id).await.unwrap()).unwrap();
    assert!(!json.contains("argon2"));
}

#[tokio::test]
async fn a_password_typed_as_the_user_name_is_never_stored() {
    let (dir, store, _admin) = with_admin().await;
    let t0 = Utc::now();
    // A password in the name field: not a user name at all, and one that could be a name.
    for (i, typed) in ["Kuda Makan Rumput!", "kudamakanrumput"].iter().enumerate() {
        let refused = store
            .sign_in(typed, PW, "PC-1", t0 + Duration::seconds(i as i64))
            .await
            .unwrap_err();
        assert!(matches!(refused, AuthError::BadCredentials));
    }
    let failed = store
        .audit_entries(&AuditFilter {
            action: Some("sign_in_failed".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    let shown: Vec<_> = failed.iter().map(|e| e.detail.clone().unwrap()).collect();
    assert_eq!(shown, ["(akun tidak dikenal)", "(bukan nama pengguna)"]);
    store.close().await;
    let file = std::fs::read(dir.path().join("ops.db")).unwrap();
    let wal = std::fs::read(dir.path().join("ops.db-wal")).unwrap_or_default();
    for bytes in [&file, &wal] {
        for typed in [
            "Kuda Makan Rumput!",
            "kuda makan rumput!",
            "kudamakanrumput",
        ] {
            assert!(
                !bytes.windows(typed.len()).any(|w| w == typed.as_bytes()),
                "{typed:?} is in the database's bytes"
            );
        }
    }
}

#[tokio::test]
async fn repeated_wrong_names_are_still_locked_out() {
    let (_d, store, _admin) = with_admin().await;
    let t0 = Utc::now();
    for i in 0..5 {
        let _ = store
            .sign_in("bukan-siapa-siapa", PW, "PC-1", t0 + Duration::seconds(i))
            .await;
    }
    let locked = store
        .sign_in("bukan-siapa-siapa", PW, "PC-1", t0 + Duration::seconds(10))
        .await
        .unwrap_err();
    assert_eq!(locked.code(), "auth_locked_out");
    // Another name is not affected.
    let other = store
        .sign_in("admin", PW, "PC-1", t0 + Duration::seconds(11))
        .await;
    assert!(other.is_ok());
}
