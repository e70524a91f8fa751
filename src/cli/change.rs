//! The subcommands that change a case: edit, move, assign, note, extend, pause, resume, link, tag.
//! Each builds one ledger command and prints what it did.

use std::process::ExitCode;

use crate::ledger::clock::today;
use crate::ledger::text::sanitize;
use crate::ledger::units::parse_day;
use crate::ledger::{Command, LedgerError, NoteType, Outcome, Request, Result};

use super::{Cmd, Env, parse_kv};

/// When a change happened, if not today: every changing subcommand takes it.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct On {
    /// When it happened, if not today: 2026-11-28, 11-28 or 11月28日 (a day without a year is
    /// this year's, or last year's if still to come); never in the future
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,
}

impl On {
    /// The stated day, read against today.
    pub fn day(&self) -> Result<Option<chrono::NaiveDate>> {
        self.on
            .as_deref()
            .map(|s| parse_day(s, today()))
            .transpose()
    }
}

#[derive(Debug, clap::Args)]
pub struct IdArgs {
    pub id: String,
    #[command(flatten)]
    pub on: On,
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
    #[command(flatten)]
    pub on: On,
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
    #[command(flatten)]
    pub on: On,
}

#[derive(Debug, clap::Args)]
pub struct AssignArgs {
    pub id: String,
    /// The officer's account name, or - to unassign
    pub user: String,
    #[command(flatten)]
    pub on: On,
}

#[derive(Debug, clap::Args)]
pub struct NoteArgs {
    /// The case's id, then the note's text; several ids record one shared note (a meeting
    /// about three disputes is one round): `note LD-2026-0003 LD-2026-0004 "三方协调会"`
    #[arg(required = true, num_args = 2.., value_name = "ID… TEXT")]
    pub args: Vec<String>,
    /// visit, call, coordination, meeting, inspection, drill, other (走访/电话/协调/约谈/检查/演练/其他)
    #[arg(long = "type", short = 't', default_value = "other")]
    pub note_type: String,
    /// People present (counted as person-times, 人次, once however many cases share the note)
    #[arg(long)]
    pub people: Option<u32>,
    /// When it took place, if not today (the same as --on)
    #[arg(long)]
    pub date: Option<String>,
    #[command(flatten)]
    pub on: On,
}

/// A tag command's case and its day, once the tags are read.
struct TagOn {
    id: String,
    on: On,
}

/// Whether `s` is written as a case id (`LD-2026-0003`, any case) or an import reference.
fn id_form(s: &str) -> bool {
    let s = s.trim();
    if s.starts_with(crate::ledger::store::SOURCE_PREFIX) {
        return true;
    }
    let parts: Vec<&str> = s.split('-').collect();
    matches!(parts.as_slice(), [code, year, n]
        if !code.is_empty() && code.chars().all(|c| c.is_ascii_alphabetic())
            && year.len() == 4 && year.chars().all(|c| c.is_ascii_digit())
            && !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()))
}

impl NoteArgs {
    /// The note's cases and its text: every argument but the last is an id.
    fn ids_and_text(&self) -> Result<(Vec<String>, String)> {
        let (text, ids) = self.args.split_last().ok_or_else(|| {
            LedgerError::Requirement("a note needs a case id and its text".into())
        })?;
        if let Some(bad) = ids.iter().find(|i| !id_form(i)) {
            return Err(LedgerError::BadValue {
                what: "case id".into(),
                value: bad.clone(),
                hint: "give the case ids (like LD-2026-0003) first and the note's text last, in quotes".into(),
            });
        }
        Ok((ids.to_vec(), text.clone()))
    }
}

#[derive(Debug, clap::Args)]
pub struct ExtendArgs {
    pub id: String,
    pub days: u32,
    #[arg(long, short)]
    pub reason: String,
    #[command(flatten)]
    pub on: On,
}

#[derive(Debug, clap::Args)]
pub struct PauseArgs {
    pub id: String,
    #[arg(long, short)]
    pub reason: String,
    #[command(flatten)]
    pub on: On,
}

#[derive(Debug, clap::Args)]
pub struct LinkArgs {
    pub id: String,
    pub other: String,
    #[command(flatten)]
    pub on: On,
}

