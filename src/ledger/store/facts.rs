//! What the figures count about a case, kept beside it in the `figures` table: a short copy of
//! the case (id, kind, state, dates, the names a report prints, and for an open case what its due
//! date is worked out from) and, of its history, only what a report replays: transitions, changes
//! of the fields the figures read ([`FIGURE_FIELDS`]),
//! notes (with their text only for inspections, which are counted by name), extensions, and the
//! time of everything else. Personal data is never copied here, and views of it leave no fact.
//!
//! One record per case, written in the same transaction as the case and its events, so
//! `summary` and `report` read one short record per case instead of every event, and read it
//! without copying a string (see [`Digests::case`]). The table is derived data: `check` compares
//! it with what the cases and histories give, `check --repair` and an upgrade rebuild it, and a
//! reader that finds it behind the ledger (an older taizhang wrote since) or in another layout
//! ([`layout`]) replays the histories instead.
//!
//! Layout, in codec's primitives: [`FIGURES_FORM`], the length of the head, the head, then the
//! facts, each a tag, its time (seconds since the fact before, the first since 1970) and its
//! payload. States, fields and note types are numbers: their places in the kinds' definitions and
//! in [`FIGURE_FIELDS`], which [`layout`] records. New events append their facts to the old
//! record's, of which only the head is read; appending and rebuilding give the same bytes.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::super::deadline::ClockRef;
use super::super::error::{LedgerError, Result};
use super::super::event::{Change, Event};
use super::super::model::{Case, NoteType, Value};
use super::super::schema::{Kind, schema};
use super::codec::{Reader, Writer, damaged};
use super::value::{self, Form, Read};

/// The first byte of a figures record: a new number for each change of the record's form, so
/// that [`layout`] changes with it and tables of the old form are rebuilt.
const FIGURES_FORM: u8 = 0x08;

/// Every field a figure reads, of any kind. A report that reads another field must add it here
/// (the layout changes, and ledgers rebuild their tables on the next open); a test in
/// report/figures.rs fails while a report reads a field not listed here.
pub const FIGURE_FIELDS: [&str; 28] = [
    "amount_claimed",
    "amount_recovered",
    "approved",
    "area_demolished_m2",
    "area_mu",
    "batches",
    "collective",
    "compensation_due",
    "compensation_paid",
    "employer",
    "escalated",
    "grade",
    "holdout_reason",
    "households",
    "inspection",
    "land_ownership",
    "method",
    "owner",
    "people",
    "person_times",
    "policy_note",
    "project",
    "rectify_by",
    "repeat",
    "satisfaction",
    "structure",
    "subtype",
    "workers",
];

/// A description of the numbering the records use: stored with the table, so a table written by
/// a taizhang whose kinds or fields differ is rebuilt rather than misread.
pub fn layout() -> &'static str {
    static LAYOUT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    LAYOUT.get_or_init(|| {
        let mut s = format!("{FIGURES_FORM};{}", FIGURE_FIELDS.join(","));
        for k in Kind::ALL {
            s.push(';');
            s.push_str(k.key());
            s.push(':');
            let states: Vec<&str> = k.def().states.iter().map(|x| x.key.as_str()).collect();
            s.push_str(&states.join(","));
        }
        s.push(';');
        let notes: Vec<&str> = NoteType::ALL.iter().map(|n| n.key()).collect();
        s.push_str(&notes.join(","));
        s.push(';');
        s.push_str(&schema().due_fields().join(","));
        s
    })
}

const CREATED: u8 = 0;
const STATE: u8 = 1;
const FIELD: u8 = 2;
const NOTE: u8 = 3;
const EXTENDED: u8 = 4;
const OTHER: u8 = 5;
const PAUSED: u8 = 6;
const RESUMED: u8 = 7;
/// A state by name, where the kind's definition does not have it.
const NAMED: u8 = 0xff;

/// A field's value as a fact holds it: borrowed from the record.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldValue<'a> {
    Text(&'a str),
    Int(i64),
    Dec(Decimal),
    Date(NaiveDate),
    Bool(bool),
    /// A list; no figure reads one, so its items are not kept.
    List,
}

