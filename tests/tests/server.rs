//! Issue 8's acceptance end to end: a kiosk and two desks, each a real Sinkron window with its
//! own display, on one PostgreSQL server (`--pg`, each PC with its own login). An applicant
//! sends a request at the kiosk (its login reaches only the kiosk's functions); it appears in
//! the first desk's Daftar Pengajuan without anyone touching that desk (LISTEN/NOTIFY). Then
//! both desks open it and approve it at once: one wins, the other is told someone else changed
//! it and sees the request as it is now. A later step at one desk shows on the other's open
//! detail view by itself. The server comes from `SINKRON_TEST_PG_URL`, which
//! `cargo xtask test` sets; without it the test says so loudly (and fails in CI).

use std::path::Path;
use std::time::Instant;

use serde_json::json;
use sinkron_e2e::fixtures::{KK_NUMBER, NAME, NIK};
use sinkron_e2e::harness::{ADMIN_PASSWORD, ADMIN_USER};
use sinkron_e2e::kiosk_ui::{click, keys, keys_mixed, next, take_photo, text, wait_js};
use sinkron_e2e::ui::{act, detail_status, list_rows, open_queue, open_request, type_into, WAIT};
use sinkron_e2e::{Fixtures, Harness, Session};
use sinkron_pg::{GroupRole, PgStore};
use sinkron_testing::server as testing;

const PASSWORD: &str = "sandi-uji-kantor-e2e";

/// A fresh database with the schema, its first admin, and one login per PC: two desks (which
/// reach no table by themselves) and a kiosk.
struct Office {
    desk1: String,
    desk2: String,
    kiosk: String,
    /// The database owner's URL.
    owner: String,
}

fn office() -> Option<Office> {
    let admin_url = testing::server_url()?;
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    Some(rt.block_on(async {
        let (base, name) = testing::fresh_database(&admin_url, "sinkron_e2e").await;
        let tag = name.trim_start_matches("sinkron_e2e_").to_string();
        let owner = PgStore::connect(&format!("{base}/{name}")).await.expect("owner");
        owner.install().await.expect("schema and roles");
        sqlx::query("UPDATE settings SET value = 'Disdukcapil Kabupaten Ogan Ilir' WHERE key = 'office_name'")
            .execute(owner.pool())
            .await
            .expect("office name");
        // The office's first admin, made on the server by its owner (`sinkron-pg-admin admin`):
        // every desk's operator signs in as their own server login.
        sqlx::query("SELECT sinkron_account_create($1, 'Operator Uji E2E', 'admin', $2)")
            .bind(ADMIN_USER)
            .bind(sinkron_core::auth::scram_verifier(ADMIN_PASSWORD))
            .execute(owner.pool())
            .await
            .expect("the first admin");
        let host = base.rsplit_once('@').expect("user@host").1.to_string();
        let mut urls = Vec::new();
        for (login, group) in [
            ("meja1", GroupRole::Operator),
            ("meja2", GroupRole::Operator),
            ("anjungan", GroupRole::Kiosk),
        ] {
            let login = format!("{login}_{tag}");
            owner
                .create_login(&login, PASSWORD, group)
                .await
                .expect("login");
            urls.push(format!("postgres://{login}:{PASSWORD}@{host}/{name}"));
        }
        owner.pool().close().await;
        let kiosk = urls.pop().expect("kiosk");
        let desk2 = urls.pop().expect("desk 2");
        let desk1 = urls.pop().expect("desk 1");
        Office {
            desk1,
            desk2,
            kiosk,
            owner: format!("{base}/{name}"),
        }
    }))
}

/// The applicant's way through the kiosk, from the start screen to the receipt's number.
fn send_at_kiosk(s: &Session) -> String {
    click(s, "[data-act=\"start\"]");
    wait_js(
        s,
        "the name step",
        "return document.getElementById('k-name') !== null",
    );
    keys(s, NAME);
    next(s, "nik");
    keys(s, NIK);
    next(s, "kk");
    keys(s, KK_NUMBER);
    next(s, "problem");
    keys_mixed(s, "NIK tdk bisa daftar BPJS");
    next(s, "wa");
    keys(s, "081234567890");
    click(s, "[data-act=\"next\"]");
    take_photo(s, "kk");
    click(s, "[data-act=\"next\"]");
    take_photo(s, "ktp");
    click(s, "[data-act=\"next\"]");
    wait_js(
        s,
        "the review",
        "return document.querySelector('[data-act=\"send\"]') !== null",
    );
    click(s, "[data-act=\"send\"]");
    wait_js(
        s,
        "the receipt",
        "return document.getElementById('k-reg') !== null",
    );
    text(s, "k-reg")
}

