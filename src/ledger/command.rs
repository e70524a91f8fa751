//! Commands: the one write path. A command is validated against the kind's workflow and turned
//! into events; the store commits the events with the updated case in one transaction. The
//! command line, the interface and import all build these.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::error::LedgerError;
use super::event::Change;
use super::model::{Case, Clock, NoteType, Priority, Value, check_text, parse_value, split_list};
use super::schema::{Kind, schema};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "snake_case")]
pub enum Command {
    Create {
        kind: Kind,
        title: String,
        /// key=value pairs, common or kind-specific fields, as a user typed them.
        fields: Vec<(String, String)>,
        #[serde(default)]
        source: Option<String>,
    },
    Edit {
        id: String,
        fields: Vec<(String, String)>,
    },
    Move {
        id: String,
        to: String,
        note: Option<String>,
        fields: Vec<(String, String)>,
    },
    Assign {
        id: String,
        user: Option<String>,
    },
    Note {
        id: String,
        note_type: NoteType,
        text: String,
        people: Option<u32>,
        date: Option<NaiveDate>,
    },
    /// One note recorded on several cases at once (a coordination meeting about three
    /// disputes): each case gets a note event carrying the same note id, and the figures count
    /// its round and people once.
    SharedNote {
        ids: Vec<String>,
        note_type: NoteType,
        text: String,
        people: Option<u32>,
        date: Option<NaiveDate>,
    },
    Extend {
        id: String,
        days: u32,
        reason: String,
    },
    Pause {
        id: String,
        reason: String,
    },
    Resume {
        id: String,
    },
    Link {
        id: String,
        other: String,
    },
    Tag {
        id: String,
        add: Vec<String>,
        remove: Vec<String>,
    },
}

impl Command {
    /// The case the command changes (None for a creation).
    pub fn target(&self) -> Option<&str> {
        match self {
            Command::Create { .. } => None,
            Command::Edit { id, .. }
            | Command::Move { id, .. }
            | Command::Assign { id, .. }
            | Command::Note { id, .. }
            | Command::Extend { id, .. }
            | Command::Pause { id, .. }
            | Command::Resume { id }
            | Command::Link { id, .. }
            | Command::Tag { id, .. } => Some(id),
            Command::SharedNote { ids, .. } => ids.first().map(String::as_str),
        }
    }
}

/// What the write path needs to know besides the case.
pub struct Context<'a> {
    pub today: NaiveDate,
    pub rule_set: &'a str,
    pub calendar: &'a super::calendar::Calendar,
}

fn text_value(s: &str) -> Option<Value> {
    if s.is_empty() {
        None
    } else {
        Some(Value::Text(s.to_string()))
    }
}

