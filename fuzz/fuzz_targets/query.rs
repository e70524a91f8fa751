//! The query language: any text parses or is refused with a column inside it, and a parsed
//! query evaluates against cases of every kind without panicking.
#![no_main]

use chrono::{NaiveDate, Utc};
use libfuzzer_sys::fuzz_target;
use taizhang::ledger::query::{Env, Query};
use taizhang::ledger::{Calendar, Command, Kind, LedgerError, command};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let cal = Calendar::none();
    let today = NaiveDate::from_ymd_opt(2026, 5, 20).expect("date");
    match Query::parse(text) {
        Ok(q) => {
            let env = Env {
                today,
                rule_set: "national",
                calendar: &cal,
                user: "wang",
            };
            let ctx = command::Context {
                today,
                time: None,
        recorded: false,
                rule_set: "national",
                calendar: &cal,
            };
            for kind in Kind::ALL {
                let fields = vec![
                    ("people".to_string(), "150".to_string()),
                    ("tags".to_string(), "集体访".to_string()),
                ];
                let Ok((case, _)) = command::create(
                    format!("{}-2026-0001", kind.def().code),
                    kind,
                    "联合村",
                    &fields,
                    None,
                    &ctx,
                    Utc::now(),
                ) else {
                    continue;
                };
                let _ = q.matches(&case, &env);
                let _ = Command::Resume {
                    id: case.id.clone(),
                };
            }
        }
        Err(LedgerError::Query { column, .. }) => {
            assert!(
                column >= 1 && column <= text.chars().count() + 1,
                "column {column} outside {text:?}"
            );
        }
        Err(e) => panic!("a query error without a column: {e}"),
    }
});
