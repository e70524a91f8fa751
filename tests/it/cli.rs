//! The command line as a user runs it: the built binary on a private ledger.

use crate::support::{self, Sandbox};

#[test]
fn add_list_show_move_note_history() {
    let s = Sandbox::new();
    let id = s.ok(&[
        "add",
        "petition",
        "--title",
        "联合村草尼马上访",
        "--party",
        "回隆乡联合村",
        "-f",
        "people=150",
        "-f",
        "channel=来访",
        "--tag",
        "集体访",
    ]);
    assert_eq!(
        id.trim(),
        format!("XF-{}-0001", chrono::Local::now().format("%Y"))
    );
    let id = id.trim();
    let list = s.ok(&["list", "--lang", "zh"]);
    assert!(
        list.contains("联合村草尼马上访") && list.contains("登记"),
        "{list}"
    );
    s.ok(&["move", id, "accepted"]);
    s.ok(&[
        "note",
        id,
        "走访联合村,听取诉求",
        "--type",
        "visit",
        "--people",
        "12",
    ]);
    s.ok(&["assign", id, "wang"]);
    let shown = s.ok(&["show", id]);
    assert!(
        shown.contains("Accepted")
            && shown.contains("wang")
            && shown.contains("信访工作条例 第34条"),
        "{shown}"
    );
    let hist: serde_json::Value = serde_json::from_str(&s.ok(&["history", id, "--json"])).unwrap();
    let kinds: Vec<&str> = hist
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["change"]["type"].as_str().unwrap())
        .collect();
    assert_eq!(kinds.first(), Some(&"created"));
    assert!(kinds.contains(&"state") && kinds.contains(&"note") && kinds.contains(&"assigned"));
    // The actor is the user running the process, never a name the caller chose.
    let me = nix::unistd::User::from_uid(nix::unistd::getuid())
        .unwrap()
        .unwrap()
        .name;
    assert!(
        hist.as_array()
            .unwrap()
            .iter()
            .all(|e| e["actor"] == me.as_str())
    );
    assert!(s.ok(&["list", "assignee:wang", "--count"]).trim() == "1");
}

#[test]
fn refusals_are_one_line_and_leave_the_ledger_unchanged() {
    let s = Sandbox::new();
    let id = s
        .ok(&[
            "add",
            "hazard",
            "--title",
            "冀东水泥 粉尘",
            "-f",
            "company=冀东水泥",
        ])
        .trim()
        .to_string();
    let before = s.snapshot();
    let cases: &[(&[&str], &str)] = &[
        (&["move", &id, "closed"], "allowed next states are notified"),
        (&["move", &id, "notified"], "needs grade, rectify_by"),
        (&["move", &id, "nowhere"], "invalid state"),
        (&["edit", &id, "funds=1.2.3"], "invalid funds"),
        (&["edit", &id, "funds=-5"], "cannot be negative"),
        (
            &["edit", &id, "funds=1000000000000000000000000000000"],
            "too large",
        ),
        (
            &["edit", &id, "rectify_by=2026-02-30"],
            "invalid rectify_by",
        ),
        (
            &["edit", &id, "rectify_by=2026年13月1日"],
            "invalid rectify_by",
        ),
        (&["edit", &id, "colour=red"], "unknown field \"colour\""),
        (&["edit", &id, "grade=huge"], "use one of general"),
        (&["edit", &id, "state=closed"], "taizhang move"),
        (&["edit", &id, "nonsense"], "not key=value"),
        (
            &["add", "spaceship", "--title", "x"],
            "invalid kind \"spaceship\"",
        ),
        (&["move", &id], "required arguments"),
        (&["frobnicate"], "unrecognized subcommand"),
        (&["add", "hazard", "--title", ""], "needs a title"),
        (&["show", "YH-1999-0001"], "no case YH-1999-0001"),
        (&["list", "kind:petition (state:closed"], "column 15"),
        (&["list", "people>=lots"], "column 9"),
        (
            &["extend", &id, "10", "--reason", "x"],
            "no running deadline",
        ),
        (&["note", &id, "   "], "needs text"),
        (&["note", &id, "x", "--type", "party"], "note type"),
        (&["assign", &id, "two words"], "invalid user"),
        (&["rules", "martian"], "use one of national"),
    ];
    for (args, expect) in cases {
        let err = s.fails(args);
        assert!(err.contains(expect), "{args:?}: {err}");
    }
    assert_eq!(before, s.snapshot(), "a refused command changed the ledger");
}

