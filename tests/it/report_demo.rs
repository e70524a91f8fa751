//! The figures over the demo ledger and a large generated one: passing over the old closed cases
//! that no figure of a period can count gives the figures that reading every case gives.

use taizhang::ledger::report::{Data, Figures, Period};
use taizhang::ledger::{Calendar, Ledger};

#[test]
fn passing_over_old_closed_cases_changes_no_figure() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = Ledger::open(&dir.path().join("l.redb"), Calendar::none()).unwrap();
    taizhang::demo::load(&ledger).unwrap();
    taizhang::demo::generate(&ledger, 1500, 3).unwrap();
    let data = Data::read(&ledger).unwrap();
    let today = taizhang::ledger::clock::today();
    for p in [
        "2025",
        "2025Q2",
        "2025H2",
        "2026H1",
        "2026Q3",
        "2026",
        "2025-06-10..2026-03-03",
    ] {
        let p = Period::parse(p).unwrap();
        let whole = Figures::compute_with(&data, &Calendar::none(), &p, today, false).unwrap();
        let quick = Figures::compute(&data, &Calendar::none(), &p, today).unwrap();
        assert_eq!(
            serde_json::to_value(&quick).unwrap(),
            serde_json::to_value(&whole).unwrap(),
            "{p:?}"
        );
    }
}