/// Set one field (common or kind-specific) from user text; returns the change, if any.
pub fn set_field(case: &mut Case, key: &str, raw: &str) -> Result<Option<Change>, LedgerError> {
    let key = key.trim();
    let raw = raw.trim();
    let def = case.kind.def();
    let common = |case: &mut Case,
                  slot: fn(&mut Case) -> &mut String,
                  name: &str|
     -> Result<Option<Change>, LedgerError> {
        check_text(name, raw)?;
        if name == "title" && raw.is_empty() {
            return Err(LedgerError::BadValue {
                what: "title".into(),
                value: String::new(),
                hint: "a case needs a title; write a few words saying what it is".into(),
            });
        }
        let s = slot(case);
        if s == raw {
            return Ok(None);
        }
        let before = text_value(s);
        *s = raw.to_string();
        Ok(Some(Change::Field {
            field: name.to_string(),
            before,
            after: text_value(raw),
        }))
    };
    match key {
        "title" | "标题" => common(case, |c| &mut c.title, "title"),
        "description" | "描述" => common(case, |c| &mut c.description, "description"),
        "party" | "当事方" => common(case, |c| &mut c.party, "party"),
        "location" | "地点" => common(case, |c| &mut c.location, "location"),
        "priority" | "优先级" => {
            let p = Priority::parse(raw)?;
            if p == case.priority {
                return Ok(None);
            }
            let before = Some(Value::Text(case.priority.key().into()));
            case.priority = p;
            Ok(Some(Change::Field {
                field: "priority".into(),
                before,
                after: Some(Value::Text(p.key().into())),
            }))
        }
        "tags" | "标签" => {
            let new = split_list(raw);
            for t in &new {
                check_text("tag", t)?;
            }
            if new == case.tags {
                return Ok(None);
            }
            let before = Some(Value::List(case.tags.clone()));
            case.tags = new.clone();
            Ok(Some(Change::Field {
                field: "tags".into(),
                before,
                after: Some(Value::List(new)),
            }))
        }
        "opened" | "登记日期" => {
            let d = super::units::parse_date(raw)?;
            if d == case.opened {
                return Ok(None);
            }
            let before = Some(Value::Date(case.opened));
            case.opened = d;
            Ok(Some(Change::Field {
                field: "opened".into(),
                before,
                after: Some(Value::Date(d)),
            }))
        }
        "id" | "kind" | "state" | "assignee" | "closed" | "due" | "links" => {
            Err(LedgerError::BadValue {
                what: "field".into(),
                value: key.to_string(),
                hint: match key {
                    "state" => "change the state with `taizhang move ID STATE`".into(),
                    "assignee" => "assign with `taizhang assign ID USER`".into(),
                    "due" => {
                        "the due date follows the stage's rule; use `extend` or `pause`".into()
                    }
                    "links" => "link cases with `taizhang link ID ID`".into(),
                    _ => format!("{key} is set by the ledger and cannot be edited"),
                },
            })
        }
        _ => {
            let fd = def
                .field_by_name(key)
                .ok_or_else(|| LedgerError::UnknownField {
                    kind: case.kind.key().into(),
                    field: key.to_string(),
                    known: known_fields(case.kind),
                })?;
            let value = parse_value(fd, raw)?;
            let before = case.fields.get(&fd.key).cloned();
            if before == value {
                return Ok(None);
            }
            let field = fd.key.clone();
            match &value {
                Some(v) => case.fields.insert(field.clone(), v.clone()),
                None => case.fields.remove(&field),
            };
            Ok(Some(Change::Field {
                field,
                before,
                after: value,
            }))
        }
    }
}

pub fn known_fields(kind: Kind) -> String {
    let mut v: Vec<&str> = vec![
        "title",
        "description",
        "party",
        "location",
        "priority",
        "tags",
        "opened",
    ];
    v.extend(kind.def().fields.iter().map(|f| f.key.as_str()));
    v.join(", ")
}

fn required(what: &str) -> impl Fn(&str) -> LedgerError + '_ {
    move |hint: &str| LedgerError::Requirement(format!("{what}: {hint}"))
}

/// A new case in its kind's first state, with the creation event and the field events.
pub fn create(
    id: String,
    kind: Kind,
    title: &str,
    fields: &[(String, String)],
    source: Option<String>,
    ctx: &Context,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(Case, Vec<Change>), LedgerError> {
    let def = kind.def();
    let mut case = Case {
        id,
        kind,
        title: String::new(),
        description: String::new(),
        party: String::new(),
        location: String::new(),
        assignee: None,
        priority: Priority::Normal,
        tags: Vec::new(),
        state: def.initial.clone(),
        opened: ctx.today,
        closed: None,
        links: Vec::new(),
        fields: Default::default(),
        clock: None,
        due: None,
        rev: 0,
        created: now,
        updated: now,
        source: source.clone(),
    };
    let mut changes = vec![Change::Created {
        kind,
        state: def.initial.clone(),
        source,
    }];
    if let Some(c) = set_field(&mut case, "title", title)? {
        changes.push(c);
    }
    for (k, v) in fields {
        if k == "assignee" || k == "责任人" {
            let user = v.trim();
            if !user.is_empty() {
                check_user(user)?;
                case.assignee = Some(user.to_string());
                changes.push(Change::Assigned {
                    before: None,
                    after: Some(user.to_string()),
                });
            }
            continue;
        }
        if let Some(c) = set_field(&mut case, k, v)? {
            changes.push(c);
        }
    }
    start_clock(&mut case, ctx);
    Ok((case, changes))
}

fn check_user(user: &str) -> Result<(), LedgerError> {
    if user.chars().count() > 64 || user.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return Err(LedgerError::BadValue {
            what: "user".into(),
            value: user.to_string(),
            hint: "a user is an account name without spaces, such as wang".into(),
        });
    }
    Ok(())
}

/// Start the clock of the case's current state, unless the same rule is already running.
fn start_clock(case: &mut Case, ctx: &Context) {
    let rule = case
        .kind
        .def()
        .state(&case.state)
        .and_then(|s| s.deadline.clone());
    match rule {
        Some(r) if case.clock.as_ref().is_some_and(|c| c.rule == r) => {}
        Some(r) => {
            case.clock = Some(Clock {
                rule: r,
                started: ctx.today,
                extended_days: 0,
                extensions: 0,
                paused_days: 0,
                paused_since: None,
            })
        }
        None => case.clock = None,
    }
}

