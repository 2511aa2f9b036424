//! Test support in one place, for every crate's tests (a dev-dependency only: no build of the
//! app carries it): the test PostgreSQL server and fresh databases on it ([`server`]), and a
//! child process killed at random moments while it writes ([`kill`]), which the SQLite crash
//! and backup tests and the server's killed-desk test share, and a small disk that fills up
//! ([`disk`]). Sample photos stay in the core
//! (`sinkron_core::photo::sample`), because the app's `--self-check` decodes them too.

pub mod disk;
pub mod kill;
pub mod server;
