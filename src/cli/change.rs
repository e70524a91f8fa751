//! The subcommands that change a case: edit, move, assign, note, extend, pause, resume, link, tag.
//! Each builds one ledger command and prints what it did.

use std::process::ExitCode;

use crate::ledger::text::sanitize;
use crate::ledger::units::parse_date;
use crate::ledger::{Command, NoteType, Outcome, Request, Result};

use super::{Env, parse_kv};

#[derive(Debug, clap::Args)]
pub struct IdArgs {
    pub id: String,
}

#[derive(Debug, clap::Args)]
pub struct EditArgs {
    pub id: String,
    /// key=value pairs (an empty value clears the field)
    #[arg(value_parser = parse_kv, value_name = "KEY=VALUE", required = true)]
    pub fields: Vec<(String, String)>,
    /// Refuse if the case changed since this revision (lost-update guard for scripts)
    #[arg(long, value_name = "REV")]
    pub expect_rev: Option<u64>,
}

#[derive(Debug, clap::Args)]
pub struct MoveArgs {
    pub id: String,
    /// The new state (key or label; `taizhang show ID` lists the allowed ones)
    pub state: String,
    /// Why, or what was decided (some transitions require it)
    #[arg(long, short)]
    pub note: Option<String>,
    /// Fields the transition needs, e.g. --field satisfaction=满意
    #[arg(long = "field", short = 'f', value_parser = parse_kv, value_name = "KEY=VALUE")]
    pub fields: Vec<(String, String)>,
    /// Refuse if the case changed since this revision
    #[arg(long, value_name = "REV")]
    pub expect_rev: Option<u64>,
}

#[derive(Debug, clap::Args)]
pub struct AssignArgs {
    pub id: String,
    /// The officer's account name, or - to unassign
    pub user: String,
}

#[derive(Debug, clap::Args)]
pub struct NoteArgs {
    pub id: String,
    pub text: String,
    /// visit, call, coordination, meeting, inspection, drill, other (走访/电话/协调/约谈/检查/演练/其他)
    #[arg(long = "type", short = 't', default_value = "other")]
    pub note_type: String,
    /// People present (counted as person-times, 人次)
    #[arg(long)]
    pub people: Option<u32>,
    /// When it took place, if not today
    #[arg(long)]
    pub date: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ExtendArgs {
    pub id: String,
    pub days: u32,
    #[arg(long, short)]
    pub reason: String,
}

#[derive(Debug, clap::Args)]
pub struct PauseArgs {
    pub id: String,
    #[arg(long, short)]
    pub reason: String,
}

#[derive(Debug, clap::Args)]
pub struct LinkArgs {
    pub id: String,
    pub other: String,
}

#[derive(Debug, clap::Args)]
pub struct TagArgs {
    pub id: String,
    /// +tag adds, -tag removes
    #[arg(allow_hyphen_values = true, required = true)]
    pub tags: Vec<String>,
}

fn report(env: &Env, out: &Outcome) -> Result<ExitCode> {
    let ledger_kind = crate::ledger::Kind::from_code(out.id.split('-').next().unwrap_or(""));
    if out.changes.is_empty() {
        println!("{}: {}", out.id, env.lang.pick("无变化", "unchanged"));
    }
    for c in &out.changes {
        let text = match ledger_kind {
            Some(k) => c.describe(k, env.lang),
            None => c.key().to_string(),
        };
        println!("{}: {}", out.id, sanitize(&text));
    }
    Ok(ExitCode::SUCCESS)
}

fn exec(env: &Env, command: Command, expect_rev: Option<u64>) -> Result<ExitCode> {
    let ledger = env.open()?;
    let out = ledger.execute(Request {
        command,
        expect_rev,
    })?;
    report(env, &out)
}

pub fn edit(env: &Env, a: EditArgs) -> Result<ExitCode> {
    exec(
        env,
        Command::Edit {
            id: a.id,
            fields: a.fields,
        },
        a.expect_rev,
    )
}

pub fn move_(env: &Env, a: MoveArgs) -> Result<ExitCode> {
    exec(
        env,
        Command::Move {
            id: a.id,
            to: a.state,
            note: a.note,
            fields: a.fields,
        },
        a.expect_rev,
    )
}

pub fn assign(env: &Env, a: AssignArgs) -> Result<ExitCode> {
    let user = match a.user.trim() {
        "-" | "" | "none" => None,
        u => Some(u.to_string()),
    };
    exec(env, Command::Assign { id: a.id, user }, None)
}

pub fn note(env: &Env, a: NoteArgs) -> Result<ExitCode> {
    let note_type = NoteType::parse(&a.note_type)?;
    let date = a.date.as_deref().map(parse_date).transpose()?;
    exec(
        env,
        Command::Note {
            id: a.id,
            note_type,
            text: a.text,
            people: a.people,
            date,
        },
        None,
    )
}

pub fn extend(env: &Env, a: ExtendArgs) -> Result<ExitCode> {
    exec(
        env,
        Command::Extend {
            id: a.id,
            days: a.days,
            reason: a.reason,
        },
        None,
    )
}

pub fn pause(env: &Env, a: PauseArgs) -> Result<ExitCode> {
    exec(
        env,
        Command::Pause {
            id: a.id,
            reason: a.reason,
        },
        None,
    )
}

pub fn resume(env: &Env, a: IdArgs) -> Result<ExitCode> {
    exec(env, Command::Resume { id: a.id }, None)
}

pub fn link(env: &Env, a: LinkArgs) -> Result<ExitCode> {
    exec(
        env,
        Command::Link {
            id: a.id,
            other: a.other,
        },
        None,
    )
}

pub fn tag(env: &Env, a: TagArgs) -> Result<ExitCode> {
    let mut add = Vec::new();
    let mut remove = Vec::new();
    for t in a.tags {
        if let Some(r) = t.strip_prefix('-') {
            remove.push(r.to_string());
        } else {
            add.push(t.strip_prefix('+').unwrap_or(&t).to_string());
        }
    }
    exec(
        env,
        Command::Tag {
            id: a.id,
            add,
            remove,
        },
        None,
    )
}