/// A login's URL in the card's words.
struct Server<'a> {
    login: &'a str,
    password: &'a str,
    host: &'a str,
    port: &'a str,
    database: &'a str,
}

impl<'a> Server<'a> {
    /// `postgres://login:password@host:port/database`.
    fn of(url: &'a str) -> Server<'a> {
        let rest = url.strip_prefix("postgres://").expect("url");
        let (login, rest) = rest.split_once(':').expect("login");
        let (password, rest) = rest.split_once('@').expect("password");
        let (host_port, database) = rest.split_once('/').expect("database");
        let (host, port) = host_port.split_once(':').expect("port");
        Server {
            login,
            password,
            host,
            port,
            database,
        }
    }

    /// Chooses PostgreSQL in the card and types every field, the port as `port`.
    fn type_into_card(&self, s: &Session, port: &str) {
        click(s, "#db-kind-postgres");
        for (id, value) in [
            ("db-host", self.host),
            ("db-port", port),
            ("db-database", self.database),
            ("db-user", self.login),
            ("db-password", self.password),
        ] {
            reveal(s, id);
            type_into(s, &format!("#{id}"), value).expect(id);
        }
    }
}

/// Pengaturan → Database kantor: a refused field beside itself, then "Tes koneksi" with this
/// desk's own login reaches the server (nothing saved: the credential store is the OS's).
fn database_card_tests_the_server(h: &Harness, s: &Session, url: &str) {
    let server = Server::of(url);
    click(s, "#nav-settings");
    s.wait_for("#db-kind-postgres", WAIT)
        .expect("the database card");
    // The card is drawn first and filled when the shell's answer comes back.
    s.wait_until("the login in use", WAIT, |s| {
        Ok(s.execute(
            "return document.getElementById('db-in-use').textContent.includes(arguments[0])",
            json!([server.login]),
        )?
        .as_bool()
        .filter(|b| *b))
    })
    .unwrap_or_else(|e| panic!("{}: {e}", text(s, "db-in-use")));
    server.type_into_card(s, "70000");
    reveal(s, "db-test");
    click(s, "#db-test");
    wait_js(
        s,
        "the port refused beside its field",
        "return document.getElementById('db-port-msg').textContent.includes('Port')",
    );
    reveal(s, "db-port");
    h.screenshot(s, "server-db-card-refused");
    type_into(s, "#db-port", server.port).expect("port");
    reveal(s, "db-test");
    click(s, "#db-test");
    wait_js(
        s,
        "the connection tested",
        "return document.getElementById('db-status').textContent.includes('Tersambung ke PostgreSQL')",
    );
    let said = text(s, "db-status");
    assert!(said.contains("login meja petugas"), "{said}");
    assert_eq!(text(s, "db-port-msg").trim(), "");
    keamanan_koneksi(h, s);
    reveal(s, "db-status");
    h.screenshot(s, "server-db-card-tested");
}

/// "Keamanan koneksi" on a server that takes TLS only: without encryption the server refuses
/// (and the card warns first); a CA that did not sign the server's certificate is refused; the
/// office's CA, chosen as a file, connects.
fn keamanan_koneksi(h: &Harness, s: &Session) {
    let status_says = |what: &str, words: &str| {
        reveal(s, "db-test");
        click(s, "#db-test");
        s.wait_until(what, WAIT, |s| {
            Ok(s.execute(
                "return document.getElementById('db-status').textContent.includes(arguments[0])",
                json!([words]),
            )?
            .as_bool()
            .filter(|b| *b))
        })
        .unwrap_or_else(|e| panic!("{what}: {e}; {}", text(s, "db-status")));
    };
    let choose_tls = |value: &str| {
        s.execute(
            "const t = document.getElementById('db-tls'); t.value = arguments[0]; \
             t.dispatchEvent(new Event('change'));",
            json!([value]),
        )
        .expect("choose Keamanan koneksi");
    };
    let pick_ca = |path: &std::path::Path, name: &str| {
        h.pick(path);
        reveal(s, "db-ca");
        click(s, "#db-ca");
        wait_js(
            s,
            "the chosen CA named",
            &format!("return document.getElementById('db-ca-name').textContent === '{name}'"),
        );
    };

    choose_tls("off");
    let warned = text(s, "db-tls-warning");
    assert!(warned.contains("dapat membaca NIK"), "{warned}");
    status_says("plain TCP refused", "hanya menerima koneksi terenkripsi");
    reveal(s, "db-tls-warning");
    h.screenshot(s, "server-db-card-plain-refused");

    choose_tls("verify");
    let other =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../crates/pg/tests/fixtures/other-ca.crt");
    pick_ca(&other, "other-ca.crt");
    status_says("a foreign CA refused", "tidak dapat dipercaya");

    let office_ca = std::env::var("PGSSLROOTCERT")
        .expect("PGSSLROOTCERT names the test server's CA (`cargo xtask test` sets it)");
    pick_ca(Path::new(&office_ca), "ca.crt");
    status_says(
        "the office CA verifies the server",
        "Tersambung ke PostgreSQL",
    );
}

/// Scrolls the element with `id` to the middle of the view (WebKit's driver types only into
/// what is on screen).
fn reveal(s: &Session, id: &str) {
    s.execute(
        "document.getElementById(arguments[0]).scrollIntoView({ block: 'center' });",
        json!([id]),
    )
    .expect("scroll");
}

/// After a save or an upgrade: "Mulai ulang sekarang" is offered and the password input that
/// was used (`password_id`) is empty again.
fn restart_offered_and_emptied(s: &Session, password_id: &str) {
    let (visible, typed) = (
        s.execute(
            "return !document.getElementById('db-restart-note').hidden",
            json!([]),
        )
        .expect("restart note"),
        s.execute(
            "return document.getElementById(arguments[0]).value",
            json!([password_id]),
        )
        .expect("password field"),
    );
    assert_eq!(visible, json!(true));
    assert_eq!(typed, json!(""), "{password_id}");
}

fn banner(s: &Session) -> String {
    s.execute(
        "const b = document.getElementById('banner'); return b && !b.hidden ? b.textContent : '';",
        json!([]),
    )
    .expect("banner")
    .as_str()
    .unwrap_or_default()
    .to_string()
}

#[test]
fn a_kiosk_request_reaches_the_desk_and_two_desks_race_on_it() {
    let Some(office) = office() else {
        return;
    };
    let fixtures = Fixtures::shared();
    // Never created: `--pg` wins over the database file.
    let unused = tempfile::tempdir().expect("temp dir");
    let unused: &Path = &unused.path().join("unused.db");

    let desk1_h = Harness::start();
    let desk1 = desk1_h.launch_with(unused, &["--pg", &office.desk1]);
    desk1_h.step(&desk1, "server-desk1-about", || {
        open_queue(&desk1).expect("Daftar Pengajuan");
        let about = desk1
            .execute_async(
                "const done = arguments[0]; window.__TAURI__.core.invoke('about').then(done, done);",
                json!([]),
            )
            .expect("about");
        assert_eq!(about["dbKind"], "postgres", "{about}");
        assert!(
            about["dbLabel"].as_str().is_some_and(|l| l.starts_with("meja1_")),
            "{about}"
        );
    });
    desk1_h.step(&desk1, "server-desk1-db-card", || {
        database_card_tests_the_server(&desk1_h, &desk1, &office.desk1)
    });
    open_queue(&desk1).expect("back to Daftar Pengajuan");

    let kiosk_h = Harness::start();
    kiosk_h.camera(&fixtures.kk(), &fixtures.ktp());
    let kiosk = kiosk_h.launch_kiosk_with(unused, &["--pg", &office.kiosk]);
    let reg = kiosk_h.step(&kiosk, "server-kiosk-send", || send_at_kiosk(&kiosk));
    assert!(reg.starts_with("SD-"), "{reg}");
    let sent = Instant::now();
    kiosk_h.screenshot(&kiosk, "server-kiosk-receipt");

    // Nobody touches the first desk: its list takes the new request by itself.
    desk1_h.step(&desk1, "server-desk1-sees-kiosk", || {
        desk1
            .wait_until("the kiosk's request in the desk's list", WAIT, |s| {
                let rows = list_rows(s)?.unwrap_or_default();
                Ok(rows.iter().any(|r| r.reg == reg).then_some(()))
            })
            .expect("seen at the desk");
    });
    println!(
        "kiosk → desk list: {} ms after the receipt showed",
        sent.elapsed().as_millis()
    );
    desk1_h.screenshot(&desk1, "server-desk1-sees-kiosk");

    // The second desk signs in with the accounts on the server and opens the same request.
    let desk2_h = Harness::start();
    let desk2 = desk2_h.launch_with(unused, &["--pg", &office.desk2]);
    desk2_h.step(&desk2, "server-desk2-open", || {
        open_request(&desk2, &reg).expect("desk 2 opens it")
    });
    desk1_h.step(&desk1, "server-desk1-open", || {
        open_request(&desk1, &reg).expect("desk 1 opens it")
    });

    // Both operators decide at once: desk 2 has its Setujui dialog open on what it saw (Baru)
    // when desk 1 approves first and wins.
    desk2_h.step(&desk2, "server-desk2-dialog", || {
        assert_eq!(detail_status(&desk2).expect("status"), "Baru");
        click(&desk2, "#view [data-action='approve']");
        desk2
            .wait_for("dialog#act[open] #act-confirm", WAIT)
            .expect("desk 2's dialog");
    });
    desk1_h.step(&desk1, "server-desk1-approve", || {
        assert_eq!(act(&desk1, "approve", "").expect("approve"), None);
        desk1
            .wait_until("Disetujui at desk 1", WAIT, |s| {
                Ok((detail_status(s)? == "Disetujui").then_some(()))
            })
            .expect("approved");
    });
    // Desk 2 confirms: refused, told who changed it, and shown the request as it is now.
    desk2_h.step(&desk2, "server-desk2-loses", || {
        assert_eq!(act(&desk2, "approve", "").expect("the dialog closes"), None);
        desk2
            .wait_until("the conflict told at desk 2", WAIT, |s| {
                Ok(banner(s).contains("baru saja diubah").then_some(()))
            })
            .expect("told");
        assert!(banner(&desk2).contains("Disetujui"), "{}", banner(&desk2));
        assert_eq!(detail_status(&desk2).expect("status"), "Disetujui");
    });
    desk2_h.screenshot(&desk2, "server-desk2-conflict");
    // Desk 1 records a step while desk 2 only looks: desk 2's open detail follows by itself.
    desk1_h.step(&desk1, "server-desk1-step", || {
        assert_eq!(act(&desk1, "konsolidasi_manual", "").expect("step"), None);
    });
    desk2_h.step(&desk2, "server-desk2-follows", || {
        desk2
            .wait_until("Diproses shown at desk 2 without a click", WAIT, |s| {
                Ok((detail_status(s)? == "Diproses").then_some(()))
            })
            .expect("followed");
        assert!(
            banner(&desk2).contains("diubah di komputer lain"),
            "{}",
            banner(&desk2)
        );
    });
    desk2_h.screenshot(&desk2, "server-desk2-follows");
    // Desk 1's own step is announced to desk 1 too; it is not taken for someone else's.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    assert!(
        !banner(&desk1).contains("komputer lain"),
        "{}",
        banner(&desk1)
    );
}

