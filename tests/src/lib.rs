//! The end-to-end harness for Sinkron: it starts a virtual display (Xvfb) and `tauri-driver`
//! itself, launches the real `sinkron` debug binary on a database of the test's choosing, and
//! drives the window through a small W3C WebDriver client. The tests are in `tests/`.
//!
//! Missing tools are a failure, never a skip: a test that cannot run must not look green.

pub mod fixtures;
pub mod harness;
pub mod kiosk_ui;
pub mod paper;
pub mod secrets;
pub mod ui;
pub mod webdriver;

pub use fixtures::Fixtures;
pub use harness::Harness;
pub use webdriver::{Element, Session};
