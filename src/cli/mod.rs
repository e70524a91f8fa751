//! The command line: one small file per subcommand, each parse → call the ledger → print.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Config;
use crate::ledger::{LedgerError, Result};

mod add;
mod audit;
mod backup;
mod change;
mod check;
mod demo;
mod export;
mod history;
mod import;
mod keys;
mod list;
mod report;
mod rules;
mod seal;
mod serve;
mod show;
pub mod summary;
mod target;
pub mod typed;
mod user;
pub mod view;

pub use crate::config::Env;
pub use change::request;

#[derive(Debug, Parser)]
#[command(name = "taizhang", version, about = "台账 — casework ledger for industrial-park offices: petitions, labour disputes, land holdouts, safety hazards, illegal structures", long_about = None)]
pub struct Cli {
    /// The ledger file (default: $XDG_DATA_HOME/taizhang/ledger.redb)
    #[arg(long, global = true, env = "TAIZHANG_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// The office's ledger server (its socket): use it instead of a ledger file
    #[arg(long, global = true, env = "TAIZHANG_SERVER", value_name = "PATH")]
    pub server: Option<PathBuf>,
    /// Interface language: zh or en (default: config file, then LANG)
    #[arg(long, global = true, value_name = "zh|en")]
    pub lang: Option<String>,
    /// Keymap of the interface: default, emacs, arrows, or a path to a TOML file
    #[arg(long, global = true, value_name = "NAME|PATH")]
    pub keymap: Option<String>,
    /// Capture the mouse in the interface (off by default: it breaks copy and paste over SSH)
    #[arg(long, global = true)]
    pub mouse: bool,
    #[command(subcommand)]
    pub command: Option<Cmd>,
}

#[derive(Debug, Subcommand)]
pub enum Cmd {
    /// Register a new case; prints its id
    Add(add::Args),
    /// List cases matching a query (open cases unless --all or the query asks for closed ones)
    List(list::Args),
    /// Show one case: every field, its deadline, links and history
    Show(show::Args),
    /// Edit fields: taizhang edit ID key=value …
    Edit(change::EditArgs),
    /// Move a case to another state of its workflow
    Move(change::MoveArgs),
    /// Assign a case to an officer (`-` to unassign)
    Assign(change::AssignArgs),
    /// Record a visit, call, coordination round or meeting
    Note(change::NoteArgs),
    /// Extend the running deadline, within what its rule allows
    Extend(change::ExtendArgs),
    /// Pause the deadline clock (e.g. waiting for a court or a hearing)
    Pause(change::PauseArgs),
    /// Resume a paused deadline clock
    Resume(change::IdArgs),
    /// Link two cases (e.g. a land holdout and the petition it produced)
    Link(change::LinkArgs),
    /// Add (+tag) or remove (-tag) tags
    Tag(change::TagArgs),
    /// The history of a case: every change with who made it and when
    History(history::Args),
    /// Fill the ledger with the demo cases (from the seed work summaries), or N generated ones
    Demo(demo::Args),
    /// Verify a ledger (or a backup): storage integrity and the ledger's own invariants
    Check(check::Args),
    /// Seal the ledger: print one digest of every case's history to write down or send upward;
    /// `check --against DIGEST` later proves nothing recorded before it has changed
    Seal(seal::Args),
    /// Import a 台账 from .xlsx, .csv (UTF-8 or GBK) or .jsonl: all rows, or none and a report
    Import(import::Args),
    /// Export cases as jsonl (everything, history included), csv, xlsx or md
    Export(export::Args),
    /// Write a consistent copy of the ledger to a new file while others keep working
    Backup(backup::Args),
    /// The state of the ledger on one screen: open, overdue and due per kind, the period's figures
    Summary(summary::Args),
    /// The figures section of a work summary (工作总结) for a period, as Markdown or JSON
    Report(report::Args),
    /// Set, list or remove yearly targets (确保/力争) shown as progress in summaries and reports
    Target(target::Args),
    /// Show or set the deadline rule set (national, zhejiang)
    Rules(rules::Args),
    /// Run the office's ledger server: officers connect with --server (see README)
    Serve(serve::Args),
    /// Manage the users of the ledger and their roles (viewer, officer, supervisor)
    User(user::Args),
    /// Who did what: changes, privileged actions and refused attempts
    Audit(audit::Args),
    /// List the field and state keys of each kind
    Keys(keys::Args),
    /// Print shell completions
    Completions {
        /// bash, zsh, fish, elvish or powershell
        shell: clap_complete::Shell,
    },
}

impl Cli {
    /// The settings and the language, from the config file and these arguments.
    pub fn env(&self) -> Result<Env> {
        let config = Config::load()?;
        let lang = config.lang(self.lang.as_deref())?;
        Ok(Env {
            config,
            lang,
            db: self.db.clone(),
            server: self.server.clone(),
            keymap: self.keymap.clone(),
        })
    }
}

/// Run one subcommand.
pub fn run(env: &Env, cmd: Cmd) -> Result<ExitCode> {
    let cmd = match change::request(cmd) {
        Ok(req) => return change::exec(env, req?),
        Err(cmd) => *cmd,
    };
    match cmd {
        Cmd::List(a) => list::run(env, a),
        Cmd::Show(a) => show::run(env, a),
        Cmd::History(a) => history::run(env, a),
        Cmd::Demo(a) => demo::run(env, a),
        Cmd::Check(a) => check::run(env, a),
        Cmd::Seal(a) => seal::run(env, a),
        Cmd::Import(a) => import::run(env, a),
        Cmd::Export(a) => export::run(env, a),
        Cmd::Backup(a) => backup::run(env, a),
        Cmd::Summary(a) => summary::run(env, a),
        Cmd::Report(a) => report::run(env, a),
        Cmd::Target(a) => target::run(env, a),
        Cmd::Rules(a) => rules::run(env, a),
        Cmd::Serve(a) => serve::run(env, a),
        Cmd::User(a) => user::run(env, a),
        Cmd::Audit(a) => audit::run(env, a),
        Cmd::Keys(a) => keys::run(env, a),
        Cmd::Add(_)
        | Cmd::Edit(_)
        | Cmd::Move(_)
        | Cmd::Assign(_)
        | Cmd::Note(_)
        | Cmd::Extend(_)
        | Cmd::Pause(_)
        | Cmd::Resume(_)
        | Cmd::Link(_)
        | Cmd::Tag(_) => unreachable!("changing commands were run above"),
        Cmd::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(shell, &mut cmd, "taizhang", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// Parse `key=value` (also `key：value` typed with a Chinese keyboard, or `key:value`).
pub fn parse_kv(s: &str) -> std::result::Result<(String, String), String> {
    let pos = s
        .find(['=', '＝'])
        .ok_or_else(|| format!("{s:?} is not key=value: write e.g. people=150"))?;
    let (k, v) = s.split_at(pos);
    let v = v.trim_start_matches(['=', '＝']);
    if k.trim().is_empty() {
        return Err(format!("{s:?} has no key before ="));
    }
    Ok((k.trim().to_string(), v.to_string()))
}

/// Print a JSON value on stdout.
pub fn print_json<T: serde::Serialize>(v: &T) -> Result<ExitCode> {
    let s = serde_json::to_string_pretty(v).map_err(|e| LedgerError::Io(e.to_string()))?;
    // Exact for scripts, harmless on a terminal: bidi overrides and C1 controls escaped too.
    println!("{}", crate::ledger::text::json_safe(&s));
    Ok(ExitCode::SUCCESS)
}
