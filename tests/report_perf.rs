//! Timing of the report path on a big ledger (not a unit test; run by hand in release mode):
//! `TAIZHANG_BENCH_DB=/path/ledger.redb cargo test --release --test report_perf -- --ignored --nocapture`
//! after `taizhang demo --generate 100000` into that ledger.

use std::time::Instant;

use taizhang::ledger::report::{Dashboard, Data, Figures, Period};
use taizhang::ledger::{Calendar, Ledger};

#[test]
#[ignore = "needs a generated ledger in TAIZHANG_BENCH_DB"]
fn time_the_report_path() {
    let Some(path) = std::env::var_os("TAIZHANG_BENCH_DB") else {
        eprintln!("set TAIZHANG_BENCH_DB");
        return;
    };
    let ledger = Ledger::open(std::path::Path::new(&path), Calendar::none()).expect("open");
    let t = Instant::now();
    let cases = ledger.cases().expect("cases");
    let t_cases = t.elapsed();
    let t = Instant::now();
    let events = ledger.all_events().expect("events");
    let t_events = t.elapsed();
    eprintln!(
        "{} cases in {t_cases:?}; {} events in {t_events:?}",
        cases.len(),
        events.len()
    );
    let t = Instant::now();
    let data = Data::from_parts(
        cases,
        events,
        ledger.targets().expect("targets"),
        ledger.rule_set().expect("rules"),
    );
    eprintln!("grouped in {:?}", t.elapsed());
    let today = taizhang::ledger::store::today();
    for p in ["2026H1", "2026"] {
        let t = Instant::now();
        let f = Figures::compute(
            &data,
            &Calendar::none(),
            &Period::parse(p).expect("period"),
            today,
        );
        eprintln!(
            "compute {p}: {:?} ({} handled petitions)",
            t.elapsed(),
            f.petition.handled
        );
    }
    let t = Instant::now();
    let d = Dashboard::from_data(&data, &Calendar::none(), today);
    eprintln!("dashboard: {:?} ({} open)", t.elapsed(), d.open);
    let t = Instant::now();
    let _ = Data::read(&ledger).expect("read");
    eprintln!("Data::read: {:?}", t.elapsed());
    // Only the histories of cases changed this year.
    let since = chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
        .expect("date")
        .and_hms_opt(0, 0, 0)
        .expect("time")
        .and_utc();
    let t = Instant::now();
    let mut n = 0;
    let mut k = 0;
    for c in &data.cases {
        if c.updated >= since {
            k += 1;
            n += ledger.history(&c.id).expect("history").len();
        }
    }
    eprintln!(
        "history() of {k} cases changed this year: {n} events in {:?}",
        t.elapsed()
    );
}
