//! Several officers' processes writing one ledger at once: really spawned processes.

use std::process::{Command, Stdio};

use crate::support::Sandbox;
use taizhang::ledger::{Calendar, Command as LedgerCommand, Kind, Ledger, NoteType};

const WORKERS: usize = 4;
const ROUNDS: usize = 40;

/// The body of a spawned writer: runs only when the parent test re-executes this binary.
#[test]
fn worker_process() {
    let Ok(spec) = std::env::var("TAIZHANG_TEST_WORKER") else {
        return;
    };
    let (db, n, shared) = {
        let mut p = spec.split('|');
        (
            p.next().unwrap().to_string(),
            p.next().unwrap().to_string(),
            p.next().unwrap().to_string(),
        )
    };
    let ledger = Ledger::open(std::path::Path::new(&db), Calendar::none()).expect("open");
    for i in 0..ROUNDS {
        let out = ledger
            .execute(LedgerCommand::Create {
                kind: Kind::Hazard,
                title: format!("w{n} case {i}"),
                fields: vec![("company".into(), format!("企业{n}"))],
                source: None,
            })
            .expect("add");
        println!("added {}", out.id);
        let out = ledger
            .execute(LedgerCommand::Note {
                id: shared.clone(),
                note_type: NoteType::Visit,
                text: format!("w{n} note {i}"),
                people: Some(1),
                date: None,
            })
            .expect("note");
        println!("noted {} {}", out.id, out.rev);
    }
}

fn spawn_workers(s: &Sandbox, shared: &str) -> Vec<String> {
    let children: Vec<_> = (0..WORKERS)
        .map(|n| {
            Command::new(std::env::current_exe().unwrap())
                .args([
                    "--exact",
                    "concurrency::worker_process",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(
                    "TAIZHANG_TEST_WORKER",
                    format!("{}|{n}|{shared}", s.db().display()),
                )
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn worker")
        })
        .collect();
    children
        .into_iter()
        .map(|c| {
            let out = c.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr).to_string();
            assert!(out.status.success(), "worker failed: {stderr}");
            assert!(
                !stderr.to_lowercase().contains("lock"),
                "a raw lock error reached the user: {stderr}"
            );
            String::from_utf8(out.stdout).unwrap()
        })
        .collect()
}

#[test]
fn four_processes_write_at_once_and_every_write_is_there() {
    let s = Sandbox::new();
    let shared = s
        .ok(&["add", "petition", "--title", "shared"])
        .trim()
        .to_string();
    let outputs = spawn_workers(&s, &shared);
    let added: Vec<String> = outputs
        .iter()
        // The harness may print "test concurrency::worker_process ..." before the first line.
        .flat_map(|o| {
            o.lines()
                .filter_map(|l| l.split_once("added ").map(|(_, id)| id.to_string()))
        })
        .collect();
    let revs: Vec<u64> = outputs
        .iter()
        .flat_map(|o| {
            o.lines().filter_map(|l| {
                l.split_once("noted ")
                    .and_then(|(_, r)| r.split(' ').nth(1))
                    .map(|r| r.parse().unwrap())
            })
        })
        .collect();
    assert_eq!(added.len(), WORKERS * ROUNDS);
    let mut unique = added.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        added.len(),
        "two processes were given the same id"
    );
    let ledger = Ledger::open(&s.db(), Calendar::none()).unwrap();
    for id in &added {
        let c = ledger
            .get(id)
            .unwrap_or_else(|e| panic!("{id} acknowledged but missing: {e}"));
        assert!(c.title.starts_with('w'));
    }
    let history = ledger.history(&shared).unwrap();
    let notes = history.iter().filter(|e| e.change.key() == "note").count();
    assert_eq!(
        notes,
        WORKERS * ROUNDS,
        "every acknowledged note is in the history exactly once"
    );
    // Each acknowledged note got its own revision of the shared case.
    let mut r = revs.clone();
    r.sort();
    r.dedup();
    assert_eq!(r.len(), revs.len());
    assert!(ledger.check().unwrap().is_empty(), "{:?}", ledger.check());
}

#[test]
fn concurrent_edits_of_one_field_one_wins_the_other_is_told() {
    let s = Sandbox::new();
    let id = s
        .ok(&["add", "petition", "--title", "t", "-f", "people=5"])
        .trim()
        .to_string();
    let v: serde_json::Value = serde_json::from_str(&s.ok(&["show", &id, "--json"])).unwrap();
    let rev = v["rev"].as_u64().unwrap().to_string();
    for round in 0..5 {
        let rev = if round == 0 {
            rev.clone()
        } else {
            let v: serde_json::Value =
                serde_json::from_str(&s.ok(&["show", &id, "--json"])).unwrap();
            v["rev"].as_u64().unwrap().to_string()
        };
        // Distinct values every round: an edit to the value already there is no change at all.
        let values = [100 + round * 10, 200 + round * 10];
        let kids: Vec<_> = values
            .iter()
            .map(|n| {
                s.cmd()
                    .args(["edit", &id, &format!("people={n}"), "--expect-rev", &rev])
                    .stdout(Stdio::piped())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        let outs: Vec<_> = kids
            .into_iter()
            .map(|k| k.wait_with_output().unwrap())
            .collect();
        let won: Vec<_> = outs.iter().filter(|o| o.status.success()).collect();
        let lost: Vec<_> = outs.iter().filter(|o| !o.status.success()).collect();
        assert_eq!(
            (won.len(), lost.len()),
            (1, 1),
            "round {round}: exactly one edit wins"
        );
        let msg = String::from_utf8_lossy(&lost[0].stderr);
        assert!(
            msg.contains("was changed by") && msg.contains("try again"),
            "{msg}"
        );
        let winner =
            if String::from_utf8_lossy(&won[0].stdout).contains(&format!("→ {}", values[0])) {
                values[0]
            } else {
                values[1]
            };
        let v: serde_json::Value = serde_json::from_str(&s.ok(&["show", &id, "--json"])).unwrap();
        assert_eq!(
            v["fields"]["people"]["int"], winner,
            "the winner's value stands"
        );
    }
}