/// Apply a command other than Create to `case`, returning the changes to record.
pub fn apply(case: &mut Case, cmd: &Command, ctx: &Context) -> Result<Vec<Change>, LedgerError> {
    let mut changes = Vec::new();
    match cmd {
        Command::Create { .. } => {
            return Err(LedgerError::Requirement(
                "a creation cannot be applied to an existing case".into(),
            ));
        }
        Command::Edit { fields, .. } => {
            if fields.is_empty() {
                return Err(LedgerError::Requirement(
                    "nothing to edit: give key=value pairs, e.g. `edit XF-2026-0001 people=150`"
                        .into(),
                ));
            }
            for (k, v) in fields {
                if let Some(c) = set_field(case, k, v)? {
                    changes.push(c);
                }
            }
        }
        Command::Move {
            to, note, fields, ..
        } => {
            let def = case.kind.def();
            let target = def.state_by_name(to).ok_or_else(|| LedgerError::BadValue {
                what: "state".into(),
                value: to.clone(),
                hint: format!(
                    "{} has states {}",
                    case.kind,
                    def.states
                        .iter()
                        .map(|s| s.key.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            })?;
            let allowed = || {
                let next = def.next_states(&case.state);
                if next.is_empty() {
                    "none (the case is closed)".to_string()
                } else {
                    next.iter()
                        .map(|s| format!("{} ({})", s.key, s.zh))
                        .collect::<Vec<_>>()
                        .join(", ")
                }
            };
            let Some(tr) = def.transition(&case.state, &target.key) else {
                return Err(LedgerError::Transition {
                    id: case.id.clone(),
                    from: case.state.clone(),
                    to: target.key.clone(),
                    allowed: allowed(),
                });
            };
            for (k, v) in fields {
                if let Some(c) = set_field(case, k, v)? {
                    changes.push(c);
                }
            }
            let req = required(&target.key);
            let note = note.as_deref().map(str::trim).filter(|n| !n.is_empty());
            if let Some(n) = note {
                check_text("note", n)?;
            }
            if tr.note && note.is_none() {
                return Err(req(&format!(
                    "moving {} to {} needs a note saying why (--note \"…\")",
                    case.id, target.key
                )));
            }
            let missing: Vec<&str> = tr
                .requires
                .iter()
                .filter(|f| !case.fields.contains_key(*f))
                .map(String::as_str)
                .collect();
            if !missing.is_empty() {
                return Err(req(&format!(
                    "moving {} to {} needs {}: add --field {}=…",
                    case.id,
                    target.key,
                    missing.join(", "),
                    missing[0]
                )));
            }
            let from = std::mem::replace(&mut case.state, target.key.clone());
            case.closed = if target.terminal {
                Some(ctx.today)
            } else {
                None
            };
            start_clock(case, ctx);
            changes.push(Change::State {
                from,
                to: target.key.clone(),
                note: note.map(String::from),
            });
        }
        Command::Assign { user, .. } => {
            let user = user.as_deref().map(str::trim).filter(|u| !u.is_empty());
            if let Some(u) = user {
                check_user(u)?;
            }
            if case.assignee.as_deref() == user {
                return Ok(changes);
            }
            let before = case.assignee.take();
            case.assignee = user.map(String::from);
            changes.push(Change::Assigned {
                before,
                after: case.assignee.clone(),
            });
        }
        Command::Note {
            note_type,
            text,
            people,
            date,
            ..
        }
        | Command::SharedNote {
            note_type,
            text,
            people,
            date,
            ..
        } => {
            let text = text.trim();
            if text.is_empty() {
                return Err(LedgerError::Requirement("a note needs text: say what was done, e.g. `note ID \"visited the household\"`".into()));
            }
            check_text("note", text)?;
            if let Some(p) = people
                && *p > 100_000
            {
                return Err(LedgerError::BadValue {
                    what: "people".into(),
                    value: p.to_string(),
                    hint: "give the number of people present, at most 100000".into(),
                });
            }
            let date = date.unwrap_or(ctx.today);
            if date > ctx.today {
                return Err(LedgerError::BadValue {
                    what: "note date".into(),
                    value: date.to_string(),
                    hint: "a note records what happened: the date cannot be in the future".into(),
                });
            }
            changes.push(Change::Note {
                note_type: *note_type,
                text: text.to_string(),
                people: *people,
                date,
                shared: None,
            });
        }
        Command::Extend { days, reason, .. } => {
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(LedgerError::Requirement(
                    "an extension needs a reason (--reason \"…\")".into(),
                ));
            }
            check_text("reason", reason)?;
            let Some(clock) = case.clock.clone() else {
                return Err(LedgerError::Requirement(format!(
                    "{} has no running deadline in state {} to extend",
                    case.id, case.state
                )));
            };
            let rule = schema()
                .rule(ctx.rule_set, case.kind, &clock.rule)
                .cloned()
                .unwrap_or_default();
            if rule.extension_max_count == 0 {
                return Err(LedgerError::Requirement(format!(
                    "the {} deadline of {} cannot be extended ({}){}",
                    clock.rule,
                    case.id,
                    rule.basis,
                    rule.from_field
                        .as_ref()
                        .map(|f| format!("; change the date with `edit {} {f}=…`", case.id))
                        .unwrap_or_default()
                )));
            }
            if clock.extensions >= rule.extension_max_count {
                return Err(LedgerError::Requirement(format!(
                    "the {} deadline of {} was already extended {} time(s); {} allows {}",
                    clock.rule, case.id, clock.extensions, rule.basis, rule.extension_max_count
                )));
            }
            let left = rule.extension_max_days.saturating_sub(clock.extended_days);
            if *days == 0 || *days > left {
                return Err(LedgerError::BadValue {
                    what: "extension".into(),
                    value: format!("{days} days"),
                    hint: format!("{} allows 1 to {left} more days", rule.basis),
                });
            }
            let before =
                super::deadline::due(case, ctx.rule_set, ctx.calendar, ctx.today).map(|d| d.date);
            if let Some(c) = case.clock.as_mut() {
                c.extended_days += days;
                c.extensions += 1;
            }
            let after =
                super::deadline::due(case, ctx.rule_set, ctx.calendar, ctx.today).map(|d| d.date);
            changes.push(Change::Extended {
                days: *days,
                reason: reason.to_string(),
                before,
                after,
            });
        }
        Command::Pause { reason, .. } => {
            let reason = reason.trim();
            if reason.is_empty() {
                return Err(LedgerError::Requirement(
                    "a pause needs a reason (--reason \"…\"), e.g. waiting for the court".into(),
                ));
            }
            check_text("reason", reason)?;
            let id = case.id.clone();
            let Some(clock) = case.clock.as_mut() else {
                return Err(LedgerError::Requirement(format!(
                    "{id} has no running deadline to pause"
                )));
            };
            if clock.paused_since.is_some() {
                return Err(LedgerError::Requirement(format!(
                    "{id} is already paused; `resume {id}` first"
                )));
            }
            clock.paused_since = Some(ctx.today);
            changes.push(Change::Paused {
                reason: reason.to_string(),
            });
        }
        Command::Resume { .. } => {
            let id = case.id.clone();
            let Some(clock) = case.clock.as_mut() else {
                return Err(LedgerError::Requirement(format!("{id} is not paused")));
            };
            let Some(since) = clock.paused_since.take() else {
                return Err(LedgerError::Requirement(format!("{id} is not paused")));
            };
            let days = (ctx.today - since).num_days().clamp(0, u32::MAX as i64) as u32;
            clock.paused_days = clock.paused_days.saturating_add(days);
            changes.push(Change::Resumed { days });
        }
        Command::Link { other, .. } => {
            if *other == case.id {
                return Err(LedgerError::Requirement(
                    "a case cannot be linked to itself".into(),
                ));
            }
            if !case.links.contains(other) {
                case.links.push(other.clone());
                changes.push(Change::Linked {
                    other: other.clone(),
                });
            }
        }
        Command::Tag { add, remove, .. } => {
            let mut tags = case.tags.clone();
            tags.retain(|t| !remove.contains(t));
            for t in add {
                let t = t.trim();
                check_text("tag", t)?;
                if !t.is_empty() && !tags.iter().any(|x| x == t) {
                    tags.push(t.to_string());
                }
            }
            if tags != case.tags {
                let before = Some(Value::List(std::mem::replace(&mut case.tags, tags.clone())));
                changes.push(Change::Field {
                    field: "tags".into(),
                    before,
                    after: Some(Value::List(tags)),
                });
            }
        }
    }
    Ok(changes)
}
