//! One seed summary's casework rebuilt by hand through the command line: 篇五's petitions and
//! disputes ("今年以来共参与协调事件30余件、协调次数50余次,涉及600余人次,企业满意率100%。一是成功
//! 化解德乐公司与其职工杜**劳资纠纷,湘顺硅业公司与其职工乌几莫工伤纠纷。二是……成功稳控回隆乡联合村
//! 草尼马150余人、竹马村青杠组村80余户380余人等上访事件"), entered after the fact with `--on`
//! and without touching the clock, and its figures read back from `report` and `summary`.
//!
//! The ledger, worked out by hand (all in the first half of last year, so every day is past):
//! - 20 petitions: 联合村草尼马 (150 people, 150 person-times at intake), 竹马村青杠组 (80
//!   households, 380 people and person-times) and 18 single petitioners (1 each): 548 at intake.
//! - 13 labour disputes: 德乐公司 (worker 杜某某) and 湘顺硅业 (work injury, 乌几莫), and 11 more.
//! - Coordination: a visit of 2 people on each of the 33 (33 rounds, 66), 17 coordination
//!   rounds of 1 person on the two collective petitions and the two named disputes (17, 17), and
//!   one 三方协调会 of 8 people shared by 德乐, 湘顺 and 联合村 (1 round, 8 — not 3 and 24).
//!   Rounds 33 + 17 + 1 = 51 ("50余次"); person-times 548 + 66 + 17 + 8 = 639 ("600余人次").
//! - Closed: the two collective petitions and 8 single ones, all satisfied (100%); the two named
//!   disputes settled and closed.

use crate::support::sandbox::Sandbox;
use chrono::Datelike;

/// Run `taizhang` and expect success.
fn tz(s: &Sandbox, args: &[&str]) -> String {
    s.ok(args).trim().to_string()
}

