//! A private ledger and config per test, and the built binary run on it.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("temp dir"),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("data").join("ledger.redb")
    }

    /// The built binary, with HOME and XDG dirs inside the sandbox and the ledger at db().
    pub fn cmd(&self) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_taizhang"));
        c.env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("share"))
            .env("TAIZHANG_DB", self.db())
            .env("LANG", "en_US.UTF-8");
        c
    }

    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Output {
        self.cmd().args(args).output().expect("run taizhang")
    }

    /// Run and expect success; returns stdout.
    pub fn ok<S: AsRef<OsStr>>(&self, args: &[S]) -> String {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "taizhang {} failed: {}{}",
            shown(args),
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).expect("utf-8 output")
    }

    /// Run and expect failure with a one-line error; returns that line.
    pub fn fails<S: AsRef<OsStr>>(&self, args: &[S]) -> String {
        let out = self.run(args);
        assert!(
            !out.status.success(),
            "taizhang {} should have failed",
            shown(args)
        );
        let err = String::from_utf8(out.stderr).expect("utf-8 error");
        assert_eq!(
            err.trim_end().lines().count(),
            1,
            "error must be one line: {err:?}"
        );
        assert!(!err.contains("panicked"), "{err}");
        err.trim_end().to_string()
    }

    /// Everything a user can read back: every case (with history) as JSON.
    pub fn snapshot(&self) -> String {
        let list = self.ok(&["list", "--all", "--json", "--sort", "id"]);
        let cases: Vec<serde_json::Value> = serde_json::from_str(&list).expect("list json");
        let mut all = list.clone();
        for c in cases {
            let id = c["id"].as_str().expect("id").to_string();
            all.push_str(&self.ok(&["history", &id, "--json"]));
        }
        all
    }
}

/// Arguments as a failure message shows them: each cut to 60 characters, invalid UTF-8 replaced.
pub fn shown<S: AsRef<OsStr>>(args: &[S]) -> String {
    let v: Vec<String> = args
        .iter()
        .map(|a| a.as_ref().to_string_lossy().chars().take(60).collect())
        .collect();
    format!("{v:?}")
}

pub fn write_file(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, text).expect("write");
}

/// Count one more write in the ledger's version counter, as every taizhang's write does: what a
/// test that writes the tables directly (as an older taizhang would) must do to be noticed.
pub fn bump_version(meta: &mut redb::Table<&'static str, &'static [u8]>) {
    use redb::ReadableTable;
    let v = meta
        .get("version")
        .unwrap()
        .map(|v| u64::from_le_bytes(v.value().try_into().unwrap()))
        .unwrap();
    meta.insert("version", (v + 1).to_le_bytes().as_slice())
        .unwrap();
}