#[test]
fn a_title_with_terminal_sequences_is_printed_harmlessly() {
    let s = Sandbox::new();
    let evil = "违建\u{1b}[2J\u{1b}]0;owned\u{7}\u{202e}棚";
    let id = s
        .ok(&["add", "demolition", "--title", evil])
        .trim()
        .to_string();
    for args in [
        vec!["list"],
        vec!["show", &id],
        vec!["history", &id],
        vec!["list", "--lang", "zh"],
    ] {
        let out = s.run(&args);
        let all = [out.stdout.as_slice(), out.stderr.as_slice()].concat();
        for bad in [0x1bu8, 0x07] {
            assert!(!all.contains(&bad), "{args:?} printed a raw control byte");
        }
        let text = String::from_utf8(all).unwrap();
        assert!(
            !text.contains('\u{202e}'),
            "{args:?} printed a bidi override"
        );
        assert!(
            text.contains("\\e[2J") || text.contains("\\e…") || text.contains("违建\\e"),
            "{args:?}: {text}"
        );
    }
    // JSON keeps the exact text (escaped by JSON itself) for scripts.
    let json: serde_json::Value = serde_json::from_str(&s.ok(&["show", &id, "--json"])).unwrap();
    assert_eq!(json["title"], evil);
}

#[test]
fn petitions_follow_the_statutory_workflow_to_closing() {
    let s = Sandbox::new();
    let id = s
        .ok(&[
            "add",
            "信访",
            "--title",
            "竹马村青杠组集体访",
            "-f",
            "households=80",
            "-f",
            "people=380",
        ])
        .trim()
        .to_string();
    s.ok(&["move", &id, "受理"]);
    s.ok(&["move", &id, "in_progress"]);
    let err = s.fails(&["move", &id, "answered"]);
    assert!(err.contains("needs a note"), "{err}");
    s.ok(&["move", &id, "answered", "--note", "书面答复:按标准补偿"]);
    let err = s.fails(&["move", &id, "closed"]);
    assert!(err.contains("satisfaction"), "{err}");
    s.ok(&["move", &id, "closed", "-f", "satisfaction=满意"]);
    let shown: serde_json::Value = serde_json::from_str(&s.ok(&["show", &id, "--json"])).unwrap();
    assert_eq!(shown["state"], "closed");
    assert_eq!(shown["fields"]["satisfaction"]["text"], "satisfied");
    assert!(shown["closed"].is_string());
    // Closed cases leave the default list but are found with --all.
    assert!(!s.ok(&["list"]).contains(&id));
    assert!(s.ok(&["list", "--all"]).contains(&id));
}

#[test]
fn extensions_are_bounded_by_the_rule() {
    let s = Sandbox::new();
    let id = s
        .ok(&["add", "petition", "--title", "t"])
        .trim()
        .to_string();
    s.ok(&["move", &id, "accepted"]);
    let before: serde_json::Value = serde_json::from_str(&s.ok(&["show", &id, "--json"])).unwrap();
    let err = s.fails(&["extend", &id, "31", "--reason", "复杂"]);
    assert!(err.contains("1 to 30"), "{err}");
    s.ok(&["extend", &id, "30", "--reason", "案情复杂,经批准延长"]);
    let after: serde_json::Value = serde_json::from_str(&s.ok(&["show", &id, "--json"])).unwrap();
    let d = |v: &serde_json::Value| {
        chrono::NaiveDate::parse_from_str(v["due"].as_str().unwrap(), "%Y-%m-%d").unwrap()
    };
    assert_eq!((d(&after) - d(&before)).num_days(), 30);
    let err = s.fails(&["extend", &id, "1", "--reason", "again"]);
    assert!(err.contains("already extended"), "{err}");
}

#[test]
fn pause_and_resume_the_clock() {
    let s = Sandbox::new();
    let id = s
        .ok(&[
            "add",
            "labour",
            "--title",
            "湘顺硅业 工伤",
            "-f",
            "subtype=injury",
        ])
        .trim()
        .to_string();
    s.ok(&["move", &id, "mediating"]);
    s.ok(&["pause", &id, "--reason", "等待法院认定"]);
    assert!(s.ok(&["show", &id]).contains("paused"));
    assert!(
        s.fails(&["pause", &id, "--reason", "x"])
            .contains("already paused")
    );
    s.ok(&["resume", &id]);
    assert!(s.fails(&["resume", &id]).contains("not paused"));
}

#[test]
fn links_go_both_ways() {
    let s = Sandbox::new();
    let land = s
        .ok(&[
            "add",
            "land",
            "--title",
            "勐梭二期 某户",
            "-f",
            "holdout_reason=boundary_dispute",
        ])
        .trim()
        .to_string();
    let pet = s
        .ok(&["add", "petition", "--title", "地界纠纷上访"])
        .trim()
        .to_string();
    s.ok(&["link", &land, &pet]);
    let a: serde_json::Value = serde_json::from_str(&s.ok(&["show", &land, "--json"])).unwrap();
    let b: serde_json::Value = serde_json::from_str(&s.ok(&["show", &pet, "--json"])).unwrap();
    assert_eq!(a["links"][0], pet.as_str());
    assert_eq!(b["links"][0], land.as_str());
    assert!(
        s.fails(&["link", &land, "XF-1999-0009"])
            .contains("no case")
    );
}

