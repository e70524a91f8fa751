//! Importing a .xlsx file (dry run): refused whole or accepted whole, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
#[allow(unused_imports)]
use taizhang::ledger::Kind;

#[path = "import_common.rs"]
mod import_common;

fuzz_target!(|data: &[u8]| {
    import_common::dry_run(data, "xlsx", Some(Kind::Hazard));
});
