//! Commands: the one write path. A command is validated against the kind's workflow and turned
//! into events; the store commits the events with the updated case in one transaction. The
//! command line, the interface and import all build these.

use chrono::{NaiveDate, NaiveTime};
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
        /// Urgent, with the reason recorded: allows what the law allows only in urgency
        /// (enforcement at night or on a holiday, 行政强制法 art 43).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        urgent: Option<String>,
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
    /// The local time of day the change is made, when it is made now (enforcement is not at
    /// night, 行政强制法 art 43); None for work recorded for an earlier day.
    pub time: Option<NaiveTime>,
    /// The move records a stage the case already reached elsewhere (an import of an office's
    /// existing 台账): the clocks are not checked, as they were when the step was taken.
    pub recorded: bool,
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
    check_limitation(&case, ctx)?;
    start_clock(&mut case, None, ctx.today);
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

/// A labour dispute registered more than a year after the worker knew of it (or employment
/// ended) is past the arbitration limitation (劳动争议调解仲裁法 art 27): taken only with the
/// reason recorded (an interruption, a suspension, a claim the limitation does not bar).
fn check_limitation(case: &Case, ctx: &Context) -> Result<(), LedgerError> {
    if case.kind != Kind::Labour || case.text("late_reason").is_some() {
        return Ok(());
    }
    let Some(d) =
        super::deadline::rule_due(case, "limitation", ctx.rule_set, ctx.calendar, ctx.today)
    else {
        return Ok(());
    };
    if d.date < ctx.today {
        return Err(LedgerError::Requirement(format!(
            "the one-year limitation ({}) ran out on {}: to register it anyway, record why with --field late_reason=\"…\" (时效中断/中止, 劳动关系存续期间的欠薪)",
            d.basis, d.date
        )));
    }
    Ok(())
}

/// Start the clock of the case's current state, unless the rule of the state it came from
/// (`from`) is the same and still running (accepted → in_progress keeps the 60 days). A state
/// without a rule keeps the last clock, stopped, for the guards that count from it (a closed
/// petition's review window).
fn start_clock(case: &mut Case, from: Option<&str>, today: NaiveDate) {
    let def = case.kind.def();
    let rule = def.state(&case.state).and_then(|s| s.deadline.clone());
    let before = from
        .and_then(|f| def.state(f))
        .and_then(|s| s.deadline.as_deref());
    match rule {
        Some(r)
            if before == Some(r.as_str()) && case.clock.as_ref().is_some_and(|c| c.rule == r) => {}
        Some(r) => {
            case.clock = Some(Clock {
                rule: r,
                started: today,
                extended_days: 0,
                extensions: 0,
                paused_days: 0,
                paused_since: None,
            })
        }
        None => {
            if let Some(c) = case.clock.as_mut()
                && let Some(since) = c.paused_since.take()
            {
                let days = (today - since).num_days().clamp(0, i64::from(u32::MAX)) as u32;
                c.paused_days = c.paused_days.saturating_add(days);
            }
        }
    }
}

/// The clock `history` leaves a case of `kind` with under the rules of this program: what a
/// ledger written under earlier rules recomputes on first open, reading the recorded events
/// and rewriting none of them. Counts from [`event_day`](super::event::event_day).
pub fn replay_clock(kind: Kind, history: &[super::event::Event]) -> Option<Clock> {
    let mut case = Case {
        id: String::new(),
        kind,
        title: String::new(),
        description: String::new(),
        party: String::new(),
        location: String::new(),
        assignee: None,
        priority: Priority::Normal,
        tags: Vec::new(),
        state: kind.def().initial.clone(),
        opened: NaiveDate::MIN,
        closed: None,
        links: Vec::new(),
        fields: Default::default(),
        clock: None,
        due: None,
        rev: 0,
        created: chrono::DateTime::<chrono::Utc>::MIN_UTC,
        updated: chrono::DateTime::<chrono::Utc>::MIN_UTC,
        source: None,
    };
    for e in history {
        let day = super::event::event_day(e);
        match &e.change {
            Change::Created { state, .. } => {
                case.state = state.clone();
                start_clock(&mut case, None, day);
            }
            Change::State { from, to, .. } => {
                case.state = to.clone();
                start_clock(&mut case, Some(from), day);
            }
            Change::Extended { days, .. } => {
                if let Some(c) = case.clock.as_mut() {
                    c.extended_days = c.extended_days.saturating_add(*days);
                    c.extensions += 1;
                }
            }
            Change::Paused { .. } => {
                if let Some(c) = case.clock.as_mut() {
                    c.paused_since = Some(day);
                }
            }
            Change::Resumed { days } => {
                if let Some(c) = case.clock.as_mut() {
                    c.paused_since = None;
                    c.paused_days = c.paused_days.saturating_add(*days);
                }
            }
            _ => {}
        }
    }
    case.clock
}

