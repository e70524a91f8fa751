//! Four officers' processes making 500 mixed changes each (adds, moves along the workflow, notes,
//! edits) to the same few cases of one ledger at once. Every acknowledged change is in the ledger
//! exactly once and nothing else is; histories replay (`Ledger::check`); an edit or move made on a
//! stale revision is refused and retried, never written over another officer's change; no raw
//! lock error reaches anyone.
//!
//! `TAIZHANG_SOAK=1` makes it 5000 changes per process; `TAIZHANG_SOAK_WRITES=N` sets N.

use crate::support::soak;

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use soak::{Ack, ack, histories, random_move, token_of, verify_acks};
use taizhang::ledger::{
    Calendar, Command as LedgerCommand, Kind, Ledger, LedgerError, NoteType, Request,
};

const WORKER_ENV: &str = "TAIZHANG_SOAK_WORKER";
const WORKERS: u64 = 4;

fn writes_per_process() -> u64 {
    soak::env_number(
        "TAIZHANG_SOAK_WRITES",
        if soak::soak() { 5000 } else { 500 },
    )
}

/// Run `f` with the case's current revision until it is not refused as stale; returns the
/// outcome and how many times another officer got there first.
fn with_fresh_rev(
    ledger: &Ledger,
    id: &str,
    mut f: impl FnMut(&taizhang::ledger::Case) -> Option<LedgerCommand>,
) -> (Option<taizhang::ledger::Outcome>, u64) {
    let mut conflicts = 0;
    loop {
        let case = ledger.get(id).expect("get a shared case");
        let Some(cmd) = f(&case) else {
            return (None, conflicts);
        };
        match ledger.execute(Request {
            command: cmd,
            expect_rev: Some(case.rev),
            on: None,
            past: false,
        }) {
            Ok(out) => {
                // Written on top of exactly the revision this officer saw.
                let n = out.changes.len() as u64;
                assert_eq!(
                    out.rev,
                    case.rev + n,
                    "{id}: {n} change(s) on revision {} landed at {}",
                    case.rev,
                    out.rev
                );
                return (Some(out), conflicts);
            }
            Err(LedgerError::Conflict { .. }) => conflicts += 1,
            Err(e) => panic!("{id}: {e}"),
        }
    }
}

/// A worker: runs only when the parent test re-executes this binary with WORKER_ENV set.
#[test]
fn soak_worker() {
    let Ok(spec) = std::env::var(WORKER_ENV) else {
        return;
    };
    let parts: Vec<&str> = spec.split('|').collect();
    let (db, n, seed, shared) = (
        parts[0],
        parts[1],
        parts[2].parse::<u64>().expect("seed"),
        &parts[3..],
    );
    let mut rng = ChaCha8Rng::seed_from_u64(
        seed ^ n.len() as u64 ^ n.parse::<u64>().expect("n").wrapping_mul(0x9e37_79b9),
    );
    let ledger = Ledger::open(Path::new(db), Calendar::none()).expect("open");
    let mut conflicts = 0;
    for i in 0..writes_per_process() {
        let token = format!("w{n}.{i}");
        let id = shared[rng.random_range(0..shared.len())];
        let roll = rng.random_range(0..100);
        let line = if roll < 15 {
            let out = ledger
                .execute(LedgerCommand::Create {
                    kind: Kind::Hazard,
                    title: token.clone(),
                    fields: vec![("company".into(), format!("企业{n}"))],
                    source: None,
                })
                .expect("add");
            format!("add {} {} {token}", out.id, out.rev)
        } else if roll < 50 {
            let out = ledger
                .execute(LedgerCommand::Note {
                    id: id.into(),
                    note_type: NoteType::Coordination,
                    text: token.clone(),
                    people: Some(3),
                    date: None,
                })
                .expect("note");
            format!("note {} {} {token}", out.id, out.rev)
        } else if roll < 75 {
            let (out, c) = with_fresh_rev(&ledger, id, |_| {
                Some(LedgerCommand::Edit {
                    id: id.into(),
                    fields: vec![("description".into(), token.clone())],
                })
            });
            conflicts += c;
            let out = out.expect("an edit always has a command");
            format!("edit {} {} {token}", out.id, out.rev)
        } else {
            let (out, c) = with_fresh_rev(&ledger, id, |case| random_move(case, &token, &mut rng));
            conflicts += c;
            match out {
                Some(out) => format!("move {} {} {token}", out.id, out.rev),
                None => continue,
            }
        };
        ack(&line);
    }
    ack(&format!("conflicts {conflicts}"));
}

