//! What the integration tests share: a private ledger and config per test with the built binary
//! ([`Sandbox`]), the interface harness ([`tui`]), the writer processes and checks of the crash
//! and concurrency tests ([`soak`]), the hand-worked ledger of the report tests
//! ([`report_fixture`]).

pub mod report_fixture;
pub mod sandbox;
pub mod soak;
pub mod tui;

pub use sandbox::{Sandbox, bump_version, write_file};