impl<'a> FieldValue<'a> {
    pub fn as_dec(&self) -> Option<Decimal> {
        match self {
            FieldValue::Dec(d) => Some(*d),
            FieldValue::Int(i) => Some(Decimal::from(*i)),
            _ => None,
        }
    }
    pub fn as_int(&self) -> Option<i64> {
        match self {
            FieldValue::Int(i) => Some(*i),
            _ => None,
        }
    }
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            FieldValue::Bool(b) => Some(*b),
            _ => None,
        }
    }
    pub fn as_text(&self) -> Option<&'a str> {
        match self {
            FieldValue::Text(s) => Some(s),
            _ => None,
        }
    }
}

/// The case as the figures know it now. Its texts are checked when read, as few are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Head<'a> {
    pub id: &'a str,
    pub kind: Kind,
    pub state: &'a str,
    pub opened: NaiveDate,
    pub closed: Option<NaiveDate>,
    pub assignee: Option<&'a str>,
    /// An open case's clock, for its due date.
    pub clock: Option<ClockRef<'a>>,
    /// An open case's dates that a deadline may count from, as written (see [`Head::date`]).
    dates: &'a [u8],
    /// Where the facts end (what the next appended fact's time counts from) and how late they
    /// reach.
    tail: Tail,
    title: &'a [u8],
    party: &'a [u8],
    location: &'a [u8],
}

fn text(b: &[u8]) -> &str {
    std::str::from_utf8(b).unwrap_or_default()
}

/// The times a record's facts reach, kept in its head so a report can pass over a case whose
/// history ends before the period without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
struct Tail {
    /// The time of the last fact.
    last_at: i64,
    /// The latest time of any fact (a restored history need not be in order).
    latest_at: i64,
    /// The latest day a fact says it happened on (its effective date, or a note's date;
    /// [`NaiveDate::num_days_from_ce`]; 0 if none).
    latest_note: i32,
}

impl Tail {
    fn read(r: &mut Reader<'_>) -> Result<Tail> {
        Ok(Tail {
            last_at: r.int("the time of the last fact")?,
            latest_at: r.int("the latest time of a fact")?,
            latest_note: i32::try_from(r.int("the latest day of a note")?)
                .map_err(|_| r.bad("the latest day of a note"))?,
        })
    }
    fn write(&self, w: &mut Writer) {
        w.int(self.last_at);
        w.int(self.latest_at);
        w.int(i64::from(self.latest_note));
    }
    fn add(&mut self, at: i64, days: [Option<NaiveDate>; 2]) {
        self.last_at = at;
        self.latest_at = self.latest_at.max(at);
        for d in days.into_iter().flatten() {
            self.latest_note = self.latest_note.max(d.num_days_from_ce());
        }
    }
}

impl<'a> Head<'a> {
    pub fn is_open(&self) -> bool {
        !self.kind.def().is_terminal(self.state)
    }
    /// The latest time any of the case's facts was recorded (seconds since 1970), and the
    /// latest day any of its facts says it happened on (its effective date or a note's date, as
    /// a [`NaiveDate::num_days_from_ce`], 0 if none says): nothing in its history is later.
    pub fn latest(&self) -> (i64, i32) {
        (self.tail.latest_at, self.tail.latest_note)
    }
    pub fn title(&self) -> &'a str {
        text(self.title)
    }
    pub fn party(&self) -> &'a str {
        text(self.party)
    }
    pub fn location(&self) -> &'a str {
        text(self.location)
    }
    /// An open case's date field that a deadline may count from.
    pub fn date(&self, field: &str) -> Option<NaiveDate> {
        let mut r = Reader {
            b: self.dates,
            key: "",
        };
        while !r.b.is_empty() {
            let key = r.str_ref("").ok()?;
            let day = r.day("").ok()?;
            if key == field {
                return Some(day);
            }
        }
        None
    }
}