#[test]
fn four_processes_change_the_same_cases_and_every_acknowledged_change_is_there_once() {
    if std::env::var_os(WORKER_ENV).is_some() {
        return;
    }
    let seed = soak::seed("TAIZHANG_SOAK_SEED");
    let writes = writes_per_process();
    eprintln!(
        "concurrency soak: seed {seed} (replay with TAIZHANG_SOAK_SEED={seed}), {WORKERS} processes × {writes} changes"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ledger.redb");
    let shared: Vec<String> = {
        let ledger = Ledger::open(&db, Calendar::none()).expect("create");
        // Two hazards (their workflow cycles: rectifying ⇄ recheck) and a petition.
        [Kind::Hazard, Kind::Hazard, Kind::Petition]
            .into_iter()
            .map(|kind| {
                ledger
                    .execute(LedgerCommand::Create {
                        kind,
                        title: format!("shared {kind}"),
                        fields: vec![],
                        source: None,
                    })
                    .expect("shared")
                    .id
            })
            .collect()
    };
    let started = Instant::now();
    let children: Vec<_> = (0..WORKERS)
        .map(|n| {
            Command::new(std::env::current_exe().expect("test binary"))
                .args([
                    "--exact",
                    "soak_concurrency::soak_worker",
                    "--nocapture",
                    "--test-threads=1",
                ])
                .env(
                    WORKER_ENV,
                    format!("{}|{n}|{seed}|{}", db.display(), shared.join("|")),
                )
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn worker")
        })
        .collect();
    let mut acks: Vec<Ack> = Vec::new();
    let mut conflicts = 0u64;
    for c in children {
        let out = c.wait_with_output().expect("wait for worker");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            out.status.success(),
            "seed {seed}: a worker failed: {stderr}"
        );
        let lower = stderr.to_lowercase();
        assert!(
            !lower.contains("lock") && !lower.contains("busy"),
            "seed {seed}: a raw lock error reached the officer: {stderr}"
        );
        for line in String::from_utf8_lossy(&out.stdout).lines() {
            let line = line
                .strip_prefix("test soak_concurrency::soak_worker ... ")
                .unwrap_or(line);
            if let Some(n) = line.strip_prefix("conflicts ") {
                conflicts += n.parse::<u64>().expect("conflict count");
            } else if let Some(a) = Ack::parse(line) {
                acks.push(a);
            }
        }
    }
    let elapsed = started.elapsed();
    let ledger = Ledger::open(&db, Calendar::none()).expect("open");
    assert_eq!(
        ledger.check().expect("check"),
        Vec::<String>::new(),
        "seed {seed}: invariants broken"
    );
    let all_ids: Vec<String> = ledger
        .cases()
        .expect("cases")
        .into_iter()
        .map(|c| c.id)
        .collect();
    let hist = histories(&ledger, all_ids).expect("histories");
    if let Err(e) = verify_acks(&acks, &hist) {
        panic!("seed {seed}: an acknowledged change is missing: {e}");
    }
    // Every change in the ledger was acknowledged to exactly one worker, and each only once.
    let mut in_ledger: HashMap<&str, usize> = HashMap::new();
    for ev in hist.values().flatten() {
        if let Some(t) = token_of(ev).filter(|t| t.starts_with('w')) {
            *in_ledger.entry(t).or_default() += 1;
        }
    }
    let twice: Vec<_> = in_ledger.iter().filter(|(_, n)| **n > 1).collect();
    assert!(
        twice.is_empty(),
        "seed {seed}: changes written more than once: {twice:?}"
    );
    let acked: std::collections::HashSet<&str> = acks.iter().map(|a| a.token.as_str()).collect();
    assert_eq!(
        acked.len(),
        acks.len(),
        "seed {seed}: a token was acknowledged twice"
    );
    let unacked: Vec<_> = in_ledger.keys().filter(|t| !acked.contains(*t)).collect();
    assert!(
        unacked.is_empty(),
        "seed {seed}: changes in the ledger no worker was told of: {unacked:?}"
    );
    assert_eq!(in_ledger.len(), acks.len());
    let moves = acks.iter().filter(|a| a.op == "move").count();
    let edits = acks.iter().filter(|a| a.op == "edit").count();
    assert!(
        moves > 0 && edits > 0,
        "seed {seed}: the mix must include moves and edits"
    );
    eprintln!(
        "concurrency soak: {} acknowledged changes ({moves} moves, {edits} edits, {} notes, {} adds) all present once; {conflicts} stale-revision refusals retried; {:.1}s",
        acks.len(),
        acks.iter().filter(|a| a.op == "note").count(),
        acks.iter().filter(|a| a.op == "add").count(),
        elapsed.as_secs_f64()
    );
}
