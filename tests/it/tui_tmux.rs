//! The real binary in a real terminal: tmux runs `taizhang` at a fixed size, keys are sent as a
//! keyboard would send them, the screen is read back, and the ledger is checked with the command
//! line afterwards. Each test has its own tmux server (-L) and its own HOME and XDG directories.
//! Skipped, with a notice, only where tmux is not installed.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_taizhang");

fn have_tmux() -> bool {
    let ok = Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!(
            "notice: tmux is not installed; skipping the terminal end-to-end test (.ci/run installs it)"
        );
    }
    ok
}

struct Tmux {
    socket: String,
    dir: tempfile::TempDir,
}

impl Tmux {
    /// A tmux server of its own running `command` (through sh) in a 100×30 window.
    fn start(name: &str, command: &str) -> Tmux {
        let dir = tempfile::tempdir().unwrap();
        let t = Tmux {
            socket: format!("taizhang-{name}-{}", std::process::id()),
            dir,
        };
        for sub in ["home", "config", "data"] {
            std::fs::create_dir_all(t.dir.path().join(sub)).unwrap();
        }
        t.cli_ok(&["rules"]);
        let mut args: Vec<String> = [
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            "100",
            "-y",
            "30",
            "-s",
            "main",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        for (k, v) in t.env() {
            args.push("-e".into());
            args.push(format!("{k}={v}"));
        }
        args.push(
            command
                .replace("TAIZHANG", BIN)
                .replace("STATUS", &t.dir.path().join("status").display().to_string()),
        );
        let out = t.tmux(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert!(
            out.status.success(),
            "tmux new-session: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = t.tmux(&["set-option", "-g", "remain-on-exit", "on"]);
        assert!(out.status.success());
        t
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        let p = |s: &str| self.dir.path().join(s).display().to_string();
        vec![
            ("HOME", p("home")),
            ("XDG_CONFIG_HOME", p("config")),
            ("XDG_DATA_HOME", p("data")),
            ("TAIZHANG_DB", p("ledger.redb")),
            ("LC_ALL", "C.UTF-8".into()),
            ("TERM", "tmux-256color".into()),
        ]
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-u")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .env("LC_ALL", "C.UTF-8")
            .env_remove("TMUX")
            .output()
            .unwrap()
    }

    fn cli(&self, args: &[&str]) -> Output {
        let mut c = Command::new(BIN);
        c.args(args);
        for (k, v) in self.env() {
            c.env(k, v);
        }
        c.output().unwrap()
    }

    fn cli_ok(&self, args: &[&str]) -> String {
        let out = self.cli(args);
        assert!(
            out.status.success(),
            "taizhang {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Keys by tmux name (Enter, Escape, Tab, C-u) or single characters.
    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "main"];
        args.extend_from_slice(keys);
        assert!(self.tmux(&args).status.success());
    }

    /// Text typed literally (Chinese included).
    fn type_text(&self, text: &str) {
        assert!(
            self.tmux(&["send-keys", "-t", "main", "-l", text])
                .status
                .success()
        );
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.tmux(&["capture-pane", "-p", "-t", "main"]).stdout)
            .into_owned()
    }

    fn format(&self, f: &str) -> String {
        String::from_utf8_lossy(
            &self
                .tmux(&["display-message", "-p", "-t", "main", f])
                .stdout,
        )
        .trim()
        .to_string()
    }

    /// Wait until the screen shows `want` (10 s at most), and return it.
    fn wait_for(&self, want: &str) -> String {
        self.wait_for_all(&[want])
    }

    /// Waits until the screen shows every one of `wants` at once: a frame still being drawn
    /// (a slow machine) shows some and not others.
    fn wait_for_all(&self, wants: &[&str]) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if wants.iter().all(|w| s.contains(w)) {
                return s;
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!("the screen never showed all of {wants:?}; it shows:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

#[test]
fn a_triage_session_in_a_real_terminal() {
    if !have_tmux() {
        return;
    }
    // The shell records the terminal settings before and after, so the test can tell raw mode
    // was turned off again.
    let t = Tmux::start(
        "triage",
        "sh -c 'before=$(stty -g); TAIZHANG --lang zh; code=$?; [ \"$before\" = \"$(stty -g)\" ] && echo TTY-RESTORED; echo EXIT:$code; exec sleep 600'",
    );
    // Cases registered from the command line by colleagues, before the session.
    t.cli_ok(&[
        "add",
        "petition",
        "--title",
        "联合村村民反映补偿款未兑现",
        "--party",
        "张三等15人",
    ]);
    t.cli_ok(&[
        "add",
        "labour",
        "--title",
        "德乐电子拖欠工资",
        "--party",
        "德乐电子有限公司",
        "-f",
        "workers=23",
    ]);
    t.cli_ok(&[
        "add",
        "hazard",
        "--title",
        "储罐区消防通道堵塞",
        "--party",
        "云达化工",
    ]);
    // The interface was started before the cases existed: they appear without a key press.
    t.wait_for("德乐电子拖欠工资");
    assert_eq!(
        t.format("#{alternate_on}"),
        "1",
        "the interface uses the alternate screen"
    );
    // Filter, incrementally.
    t.keys(&["/"]);
    t.type_text("德乐");
    t.wait_for("1/3");
    t.keys(&["Enter"]);
    // Move the selected case with a note.
    t.keys(&["m"]);
    t.wait_for("调解中 (mediating)");
    t.keys(&["Enter"]);
    t.wait_for("说明");
    t.type_text("到企业协调,约定下周调解");
    t.keys(&["Enter"]);
    t.wait_for("✓");
    // Clear the filter, register a case with Chinese text.
    t.keys(&["Escape"]);
    t.wait_for("3/3");
    t.keys(&["c"]);
    t.wait_for("登记哪类事项");
    t.keys(&["Enter"]);
    t.wait_for("登记新事项");
    t.type_text("园区东门信访人聚集 要求解决欠薪");
    t.keys(&["Tab"]);
    t.type_text("王五等8人");
    t.keys(&["Enter"]);
    let s = t.wait_for("已登记");
    assert!(s.contains("XF-"), "{s}");
    // The ledger came from TAIZHANG_DB: the `:` line runs commands all the same.
    let year = chrono_year();
    t.keys(&[":"]);
    t.type_text(&format!("move XF-{year}-0001 accepted"));
    t.keys(&["Enter"]);
    let s = t.wait_for("✓ :move");
    assert!(!s.contains("只能在启动时给出"), "{s}");
    // Tags typed in the registration form are tags, one each.
    t.keys(&["c"]);
    t.wait_for("登记哪类事项");
    t.keys(&["Enter"]);
    t.wait_for("登记新事项");
    t.type_text("夜间施工噪音扰民");
    t.keys(&["Tab", "Tab", "Tab", "Tab", "Tab"]);
    t.type_text("+噪音 +集体访");
    t.wait_for("噪音、集体访");
    t.keys(&["Enter"]);
    t.wait_for("夜间施工噪音扰民");
    t.keys(&["q"]);
    let s = t.wait_for("EXIT:");
    assert!(s.contains("EXIT:0"), "{s}");
    assert!(s.contains("TTY-RESTORED"), "raw mode was turned off:\n{s}");
    assert_eq!(
        t.format("#{alternate_on}"),
        "0",
        "the alternate screen was left"
    );
    assert_eq!(t.format("#{cursor_flag}"), "1", "the cursor is shown again");

    // The ledger, read back with the command line.
    let ld = json(&t.cli_ok(&["show", &format!("LD-{year}-0001"), "--json"]));
    assert_eq!(ld["state"], "mediating");
    let last = ld["history"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["change"]["note"], "到企业协调,约定下周调解", "{last}");
    let xf = json(&t.cli_ok(&["show", &format!("XF-{year}-0002"), "--json"]));
    assert_eq!(xf["title"], "园区东门信访人聚集 要求解决欠薪");
    assert_eq!(xf["party"], "王五等8人");
    let moved = json(&t.cli_ok(&["show", &format!("XF-{year}-0001"), "--json"]));
    assert_eq!(moved["state"], "accepted");
    let tagged = t.cli_ok(&["list", "tag:集体访"]);
    assert!(tagged.contains("夜间施工噪音扰民"), "{tagged}");
    let check = t.cli_ok(&["check"]);
    assert!(check.contains("ok") || check.contains("正常"), "{check}");
}

fn chrono_year() -> String {
    // Ids carry the year the case was registered: today's, as the command line sees it.
    let out = Command::new("date").arg("+%Y").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// The program runs under a shell that ignores the signals and writes down how it ended: tmux
/// may mark a pane dead when its terminal closes, before it has collected the exit status, so the
/// status is taken from the shell rather than from tmux.
const RECORDED: &str = "sh -c 'trap \"\" HUP TERM; TAIZHANG --lang LANG; echo $? > STATUS'";

/// The pid of the program under the recording shell.
fn program_pid(t: &Tmux) -> String {
    let shell = t.format("#{pane_pid}");
    let start = Instant::now();
    loop {
        let out = Command::new("pgrep").args(["-P", &shell]).output().unwrap();
        let pid = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if !pid.is_empty() {
            return pid;
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "no program under the shell"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// The exit status the recording shell wrote down.
fn wait_status(t: &Tmux) -> String {
    let start = Instant::now();
    loop {
        if let Ok(s) = std::fs::read_to_string(t.dir.path().join("status"))
            && !s.trim().is_empty()
        {
            return s.trim().to_string();
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "the program did not end:\n{}",
            t.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn sighup_mid_session_ends_cleanly_and_the_ledger_opens_clean() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start("hup", &RECORDED.replace("LANG", "en"));
    t.cli_ok(&[
        "add",
        "petition",
        "--title",
        "联合村上访",
        "--party",
        "张三",
    ]);
    t.wait_for("联合村上访");
    // Mid-session: a note half typed.
    t.keys(&["n", "Tab"]);
    t.wait_for("Record work");
    t.type_text("visited the hou");
    let pid = program_pid(&t);
    assert!(
        Command::new("kill")
            .args(["-HUP", &pid])
            .status()
            .unwrap()
            .success()
    );
    let status = wait_status(&t);
    assert_eq!(
        status, "129",
        "ended by the SIGHUP handler, not killed by the signal"
    );
    assert_eq!(
        t.format("#{alternate_on}"),
        "0",
        "the terminal was given back"
    );
    let check = t.cli_ok(&["check"]);
    assert!(check.contains("ok"), "{check}");
    // The half-typed note was never submitted.
    let year = chrono_year();
    let xf = json(&t.cli_ok(&["show", &format!("XF-{year}-0001"), "--json"]));
    assert!(
        xf["history"]
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["change"]["type"] != "note")
    );
}

#[test]
fn sigterm_and_a_dropped_connection_end_the_program() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start("term", &RECORDED.replace("LANG", "zh"));
    t.wait_for("台账还是空的");
    let pid = program_pid(&t);
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    assert_eq!(wait_status(&t), "143");
    // A shell reports 143 for a program killed by SIGTERM too: the terminal given back is what
    // shows the handler ran.
    assert_eq!(
        t.format("#{alternate_on}"),
        "0",
        "the terminal was given back"
    );
    // A dropped connection: the terminal disappears under the program. The shell around it
    // outlives the terminal (it ignores SIGHUP) to write down how the program ended.
    let t = Tmux::start(
        "drop",
        "sh -c 'trap \"\" HUP; TAIZHANG --lang zh; echo $? > STATUS'",
    );
    t.wait_for("台账还是空的");
    let _ = t.tmux(&["kill-server"]);
    let start = Instant::now();
    let status = loop {
        if let Ok(s) = std::fs::read_to_string(t.dir.path().join("status"))
            && !s.trim().is_empty()
        {
            break s.trim().to_string();
        }
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "taizhang outlived its terminal"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(status, "129", "ended as a hang-up, not aborted or killed");
    let check = t.cli_ok(&["check"]);
    assert!(check.contains("正常") || check.contains("ok"), "{check}");
}

#[test]
fn resizing_redraws_at_every_size() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start("resize", "exec TAIZHANG --lang en");
    t.cli_ok(&[
        "add",
        "labour",
        "--title",
        "德乐电子拖欠工资",
        "--party",
        "德乐电子有限公司",
    ]);
    t.wait_for("德乐电子拖欠工资");
    for (w, h, want) in [
        ("80", "24", "Party"),
        ("20", "5", "LD-"),
        ("160", "40", "Assignee"),
        ("100", "30", "Kind"),
    ] {
        assert!(
            t.tmux(&["resize-window", "-t", "main", "-x", w, "-y", h])
                .status
                .success()
        );
        let s = t.wait_for(want);
        let widest = s
            .lines()
            .map(unicode_width::UnicodeWidthStr::width)
            .max()
            .unwrap_or(0);
        assert!(widest <= w.parse().unwrap(), "{w}x{h}:\n{s}");
    }
    assert_eq!(t.format("#{pane_dead}"), "0", "still running");
}

#[test]
fn a_clerk_s_sheet_is_imported_from_the_import_screen() {
    if !have_tmux() {
        return;
    }
    let t = Tmux::start("import", "TAIZHANG --lang zh; exec sleep 600");
    let file = t.dir.path().join("5月隐患排查.csv");
    crate::support::write_file(
        &file,
        "序号,排查日期,企业名称,隐患部位,隐患描述,隐患级别,整改期限,整改情况\n\
         1,2026/5/6,德乐公司,配电房,电缆沟积水,一般隐患,2026/5/20,整改中\n\
         2,2026/5/7,鑫源铸造厂,熔炼车间,未设防护栏,重大隐患,2026/6/1,已下发整改通知\n\
         ,合计,,,,,,\n",
    );
    t.wait_for("台账还是空的");
    t.keys(&["i"]);
    t.wait_for(":import");
    t.type_text(file.to_str().unwrap());
    t.keys(&["Enter"]);
    t.wait_for_all(&["导入 5月隐患排查.csv", "隐患部位", "100%"]);
    t.keys(&["d"]);
    t.wait_for("将新增 2 件");
    t.keys(&["I"]);
    t.wait_for("新增 2 件");
    let list = t.cli_ok(&["list", "--json"]);
    assert!(
        list.contains("德乐公司 配电房 电缆沟积水") && list.contains("rectifying"),
        "{list}"
    );
}
