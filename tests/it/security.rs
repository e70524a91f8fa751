//! Security and integrity promises that an attack by a hostile viewer, officer or outsider once
//! broke: each test here failed before its fix.

use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use taizhang::ledger::Calendar;
use taizhang::ledger::access::{AUDIT_TEXT_MAX, Role, UserChange};
use taizhang::ledger::store::LocalStore;

use crate::support::Sandbox;

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).expect("stat").permissions().mode() & 0o7777
}

/// A ledger with the running account as supervisor and `nobody` as a viewer, and one case.
fn ledger_with_a_viewer(dir: &Path) -> (LocalStore, String, String) {
    let store = LocalStore::open(&dir.join("l.redb"), Calendar::none()).expect("open");
    let me = taizhang::ledger::clock::current_user();
    store
        .change_user(&me, &me, UserChange::Add(Role::Supervisor))
        .expect("first supervisor");
    store
        .change_user(&me, "nobody", UserChange::Add(Role::Viewer))
        .expect("a viewer");
    (store, me, "nobody".into())
}

#[test]
fn a_flood_of_refusals_cannot_fill_the_ledger() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (store, me, viewer) = ledger_with_a_viewer(dir.path());
    let path = dir.path().join("l.redb");
    let before = std::fs::metadata(&path).expect("stat").len();
    // The same refused request with a 1 MB purpose, 60 times: one line, counted.
    let purpose = "x".repeat(1 << 20);
    for _ in 0..60 {
        let err = store
            .record_pii_view(&viewer, &["XF-2026-0001".to_string()], &purpose)
            .expect_err("a viewer may not see personal data in full");
        assert!(err.to_string().contains("supervisor"), "{err}");
    }
    // Varied refusals, 500 of them: itemised up to a burst, then counted on one line.
    for n in 0..500 {
        let _ = store.record_pii_view(&viewer, &["XF-2026-0001".to_string()], &format!("{n}"));
    }
    let after = std::fs::metadata(&path).expect("stat").len();
    assert!(
        after < before + 2 * 1024 * 1024,
        "the ledger grew from {before} to {after} bytes"
    );
    let log = store
        .audit_log(&me)
        .expect("a supervisor reads the audit log");
    let refused: Vec<_> = log.iter().filter(|e| e.refused.is_some()).collect();
    assert!(
        refused.len() <= 25,
        "{} audit lines for two floods",
        refused.len()
    );
    for e in &refused {
        assert!(
            e.action.chars().count() <= AUDIT_TEXT_MAX + 40,
            "an audit line of {} characters",
            e.action.chars().count()
        );
    }
    let first = refused.first().expect("the refusals are recorded");
    assert!(first.action.contains("bytes in all"), "{}", first.action);
    assert_eq!(first.repeats, 59, "{first:?}");
    // Every refusal is accounted for: itemised or counted.
    let total: u64 = refused.iter().map(|e| 1 + e.repeats).sum::<u64>()
        - refused
            .iter()
            .filter(|e| e.action == "(refused attempts)")
            .count() as u64;
    assert_eq!(total, 560, "{refused:#?}");
}

#[test]
fn the_audit_command_says_how_often_a_refusal_repeated() {
    let s = Sandbox::new();
    s.ok(&["list"]);
    let me = taizhang::ledger::clock::current_user();
    s.ok(&["user", "add", &me, "--role", "supervisor"]);
    s.ok(&["user", "add", "nobody", "--role", "viewer"]);
    drop(s.ok(&["demo"]));
    let store = LocalStore::open(&s.db(), Calendar::none()).expect("open");
    for _ in 0..3 {
        let _ = store.record_pii_view("nobody", &["XF-2026-0001".to_string()], "look");
    }
    drop(store);
    let out = s.ok(&["audit"]);
    assert!(out.contains("repeated 2 more time(s)"), "{out}");
}

