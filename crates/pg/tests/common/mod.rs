//! What every PostgreSQL test needs: a fresh database on the test server with the schema and
//! roles installed, and logins in the group roles, each connecting with its own password as a
//! PC would. The server comes from `SINKRON_TEST_PG_URL` (a superuser URL; `cargo xtask test`
//! starts one). Without it a test says so loudly and passes only outside CI.

#![allow(dead_code)] // each test file uses its own part of this

use sinkron_core::photo::{self, sample};
use sinkron_core::{validate_form, FormInput, ProcessedPhoto, ValidRequest};
use sinkron_pg::{GroupRole, PgStore};
use sinkron_testing::server as testing;
use sqlx::postgres::PgConnectOptions;

pub const PASSWORD: &str = "sandi-uji-kantor";

/// A fresh database on the test server.
pub struct TestDb {
    /// The schema owner's store.
    pub owner: PgStore,
    /// `postgres://user:password@host:port` without the database.
    base: String,
    /// `host:port`.
    host: String,
    pub name: String,
    suffix: String,
}

impl TestDb {
    /// `None` (after a loud message) when no server is configured outside CI.
    pub async fn new() -> Option<TestDb> {
        let db = TestDb::empty().await?;
        db.owner.install().await.expect("schema and roles");
        Some(db)
    }

    /// A fresh database without Sinkron's schema (e.g. to restore a backup into).
    pub async fn empty() -> Option<TestDb> {
        let admin_url = testing::server_url()?;
        let (base, name) = testing::fresh_database(&admin_url, "sinkron_t").await;
        let suffix = name.trim_start_matches("sinkron_t_").to_string();
        let owner = PgStore::connect(&format!("{base}/{name}"))
            .await
            .expect("owner");
        let host = base.rsplit_once('@').expect("user@host").1.to_string();
        Some(TestDb {
            owner,
            base,
            host,
            name,
            suffix,
        })
    }

    /// A new login in `group` (`tag` keeps logins apart) and its URL. A desk's login is an
    /// operator's own (since schema 7 a desk PC's login reaches no table): an admin account
    /// named after `tag`, so that a test may also change settings and accounts.
    pub async fn login_url(&self, group: GroupRole, tag: &str) -> String {
        if group == GroupRole::Operator {
            let username = format!("{:-<3}", tag.replace('_', "-"));
            self.account(&username, "admin").await;
            let login = sinkron_pg::operator_login(&username, &self.name).replace('@', "%40");
            return format!("postgres://{login}:{PASSWORD}@{}/{}", self.host, self.name);
        }
        let login = format!("{tag}_{}", self.suffix);
        self.owner
            .create_login(&login, PASSWORD, group)
            .await
            .expect("login created");
        format!("postgres://{login}:{PASSWORD}@{}/{}", self.host, self.name)
    }

    /// A desk PC's own login (in `sinkron_operator`), as a PC keeps it: it reaches no table.
    pub async fn pc_login(&self, tag: &str) -> PgStore {
        let login = format!("{tag}_{}", self.suffix);
        self.owner
            .create_login(&login, PASSWORD, GroupRole::Operator)
            .await
            .expect("login created");
        PgStore::connect(&format!(
            "postgres://{login}:{PASSWORD}@{}/{}",
            self.host, self.name
        ))
        .await
        .expect("the PC's login connects")
    }

    /// A store connected as a new login in `group`.
    pub async fn login(&self, group: GroupRole, tag: &str) -> PgStore {
        let url = self.login_url(group, tag).await;
        PgStore::connect(&url)
            .await
            .expect("the login connects with its own password")
    }

    /// A new operator account made by the owner through the server's account function, with
    /// its own server login (`<username>@<database>`); its id.
    pub async fn account(&self, username: &str, role: &str) -> i64 {
        sqlx::query_scalar("SELECT sinkron_account_create($1, $2, $3, $4)")
            .bind(username)
            .bind(format!("Petugas {username}"))
            .bind(role)
            .bind(sinkron_core::auth::scram_verifier(PASSWORD))
            .fetch_one(self.owner.pool())
            .await
            .expect("the owner creates an account")
    }

    /// An operator's server login, as a desk signs in with it.
    pub fn operator_options(&self, username: &str, password: &str) -> PgConnectOptions {
        let (host, port) = self.host.rsplit_once(':').expect("host:port");
        PgConnectOptions::new()
            .host(host)
            .port(port.parse().expect("port"))
            .database(&self.name)
            .username(&sinkron_pg::operator_login(username, &self.name))
            .password(password)
    }

    /// A store connected as an operator's own login.
    pub async fn operator(&self, username: &str) -> PgStore {
        PgStore::connect_with(self.operator_options(username, PASSWORD))
            .await
            .expect("the operator's login connects with its password")
    }

    /// The owner's URL, for a child process.
    pub fn owner_url(&self) -> String {
        format!("{}/{}", self.base, self.name)
    }
}

pub fn request() -> ValidRequest {
    let input = FormInput {
        name: "Siti Aminah".into(),
        nik: "1610014107950001".into(),
        kk: "1610010203150003".into(),
        problem: "NIK 1610015505200003 anak tdk bisa daftar BPJS".into(),
        wa: "0812-3456-7890".into(),
    };
    validate_form(
        &input,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
    )
    .unwrap()
}

/// A KK and a KTP-el photo, processed once per test binary.
pub fn photos() -> (ProcessedPhoto, ProcessedPhoto) {
    static PHOTOS: std::sync::OnceLock<(ProcessedPhoto, ProcessedPhoto)> =
        std::sync::OnceLock::new();
    PHOTOS
        .get_or_init(|| {
            (
                photo::process(&sample::phone_photo(640, 480, 1)).unwrap(),
                photo::process(&sample::phone_photo(480, 320, 1)).unwrap(),
            )
        })
        .clone()
}

/// `photo` as if the intake had measured it sharp and well lit, or shaken (`blurry`).
pub fn measured(mut photo: ProcessedPhoto, blurry: bool) -> ProcessedPhoto {
    let q = &mut photo.quality;
    (q.mean, q.frame_mean, q.glare_share, q.document) = (150.0, 150.0, 0.0, None);
    q.sharpness = if blurry { 0.1 } else { 5.0 };
    photo
}

/// `photo` with a document found in it with confidence, a little turned.
pub fn with_document(mut photo: ProcessedPhoto) -> ProcessedPhoto {
    use sinkron_core::photo::geometry::Point;
    let (w, h) = (
        f64::from(photo.preview.width),
        f64::from(photo.preview.height),
    );
    photo.quality.document = Some(sinkron_core::photo::quality::Found {
        corners: [
            Point::new(w * 0.1, h * 0.1),
            Point::new(w * 0.9, h * 0.08),
            Point::new(w * 0.88, h * 0.85),
            Point::new(w * 0.12, h * 0.9),
        ],
        fill: 0.6,
        across: 2000,
        cut: false,
        confident: true,
    });
    photo
}

/// A request with its own name, NIK and KK (the rest as in [`request`]).
pub fn request_of(name: &str, nik: &str, kk: &str) -> ValidRequest {
    let input = FormInput {
        name: name.into(),
        nik: nik.into(),
        kk: kk.into(),
        problem: "NIK tidak bisa daftar BPJS".into(),
        wa: "081234567890".into(),
    };
    validate_form(
        &input,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
    )
    .unwrap()
}
