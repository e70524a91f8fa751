//! The office's holiday calendar file: read or refused naming the file; date arithmetic on any
//! calendar it accepts ends.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use taizhang::ledger::Calendar;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match Calendar::parse(text, "calendar.toml") {
        Ok(cal) => {
            let start = NaiveDate::from_ymd_opt(2026, 9, 18).expect("date");
            assert!(cal.add_days(start, 15) > start);
            assert!(cal.add_working_days(start, 20) > start);
            let _ = cal.add_months(start, 6);
        }
        Err(e) => assert!(e.to_string().contains("calendar.toml"), "{e}"),
    }
});
