//! A command typed on the interface's `:` line, as the interface acts on it. The line is read by
//! the command line's own parser (`cli::typed::parse`, the same clap parser as `taizhang …`), and
//! `main` hands that parser to the interface: this small type sits below both, so neither the
//! command line nor the interface imports the other.

use crate::ledger::{Command, Lang};

/// What a typed command asks the interface to do.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed {
    /// A ledger command; `expect_rev` is the revision given with --expect-rev, if any.
    Run {
        command: Command,
        expect_rev: Option<u64>,
        /// The day it happened, given with --on.
        on: Option<chrono::NaiveDate>,
    },
    /// `list QUERY`: show these cases (the filter).
    Filter(String),
    /// `show ID`, `history ID`: select that case.
    Show(String),
    Demo,
    /// `import FILE [--map MAP]`: open the import screen on that file.
    Import {
        file: String,
        map: Option<String>,
    },
    Quit,
    Help,
    Nothing,
}

/// Reads a typed line (in the interface's language, for its messages) into what to do, or says
/// in one line why it cannot.
pub type ParseLine = fn(&str, Lang) -> Result<Parsed, String>;

/// The parser of an interface started without one (a test of the ledger alone): every line is
/// refused, saying so.
pub fn unavailable(_line: &str, lang: Lang) -> Result<Parsed, String> {
    Err(lang
        .pick(
            "这里没有命令行;请在终端里运行 taizhang 命令名",
            "the command line is not available here; run taizhang COMMAND in a shell",
        )
        .into())
}
