//! The layers point one way: the core (src/ledger) names no terminal, command-line, file-format or
//! server code and imports neither the exchange formats nor the demo; the exchange formats and the
//! demo (src/exchange, src/demo) import nothing from the command line, the interface or the server;
//! the command line and the interface (src/cli, src/tui) do not name each other, and the server names
//! neither of them.

use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let entries = std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("a directory entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `file:line: text` under `dir` whose code (comments left out) names one of `banned`.
fn offences(dir: &str, banned: &[&str]) -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut files = Vec::new();
    sources(&root, &mut files);
    files.sort();
    assert!(!files.is_empty(), "no sources under {dir}");
    let mut found = Vec::new();
    for file in files {
        let text = std::fs::read_to_string(&file).expect("a readable source");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            for word in banned {
                if code.contains(word) {
                    found.push(format!(
                        "{}:{}: names {word}: {}",
                        file.strip_prefix(env!("CARGO_MANIFEST_DIR"))
                            .unwrap_or(&file)
                            .display(),
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    found
}

#[test]
fn the_core_names_no_outer_layer() {
    let found = offences(
        "src/ledger",
        &[
            "ratatui",
            "crossterm",
            "clap",
            "calamine",
            "rust_xlsxwriter",
            "csv::",
            "encoding_rs",
            "crate::server",
            "crate::exchange",
            "crate::demo",
            "crate::cli",
            "crate::tui",
        ],
    );
    assert!(
        found.is_empty(),
        "src/ledger must not depend on outer layers:\n{}",
        found.join("\n")
    );
}

#[test]
fn exchange_and_demo_name_no_front_end() {
    for dir in ["src/exchange", "src/demo"] {
        let found = offences(dir, &["crate::cli", "crate::tui", "crate::server"]);
        assert!(
            found.is_empty(),
            "{dir} must not depend on the command line, the interface or the server:\n{}",
            found.join("\n")
        );
    }
}

#[test]
fn the_front_ends_do_not_name_each_other() {
    // main.rs wires the command line's `:` parser into the interface; neither imports the other.
    for (dir, banned) in [
        ("src/cli", &["crate::tui", "tui::"][..]),
        ("src/tui", &["crate::cli", "cli::"][..]),
        (
            "src/server",
            &["crate::cli", "crate::tui", "ratatui", "crossterm"][..],
        ),
    ] {
        let found = offences(dir, banned);
        assert!(
            found.is_empty(),
            "{dir} must not depend on the other front end:\n{}",
            found.join("\n")
        );
    }
}