/// What an admin does on each desk PC: Pengaturan → Database kantor → the server and this PC's
/// login → Simpan koneksi. The password goes to the OS credential store (a real Secret Service
/// here), not into `database.json`; the next start, as a person starts the app, is on the
/// server.
#[test]
fn a_desk_saved_onto_the_server_starts_there() {
    let Some(office) = office() else {
        return;
    };
    let server = Server::of(&office.desk1);
    let h = Harness::start_with_secrets();
    let dir = tempfile::tempdir().expect("temp dir");
    let s = h.launch(&dir.path().join("desk.db"));
    h.step(&s, "saved-onto-server-card", || {
        click(&s, "#nav-settings");
        s.wait_for("#db-kind-postgres", WAIT)
            .expect("the database card");
        assert!(text(&s, "db-in-use").contains("SQLite"));
        server.type_into_card(&s, server.port);
        reveal(&s, "db-save");
        click(&s, "#db-save");
        wait_js(
            &s,
            "the connection saved",
            "return document.getElementById('db-status').textContent.includes('Koneksi tersimpan')",
        );
        assert!(!text(&s, "db-restart-note").is_empty());
        restart_offered_and_emptied(&s, "db-password");
    });
    reveal(&s, "db-status");
    h.screenshot(&s, "saved-onto-server");
    let config = std::fs::read_to_string(h.config_file("database.json")).expect("database.json");
    assert!(config.contains(server.login), "{config}");
    assert!(config.contains(server.database), "{config}");
    assert!(
        !config.contains(server.password),
        "the password is in the file: {config}"
    );
    s.delete().expect("the app closes");

    // Started again as a person starts it: on the server, with the password from the store.
    let again = h.launch_as_configured();
    h.step(&again, "saved-onto-server-again", || {
        let about = again
            .execute_async(
                "const done = arguments[0]; window.__TAURI__.core.invoke('about').then(done, done);",
                json!([]),
            )
            .expect("about");
        assert_eq!(about["dbKind"], "postgres", "{about}");
        let label = about["dbLabel"].as_str().unwrap_or_default();
        assert!(label.starts_with(server.login), "{about}");
    });
}

