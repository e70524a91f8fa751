//! Importing a large 台账: 100,000 CSV rows in one all-or-nothing transaction, timed.
//! Run in release mode: `cargo test --release --test it import_perf -- --ignored --nocapture`
//! (the budget, 3 s, is asserted only there).

use std::fmt::Write;
use std::time::Instant;

use crate::support::Sandbox;

/// A realistic file: labour disputes with an office reference, employer, people, amount with
/// thousands separators, dates in mixed styles and a state a few steps down the workflow.
pub fn big_csv(rows: usize) -> String {
    let mut s = String::with_capacity(rows * 120);
    s.push_str("编号,标题,企业,涉及人数,金额(元),登记日期,状态,仲裁案号\n");
    let states = ["登记", "调解中", "调解成功", "仲裁"];
    for i in 0..rows {
        let month = i % 12 + 1;
        let day = i % 28 + 1;
        let date = match i % 3 {
            0 => format!("2025-{month:02}-{day:02}"),
            1 => format!("2025/{month}/{day}"),
            _ => format!("2025年{month}月{day}日"),
        };
        let state = states[i % states.len()];
        let arb = if state == "仲裁" {
            format!("劳仲〔2025〕{i}号")
        } else {
            String::new()
        };
        let _ = writeln!(
            s,
            "LD{i:06},第{i}号欠薪纠纷,企业{},{},\"{},{:03}.50\",{date},{state},{arb}",
            i % 997,
            i % 40 + 1,
            i % 900 + 1,
            i % 1000
        );
    }
    s
}

#[test]
#[ignore = "timing: run in release with --ignored"]
fn importing_100000_rows_fits_the_budget() {
    let s = Sandbox::new();
    let file = s.dir.path().join("劳资纠纷.csv");
    std::fs::write(&file, big_csv(100_000)).unwrap();
    let start = Instant::now();
    let out = s.ok(&["import", file.to_str().unwrap()]);
    let took = start.elapsed();
    println!("import of 100,000 rows: {took:.2?} ({out})");
    assert!(out.contains("100000 new"), "{out}");
    let start = Instant::now();
    let again = s.ok(&["import", file.to_str().unwrap()]);
    println!(
        "re-import, all unchanged: {:.2?} ({again})",
        start.elapsed()
    );
    assert!(again.contains("100000 unchanged"), "{again}");
    if !cfg!(debug_assertions) {
        assert!(
            took.as_secs_f64() <= 3.0,
            "import took {took:?}, budget 3 s"
        );
    }
}