/// One recorded change, as far as the figures care.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Fact<'a> {
    /// When it was recorded, in seconds since 1970 (UTC).
    pub at: i64,
    /// The day it happened, as stated; None for an event recorded before effective dates
    /// existed, which took effect on the local day of `at`.
    pub on: Option<NaiveDate>,
    pub what: What<'a>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum What<'a> {
    Created {
        state: &'a str,
    },
    State {
        from: &'a str,
        to: &'a str,
    },
    /// A change of one of the fields the figures read.
    Field {
        field: &'static str,
        before: Option<FieldValue<'a>>,
        after: Option<FieldValue<'a>>,
    },
    Note {
        note_type: NoteType,
        /// The note's text for an inspection (its name), empty for other notes.
        text: &'a str,
        people: Option<u32>,
        date: NaiveDate,
        /// The id of a note shared by several cases (counted once), None for a note on one.
        shared: Option<&'a str>,
    },
    /// The running deadline was extended by `days`.
    Extended {
        days: u32,
    },
    /// The running deadline's clock was paused, and resumed after `days`: the assessment rates
    /// work out the due date a case had when it acted (see report/rates.rs).
    Paused,
    Resumed {
        days: u32,
    },
    /// Anything else recorded on the case (an assignment, another field, a pause, a link).
    Other,
}

fn state(w: &mut Writer, kind: Kind, s: &str) {
    match kind.def().states.iter().position(|x| x.key == s) {
        Some(i) if i < usize::from(NAMED) => w.0.push(i as u8),
        _ => {
            w.0.push(NAMED);
            w.str(s);
        }
    }
}

fn head(w: &mut Writer, case: &Case, tail: &Tail) {
    w.str(&case.id);
    w.0.push(Kind::ALL.iter().position(|k| *k == case.kind).unwrap_or(0) as u8);
    state(w, case.kind, &case.state);
    w.day(case.opened);
    w.opt_day(&case.closed);
    w.opt(case.assignee.as_deref(), Writer::str);
    tail.write(w);
    w.str(&case.title);
    w.str(&case.party);
    w.str(&case.location);
    // What an open case's due date is worked out from.
    let clock = case.clock.as_ref().filter(|_| case.is_open());
    w.opt(clock, |w, c| {
        w.str(&c.rule);
        w.day(c.started);
        w.uint(u64::from(c.extended_days));
        w.uint(u64::from(c.paused_days));
        w.opt_day(&c.paused_since);
    });
    let mut dates = Writer(Vec::new());
    if clock.is_some() {
        for f in schema().due_fields() {
            if let Some(d) = case.date(f) {
                dates.str(f);
                dates.day(d);
            }
        }
    }
    w.uint(dates.0.len() as u64);
    w.0.extend_from_slice(&dates.0);
}

/// The fact of one event of a case of `kind`, if it leaves one; `tail` is where the facts before
/// end, moved on to this one.
fn fact(w: &mut Writer, kind: Kind, ev: &Event, tail: &mut Tail) {
    let at = ev.at.timestamp();
    let note = match &ev.change {
        Change::Note { date, .. } => Some(*date),
        _ => None,
    };
    let mut tag = |w: &mut Writer, t: u8| {
        w.0.push(t);
        w.int(at - tail.last_at);
        w.opt_day(&ev.on);
        tail.add(at, [note, ev.on]);
    };
    let figure_field = |field: &str| {
        kind.def()
            .field(field)
            .filter(|f| !f.pii)
            .and_then(|_| FIGURE_FIELDS.iter().position(|f| *f == field))
    };
    match &ev.change {
        Change::PiiViewed { .. } => {}
        Change::Created { state: s, .. } => {
            tag(w, CREATED);
            state(w, kind, s);
        }
        Change::State { from, to, .. } => {
            tag(w, STATE);
            state(w, kind, from);
            state(w, kind, to);
        }
        Change::Field {
            field,
            before,
            after,
        } => match figure_field(field) {
            Some(i) => {
                tag(w, FIELD);
                w.0.push(i as u8);
                value::put_opt(w, before.as_ref(), Form::Figures);
                value::put_opt(w, after.as_ref(), Form::Figures);
            }
            None => tag(w, OTHER),
        },
        Change::Note {
            note_type,
            text,
            people,
            date,
            shared,
        } => {
            tag(w, NOTE);
            w.0.push(
                NoteType::ALL
                    .iter()
                    .position(|n| n == note_type)
                    .unwrap_or(0) as u8,
            );
            if *note_type == NoteType::Inspection {
                w.str(text.trim());
            }
            w.opt(people.as_ref(), |w, n| w.uint(u64::from(*n)));
            w.day(*date);
            w.opt(shared.as_deref(), Writer::str);
        }
        Change::Extended { days, .. } => {
            tag(w, EXTENDED);
            w.uint(u64::from(*days));
        }
        Change::Paused { .. } => tag(w, PAUSED),
        Change::Resumed { days } => {
            tag(w, RESUMED);
            w.uint(u64::from(*days));
        }
        _ => tag(w, OTHER),
    }
}