#[test]
fn the_fifth_summarys_petitions_and_disputes_rebuilt_with_on() {
    let s = Sandbox::new();
    let y = taizhang::ledger::clock::today().year() - 1;
    let day = |m: u32, d: u32| format!("{y}-{m:02}-{d:02}");

    // Registration, January to March.
    let p1 = tz(
        &s,
        &[
            "add",
            "petition",
            "--title",
            "联合村村民集体上访",
            "--party",
            "回隆乡联合村草尼马",
            "-f",
            "people=150",
            "-f",
            "person_times=150",
            "-f",
            "collective=yes",
            "--on",
            &day(1, 8),
        ],
    );
    let p2 = tz(
        &s,
        &[
            "add",
            "petition",
            "--title",
            "竹马村青杠组村民上访",
            "--party",
            "竹马村青杠组",
            "-f",
            "people=380",
            "-f",
            "households=80",
            "-f",
            "person_times=380",
            "-f",
            "collective=yes",
            "--on",
            &day(1, 15),
        ],
    );
    let mut petitions = vec![p1.clone(), p2.clone()];
    for i in 0..18 {
        petitions.push(tz(
            &s,
            &[
                "add",
                "petition",
                "--title",
                &format!("企业周边农户诉求{i}"),
                "-f",
                "people=1",
                "-f",
                "person_times=1",
                "--on",
                &day(2, 1 + i),
            ],
        ));
    }
    let d1 = tz(
        &s,
        &[
            "add",
            "labour",
            "--title",
            "德乐公司拖欠工资",
            "--party",
            "杜某某",
            "-f",
            "employer=德乐公司",
            "-f",
            "subtype=wage",
            "--on",
            &day(1, 20),
        ],
    );
    let d2 = tz(
        &s,
        &[
            "add",
            "labour",
            "--title",
            "湘顺硅业工伤纠纷",
            "--party",
            "乌几莫",
            "-f",
            "employer=湘顺硅业公司",
            "-f",
            "subtype=injury",
            "--on",
            &day(1, 22),
        ],
    );
    let mut disputes = vec![d1.clone(), d2.clone()];
    for i in 0..11 {
        disputes.push(tz(
            &s,
            &[
                "add",
                "labour",
                "--title",
                &format!("园区企业用工纠纷{i}"),
                "-f",
                "employer=园区企业",
                "--on",
                &day(3, 1 + i),
            ],
        ));
    }
    assert!(
        p1.starts_with(&format!("XF-{y}-")),
        "the id's year is the registration's: {p1}"
    );

    // A visit on every matter in April.
    for id in petitions.iter().chain(&disputes) {
        tz(
            &s,
            &[
                "note",
                id,
                "走访了解诉求",
                "--type",
                "visit",
                "--people",
                "2",
                "--on",
                &day(4, 2),
            ],
        );
    }
    // 17 coordination rounds on the four named matters, in April and May.
    let named = [&p1, &p2, &d1, &d2];
    for i in 0..17u32 {
        let id = named[i as usize % 4];
        tz(
            &s,
            &[
                "note",
                id,
                "协调处理",
                "--type",
                "coordination",
                "--people",
                "1",
                "--on",
                &day(4, 10 + i),
            ],
        );
    }
    // One meeting about three matters: one shared note.
    let shared = tz(
        &s,
        &[
            "note",
            &d1,
            &d2,
            &p1,
            "三方协调会",
            "--type",
            "meeting",
            "--people",
            "8",
            "--on",
            &day(5, 20),
        ],
    );
    assert_eq!(shared.lines().count(), 3, "one note on each case: {shared}");

    // Closing in June: the collective petitions and 8 single ones satisfied; the named
    // disputes settled and closed.
    for id in petitions.iter().take(10) {
        tz(&s, &["move", id, "accepted", "--on", &day(6, 1)]);
        tz(
            &s,
            &[
                "move",
                id,
                "answered",
                "--note",
                "书面答复",
                "--on",
                &day(6, 10),
            ],
        );
        tz(
            &s,
            &[
                "move",
                id,
                "closed",
                "-f",
                "satisfaction=满意",
                "--note",
                "息访",
                "--on",
                &day(6, 20),
            ],
        );
    }
    for id in [&d1, &d2] {
        tz(&s, &["move", id, "mediating", "--on", &day(5, 25)]);
        tz(
            &s,
            &[
                "move",
                id,
                "settled",
                "--note",
                "达成调解协议",
                "--on",
                &day(6, 5),
            ],
        );
        tz(
            &s,
            &[
                "move",
                id,
                "closed",
                "--note",
                "履行完毕",
                "--on",
                &day(6, 25),
            ],
        );
    }

    // The history says when each thing happened beside when it was recorded.
    let history = tz(&s, &["--lang", "zh", "history", &d1]);
    assert!(
        history.contains(&format!("发生于 {}", day(6, 25))),
        "{history}"
    );
    assert!(history.contains("记录于 20"), "{history}");

    let report: serde_json::Value = serde_json::from_str(&tz(
        &s,
        &["report", "--period", &format!("{y}H1"), "--format", "json"],
    ))
    .expect("report json");
    let co = &report["coordination"];
    assert_eq!(co["matters"], 33, "{co}");
    assert_eq!(co["rounds"], 51, "{co}");
    assert_eq!(co["person_times"], 639, "{co}");
    assert_eq!(co["rated"], 10, "{co}");
    assert_eq!(co["satisfied"], 10, "{co}");
    // Decimals are written as exact strings.
    let rate: rust_decimal::Decimal = co["satisfaction_rate"]
        .as_str()
        .and_then(|r| r.parse().ok())
        .unwrap_or_else(|| panic!("a rate: {co}"));
    assert_eq!(rate, rust_decimal::Decimal::from(100), "{co}");
    let pe = &report["petition"];
    assert_eq!(
        (
            pe["handled"].as_u64(),
            pe["closed"].as_u64(),
            pe["collective"].as_u64()
        ),
        (Some(20), Some(10), Some(2))
    );
    let named: Vec<(String, i64)> = pe["named"]
        .as_array()
        .expect("named")
        .iter()
        .map(|n| {
            (
                n["name"].as_str().unwrap_or_default().to_string(),
                n["people"].as_i64().unwrap_or(0),
            )
        })
        .collect();
    assert_eq!(
        named,
        vec![
            ("竹马村青杠组".to_string(), 380),
            ("回隆乡联合村草尼马".to_string(), 150)
        ]
    );
    let la = &report["labour"];
    assert_eq!(
        (la["handled"].as_u64(), la["closed"].as_u64()),
        (Some(13), Some(2))
    );
    let employers: Vec<&str> = la["resolved"]
        .as_array()
        .expect("resolved")
        .iter()
        .filter_map(|r| r["employer"].as_str())
        .collect();
    assert!(
        employers.contains(&"德乐公司") && employers.contains(&"湘顺硅业公司"),
        "{employers:?}"
    );

    // Nothing of it lies in the second half, where it was recorded.
    let h2: serde_json::Value = serde_json::from_str(&tz(
        &s,
        &["report", "--period", &format!("{y}H2"), "--format", "json"],
    ))
    .expect("report json");
    assert_eq!(h2["coordination"]["rounds"], 0);
    assert_eq!(h2["petition"]["closed"], 0);

    // The summary over the same days says the same.
    let summary: serde_json::Value = serde_json::from_str(&tz(
        &s,
        &[
            "summary",
            "--from",
            &day(1, 1),
            "--to",
            &day(6, 30),
            "--json",
        ],
    ))
    .expect("summary json");
    assert_eq!(summary["coordination"], report["coordination"]);
}