#[test]
fn personal_data_is_masked_unless_asked_and_the_asking_is_recorded() {
    let s = Sandbox::new();
    let id = s
        .ok(&["add", "land", "--title", "某户", "-f", "phone=13812345678"])
        .trim()
        .to_string();
    for args in [
        vec!["show", &id],
        vec!["show", &id, "--json"],
        vec!["list", "--json"],
        vec!["history", &id],
        vec!["history", &id, "--json"],
    ] {
        let out = s.ok(&args);
        assert!(
            !out.contains("13812345678"),
            "{args:?} leaked the phone number"
        );
    }
    assert!(s.ok(&["show", &id, "--with-pii"]).contains("13812345678"));
    assert!(s.ok(&["history", &id, "--json"]).contains("pii_viewed"));
}

#[test]
fn the_ledger_is_created_group_shared_and_a_world_readable_one_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    s.ok(&["add", "hazard", "--title", "x"]);
    let mode = std::fs::metadata(s.db()).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o660);
    let dir_mode = std::fs::metadata(s.db().parent().unwrap())
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(dir_mode, 0o770);
    std::fs::set_permissions(s.db(), std::fs::Permissions::from_mode(0o644)).unwrap();
    let err = s.fails(&["list"]);
    assert!(err.contains("chmod 660"), "{err}");
}

#[test]
fn damaged_and_foreign_files_are_reported_not_repaired() {
    use std::os::unix::fs::PermissionsExt;
    let s = Sandbox::new();
    std::fs::create_dir_all(s.db().parent().unwrap()).unwrap();
    for (name, bytes) in [
        (
            "random",
            (0..20000u32)
                .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
                .collect::<Vec<u8>>(),
        ),
        ("text", b"not a ledger at all\n".to_vec()),
        ("empty", vec![]),
    ] {
        std::fs::write(s.db(), &bytes).unwrap();
        std::fs::set_permissions(s.db(), std::fs::Permissions::from_mode(0o660)).unwrap();
        let err = s.fails(&["list"]);
        assert!(err.contains("cannot be opened"), "{name}: {err}");
        assert_eq!(
            std::fs::read(s.db()).unwrap(),
            bytes,
            "{name}: the file was changed"
        );
    }
}

#[test]
fn language_follows_flag_then_config_then_lang() {
    let s = Sandbox::new();
    s.ok(&["add", "hazard", "--title", "x"]);
    assert!(s.ok(&["list"]).contains("Safety hazard"));
    assert!(s.ok(&["list", "--lang", "zh"]).contains("安全隐患"));
    let out = s
        .cmd()
        .env("LANG", "zh_CN.UTF-8")
        .args(["list"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("安全隐患"));
    support::write_file(
        &s.dir.path().join("config/taizhang/config.toml"),
        "language = \"zh\"\n",
    );
    assert!(s.ok(&["list"]).contains("安全隐患"));
    support::write_file(
        &s.dir.path().join("config/taizhang/config.toml"),
        "langauge = \"zh\"\n",
    );
    let err = s.fails(&["list"]);
    assert!(
        err.contains("config.toml:1:1") && err.contains("langauge"),
        "{err}"
    );
}

#[test]
fn zhejiang_rules_shorten_the_acceptance_deadline() {
    let s = Sandbox::new();
    s.ok(&["rules", "zhejiang"]);
    let id = s
        .ok(&["add", "petition", "--title", "t"])
        .trim()
        .to_string();
    let v: serde_json::Value = serde_json::from_str(&s.ok(&["show", &id, "--json"])).unwrap();
    let due = chrono::NaiveDate::parse_from_str(v["due"].as_str().unwrap(), "%Y-%m-%d").unwrap();
    let days = (due - chrono::Local::now().date_naive()).num_days();
    // 5 working days: at least 5 and at most 9 calendar days (weekends in between).
    assert!((5..=9).contains(&days), "{days}");
}

#[test]
fn completions_and_keys_print() {
    let s = Sandbox::new();
    assert!(s.ok(&["completions", "bash"]).contains("taizhang"));
    let keys = s.ok(&["keys", "land"]);
    assert!(
        keys.contains("holdout_reason")
            && keys.contains("refuses_to_sign")
            && keys.contains("handed_over")
    );
    // The other headers an import takes, common and the kind's own.
    assert!(keys.contains("被征收人") && keys.contains("台账编号") && keys.contains("办结日期"));
}