/// The record of `case` with its whole `history`.
pub fn build(case: &Case, history: &[Event]) -> Vec<u8> {
    append(None, case, history)
}

/// The record of `case` after `new` events: the facts of `old` (the record before them, if any)
/// with theirs added, under a head copied from `case`.
pub fn append(old: Option<&[u8]>, case: &Case, new: &[Event]) -> Vec<u8> {
    let (old_facts, mut tail) = old.and_then(facts_part).unwrap_or_default();
    let mut f = Writer(Vec::with_capacity(8 * new.len()));
    for ev in new {
        fact(&mut f, case.kind, ev, &mut tail);
    }
    let mut h = Writer(Vec::with_capacity(96));
    head(&mut h, case, &tail);
    let mut w = Writer(Vec::with_capacity(
        h.0.len() + old_facts.len() + f.0.len() + 4,
    ));
    w.0.push(FIGURES_FORM);
    w.uint(h.0.len() as u64);
    w.0.extend_from_slice(&h.0);
    w.0.extend_from_slice(old_facts);
    w.0.extend_from_slice(&f.0);
    w.0
}

/// The facts of a record and where they end. None if the record is not one (it is then rebuilt
/// from the history by `check --repair`; an append never builds on it).
fn facts_part(bytes: &[u8]) -> Option<(&[u8], Tail)> {
    let (head, rest) = decode_head(&mut Reader { b: bytes, key: "" }).ok()?;
    Some((rest, head.tail))
}

fn read_state<'a>(r: &mut Reader<'a>, kind: Kind, what: &str) -> Result<&'a str> {
    match r.byte(what)? {
        NAMED => r.str_ref(what),
        i => kind
            .def()
            .states
            .get(usize::from(i))
            .map(|s| s.key.as_str())
            .ok_or_else(|| r.bad(what)),
    }
}

/// A field's value or none, in the figures layout (store/value.rs).
fn read_value<'a>(r: &mut Reader<'a>) -> Result<Option<FieldValue<'a>>> {
    Ok(
        value::take_opt(r, Form::Figures, "a field")?.map(|v| match v {
            Read::Text(s) => FieldValue::Text(s),
            Read::Int(i) => FieldValue::Int(i),
            Read::Dec(d) => FieldValue::Dec(d),
            Read::Date(d) => FieldValue::Date(d),
            Read::Bool(b) => FieldValue::Bool(b),
            Read::List(_) => FieldValue::List,
        }),
    )
}