/// The clocks a move must respect (kinds.toml `wait`, `within`, `daytime`): one line naming the
/// rule, its article, the day from which (or until which) the move is allowed, and the way
/// around it where the law gives one.
fn check_clocks(
    case: &Case,
    tr: &super::schema::TransitionDef,
    to: &str,
    urgent: Option<&str>,
    ctx: &Context,
) -> Result<(), LedgerError> {
    use super::deadline::rule_due;
    if ctx.recorded {
        return Ok(());
    }
    let refuse = |m: String| Err(LedgerError::Requirement(format!("{} → {to}: {m}", case.id)));
    // A waiting period whose start is not recorded cannot be known to have run: ask for it.
    for name in &tr.wait {
        let rule = schema().rule(ctx.rule_set, case.kind, name);
        if let Some(f) = rule.and_then(|r| r.from_field.as_deref())
            && rule_due(case, name, ctx.rule_set, ctx.calendar, ctx.today).is_none()
        {
            return refuse(format!(
                "the {name} period ({}) counts from {f}, which is not recorded: add --field {f}=…",
                rule.map(|r| r.basis.as_str()).unwrap_or_default()
            ));
        }
    }
    // Of the waiting periods not yet run, the one that runs last says when the move is allowed.
    let unmet = tr
        .wait
        .iter()
        .filter_map(|name| {
            let d = rule_due(case, name, ctx.rule_set, ctx.calendar, ctx.today)?;
            let after = d.allowed_after().unwrap_or(d.date);
            (ctx.today <= after).then_some((after, name, d))
        })
        .max_by_key(|(after, _, _)| *after);
    if let Some((after, name, d)) = unmet {
        return refuse(format!(
            "not before the {name} period has run ({}); allowed from {}",
            d.basis,
            super::calendar::shift(after, 1)
        ));
    }
    for name in &tr.within {
        let Some(d) = rule_due(case, name, ctx.rule_set, ctx.calendar, ctx.today) else {
            continue;
        };
        if ctx.today > d.date {
            return refuse(format!(
                "the {name} period ({}) ran out on {}; the move was allowed until then",
                d.basis, d.date
            ));
        }
    }
    if tr.daytime && urgent.is_none() {
        let night = ctx.time.is_some_and(|t| {
            t < NaiveTime::from_hms_opt(6, 0, 0).unwrap_or_default()
                || t >= NaiveTime::from_hms_opt(22, 0, 0).unwrap_or_default()
        });
        let holiday = !ctx.calendar.is_working_day(ctx.today);
        if night || holiday {
            return refuse(format!(
                "no enforcement {} (行政强制法 第43条); allowed on a working day between 06:00 and 22:00, or now if urgent: --urgent --reason \"情况紧急…\"",
                if night {
                    "at night"
                } else {
                    "on a statutory holiday or rest day"
                }
            ));
        }
    }
    Ok(())
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
            to,
            note,
            fields,
            urgent,
            ..
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
            let urgent = urgent.as_deref().map(str::trim);
            if let Some(u) = urgent {
                if u.is_empty() {
                    return Err(req(
                        "an urgent move needs the reason recorded: --urgent --reason \"…\"",
                    ));
                }
                check_text("reason", u)?;
            }
            check_clocks(case, tr, &target.key, urgent, ctx)?;
            let note = match (urgent.filter(|_| tr.daytime), note) {
                (Some(u), Some(n)) => Some(format!("情况紧急 urgent: {u} · {n}")),
                (Some(u), None) => Some(format!("情况紧急 urgent: {u}")),
                (None, n) => n.map(String::from),
            };
            let from = std::mem::replace(&mut case.state, target.key.clone());
            case.closed = if target.terminal {
                Some(ctx.today)
            } else {
                None
            };
            start_clock(case, Some(&from), ctx.today);
            changes.push(Change::State {
                from,
                to: target.key.clone(),
                note,
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
            let Some(clock) =
                super::deadline::running(case.kind, &case.state, case.clock.as_ref()).cloned()
            else {
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
            let running =
                super::deadline::running(case.kind, &case.state, case.clock.as_ref()).is_some();
            let Some(clock) = case.clock.as_mut().filter(|_| running) else {
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
