//! What the integration tests share: a private ledger and config per test with the built binary
//! ([`Sandbox`]), the interface harness ([`tui`]), the writer processes and checks of the crash
//! and concurrency tests ([`soak`]), the hand-worked ledger of the report tests
//! ([`report_fixture`]), and a plausible value for any field ([`sample`]).

pub mod report_fixture;
pub mod sandbox;
pub mod soak;
pub mod tui;
pub mod words_fixture;

pub use sandbox::{Sandbox, bump_version, write_file};

use taizhang::ledger::Kind;
use taizhang::ledger::schema::FieldType;

/// A plausible value for a field a transition requires.
pub fn sample(kind: Kind, field: &str) -> String {
    let def = kind.def().field(field).expect("required field is defined");
    match def.ty {
        FieldType::Date => "2026-06-30".into(),
        FieldType::Money | FieldType::AreaMu | FieldType::AreaM2 | FieldType::Int => "12".into(),
        FieldType::Bool => "yes".into(),
        FieldType::Enum => def.options[0].key.clone(),
        FieldType::Text | FieldType::List => "文书2026-1号".into(),
    }
}