/// A desk newer than the office's server (here: a server as Sinkron 0.1.0 left it, before the
/// schema was recorded) stops at the sign-in screen, says why, and lets an admin upgrade the
/// server's schema from there with the database owner's login; the next start works.
#[test]
fn a_desk_on_an_older_server_upgrades_its_schema_from_the_sign_in_screen() {
    let Some(office) = office() else {
        return;
    };
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let owner = PgStore::connect(&office.owner).await.expect("owner");
        sqlx::raw_sql("DROP FUNCTION sinkron_schema_version(); DROP TABLE sinkron_schema;")
            .execute(owner.pool())
            .await
            .expect("back to schema 1");
        owner.pool().close().await;
    });
    let server = Server::of(&office.desk1);
    let owner = Server::of(&office.owner);
    let unused = tempfile::tempdir().expect("temp dir");
    let unused: &Path = &unused.path().join("unused.db");
    let h = Harness::start();
    let s = h.launch_at_gate_with(unused, &["--pg", &office.desk1]);
    h.step(&s, "schema-old-sign-in", || {
        wait_js(
            &s,
            "the refusal and the way to the connection",
            "return document.getElementById('g-general').textContent.includes('memperbarui skema server') \
             && !document.getElementById('btn-db-setup').hidden",
        );
    });
    h.screenshot(&s, "schema-old-sign-in");
    h.step(&s, "schema-upgrade", || {
        click(&s, "#btn-db-setup");
        s.wait_for("#db-upgrade", WAIT).expect("the upgrade box");
        server.type_into_card(&s, server.port);
        for (id, value) in [("db-owner", owner.login), ("db-ownerPassword", owner.password)] {
            reveal(&s, id);
            type_into(&s, &format!("#{id}"), value).expect(id);
        }
        reveal(&s, "db-upgrade");
        click(&s, "#db-upgrade");
        wait_js(
            &s,
            "the schema upgraded",
            "return document.getElementById('db-status').textContent.includes('diperbarui dari 1 ke')",
        );
        restart_offered_and_emptied(&s, "db-ownerPassword");
    });
    reveal(&s, "db-status");
    h.screenshot(&s, "schema-upgraded");
    s.delete().expect("the app closes");

    // Started again on the upgraded server: the gate lets the first admin in as usual.
    let again = h.launch_with(unused, &["--pg", &office.desk1]);
    h.step(&again, "schema-upgraded-again", || {
        open_queue(&again).expect("Daftar Pengajuan on the upgraded server");
    });
}