#[derive(Debug, clap::Args)]
pub struct TagArgs {
    pub id: String,
    /// +tag adds, -tag removes
    #[arg(allow_hyphen_values = true, required = true)]
    pub tags: Vec<String>,
    #[command(flatten)]
    pub on: On,
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
    // A shared note changes several cases: each is reported.
    let outs = ledger.execute_batch(vec![req], chrono::Utc::now(), today())?;
    for out in &outs {
        if create {
            println!("{}", out.id);
        } else {
            report(env, out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The ledger request a changing subcommand stands for, or the subcommand back when it only
/// reads or does something else. The command line and the interface's `:` line both use this,
/// so no command is written twice.
pub fn request(cmd: Cmd) -> std::result::Result<Result<Request>, Box<Cmd>> {
    let plain = |command: Command, on: &On| Ok(Request::from(command).on(on.day()?));
    Ok(match cmd {
        Cmd::Add(a) => (|| {
            let on = a.on.day()?;
            Ok(Request::from(a.command()?).on(on))
        })(),
        Cmd::Edit(a) => (|| {
            Ok(Request {
                command: Command::Edit {
                    id: a.id,
                    fields: a.fields,
                },
                expect_rev: a.expect_rev,
                on: a.on.day()?,
                past: false,
            })
        })(),
        Cmd::Move(a) => (|| {
            Ok(Request {
                command: Command::Move {
                    id: a.id,
                    to: a.state,
                    note: a.note,
                    fields: a.fields,
                    urgent: a.urgent.then(|| a.reason.unwrap_or_default()),
                },
                expect_rev: a.expect_rev,
                on: a.on.day()?,
                past: false,
            })
        })(),
        Cmd::Assign(a) => {
            let user = match a.user.trim() {
                "-" | "" | "none" => None,
                u => Some(u.to_string()),
            };
            plain(Command::Assign { id: a.id, user }, &a.on)
        }
        Cmd::Note(a) => (|| {
            let note_type = NoteType::parse(&a.note_type)?;
            let date = a
                .date
                .as_deref()
                .map(|s| parse_day(s, today()))
                .transpose()?;
            let on = a.on.day()?;
            if let (Some(d), Some(o)) = (date, on)
                && d != o
            {
                return Err(LedgerError::BadValue {
                    what: "--date".into(),
                    value: d.to_string(),
                    hint: format!("--date and --on say the same thing; give one (--on {o})"),
                });
            }
            let (mut ids, text) = a.ids_and_text()?;
            let command = if ids.len() == 1 {
                Command::Note {
                    id: ids.remove(0),
                    note_type,
                    text,
                    people: a.people,
                    date: date.or(on),
                }
            } else {
                Command::SharedNote {
                    ids,
                    note_type,
                    text,
                    people: a.people,
                    date: date.or(on),
                }
            };
            Ok(Request::from(command).on(on.or(date)))
        })(),
        Cmd::Extend(a) => plain(
            Command::Extend {
                id: a.id,
                days: a.days,
                reason: a.reason,
            },
            &a.on,
        ),
        Cmd::Pause(a) => plain(
            Command::Pause {
                id: a.id,
                reason: a.reason,
            },
            &a.on,
        ),
        Cmd::Resume(a) => plain(Command::Resume { id: a.id }, &a.on),
        Cmd::Link(a) => plain(
            Command::Link {
                id: a.id,
                other: a.other,
            },
            &a.on,
        ),
        Cmd::Tag(a) => {
            let mut add = Vec::new();
            let mut remove = Vec::new();
            let mut on = a.on;
            // `-tag` values are taken as they come, so `--on DATE` after them arrives here.
            let mut words = a.tags.into_iter();
            while let Some(t) = words.next() {
                if t == "--on" {
                    on.on = words.next();
                    continue;
                }
                if let Some(d) = t.strip_prefix("--on=") {
                    on.on = Some(d.to_string());
                    continue;
                }
                match t.strip_prefix('-') {
                    Some(r) => remove.push(r.to_string()),
                    None => add.push(t.strip_prefix('+').unwrap_or(&t).to_string()),
                }
            }
            let a = TagOn { id: a.id, on };
            plain(
                Command::Tag {
                    id: a.id,
                    add,
                    remove,
                },
                &a.on,
            )
        }
        other => return Err(Box::new(other)),
    })
}
