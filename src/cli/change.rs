//! The subcommands that change a case: edit, move, assign, note, extend, pause, resume, link, tag.
//! Each builds one ledger command and prints what it did.

use std::process::ExitCode;

use crate::ledger::text::sanitize;
use crate::ledger::units::parse_date;
use crate::ledger::{Command, NoteType, Outcome, Request, Result};

use super::{Cmd, Env, parse_kv};

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
    /// 情况紧急: enforce at night or on a holiday (行政强制法 art 43); needs --reason
    #[arg(long, requires = "reason")]
    pub urgent: bool,
    /// Why it is urgent (recorded with the move)
    #[arg(long, short, requires = "urgent")]
    pub reason: Option<String>,
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

/// Run a changing subcommand's request and print what it did (a new case prints its id).
pub fn exec(env: &Env, req: Request) -> Result<ExitCode> {
    let create = matches!(req.command, Command::Create { .. });
    let ledger = env.open()?;
    let out = ledger.execute(req)?;
    if create {
        println!("{}", out.id);
        return Ok(ExitCode::SUCCESS);
    }
    report(env, &out)
}

/// The ledger request a changing subcommand stands for, or the subcommand back when it only
/// reads or does something else. The command line and the interface's `:` line both use this,
/// so no command is written twice.
pub fn request(cmd: Cmd) -> std::result::Result<Result<Request>, Box<Cmd>> {
    let plain = |command: Command| Ok(Request::from(command));
    Ok(match cmd {
        Cmd::Add(a) => a.command().map(Request::from),
        Cmd::Edit(a) => Ok(Request {
            command: Command::Edit {
                id: a.id,
                fields: a.fields,
            },
            expect_rev: a.expect_rev,
        }),
        Cmd::Move(a) => Ok(Request {
            command: Command::Move {
                id: a.id,
                to: a.state,
                note: a.note,
                fields: a.fields,
                urgent: a.urgent.then(|| a.reason.unwrap_or_default()),
            },
            expect_rev: a.expect_rev,
        }),
        Cmd::Assign(a) => {
            let user = match a.user.trim() {
                "-" | "" | "none" => None,
                u => Some(u.to_string()),
            };
            plain(Command::Assign { id: a.id, user })
        }
        Cmd::Note(a) => (|| {
            let note_type = NoteType::parse(&a.note_type)?;
            let date = a.date.as_deref().map(parse_date).transpose()?;
            plain(Command::Note {
                id: a.id,
                note_type,
                text: a.text,
                people: a.people,
                date,
            })
        })(),
        Cmd::Extend(a) => plain(Command::Extend {
            id: a.id,
            days: a.days,
            reason: a.reason,
        }),
        Cmd::Pause(a) => plain(Command::Pause {
            id: a.id,
            reason: a.reason,
        }),
        Cmd::Resume(a) => plain(Command::Resume { id: a.id }),
        Cmd::Link(a) => plain(Command::Link {
            id: a.id,
            other: a.other,
        }),
        Cmd::Tag(a) => {
            let mut add = Vec::new();
            let mut remove = Vec::new();
            for t in a.tags {
                match t.strip_prefix('-') {
                    Some(r) => remove.push(r.to_string()),
                    None => add.push(t.strip_prefix('+').unwrap_or(&t).to_string()),
                }
            }
            plain(Command::Tag {
                id: a.id,
                add,
                remove,
            })
        }
        other => return Err(Box::new(other)),
    })
}