#[test]
fn a_new_ledger_is_never_open_to_others_not_even_for_an_instant() {
    use nix::sys::inotify::{AddWatchFlags, InitFlags, Inotify};
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path().join("data");
    std::fs::create_dir(&data).expect("mkdir");
    let inotify = Inotify::init(InitFlags::empty()).expect("inotify");
    inotify
        .add_watch(&data, AddWatchFlags::IN_CREATE)
        .expect("watch");
    let db = data.join("l.redb");
    // The most permissive umask a user could have.
    let mut child = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "umask 000; exec '{}' --db '{}' list",
            env!("CARGO_BIN_EXE_taizhang"),
            db.display()
        ))
        .env("HOME", dir.path())
        .env("XDG_CONFIG_HOME", dir.path().join("config"))
        .stdout(std::process::Stdio::null())
        .spawn()
        .expect("run taizhang");
    let events = inotify.read_events().expect("the ledger is created");
    // At the moment of creation, before redb has written a page.
    let first = mode(&db);
    assert!(child.wait().expect("wait").success());
    assert!(
        events
            .iter()
            .any(|e| e.name.as_deref() == Some("l.redb".as_ref())),
        "{events:?}"
    );
    assert_eq!(
        first & 0o007,
        0,
        "the new ledger was created with mode {first:o}"
    );
    assert_eq!(mode(&db), 0o660);
}

#[test]
fn an_export_never_follows_a_link_nor_replaces_a_file_unasked() {
    let s = Sandbox::new();
    drop(s.ok(&["demo"]));
    let victim = s.dir.path().join("victim.txt");
    std::fs::write(&victim, "keep me").expect("write");
    let link = s.dir.path().join("out.md");
    std::os::unix::fs::symlink(&victim, &link).expect("symlink");
    let out = link.to_str().expect("utf-8 path");
    let err = s.fails(&["export", "--format", "md", "--output", out]);
    assert!(err.contains("already exists"), "{err}");
    let err = s.fails(&["export", "--format", "md", "--output", out, "--force"]);
    assert!(err.contains("symbolic link"), "{err}");
    assert_eq!(std::fs::read_to_string(&victim).expect("read"), "keep me");

    // An existing world-readable file is refused, and with --force replaced and made private.
    let old = s.dir.path().join("old.md");
    std::fs::write(&old, "old").expect("write");
    std::fs::set_permissions(&old, std::fs::Permissions::from_mode(0o644)).expect("chmod");
    let path = old.to_str().expect("utf-8 path");
    let err = s.fails(&["export", "--format", "md", "--output", path]);
    assert!(err.contains("--force"), "{err}");
    assert_eq!(std::fs::read_to_string(&old).expect("read"), "old");
    s.ok(&["export", "--format", "md", "--output", path, "--force"]);
    assert_ne!(std::fs::read_to_string(&old).expect("read"), "old");
    assert_eq!(mode(&old) & 0o007, 0, "mode {:o}", mode(&old));
}

#[test]
fn a_dangling_ledger_link_creates_nothing_where_it_points() {
    let s = Sandbox::new();
    let elsewhere = s.dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).expect("mkdir");
    let target = elsewhere.join("planted.redb");
    let link = s.dir.path().join("link.redb");
    std::os::unix::fs::symlink(&target, &link).expect("symlink");
    let err = s.fails(&[
        "--db",
        link.to_str().expect("utf-8 path"),
        "add",
        "hazard",
        "--title",
        "t",
    ]);
    assert!(err.contains("does not exist"), "{err}");
    assert!(!target.exists(), "a ledger was created through the link");
}

#[test]
fn a_directory_above_the_ledger_that_others_may_write_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let open = dir.path().join("open");
    let inner = open.join("office");
    std::fs::create_dir_all(&inner).expect("mkdir");
    std::fs::set_permissions(&open, std::fs::Permissions::from_mode(0o777)).expect("chmod");
    std::fs::set_permissions(&inner, std::fs::Permissions::from_mode(0o770)).expect("chmod");
    let err = LocalStore::open(&inner.join("l.redb"), Calendar::none())
        .err()
        .expect("refused");
    let err = err.to_string();
    assert!(
        err.contains("replace the ledger") && err.contains(&open.display().to_string()),
        "{err}"
    );
    assert!(!inner.join("l.redb").exists());
}

#[test]
fn a_backup_removes_the_copies_killed_backups_left_behind() {
    let s = Sandbox::new();
    drop(s.ok(&["demo"]));
    let dir = s.dir.path();
    // A process id that is not running: past the kernel's largest.
    let stale = dir.join(".b.redb.partial-4194999");
    std::fs::write(&stale, "a half-written copy").expect("write");
    let mine = dir.join(format!(".b.redb.partial-{}", std::process::id()));
    std::fs::write(&mine, "a copy under way").expect("write");
    s.ok(&["backup", dir.join("b.redb").to_str().expect("utf-8 path")]);
    assert!(!stale.exists(), "the abandoned copy is still there");
    assert!(mine.exists(), "a running backup's copy was removed");
    assert_eq!(mode(&dir.join("b.redb")) & 0o007, 0);
}