/// The head, and the bytes of the facts after it.
fn decode_head<'a>(r: &mut Reader<'a>) -> Result<(Head<'a>, &'a [u8])> {
    if r.byte("the record's form")? != FIGURES_FORM {
        return Err(r.bad("the record's form"));
    }
    let n = r.len("the head's length")?;
    let rest = &r.b[n..];
    r.b = &r.b[..n];
    let id = r.str_ref("the case's id")?;
    let kind = *Kind::ALL
        .get(usize::from(r.byte("kind")?))
        .ok_or_else(|| r.bad("kind"))?;
    let head = Head {
        id,
        kind,
        state: read_state(r, kind, "state")?,
        opened: r.day("the registration date")?,
        closed: r.opt_day("the closing date")?,
        assignee: if r.flag("assignee")? {
            Some(r.str_ref("assignee")?)
        } else {
            None
        },
        tail: Tail::read(r)?,
        title: raw(r, "title")?,
        party: raw(r, "party")?,
        location: raw(r, "location")?,
        clock: if r.flag("clock")? {
            Some(ClockRef {
                rule: r.str_ref("the clock's rule")?,
                started: r.day("the clock's start")?,
                extended_days: r.u32("days of extension")?,
                paused_days: r.u32("days paused")?,
                paused_since: r.opt_day("paused since")?,
            })
        } else {
            None
        },
        dates: raw(r, "dates")?,
    };
    if !r.b.is_empty() {
        return Err(r.bad("the end of the head"));
    }
    Ok((head, rest))
}

fn raw<'a>(r: &mut Reader<'a>, what: &str) -> Result<&'a [u8]> {
    let n = r.len(what)?;
    r.take(n, what)
}

/// Read a record: its head, and its facts into `facts` (cleared first). `key` names the record
/// in an error.
pub fn decode<'a>(key: &'a str, bytes: &'a [u8], facts: &mut Vec<Fact<'a>>) -> Result<Head<'a>> {
    let mut r = Reader { b: bytes, key };
    let (head, rest) = decode_head(&mut r)?;
    read_facts(key, &head, rest, facts)?;
    Ok(head)
}

/// The facts of a record whose head is `head` and whose facts are the bytes `rest`, into `facts`
/// (cleared first).
fn read_facts<'a>(
    key: &'a str,
    head: &Head<'a>,
    rest: &'a [u8],
    facts: &mut Vec<Fact<'a>>,
) -> Result<()> {
    facts.clear();
    let kind = head.kind;
    let mut r = Reader { b: rest, key };
    let mut tail = Tail::default();
    while !r.b.is_empty() {
        let tag = r.byte("the kind of fact")?;
        let at = tail
            .last_at
            .checked_add(r.int("the fact's time")?)
            .ok_or_else(|| r.bad("the fact's time"))?;
        let on = r.opt_day("the day it happened")?;
        let what = match tag {
            CREATED => What::Created {
                state: read_state(&mut r, kind, "state")?,
            },
            STATE => What::State {
                from: read_state(&mut r, kind, "state before")?,
                to: read_state(&mut r, kind, "state after")?,
            },
            FIELD => What::Field {
                field: FIGURE_FIELDS
                    .get(usize::from(r.byte("field")?))
                    .ok_or_else(|| r.bad("field"))?,
                before: read_value(&mut r)?,
                after: read_value(&mut r)?,
            },
            NOTE => {
                let note_type = *NoteType::ALL
                    .get(usize::from(r.byte("note type")?))
                    .ok_or_else(|| r.bad("note type"))?;
                What::Note {
                    note_type,
                    text: if note_type == NoteType::Inspection {
                        r.str_ref("note")?
                    } else {
                        ""
                    },
                    people: if r.flag("people")? {
                        Some(r.u32("people")?)
                    } else {
                        None
                    },
                    date: r.day("note date")?,
                    shared: if r.flag("shared note")? {
                        Some(r.str_ref("shared note")?)
                    } else {
                        None
                    },
                }
            }
            EXTENDED => What::Extended {
                days: r.u32("days of extension")?,
            },
            PAUSED => What::Paused,
            RESUMED => What::Resumed {
                days: r.u32("days paused")?,
            },
            OTHER => What::Other,
            _ => return Err(r.bad("the kind of fact")),
        };
        tail.add(
            at,
            [
                match what {
                    What::Note { date, .. } => Some(date),
                    _ => None,
                },
                on,
            ],
        );
        facts.push(Fact { at, on, what });
    }
    if tail != head.tail {
        return Err(damaged(key, "the times of its facts do not match its head"));
    }
    Ok(())
}

