//! JSON Lines export → import into an empty ledger gives the same ledger, history included; and
//! backups taken while the ledger is in use are complete, checkable and never overwrite.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use crate::support::Sandbox;
use taizhang::ledger::snapshot::Snapshot;
use taizhang::ledger::{Calendar, Kind, Ledger, Target};

fn snapshot(db: &Path) -> Snapshot {
    Ledger::open(db, Calendar::none())
        .expect("open")
        .snapshot()
        .expect("snapshot")
}

/// Compare two ledgers case by case and field by field, so a failure names what differs.
fn assert_same(a: &Snapshot, b: &Snapshot) {
    assert_eq!(a.cases.len(), b.cases.len(), "number of cases");
    for ((ca, ha), (cb, hb)) in a.cases.iter().zip(&b.cases) {
        assert_eq!(ca.id, cb.id);
        assert_eq!(ca.fields, cb.fields, "{} fields", ca.id);
        assert_eq!(ca.state, cb.state, "{} state", ca.id);
        assert_eq!(ca.clock, cb.clock, "{} clock", ca.id);
        assert_eq!(ca, cb, "{} record", ca.id);
        assert_eq!(ha.len(), hb.len(), "{} history length", ca.id);
        for (ea, eb) in ha.iter().zip(hb) {
            assert_eq!(ea, eb, "{} event {}", ca.id, ea.seq);
        }
    }
    assert_eq!(a.targets, b.targets, "targets");
    assert_eq!(a.rule_set, b.rule_set, "rule set");
}

fn busy_ledger(s: &Sandbox) {
    s.ok(&["demo"]);
    let id = s.ok(&[
        "add",
        "petition",
        "--title",
        "联合村上访|管道",
        "-f",
        "phone=13812345678",
        "-f",
        "id_number=530822199001011234",
    ]);
    let id = id.trim();
    s.ok(&["edit", id, "phone=13900001111"]);
    s.ok(&["rules", "zhejiang"]);
    let l = Ledger::open(&s.db(), Calendar::none()).expect("open");
    l.set_target(&Target {
        kind: Kind::Demolition,
        measure: "area_demolished_m2".into(),
        year: 2026,
        guaranteed: "4000".parse().unwrap(),
        stretch: Some("4800".parse().unwrap()),
    })
    .expect("target");
}

#[test]
fn jsonl_export_then_import_into_an_empty_ledger_is_the_same_ledger() {
    let s = Sandbox::new();
    busy_ledger(&s);
    let file = s.dir.path().join("台账.jsonl");
    s.ok(&[
        "export",
        "--format",
        "jsonl",
        "--with-pii",
        "--output",
        file.to_str().unwrap(),
    ]);
    // The export is read after the personal-data view is recorded, so it carries that record.
    let original = snapshot(&s.db());
    assert!(original.cases.len() > 10, "the demo ledger has cases");
    assert!(
        original
            .cases
            .iter()
            .all(|(_, h)| h.last().is_some_and(|e| e.change.key() == "pii_viewed"))
    );

    let empty = tempfile::tempdir().unwrap();
    let db2 = empty.path().join("new.redb");
    let out = s
        .cmd()
        .env("TAIZHANG_DB", &db2)
        .args(["import", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!(
            "{} new, 0 updated, 0 unchanged",
            original.cases.len()
        )),
        "{stdout}"
    );
    assert_same(&original, &snapshot(&db2));

    // The copy is a working ledger: it checks clean and new ids continue after the imported ones.
    let check = s
        .cmd()
        .env("TAIZHANG_DB", &db2)
        .args(["check"])
        .output()
        .unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let add = s
        .cmd()
        .env("TAIZHANG_DB", &db2)
        .args(["add", "petition", "--title", "新的"])
        .output()
        .unwrap();
    let new_id = String::from_utf8_lossy(&add.stdout).trim().to_string();
    assert!(
        original.cases.iter().all(|(c, _)| c.id != new_id),
        "{new_id} collides"
    );

    // Importing the same file again changes nothing.
    let again = s
        .cmd()
        .env("TAIZHANG_DB", &db2)
        .args(["import", file.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&again.stdout).contains(&format!(
        "0 new, 0 updated, {} unchanged",
        original.cases.len()
    )));
}

#[test]
fn jsonl_into_a_ledger_with_different_cases_of_the_same_ids_is_refused_whole() {
    let s = Sandbox::new();
    s.ok(&["add", "petition", "--title", "甲"]);
    s.ok(&["add", "petition", "--title", "乙"]);
    let file = s.dir.path().join("a.jsonl");
    s.ok(&[
        "export",
        "--format",
        "jsonl",
        "--output",
        file.to_str().unwrap(),
    ]);
    let other = Sandbox::new();
    other.ok(&["add", "petition", "--title", "丙"]);
    let before = snapshot(&other.db());
    let out = other.run(&["import", file.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("already in the ledger with a different record")
            && err.contains("nothing imported"),
        "{err}"
    );
    let after = snapshot(&other.db());
    assert_eq!(before.version, after.version, "nothing written");
    assert_same(&before, &after);
}

#[test]
fn exports_mask_personal_data_in_cases_and_histories_unless_asked() {
    let s = Sandbox::new();
    let id = s
        .ok(&[
            "add",
            "labour",
            "--title",
            "欠薪",
            "-f",
            "phone=13812345678",
        ])
        .trim()
        .to_string();
    s.ok(&["edit", &id, "phone=13900001111"]);
    let before = snapshot(&s.db());
    for format in ["jsonl", "csv", "md"] {
        let out = s.ok(&["export", "--format", format]);
        assert!(
            !out.contains("13812345678") && !out.contains("13900001111"),
            "{format}: {out}"
        );
        assert!(out.contains("139******11"), "{format}: {out}");
    }
    assert_eq!(
        snapshot(&s.db()).version,
        before.version,
        "a masked export records nothing"
    );
    let out = s.ok(&["export", "--format", "csv", "--with-pii"]);
    assert!(out.contains("13900001111"), "{out}");
    let hist = s.ok(&["history", &id, "--json"]);
    assert!(
        hist.contains("pii_viewed") && hist.contains("export --with-pii"),
        "{hist}"
    );
}

#[test]
fn backup_is_a_complete_checkable_copy_that_never_overwrites() {
    let s = Sandbox::new();
    busy_ledger(&s);
    let path = s.dir.path().join("backups").join("2026-11-25.redb");
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let out = s.ok(&["backup", path.to_str().unwrap()]);
    assert!(out.contains("backed up"), "{out}");
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o660, "backup mode {mode:o}");
    let check = s.ok(&["check", path.to_str().unwrap()]);
    assert!(check.contains("ok"), "{check}");
    assert_same(&snapshot(&s.db()), &snapshot(&path));

    let len = std::fs::metadata(&path).unwrap().len();
    let err = s.fails(&["backup", path.to_str().unwrap()]);
    assert!(err.contains("already exists"), "{err}");
    assert_eq!(
        std::fs::metadata(&path).unwrap().len(),
        len,
        "the first backup is untouched"
    );
    // No half-written temporary files are left beside it.
    let names: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");

    // A JSON Lines backup restores into an empty ledger.
    let jl = s.dir.path().join("backups").join("2026-11-25.jsonl");
    s.ok(&["backup", jl.to_str().unwrap()]);
    let db2 = s.dir.path().join("restored.redb");
    let out = s
        .cmd()
        .env("TAIZHANG_DB", &db2)
        .args(["import", jl.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_same(&snapshot(&s.db()), &snapshot(&db2));
}