/// The demo ledger as JSON Lines: the header line and the case lines.
fn demo_jsonl(s: &Sandbox) -> (String, Vec<serde_json::Value>) {
    drop(s.ok(&["demo"]));
    let text = s.ok(&["export", "--format", "jsonl"]);
    let mut lines = text.lines();
    let header = lines.next().expect("a header").to_string();
    let cases = lines
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
        .filter(|v| v.get("case").is_some())
        .collect();
    (header, cases)
}

fn import_into_new_ledger(s: &Sandbox, header: &str, line: &serde_json::Value) -> String {
    let file = s.dir.path().join("forged.jsonl");
    std::fs::write(&file, format!("{header}\n{line}\n")).expect("write");
    let fresh = s.dir.path().join("fresh").join("l.redb");
    // An import's refusal is a located line per problem and a last line saying nothing came in.
    let out = s.run(&[
        "--db",
        fresh.to_str().expect("utf-8 path"),
        "import",
        file.to_str().expect("utf-8 path"),
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(err.contains("nothing imported"), "{err}");
    if fresh.exists() {
        let out = s.ok(&[
            "--db",
            fresh.to_str().expect("utf-8 path"),
            "list",
            "--count",
        ]);
        assert!(
            out.trim().starts_with('0'),
            "a forged case came in: {out} {err}"
        );
    }
    err
}

#[test]
fn an_imported_history_must_be_one_the_program_could_have_written() {
    let s = Sandbox::new();
    let (header, cases) = demo_jsonl(&s);
    let case = cases
        .iter()
        .find(|c| c["case"]["state"] == "verified")
        .expect("a verified demolition")
        .clone();

    // Registered, then straight to the end by someone else, dated years ahead.
    let mut forged = case.clone();
    let created = forged["history"][0].clone();
    let first = created["change"]["state"]
        .as_str()
        .expect("a state")
        .to_string();
    forged["history"] = serde_json::json!([created, {
        "case": case["case"]["id"], "seq": 2, "at": "2031-01-01T00:00:00Z", "actor": "forger",
        "change": {"type": "state", "from": first, "to": "verified", "note": null}
    }]);
    forged["case"]["rev"] = 2.into();
    let err = import_into_new_ledger(&s, &header, &forged);
    assert!(err.contains("not an allowed transition"), "{err}");

    // The real history with its last event dated after the import.
    let mut late = case.clone();
    let n = late["history"].as_array().expect("history").len();
    late["history"][n - 1]["at"] = "2031-01-01T00:00:00Z".into();
    let err = import_into_new_ledger(&s, &header, &late);
    assert!(err.contains("after it was written"), "{err}");

    // Events out of time order.
    let mut shuffled = case.clone();
    shuffled["history"][1]["at"] = "2030-01-01T00:00:00Z".into();
    let err = import_into_new_ledger(&s, &header, &shuffled);
    assert!(
        err.contains("before the event it follows") || err.contains("after it was written"),
        "{err}"
    );
}

/// A ledger with users (the running account a supervisor, `nobody` a viewer), the demo cases
/// and an audit log with a refusal in it.
fn office_ledger(s: &Sandbox) -> String {
    let me = taizhang::ledger::clock::current_user();
    s.ok(&["list"]);
    s.ok(&["user", "add", &me, "--role", "supervisor"]);
    s.ok(&["user", "add", "nobody", "--role", "viewer"]);
    drop(s.ok(&["demo"]));
    let store = LocalStore::open(&s.db(), Calendar::none()).expect("open");
    let _ = store.record_pii_view("nobody", &["XF-2026-0001".to_string()], "a look");
    me
}

#[test]
fn a_supervisors_backup_keeps_the_users_and_the_audit_log() {
    let s = Sandbox::new();
    let me = office_ledger(&s);
    let original = LocalStore::open(&s.db(), Calendar::none()).expect("open");
    let users = original.users().expect("users");
    let audit = original.audit_log(&me).expect("audit");
    drop(original);
    assert!(audit.iter().any(|e| e.refused.is_some()), "{audit:?}");

    for name in ["b.redb", "b.jsonl"] {
        let backup = s.dir.path().join(name);
        s.ok(&["backup", backup.to_str().expect("utf-8 path")]);
        let restored = if name.ends_with(".jsonl") {
            let db = s.dir.path().join("from-jsonl").join("l.redb");
            s.ok(&[
                "--db",
                db.to_str().expect("utf-8 path"),
                "import",
                backup.to_str().expect("utf-8 path"),
            ]);
            db
        } else {
            backup
        };
        let copy = LocalStore::open(&restored, Calendar::none()).expect("open the copy");
        assert_eq!(copy.users().expect("users"), users, "{name}");
        // The roles hold in the copy: the viewer is still refused.
        assert!(
            copy.record_pii_view("nobody", &["XF-2026-0001".to_string()], "again")
                .is_err(),
            "{name}: the copy is an open ledger"
        );
        let copied = copy.audit_log(&me).expect("audit");
        for e in &audit {
            assert!(
                copied
                    .iter()
                    .any(|c| c.at == e.at && c.user == e.user && c.action == e.action),
                "{name}: audit line {e:?} lost"
            );
        }
        assert!(
            copied
                .iter()
                .any(|c| c.action.starts_with("restore") && c.user == me),
            "{name}: the restore is not recorded"
        );
    }
}

#[test]
fn a_copy_made_by_a_viewer_says_it_is_partial() {
    use taizhang::ledger::api::Store;
    let s = Sandbox::new();
    office_ledger(&s);
    let store = LocalStore::open(&s.db(), Calendar::none()).expect("open");
    let snap = Store::snapshot(&store, "nobody").expect("a viewer may read");
    assert!(snap.partial.is_some());
    assert!(
        snap.audit.is_empty(),
        "a viewer's copy carries the audit log"
    );
    let mut buf = Vec::new();
    taizhang::exchange::export::write_jsonl(&mut buf, &snap, true, true).expect("write");
    let header: serde_json::Value = serde_json::from_str(
        String::from_utf8(buf)
            .expect("utf-8")
            .lines()
            .next()
            .expect("header"),
    )
    .expect("json");
    assert_eq!(header["pii"], "masked", "{header}");
    assert!(header["partial"].is_string(), "{header}");
}

#[test]
fn an_officers_batch_is_bounded_so_other_writers_keep_moving() {
    use taizhang::ledger::access::OFFICER_BATCH_MAX;
    use taizhang::ledger::{Command, Kind, Ledger, NoteType, Request};
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("l.redb");
    let (store, me, _) = ledger_with_a_viewer(dir.path());
    store
        .change_user(&me, "nobody", UserChange::SetRole(Role::Supervisor))
        .expect("a second supervisor");
    drop(store);
    let l = Ledger::open(&db, Calendar::none()).expect("open");
    let id = l
        .execute(Command::Create {
            kind: Kind::Petition,
            title: "集体访".into(),
            fields: vec![],
            source: None,
        })
        .expect("create")
        .id;
    l.change_user(&me, UserChange::SetRole(Role::Officer))
        .expect("step down to officer");
    let note = |n: usize| -> Request {
        Command::Note {
            id: id.clone(),
            note_type: NoteType::Call,
            text: format!("电话回访 {n}"),
            people: None,
            date: None,
        }
        .into()
    };
    let rev = l.get(&id).expect("get").rev;
    let now = chrono::Utc::now();
    let today = taizhang::ledger::clock::today();
    let err = l
        .execute_batch((0..=OFFICER_BATCH_MAX).map(note).collect(), now, today)
        .expect_err("too long a batch for an officer");
    assert!(err.to_string().contains("more than an officer"), "{err}");
    assert_eq!(
        l.get(&id).expect("get").rev,
        rev,
        "a refused batch changed the case"
    );
    l.execute_batch((0..10).map(note).collect(), now, today)
        .expect("a short batch");
    assert_eq!(l.get(&id).expect("get").rev, rev + 10);
}

/// A small seeded generator (xorshift), so a failing flip can be replayed.
struct Flips(u64);

impl Flips {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

#[test]
fn a_flipped_bit_is_an_error_or_changes_nothing_never_a_different_value() {
    let s = Sandbox::new();
    drop(s.ok(&["demo"]));
    // What the ledger says: every case with its history, and the figures reports are made of.
    let export = |db: &Path| -> Option<String> {
        let mut said = String::new();
        for args in [
            &["export", "--format", "jsonl"][..],
            &["report", "--format", "json"],
        ] {
            let out = s
                .cmd()
                .args(["--db", db.to_str().expect("utf-8 path")])
                .args(args)
                .output()
                .expect("run taizhang");
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(
                !err.contains("panicked"),
                "a damaged ledger made taizhang panic: {err}"
            );
            if !out.status.success() {
                return None;
            }
            // The export's first line carries the time of the export.
            let text = String::from_utf8_lossy(&out.stdout);
            let skip = usize::from(args[0] == "export");
            said.extend(text.lines().skip(skip).map(|l| format!("{l}\n")));
        }
        Some(said)
    };
    let original = std::fs::read(s.db()).expect("read the ledger");
    let truth = export(&s.db()).expect("the demo ledger exports");
    let flips: usize = std::env::var("TAIZHANG_FLIPS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(150);
    let seed: u64 = std::env::var("TAIZHANG_FLIP_SEED")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(0x5eed_f11b);
    let mut rng = Flips(seed);
    let copy = s.dir.path().join("data").join("flipped.redb");
    let (mut errors, mut same) = (0, 0);
    for _ in 0..flips {
        let bit = (rng.next() % (original.len() as u64 * 8)) as usize;
        let mut bytes = original.clone();
        bytes[bit / 8] ^= 1 << (bit % 8);
        let _ = std::fs::remove_file(&copy);
        std::fs::write(&copy, &bytes).expect("write the copy");
        std::fs::set_permissions(&copy, std::fs::Permissions::from_mode(0o660)).expect("chmod");
        match export(&copy) {
            None => errors += 1,
            Some(text) if text == truth => same += 1,
            Some(_) => panic!(
                "flipping bit {bit} (byte {:#x}) changed the exported data without an error (TAIZHANG_FLIP_SEED={seed})",
                bit / 8
            ),
        }
    }
    println!("{flips} single-bit flips: {errors} errors, {same} without effect");
}

#[test]
fn a_ledger_written_before_checksums_opens_with_every_record_sealed() {
    use redb::{ReadableDatabase, ReadableTable, TableDefinition};
    const META: TableDefinition<&str, &[u8]> = TableDefinition::new("meta");
    const CASES: TableDefinition<&str, &[u8]> = TableDefinition::new("cases");
    const EVENTS: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("events");
    const SEALED: u8 = 0xC7;
    let s = Sandbox::new();
    drop(s.ok(&["demo"]));
    let before = s.ok(&["export", "--format", "jsonl"]);
    // Take the ledger back to schema 2: the same records without their checksums.
    {
        let db = redb::Database::create(s.db()).expect("open");
        let w = db.begin_write().expect("write");
        {
            let mut cases = w.open_table(CASES).expect("cases");
            let all: Vec<(String, Vec<u8>)> = cases
                .iter()
                .expect("iter")
                .map(|i| {
                    let (k, v) = i.expect("row");
                    (k.value().to_string(), v.value().to_vec())
                })
                .collect();
            for (k, v) in &all {
                assert_eq!(v[0], SEALED, "a new ledger's records are sealed");
                cases
                    .insert(k.as_str(), &v[1..v.len() - 4])
                    .expect("insert");
            }
            let mut events = w.open_table(EVENTS).expect("events");
            let all: Vec<((String, u64), Vec<u8>)> = events
                .iter()
                .expect("iter")
                .map(|i| {
                    let (k, v) = i.expect("row");
                    let (id, seq) = k.value();
                    ((id.to_string(), seq), v.value().to_vec())
                })
                .collect();
            for ((id, seq), v) in &all {
                events
                    .insert((id.as_str(), *seq), &v[1..v.len() - 4])
                    .expect("insert");
            }
            let mut meta = w.open_table(META).expect("meta");
            meta.insert("schema", 2u32.to_le_bytes().as_slice())
                .expect("schema");
        }
        w.commit().expect("commit");
    }
    // The next open seals them, and reads the same ledger.
    s.ok(&["check"]);
    let after = s.ok(&["export", "--format", "jsonl"]);
    let body = |t: &str| t.lines().skip(1).collect::<Vec<_>>().join("\n");
    assert_eq!(body(&after), body(&before));
    let db = redb::Database::open(s.db()).expect("open");
    let r = db.begin_read().expect("read");
    let cases = r.open_table(CASES).expect("cases");
    for i in cases.iter().expect("iter") {
        let (k, v) = i.expect("row");
        assert_eq!(v.value()[0], SEALED, "{} left unsealed", k.value());
    }
    let events = r.open_table(EVENTS).expect("events");
    for i in events.iter().expect("iter") {
        let (_, v) = i.expect("row");
        assert_eq!(v.value()[0], SEALED);
    }
    let meta = r.open_table(META).expect("meta");
    let schema = meta.get("schema").expect("get").expect("a schema");
    assert_eq!(
        schema.value(),
        taizhang::ledger::store::SCHEMA_VERSION
            .to_le_bytes()
            .as_slice()
    );
}

/// Rewrite event `seq` of case `id` with another tool: the record as JSON (a form the ledger
/// reads), its note text changed.
fn rewrite_event(db: &Path, id: &str, seq: u64, text: &str) {
    use redb::TableDefinition;
    const EVENTS: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("events");
    let store = LocalStore::open(db, Calendar::none()).expect("open");
    let mut ev = store
        .history(id)
        .expect("history")
        .into_iter()
        .find(|e| e.seq == seq)
        .expect("the event");
    drop(store);
    match &mut ev.change {
        taizhang::ledger::Change::Note { text: t, .. } => *t = text.to_string(),
        other => panic!("not a note: {other:?}"),
    }
    let db = redb::Database::create(db).expect("open");
    let w = db.begin_write().expect("write");
    {
        let mut events = w.open_table(EVENTS).expect("events");
        let json = serde_json::to_vec(&ev).expect("json");
        events.insert((id, seq), json.as_slice()).expect("insert");
    }
    w.commit().expect("commit");
}

#[test]
fn a_seal_proves_nothing_recorded_before_it_has_changed() {
    let s = Sandbox::new();
    drop(s.ok(&["demo"]));
    let out = s.ok(&["seal", "--json"]);
    let seal: serde_json::Value = serde_json::from_str(&out).expect("json");
    let digest = seal["digest"].as_str().expect("a digest").to_string();
    assert_eq!(digest.replace('-', "").len(), 64, "{digest}");
    assert!(seal["events"].as_u64().expect("events") > 1000, "{seal}");
    let ok = s.ok(&["check", "--against", &digest]);
    assert!(ok.contains("verified"), "{ok}");

    // Work goes on after the seal: it still verifies.
    s.ok(&[
        "note",
        "XF-2026-0001",
        "回访,群众表示满意",
        "--type",
        "call",
    ]);
    assert!(s.ok(&["check", "--against", &digest]).contains("verified"));

    // A note recorded before the seal, rewritten by another tool.
    let store = LocalStore::open(&s.db(), Calendar::none()).expect("open");
    let (id, seq) = store
        .history("XF-2026-0001")
        .expect("history")
        .iter()
        .find(|e| matches!(e.change, taizhang::ledger::Change::Note { .. }))
        .map(|e| (e.case.clone(), e.seq))
        .expect("a note before the seal");
    drop(store);
    rewrite_event(&s.db(), &id, seq, "已妥善处理");
    let err = s.run(&["check"]);
    let said =
        String::from_utf8_lossy(&err.stdout).to_string() + &String::from_utf8_lossy(&err.stderr);
    assert!(!err.status.success(), "{said}");
    assert!(said.contains("does not lead to the head"), "{said}");
    let out = s.run(&["check", "--against", &digest]);
    let said = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!out.status.success());
    assert!(said.contains(&id) && said.contains("changed"), "{said}");
    // Rebuilding the chains from the rewritten history does not hide it from the seal.
    s.ok(&["check", "--repair"]);
    let out = s.run(&["check", "--against", &digest]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains(&id));

    // A digest of another ledger, or mistyped.
    let other = "00000000-".repeat(8);
    let out = s.run(&["check", "--against", other.trim_end_matches('-')]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no seal"));
    let err = s.fails(&["check", "--against", "12ab"]);
    assert!(err.contains("64 hexadecimal digits"), "{err}");
}

#[test]
fn a_relative_date_at_the_edge_of_the_integers_is_refused_in_one_line() {
    let s = Sandbox::new();
    drop(s.ok(&["demo"]));
    for q in [
        "opened<-9223372036854775808d",
        "opened>9223372036854775807d",
        "due<-36501d",
    ] {
        let err = s.fails(&["list", q]);
        assert!(err.contains("is not a date"), "{q}: {err}");
    }
    s.ok(&["list", "opened>-36500d"]);
}

#[test]
fn an_endless_settings_file_is_refused_not_read_forever() {
    let s = Sandbox::new();
    let dir = s.dir.path().join("import");
    std::fs::create_dir(&dir).expect("mkdir");
    let csv = dir.join("台账.csv");
    std::fs::write(&csv, "标题\n一件\n").expect("write");
    let err = s.fails(&[
        "import",
        csv.to_str().expect("utf-8 path"),
        "--kind",
        "petition",
        "--map",
        "/dev/zero",
    ]);
    assert!(err.contains("more than a settings file holds"), "{err}");
}