/// The figures records of a ledger, read in one pass into one buffer, in case id order.
#[derive(Debug, Default)]
pub struct Digests {
    buf: Vec<u8>,
    /// Per case: where its id starts, where its record starts, where it ends.
    spans: Vec<(usize, usize, usize)>,
}

impl Digests {
    pub fn push(&mut self, id: &str, record: &[u8]) {
        let start = self.buf.len();
        self.buf.extend_from_slice(id.as_bytes());
        let mid = self.buf.len();
        self.buf.extend_from_slice(record);
        self.spans.push((start, mid, self.buf.len()));
    }

    pub fn len(&self) -> usize {
        self.spans.len()
    }

    pub fn is_empty(&self) -> bool {
        self.spans.is_empty()
    }

    /// The records as one run of bytes (each id and record after its length), for sending.
    pub fn to_wire(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(self.buf.len() + 4 * self.spans.len()));
        for &(start, mid, end) in &self.spans {
            w.uint((mid - start) as u64);
            w.0.extend_from_slice(&self.buf[start..mid]);
            w.uint((end - mid) as u64);
            w.0.extend_from_slice(&self.buf[mid..end]);
        }
        w.0
    }

    /// Records sent by [`to_wire`](Self::to_wire); an error if they are cut short.
    pub fn from_wire(bytes: &[u8]) -> Result<Digests> {
        let mut r = Reader {
            b: bytes,
            key: "the figures sent by the server",
        };
        let mut d = Digests::default();
        while !r.b.is_empty() {
            let n = r.len("a case's id")?;
            let id = r.take(n, "a case's id")?;
            let n = r.len("a figures record")?;
            let record = r.take(n, "a figures record")?;
            let id = std::str::from_utf8(id).map_err(|_| r.bad("a case's id"))?;
            d.push(id, record);
        }
        Ok(d)
    }

    /// The `i`th case's head, with its facts in `facts`.
    pub fn case<'a>(&'a self, i: usize, facts: &mut Vec<Fact<'a>>) -> Result<Head<'a>> {
        self.case_if(i, facts, |_| true)?
            .ok_or_else(|| LedgerError::Storage("a case was passed over unasked".into()))
    }

    /// The `i`th case's head, with its facts in `facts` if `wanted` says so from the head (a
    /// case passed over costs only its head); None if not wanted.
    pub fn case_if<'a>(
        &'a self,
        i: usize,
        facts: &mut Vec<Fact<'a>>,
        wanted: impl FnOnce(&Head<'a>) -> bool,
    ) -> Result<Option<Head<'a>>> {
        let (start, mid, end) = self.spans[i];
        let key = std::str::from_utf8(&self.buf[start..mid]).unwrap_or("figures");
        let read = || -> Result<Option<Head<'a>>> {
            let (head, rest) = decode_head(&mut Reader {
                b: &self.buf[mid..end],
                key,
            })?;
            if !wanted(&head) {
                return Ok(None);
            }
            read_facts(key, &head, rest, facts)?;
            Ok(Some(head))
        };
        read().map_err(|e| match e {
            LedgerError::Damaged { message, .. } => LedgerError::Damaged {
                key: format!("figures/{key}"),
                message: format!("{message} (derived data: `taizhang check --repair` rebuilds it)"),
            },
            e => e,
        })
    }
}

/// A case's field value in the form a fact holds it.
pub fn field_value(v: &Value) -> FieldValue<'_> {
    match v {
        Value::Text(s) => FieldValue::Text(s),
        Value::Int(i) => FieldValue::Int(*i),
        Value::Dec(d) => FieldValue::Dec(*d),
        Value::Date(d) => FieldValue::Date(*d),
        Value::Bool(b) => FieldValue::Bool(*b),
        Value::List(_) => FieldValue::List,
    }
}

#[cfg(test)]
mod tests;
