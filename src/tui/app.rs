//! The interface's state and the one place it changes: keys become actions through the keymap,
//! and [`App::update`] carries out an action. Ledger changes go through the ledger's one write
//! path with the revision the officer saw, so a change overtaken by another officer's is
//! refused rather than lost. Drawing lives in `ui`, which only reads this state.

use std::cell::Cell;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::{NaiveDate, Utc};
use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind, MouseButton, MouseEventKind};

use super::action::{Action, Mode};
use super::form::{Field, Form, Purpose, Spec, Target, case_fields};
use super::input::Input;
use super::keymap::{Key, Keymap, Lookup};
use super::theme::Theme;
use super::undo;
use super::views::{self, View};
use crate::ledger::deadline::Due;
use crate::ledger::query::{Env as QueryEnv, Known, Query};
use crate::ledger::store::today;
use crate::ledger::{
    Case, Command, Event as LedgerEvent, Kind, Lang, Ledger, LedgerError, NoteType, Outcome,
    Request,
};
use crate::typed_command::{ParseLine, Parsed};

/// Whether a case id typed into a form names a case: one read, or (closed cases not being read)
/// one in the ledger. Checked on every keystroke in a form, so nothing is collected.
fn known_id(rows: &[Row], ledger: &Ledger, all_loaded: bool, id: &str) -> bool {
    let id = id.trim().to_uppercase();
    rows.iter().any(|r| r.case.id == id) || (!all_loaded && ledger.get(&id).is_ok())
}

/// Every row's index in the order of `sort`. Kept until the rows or the sort change, so a key
/// typed into the filter only filters (sorting 100,000 rows took most of a keystroke).
fn sorted(rows: &[Row], sort: SortBy) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    match sort {
        SortBy::Due => order.sort_by(|a, b| {
            let key = |i: &usize| {
                let r = &rows[*i];
                // Borrowed, not cloned: this runs n·log n times.
                (
                    r.due.is_none(),
                    r.due.as_ref().map(|d| d.date),
                    r.case.id.as_str(),
                )
            };
            key(a).cmp(&key(b))
        }),
        SortBy::Priority => order.sort_by(|a, b| {
            let (x, y) = (&rows[*a], &rows[*b]);
            y.case
                .priority
                .cmp(&x.case.priority)
                .then(
                    (x.due.is_none(), x.due.as_ref().map(|d| d.date))
                        .cmp(&(y.due.is_none(), y.due.as_ref().map(|d| d.date))),
                )
                .then(x.case.id.cmp(&y.case.id))
        }),
        SortBy::Updated => order.sort_by(|a, b| rows[*b].case.updated.cmp(&rows[*a].case.updated)),
        SortBy::Id => {}
    }
    order
}

/// A case with its due date as of the app's today.
#[derive(Debug, Clone)]
pub struct Row {
    pub case: Case,
    pub due: Option<Due>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    Due,
    Priority,
    Updated,
    Id,
}

impl SortBy {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            SortBy::Due => lang.pick("期限", "due"),
            SortBy::Priority => lang.pick("优先级", "priority"),
            SortBy::Updated => lang.pick("更新", "updated"),
            SortBy::Id => lang.pick("编号", "id"),
        }
    }

    fn next(self) -> SortBy {
        match self {
            SortBy::Due => SortBy::Priority,
            SortBy::Priority => SortBy::Updated,
            SortBy::Updated => SortBy::Id,
            SortBy::Id => SortBy::Due,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum MessageKind {
    Info,
    Error,
}

#[derive(Debug, Clone)]
pub struct Message {
    pub text: String,
    pub kind: MessageKind,
}

/// A list to choose one item from.
#[derive(Debug, Clone)]
pub struct Picker {
    pub title: String,
    pub items: Vec<(String, String)>,
    pub selected: usize,
    pub purpose: PickFor,
}

#[derive(Debug, Clone)]
pub enum PickFor {
    /// Next states common to the targets (keys, in the order shown).
    Transition {
        targets: Vec<Target>,
        states: Vec<String>,
    },
    /// The kind of a new case.
    Kind,
}

/// A question before something that affects many items or cannot be taken back.
#[derive(Debug, Clone)]
pub struct Confirm {
    pub question: String,
    pub detail: Vec<String>,
    pub then: Then,
}

#[derive(Debug, Clone)]
pub enum Then {
    Run { reqs: Vec<Request>, done: String },
    LoadDemo,
    DeleteView(usize),
}

#[derive(Debug, Clone)]
pub enum Overlay {
    Help { scroll: usize },
    Picker(Picker),
    Form(Form),
    Confirm(Confirm),
    Command(Input),
}

/// The filter being typed: the text before `/` was pressed, restored by Esc.
#[derive(Debug, Clone)]
pub struct FilterEdit {
    pub previous: String,
}

pub struct App {
    /// Shared with the thread that waits for a server's news of changes (see `tui::run`).
    pub ledger: Arc<Ledger>,
    pub lang: Lang,
    pub keymap: Keymap,
    pub theme: Theme,
    /// The officer using the program: whose items are "mine".
    pub user: String,
    /// How the ledger is named in the status line.
    pub ledger_label: String,
    pub today: NaiveDate,
    fixed_today: bool,
    rule_set: String,
    version: u64,
    /// What the last look for other officers' changes failed with (the server was unreachable):
    /// cleared, with its message, when a look succeeds again.
    check_failed: Option<String>,
    /// The cases read: the open ones only, until a view or filter can show a closed one (most
    /// work is on open cases, and they are a fraction of a ledger that keeps years of history).
    pub rows: Vec<Row>,
    /// Whether `rows` holds every case, closed ones too.
    all_loaded: bool,
    /// Every row in the order of `order_for` (see [`sorted`]).
    order: Vec<usize>,
    /// The rows' search texts (see [`crate::ledger::query::push_search_text`]) in one buffer,
    /// and where each row's is: the filter reads them on every keystroke.
    search: String,
    search_at: Vec<std::ops::Range<usize>>,
    order_for: Option<SortBy>,
    /// How many cases the ledger holds.
    total_cases: usize,
    /// Indices into `rows` of the cases shown, in display order.
    pub shown: Vec<usize>,
    pub selected: usize,
    /// First row of the list on screen; kept by the list view so the selection stays visible.
    pub list_offset: Cell<usize>,
    /// Rows the list had at the last draw (for PgUp/PgDn).
    pub page: Cell<usize>,
    /// The window size at the last draw (to tell which row a mouse click hit).
    pub screen: Cell<ratatui::layout::Rect>,
    pub views: Vec<View>,
    view_queries: Vec<Query>,
    pub view: usize,
    pub counts: Vec<usize>,
    /// Where saved views are kept (None: not kept, e.g. in tests).
    views_file: Option<PathBuf>,
    pub filter: Input,
    query: Query,
    /// Column and message of a filter that does not parse (the last good one stays applied).
    pub filter_error: Option<(usize, String)>,
    pub filter_edit: Option<FilterEdit>,
    pub sort: SortBy,
    pub marks: BTreeSet<String>,
    pub detail_scroll: usize,
    /// How far the detail pane could scroll at the last draw.
    pub detail_max: Cell<usize>,
    /// The selected case fills the screen.
    pub zoom: bool,
    /// The reports dashboard, when it is shown (recomputed when the ledger changes).
    pub dashboard: Option<crate::ledger::report::Dashboard>,
    /// History of the selected case (id, revision it was read at, events).
    pub history: Option<(String, u64, Vec<LedgerEvent>)>,
    pub overlay: Option<Overlay>,
    pub pending: Vec<Key>,
    pub message: Option<Message>,
    undo: Vec<Vec<Outcome>>,
    /// Reads the `:` line (the command line's parser; see [`App::with_command_line`]).
    parse_line: ParseLine,
    pub quit: bool,
    /// Something changed since the last draw.
    pub dirty: bool,
}

impl App {
    pub fn new(ledger: Ledger, lang: Lang, keymap: Keymap) -> crate::ledger::Result<App> {
        let user = ledger.actor().to_string();
        let ledger_label = display_path(ledger.path());
        let mut app = App {
            ledger: Arc::new(ledger),
            lang,
            keymap,
            theme: Theme::detect(),
            user,
            ledger_label,
            today: today(),
            fixed_today: false,
            rule_set: String::new(),
            version: 0,
            check_failed: None,
            rows: Vec::new(),
            all_loaded: false,
            order: Vec::new(),
            order_for: None,
            search: String::new(),
            search_at: Vec::new(),
            total_cases: 0,
            shown: Vec::new(),
            selected: 0,
            list_offset: Cell::new(0),
            page: Cell::new(10),
            screen: Cell::new(ratatui::layout::Rect::default()),
            views: Vec::new(),
            view_queries: Vec::new(),
            view: 0,
            counts: Vec::new(),
            views_file: None,
            filter: Input::default(),
            query: Query::default(),
            filter_error: None,
            filter_edit: None,
            sort: SortBy::Due,
            marks: BTreeSet::new(),
            detail_scroll: 0,
            detail_max: Cell::new(usize::MAX),
            zoom: false,
            dashboard: None,
            history: None,
            overlay: None,
            pending: Vec::new(),
            message: None,
            undo: Vec::new(),
            parse_line: crate::typed_command::unavailable,
            quit: false,
            dirty: true,
        };
        app.set_views(Vec::new());
        app.reload()?;
        app.open_start_view();
        Ok(app)
    }

    /// Read the `:` line with `parse` (the command line's parser, `cli::typed::parse`).
    pub fn with_command_line(mut self, parse: ParseLine) -> App {
        self.parse_line = parse;
        self
    }

    /// Use saved views from `path` (and save new ones there).
    pub fn with_saved_views(mut self, path: PathBuf) -> crate::ledger::Result<App> {
        let saved = views::load(&path)?;
        self.views_file = Some(path);
        self.set_views(saved);
        // The cases were read by `new`: only the counts of the added views are new.
        self.recount();
        self.refilter();
        self.dirty = true;
        Ok(self)
    }

    /// Fix the day deadlines are counted to (tests; the program uses the real day).
    pub fn set_today(&mut self, d: NaiveDate) {
        self.today = d;
        self.fixed_today = true;
        let _ = self.reload();
    }

    /// Count "mine" for another officer (tests; the program uses the account running it).
    pub fn set_user(&mut self, user: &str) {
        self.user = user.to_string();
        let _ = self.reload();
    }

    /// Show the officer's own open items when there are any, else everything.
    pub fn open_start_view(&mut self) {
        let all = self
            .views
            .iter()
            .position(|v| v.query.is_empty())
            .unwrap_or(0);
        self.view = if self.counts.first().copied().unwrap_or(0) > 0 {
            0
        } else {
            all
        };
        self.refilter();
    }

    fn set_views(&mut self, saved: Vec<View>) {
        let current = self.views.get(self.view).map(|v| v.name.clone());
        let mut v = views::builtin(self.lang);
        v.extend(saved);
        self.view_queries = v
            .iter()
            .map(|v| Query::parse(&v.query).unwrap_or_default())
            .collect();
        self.views = v;
        self.view = current
            .and_then(|n| self.views.iter().position(|v| v.name == n))
            .unwrap_or(self.view.min(self.views.len() - 1));
    }

    pub fn mode(&self) -> Mode {
        match &self.overlay {
            Some(Overlay::Help { .. }) => Mode::Help,
            Some(Overlay::Picker(_)) => Mode::Picker,
            Some(Overlay::Form(_)) => Mode::Form,
            Some(Overlay::Confirm(_)) => Mode::Confirm,
            Some(Overlay::Command(_)) => Mode::Command,
            None if self.filter_edit.is_some() => Mode::Filter,
            None => Mode::Normal,
        }
    }

    /// How many cases the ledger holds (read or not).
    pub fn total(&self) -> usize {
        self.total_cases
    }

    pub fn selected_row(&self) -> Option<&Row> {
        self.shown
            .get(self.selected)
            .and_then(|i| self.rows.get(*i))
    }

    pub fn selected_case(&self) -> Option<&Case> {
        self.selected_row().map(|r| &r.case)
    }

    fn row_by_id(&self, id: &str) -> Option<&Row> {
        let id = id.trim().to_uppercase();
        self.rows.iter().find(|r| r.case.id == id)
    }

    fn info(&mut self, text: impl Into<String>) {
        self.message = Some(Message {
            text: text.into(),
            kind: MessageKind::Info,
        });
    }

    /// An error for the status line, marked ✗ so it is not told by colour alone.
    fn error(&mut self, text: impl Into<String>) {
        let text = text.into();
        let text = if text.starts_with('✗') {
            text
        } else {
            format!("✗ {text}")
        };
        self.message = Some(Message {
            text,
            kind: MessageKind::Error,
        });
    }

    // ---- data -----------------------------------------------------------------------------

    /// Read the cases again (every case, or the open ones if nothing on screen can show a
    /// closed one), keeping the selection on the same case.
    pub fn reload(&mut self) -> crate::ledger::Result<()> {
        self.version = self.ledger.version()?;
        self.rule_set = self.ledger.rule_set()?;
        self.read_cases(self.needs_closed())?;
        if !self.marks.is_empty() {
            let ids: BTreeSet<&str> = self.rows.iter().map(|r| r.case.id.as_str()).collect();
            self.marks.retain(|m| ids.contains(m.as_str()));
        }
        self.recount();
        self.refilter();
        if self.dashboard.is_some() {
            self.dashboard = Some(crate::ledger::report::Dashboard::compute(
                &self.ledger,
                self.today,
            )?);
        }
        self.dirty = true;
        Ok(())
    }

    fn read_cases(&mut self, all: bool) -> crate::ledger::Result<()> {
        let cases = if all {
            self.ledger.cases()?
        } else {
            self.ledger.open_cases()?
        };
        self.total_cases = if all {
            cases.len()
        } else {
            self.ledger.count()? as usize
        };
        self.all_loaded = all;
        self.order_for = None;
        self.search.clear();
        self.search_at.clear();
        for case in &cases {
            let start = self.search.len();
            crate::ledger::query::push_search_text(&mut self.search, case);
            self.search_at.push(start..self.search.len());
        }
        self.rows = cases
            .into_iter()
            .map(|case| {
                let due = self.ledger.due(&case, &self.rule_set, self.today);
                Row { case, due }
            })
            .collect();
        Ok(())
    }

    /// Whether closed cases must be read: the view and filter on screen can show one, or a view
    /// other than "all" (counted from the ledger) can count one.
    fn needs_closed(&self) -> bool {
        let shown = self
            .view_queries
            .get(self.view)
            .is_some_and(Query::open_only)
            || self.query.open_only();
        !shown
            || self
                .view_queries
                .iter()
                .any(|q| !q.is_empty() && !q.open_only())
    }

    /// Row `i`'s case and what was worked out about it when it was read.
    fn known(&self, i: usize) -> (&Case, Known<'_>) {
        let row = &self.rows[i];
        let known = Known {
            text: &self.search[self.search_at[i].clone()],
            due: row.due.as_ref(),
        };
        (&row.case, known)
    }

    /// Count the cases of each view (the numbers on the tabs).
    fn recount(&mut self) {
        let env = QueryEnv {
            today: self.today,
            rule_set: &self.rule_set,
            calendar: self.ledger.calendar(),
            user: &self.user,
        };
        self.counts = self
            .view_queries
            .iter()
            .map(|q| {
                if q.is_empty() {
                    self.total_cases
                } else {
                    (0..self.rows.len())
                        .filter(|i| {
                            let (case, known) = self.known(*i);
                            q.matches_known(case, &known, &env)
                        })
                        .count()
                }
            })
            .collect();
    }

    /// The ledger version the rows on screen were read at.
    pub fn version_seen(&self) -> u64 {
        self.version
    }

    /// Look for other officers' changes (called about once a second while idle, and at once
    /// when a server says the ledger changed), and for the date turning over at midnight. True
    /// when the screen needs drawing again.
    pub fn check_for_changes(&mut self) -> bool {
        let day = today();
        let new_day = !self.fixed_today && day != self.today;
        match self.ledger.version() {
            Ok(v) => {
                // Reached again: the failure's message (if still shown) has had its day.
                let recovered = self.check_failed.take().is_some_and(|failed| {
                    if self.message.as_ref().is_some_and(|m| m.text == failed) {
                        self.message = None;
                    }
                    true
                });
                if v != self.version || new_day {
                    if new_day {
                        self.today = day;
                    }
                    if let Err(e) = self.reload() {
                        self.error(e.to_string());
                    }
                    true
                } else {
                    recovered
                }
            }
            Err(e) => {
                let before = self.message.as_ref().map(|m| m.text.clone());
                self.error(e.to_string());
                self.check_failed = self.message.as_ref().map(|m| m.text.clone());
                // Drawn again only if it says something new.
                before != self.check_failed
            }
        }
    }

    /// Apply the view, the filter and the sort; keep the selection on the same case if shown.
    pub fn refilter(&mut self) {
        let keep = self.selected_case().map(|c| c.id.clone());
        if !self.all_loaded && self.needs_closed() {
            // The first look at closed cases (the "all" view, `state:closed`): read them now.
            match self.read_cases(true) {
                Ok(()) => self.recount(),
                Err(e) => self.error(e.to_string()),
            }
        }
        let env = QueryEnv {
            today: self.today,
            rule_set: &self.rule_set,
            calendar: self.ledger.calendar(),
            user: &self.user,
        };
        let vq = self
            .view_queries
            .get(self.view)
            .cloned()
            .unwrap_or_default();
        if self.order_for != Some(self.sort) {
            self.order = sorted(&self.rows, self.sort);
            self.order_for = Some(self.sort);
        }
        let shown: Vec<usize> = self
            .order
            .iter()
            .copied()
            .filter(|i| {
                let (case, known) = self.known(*i);
                vq.matches_known(case, &known, &env) && self.query.matches_known(case, &known, &env)
            })
            .collect();
        self.shown = shown;
        self.selected = keep
            .and_then(|id| self.shown.iter().position(|i| self.rows[*i].case.id == id))
            .unwrap_or(self.selected.min(self.shown.len().saturating_sub(1)));
        self.sync_detail();
    }

    /// Read the history of the selected case when the selection or its revision changed.
    fn sync_detail(&mut self) {
        let Some(c) = self.selected_case() else {
            self.history = None;
            return;
        };
        let (id, rev) = (c.id.clone(), c.rev);
        if self
            .history
            .as_ref()
            .is_some_and(|(hid, hrev, _)| *hid == id && *hrev == rev)
        {
            return;
        }
        if self.history.as_ref().is_none_or(|(hid, _, _)| *hid != id) {
            self.detail_scroll = 0;
        }
        match self.ledger.history(&id) {
            Ok(h) => self.history = Some((id, rev, h)),
            Err(e) => {
                self.history = None;
                self.error(e.to_string());
            }
        }
    }

    fn select(&mut self, i: usize) {
        self.selected = i.min(self.shown.len().saturating_sub(1));
        self.sync_detail();
    }

    fn select_id(&mut self, id: &str) -> bool {
        let id = id.trim().to_uppercase();
        match self.shown.iter().position(|i| self.rows[*i].case.id == id) {
            Some(p) => {
                self.select(p);
                true
            }
            None => false,
        }
    }

    /// Show case `id`, switching to the "all" view without a filter if it is not shown.
    fn reveal(&mut self, id: &str) -> bool {
        if self.select_id(id) {
            return true;
        }
        if self.row_by_id(id).is_none() && !self.all_loaded {
            if let Err(e) = self.read_cases(true) {
                self.error(e.to_string());
                return false;
            }
            self.recount();
        }
        if self.row_by_id(id).is_none() {
            return false;
        }
        if let Some(all) = self.views.iter().position(|v| v.query.is_empty()) {
            self.view = all;
        }
        self.filter.clear();
        self.query = Query::default();
        self.filter_error = None;
        self.refilter();
        self.select_id(id)
    }

    /// The cases an operation applies to: the marked ones, else the selected one.
    fn targets(&self) -> Vec<Target> {
        if !self.marks.is_empty() {
            return self
                .rows
                .iter()
                .filter(|r| self.marks.contains(&r.case.id))
                .map(|r| Target {
                    id: r.case.id.clone(),
                    rev: r.case.rev,
                })
                .collect();
        }
        self.selected_case()
            .map(|c| {
                vec![Target {
                    id: c.id.clone(),
                    rev: c.rev,
                }]
            })
            .unwrap_or_default()
    }

    fn selected_target(&self) -> Option<Target> {
        self.selected_case().map(|c| Target {
            id: c.id.clone(),
            rev: c.rev,
        })
    }

    fn describe_targets(&self, targets: &[Target]) -> String {
        match targets {
            [one] => {
                let title = self
                    .row_by_id(&one.id)
                    .map(|r| r.case.title.clone())
                    .unwrap_or_default();
                format!("{} {}", one.id, crate::ledger::text::sanitize(&title))
            }
            many => match self.lang {
                Lang::Zh => format!("已标记的 {} 件", many.len()),
                Lang::En => format!("{} marked cases", many.len()),
            },
        }
    }

    // ---- input ----------------------------------------------------------------------------

    /// Turn a terminal event into actions. Only key presses count (not repeats' releases).
    pub fn handle_event(&mut self, ev: Event) {
        match ev {
            Event::Key(k) if k.kind == KeyEventKind::Press => self.handle_key(k),
            Event::Paste(s) => {
                if self.mode().takes_text() {
                    self.update(Action::Insert(s));
                } else {
                    self.error(self.lang.pick(
                        "粘贴请先打开表单、筛选或命令行",
                        "to paste, open a form, the filter or the command line first",
                    ));
                    self.dirty = true;
                }
            }
            Event::Resize(..) => self.dirty = true,
            // Only with --mouse: the wheel moves, a click selects a row of the list.
            Event::Mouse(m) => match m.kind {
                MouseEventKind::ScrollDown => self.update(Action::Down),
                MouseEventKind::ScrollUp => self.update(Action::Up),
                MouseEventKind::Down(MouseButton::Left) if self.mode() == Mode::Normal => {
                    let a = super::layout::areas(self.screen.get(), self.zoom, self.shown.len());
                    let header = u16::from(a.list.height >= 3);
                    let pos = ratatui::layout::Position {
                        x: m.column,
                        y: m.row,
                    };
                    if a.list.contains(pos)
                        && m.row >= a.list.y + header
                        && self.dashboard.is_none()
                    {
                        let i = self.list_offset.get() + usize::from(m.row - a.list.y - header);
                        if i < self.shown.len() {
                            self.select(i);
                            self.dirty = true;
                        }
                    }
                }
                _ => {}
            },
            _ => {}
        }
    }

    pub fn handle_key(&mut self, ev: KeyEvent) {
        let key = Key::from_event(&ev);
        let mode = self.mode();
        self.dirty = true;
        if self.pending.is_empty() && mode == Mode::Normal {
            self.message = None;
        }
        self.pending.push(key);
        match self.keymap.lookup(mode, &self.pending) {
            Lookup::Action(a) => {
                self.pending.clear();
                self.update(a);
            }
            Lookup::Prefix => {}
            Lookup::None => {
                let seq = std::mem::take(&mut self.pending);
                if seq.len() == 1 && mode.takes_text() {
                    if let Some(c) = key.typed_char() {
                        self.update(Action::Insert(c.to_string()));
                    }
                } else if mode == Mode::Normal {
                    let help = self
                        .keymap
                        .first_key(Mode::Normal, &Action::Help)
                        .unwrap_or_default();
                    self.error(match self.lang {
                        Lang::Zh => format!(
                            "{} 没有绑定操作;按 {help} 查看按键",
                            super::keymap::seq_text(&seq)
                        ),
                        Lang::En => format!(
                            "{} does nothing; {help} shows the keys",
                            super::keymap::seq_text(&seq)
                        ),
                    });
                }
            }
        }
    }

    /// Carry out one action in the current mode.
    pub fn update(&mut self, action: Action) {
        self.dirty = true;
        if action == Action::NoOp {
            return;
        }
        match self.mode() {
            Mode::Normal => self.update_normal(action),
            Mode::Filter => self.update_filter(action),
            Mode::Command => self.update_command(action),
            Mode::Form => self.update_form(action),
            Mode::Picker => self.update_picker(action),
            Mode::Confirm => self.update_confirm(action),
            Mode::Help => self.update_help(action),
        }
    }

    fn update_normal(&mut self, action: Action) {
        let n = self.shown.len();
        let page = self.page.get().max(1);
        match action {
            Action::Quit => self.quit = true,
            Action::Help => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Action::Down => self.select(self.selected + 1),
            Action::Up => self.select(self.selected.saturating_sub(1)),
            Action::PageDown => self.select(self.selected + page),
            Action::PageUp => self.select(self.selected.saturating_sub(page)),
            Action::First => self.select(0),
            Action::Last => self.select(n.saturating_sub(1)),
            Action::Open => {
                self.dashboard = None;
                self.zoom = !self.zoom;
            }
            Action::DetailDown => {
                self.detail_scroll = (self.detail_scroll + 3).min(self.detail_max.get())
            }
            Action::DetailUp => self.detail_scroll = self.detail_scroll.saturating_sub(3),
            Action::Filter => {
                self.filter_edit = Some(FilterEdit {
                    previous: self.filter.text().to_string(),
                });
                self.filter.end();
            }
            Action::ClearFilter => {
                self.filter.clear();
                self.query = Query::default();
                self.filter_error = None;
                self.dashboard = None;
                self.zoom = false;
                self.refilter();
            }
            Action::NextView | Action::PrevView => {
                let k = self.views.len();
                self.view = if action == Action::NextView {
                    (self.view + 1) % k
                } else {
                    (self.view + k - 1) % k
                };
                self.refilter();
            }
            Action::SaveView => {
                let q = self.combined_query();
                if q.trim().is_empty() {
                    self.error(self.lang.pick(
                        "先用筛选写一个查询,再保存为视图",
                        "type a filter first, then save it as a view",
                    ));
                    return;
                }
                let fields = vec![
                    Field::new("name", self.lang.pick("视图名称", "View name"), Spec::Text)
                        .required(),
                ];
                let mut form = Form::new(
                    self.lang.pick("保存视图", "Save view").into(),
                    Purpose::SaveView { query: q.clone() },
                    fields,
                );
                form.subtitle = format!("{} {q}", self.lang.pick("查询:", "query:"));
                self.open_form(form);
            }
            Action::DeleteView => {
                if !self.views.get(self.view).is_some_and(|v| v.saved) {
                    self.error(
                        self.lang
                            .pick("只能删除自己保存的视图", "only a saved view can be deleted"),
                    );
                    return;
                }
                let name = self.views[self.view].name.clone();
                self.overlay = Some(Overlay::Confirm(Confirm {
                    question: match self.lang {
                        Lang::Zh => format!("删除视图「{name}」?"),
                        Lang::En => format!("Delete the view {name:?}?"),
                    },
                    detail: vec![self.views[self.view].query.clone()],
                    then: Then::DeleteView(self.view),
                }));
            }
            Action::Sort => {
                self.sort = self.sort.next();
                self.refilter();
                self.info(format!(
                    "{} {}",
                    self.lang.pick("排序:", "sorted by"),
                    self.sort.label(self.lang)
                ));
            }
            Action::ToggleMark => {
                if let Some(id) = self.selected_case().map(|c| c.id.clone())
                    && !self.marks.remove(&id)
                {
                    self.marks.insert(id);
                }
                self.select(self.selected + 1);
            }
            Action::MarkAll => {
                let ids: Vec<String> = self
                    .shown
                    .iter()
                    .map(|i| self.rows[*i].case.id.clone())
                    .collect();
                self.marks.extend(ids);
            }
            Action::ClearMarks => self.marks.clear(),
            Action::Move => self.start_move(),
            Action::Note => self.start_note(),
            Action::Assign => {
                let targets = self.targets();
                if targets.is_empty() {
                    return self.nothing_selected();
                }
                let current = match &targets[..] {
                    [one] => self
                        .row_by_id(&one.id)
                        .and_then(|r| r.case.assignee.clone())
                        .unwrap_or_default(),
                    _ => String::new(),
                };
                let fields = vec![
                    Field::new(
                        "assignee",
                        self.lang
                            .pick("责任人(账号,- 为取消)", "Officer (account, - for none)"),
                        Spec::User,
                    )
                    .required()
                    .with(&current),
                ];
                let mut form = Form::new(
                    self.lang.pick("指定责任人", "Assign").into(),
                    Purpose::Assign(targets.clone()),
                    fields,
                );
                form.subtitle = self.describe_targets(&targets);
                self.open_form(form);
            }
            Action::Tag => {
                let targets = self.targets();
                if targets.is_empty() {
                    return self.nothing_selected();
                }
                let fields = vec![
                    Field::new(
                        "tags",
                        self.lang.pick("标签(+加 -去)", "Tags (+add -remove)"),
                        Spec::TagChanges,
                    )
                    .required(),
                ];
                let mut form = Form::new(
                    self.lang.pick("标签", "Tags").into(),
                    Purpose::Tag(targets.clone()),
                    fields,
                );
                form.subtitle = self.describe_targets(&targets);
                self.open_form(form);
            }
            Action::Edit => self.start_edit(),
            Action::Create => {
                self.overlay = Some(Overlay::Picker(Picker {
                    title: self
                        .lang
                        .pick("登记哪类事项?", "Register which kind of case?")
                        .into(),
                    items: Kind::ALL
                        .iter()
                        .map(|k| (k.label(self.lang).to_string(), k.def().code.clone()))
                        .collect(),
                    selected: 0,
                    purpose: PickFor::Kind,
                }));
            }
            Action::Extend => {
                let Some(t) = self.single_target() else {
                    return;
                };
                let fields = vec![
                    Field::new("days", self.lang.pick("延长天数", "Days"), Spec::Days).required(),
                    Field::new("reason", self.lang.pick("理由", "Reason"), Spec::Text).required(),
                ];
                let mut form = Form::new(
                    self.lang.pick("延长期限", "Extend the deadline").into(),
                    Purpose::Extend(t.clone()),
                    fields,
                );
                form.subtitle = self.due_subtitle(&t.id);
                self.open_form(form);
            }
            Action::Pause => {
                let Some(t) = self.single_target() else {
                    return;
                };
                let fields = vec![
                    Field::new(
                        "reason",
                        self.lang
                            .pick("理由(如等待法院)", "Reason (e.g. waiting for the court)"),
                        Spec::Text,
                    )
                    .required(),
                ];
                let mut form = Form::new(
                    self.lang.pick("暂停计时", "Pause the clock").into(),
                    Purpose::Pause(t.clone()),
                    fields,
                );
                form.subtitle = self.due_subtitle(&t.id);
                self.open_form(form);
            }
            Action::Resume => {
                let Some(t) = self.single_target() else {
                    return;
                };
                let done = format!("{} {}", t.id, self.lang.pick("已恢复计时", "clock resumed"));
                self.run(
                    vec![Request {
                        command: Command::Resume { id: t.id },
                        expect_rev: Some(t.rev),
                    }],
                    done,
                );
            }
            Action::Link => {
                let Some(t) = self.single_target() else {
                    return;
                };
                let fields = vec![
                    Field::new(
                        "other",
                        self.lang.pick("关联到(编号)", "Link to (id)"),
                        Spec::CaseId,
                    )
                    .required(),
                ];
                let mut form = Form::new(
                    self.lang.pick("关联事项", "Link cases").into(),
                    Purpose::Link(t.clone()),
                    fields,
                );
                form.subtitle = self.describe_targets(std::slice::from_ref(&t));
                self.open_form(form);
            }
            Action::Command => self.overlay = Some(Overlay::Command(Input::default())),
            Action::Undo => self.undo_last(),
            Action::Refresh => match self.reload() {
                Ok(()) => self.info(self.lang.pick("已重新读取", "reloaded")),
                Err(e) => self.error(e.to_string()),
            },
            Action::LoadDemo => {
                if self.total_cases > 0 {
                    self.error(self.lang.pick(
                        "演示台账只在空台账时提供;试用请另建一个台账:taizhang --db /tmp/demo.redb",
                        "the demo is offered only on an empty ledger; try it on another: taizhang --db /tmp/demo.redb",
                    ));
                    return;
                }
                self.load_demo();
            }
            Action::Dashboard => {
                self.zoom = false;
                if self.dashboard.take().is_none() {
                    match crate::ledger::report::Dashboard::compute(&self.ledger, self.today) {
                        Ok(d) => self.dashboard = Some(d),
                        Err(e) => self.error(format!("✗ {e}")),
                    }
                }
            }
            Action::Confirm
            | Action::Cancel
            | Action::NextField
            | Action::PrevField
            | Action::CursorLeft
            | Action::CursorRight
            | Action::CursorHome
            | Action::CursorEnd
            | Action::DeleteBack
            | Action::DeleteForward
            | Action::DeleteWord
            | Action::ClearLine
            | Action::Insert(_)
            | Action::NoOp => {}
        }
    }

    fn nothing_selected(&mut self) {
        self.error(self.lang.pick("没有选中的事项", "no case is selected"));
    }

    fn single_target(&mut self) -> Option<Target> {
        let t = self.selected_target();
        if t.is_none() {
            self.nothing_selected();
        }
        t
    }

    fn due_subtitle(&self, id: &str) -> String {
        let Some(r) = self.row_by_id(id) else {
            return id.to_string();
        };
        let due = crate::ledger::present::due_cell(r.due.as_ref(), self.today, self.lang);
        let basis = r.due.as_ref().map(|d| d.basis.clone()).unwrap_or_default();
        format!(
            "{id} · {} {due} {}",
            self.lang.pick("期限", "due"),
            crate::ledger::text::sanitize(&basis)
        )
    }

    /// The view's query and the filter together, as one query (for saving as a view).
    fn combined_query(&self) -> String {
        let v = self
            .views
            .get(self.view)
            .map(|v| v.query.as_str())
            .unwrap_or("");
        let f = self.query.text();
        match (v.trim().is_empty(), f.trim().is_empty()) {
            (true, _) => f.to_string(),
            (false, true) => v.to_string(),
            (false, false) => format!("({v}) ({f})"),
        }
    }

    fn apply_filter_text(&mut self) {
        match Query::parse(self.filter.text()) {
            Ok(q) => {
                self.query = q;
                self.filter_error = None;
                self.refilter();
            }
            Err(LedgerError::Query { column, message }) => {
                self.filter_error = Some((column, message))
            }
            Err(e) => self.filter_error = Some((1, e.to_string())),
        }
    }

    fn edit_input(input: &mut Input, action: &Action) -> bool {
        match action {
            Action::CursorLeft => input.left(),
            Action::CursorRight => input.right(),
            Action::CursorHome => input.home(),
            Action::CursorEnd => input.end(),
            Action::DeleteBack => input.delete_back(),
            Action::DeleteForward => input.delete_forward(),
            Action::DeleteWord => input.delete_word(),
            Action::ClearLine => input.clear(),
            Action::Insert(s) => input.insert(s),
            _ => return false,
        }
        true
    }

    fn update_filter(&mut self, action: Action) {
        match action {
            Action::Confirm => {
                self.filter_edit = None;
                if let Some((col, msg)) = &self.filter_error {
                    let m = match self.lang {
                        Lang::Zh => format!("筛选第 {col} 列有误,仍用上一个有效的筛选:{msg}"),
                        Lang::En => format!(
                            "the filter has an error at column {col}; the last good one stays: {msg}"
                        ),
                    };
                    self.error(m);
                }
            }
            Action::Cancel => {
                let previous = self
                    .filter_edit
                    .take()
                    .map(|f| f.previous)
                    .unwrap_or_default();
                self.filter.set(&previous);
                self.apply_filter_text();
            }
            Action::Quit => self.quit = true,
            a => {
                let before = self.filter.text().to_string();
                if Self::edit_input(&mut self.filter, &a) && self.filter.text() != before {
                    // Every keystroke re-filters; a query that does not parse keeps the last good one.
                    self.apply_filter_text();
                }
            }
        }
    }

    fn update_command(&mut self, action: Action) {
        let Some(Overlay::Command(input)) = &mut self.overlay else {
            return;
        };
        match action {
            Action::Confirm => {
                let line = input.text().to_string();
                self.overlay = None;
                self.run_command_line(&line);
            }
            Action::Cancel => self.overlay = None,
            Action::Quit => self.quit = true,
            a => {
                Self::edit_input(input, &a);
            }
        }
    }

    fn run_command_line(&mut self, line: &str) {
        match (self.parse_line)(line, self.lang) {
            Err(e) => self.error(format!(":{} — {e}", line.trim())),
            Ok(Parsed::Nothing) => {}
            Ok(Parsed::Quit) => self.quit = true,
            Ok(Parsed::Help) => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Ok(Parsed::Demo) => self.update_normal(Action::LoadDemo),
            Ok(Parsed::Filter(q)) => {
                self.filter.set(&q);
                self.apply_filter_text();
                if let Some((col, msg)) = self.filter_error.clone() {
                    self.error(format!(
                        "{} {col}: {msg}",
                        self.lang.pick("查询有误,列", "query error at column")
                    ));
                }
            }
            Ok(Parsed::Show(id)) => {
                if !self.reveal(&id) {
                    self.error(LedgerError::NotFound(id.to_uppercase()).to_string());
                }
            }
            Ok(Parsed::Run {
                command,
                expect_rev,
            }) => {
                // The revision the officer sees on screen guards the change, unless one was given.
                let expect_rev = expect_rev.or_else(|| {
                    command
                        .target()
                        .and_then(|id| self.row_by_id(id))
                        .map(|r| r.case.rev)
                });
                let done = format!(":{}", line.trim());
                self.run(
                    vec![Request {
                        command,
                        expect_rev,
                    }],
                    done,
                );
            }
        }
    }

    fn update_help(&mut self, action: Action) {
        let Some(Overlay::Help { scroll }) = &mut self.overlay else {
            return;
        };
        let page = self.page.get().max(1);
        match action {
            Action::Cancel | Action::Help => self.overlay = None,
            Action::Down => *scroll += 1,
            Action::Up => *scroll = scroll.saturating_sub(1),
            Action::PageDown => *scroll += page,
            Action::PageUp => *scroll = scroll.saturating_sub(page),
            Action::First => *scroll = 0,
            Action::Last => *scroll = usize::MAX / 2,
            Action::Quit => self.quit = true,
            _ => {}
        }
    }

    fn update_picker(&mut self, action: Action) {
        let Some(Overlay::Picker(p)) = &mut self.overlay else {
            return;
        };
        let n = p.items.len();
        match action {
            Action::Down => p.selected = (p.selected + 1).min(n.saturating_sub(1)),
            Action::Up => p.selected = p.selected.saturating_sub(1),
            Action::PageDown | Action::Last => p.selected = n.saturating_sub(1),
            Action::PageUp | Action::First => p.selected = 0,
            Action::Cancel => self.overlay = None,
            Action::Quit => self.quit = true,
            Action::Confirm => {
                let p = p.clone();
                self.overlay = None;
                self.picked(p);
            }
            _ => {}
        }
    }

    fn update_confirm(&mut self, action: Action) {
        match action {
            Action::Confirm => {
                let Some(Overlay::Confirm(c)) = self.overlay.take() else {
                    return;
                };
                match c.then {
                    Then::Run { reqs, done } => {
                        if self.run(reqs, done) {
                            self.marks.clear();
                        }
                    }
                    Then::LoadDemo => self.load_demo(),
                    Then::DeleteView(i) => self.delete_view(i),
                }
            }
            Action::Cancel => {
                self.overlay = None;
                self.info(
                    self.lang
                        .pick("已取消,没有修改", "cancelled; nothing changed"),
                );
            }
            Action::Quit => self.quit = true,
            _ => {}
        }
    }

    fn open_form(&mut self, mut form: Form) {
        let lang = self.lang;
        let (rows, ledger, all) = (&self.rows, &self.ledger, self.all_loaded);
        form.validate_all(lang, &|id: &str| known_id(rows, ledger, all, id));
        self.overlay = Some(Overlay::Form(form));
    }

    fn update_form(&mut self, action: Action) {
        let lang = self.lang;
        let (rows, ledger, all) = (&self.rows, &self.ledger, self.all_loaded);
        let known = |id: &str| known_id(rows, ledger, all, id);
        let Some(Overlay::Form(form)) = &mut self.overlay else {
            return;
        };
        match action {
            Action::Cancel => {
                self.overlay = None;
                self.info(lang.pick("已取消,没有修改", "cancelled; nothing changed"));
            }
            Action::Quit => self.quit = true,
            Action::NextField => form.focus = (form.focus + 1) % form.fields.len().max(1),
            Action::PrevField => {
                form.focus = (form.focus + form.fields.len().max(1) - 1) % form.fields.len().max(1)
            }
            Action::Confirm => {
                form.tried = true;
                if !form.validate_all(lang, &known) {
                    form.focus_first_error();
                    form.error = Some(
                        lang.pick("请先改正标 ✗ 的字段", "correct the fields marked ✗ first")
                            .into(),
                    );
                    return;
                }
                let form = form.clone();
                self.submit(form);
            }
            a => {
                let Some(field) = form.focused() else { return };
                let choice = field.is_choice();
                match a {
                    Action::CursorLeft if choice => field.cycle(lang, false),
                    Action::CursorRight if choice => field.cycle(lang, true),
                    a => {
                        Self::edit_input(&mut field.input, &a);
                    }
                }
                // Validate as you type.
                let tried = form.tried;
                if let Some(f) = form.focused() {
                    f.validate(lang, tried, &known);
                }
                form.error = None;
            }
        }
    }

    // ---- operations -----------------------------------------------------------------------

    fn start_move(&mut self) {
        let targets = self.targets();
        if targets.is_empty() {
            return self.nothing_selected();
        }
        // Only states every target may move to are offered.
        let mut common: Option<Vec<String>> = None;
        for t in &targets {
            let Some(r) = self.row_by_id(&t.id) else {
                continue;
            };
            let next: Vec<String> = r
                .case
                .kind
                .def()
                .next_states(&r.case.state)
                .iter()
                .map(|s| s.key.clone())
                .collect();
            common = Some(match common {
                None => next,
                Some(c) => c.into_iter().filter(|s| next.contains(s)).collect(),
            });
        }
        let states = common.unwrap_or_default();
        if states.is_empty() {
            self.error(match &targets[..] {
                [one] => match self.lang {
                    Lang::Zh => format!("{} 已办结,没有可转入的状态", one.id),
                    Lang::En => format!("{} is closed: there is no next state", one.id),
                },
                _ => self
                    .lang
                    .pick(
                        "已标记的事项没有共同的下一状态;请分别处理",
                        "the marked cases have no next state in common; move them one by one",
                    )
                    .into(),
            });
            return;
        }
        let first = self.row_by_id(&targets[0].id).map(|r| r.case.clone());
        let Some(case) = first else { return };
        let def = case.kind.def();
        let items = states
            .iter()
            .map(|s| {
                let label = def
                    .state(s)
                    .map(|st| st.label(self.lang).to_string())
                    .unwrap_or_else(|| s.clone());
                let needs = def.transition(&case.state, s).map(|t| {
                    let mut n = Vec::new();
                    if t.note {
                        n.push(self.lang.pick("需写说明", "needs a note").to_string());
                    }
                    for f in &t.requires {
                        n.push(
                            def.field(f)
                                .map(|d| d.label(self.lang).to_string())
                                .unwrap_or_else(|| f.clone()),
                        );
                    }
                    n.join(", ")
                });
                (format!("{label} ({s})"), needs.unwrap_or_default())
            })
            .collect();
        self.overlay = Some(Overlay::Picker(Picker {
            title: format!(
                "{} — {}",
                self.lang.pick("转入", "Move to"),
                self.describe_targets(&targets)
            ),
            items,
            selected: 0,
            purpose: PickFor::Transition { targets, states },
        }));
    }

    fn picked(&mut self, p: Picker) {
        match p.purpose {
            PickFor::Kind => {
                let Some(kind) = Kind::ALL.get(p.selected).copied() else {
                    return;
                };
                let fields = case_fields(kind, self.lang);
                let mut form = Form::new(
                    format!(
                        "{} — {}",
                        self.lang.pick("登记新事项", "New case"),
                        kind.label(self.lang)
                    ),
                    Purpose::Create(kind),
                    fields,
                );
                form.subtitle = self
                    .lang
                    .pick(
                        "标 * 的必填;选项字段用 ←/→ 选择",
                        "* required; choose options with ←/→",
                    )
                    .into();
                self.open_form(form);
            }
            PickFor::Transition { targets, states } => {
                let Some(to) = states.get(p.selected).cloned() else {
                    return;
                };
                let Some(first) = self.row_by_id(&targets[0].id).map(|r| r.case.clone()) else {
                    return;
                };
                let def = first.kind.def();
                let tr = def.transition(&first.state, &to);
                let mut fields = vec![{
                    let f = Field::new("note", self.lang.pick("说明", "Note"), Spec::Text);
                    if tr.is_some_and(|t| t.note) {
                        f.required()
                    } else {
                        f
                    }
                }];
                for key in tr.map(|t| t.requires.clone()).unwrap_or_default() {
                    if let Some(d) = def.field(&key) {
                        let current = if targets.len() == 1 {
                            first.fields.get(&key).map(|v| v.raw()).unwrap_or_default()
                        } else {
                            String::new()
                        };
                        fields.push(
                            Field::new(&key, d.label(self.lang), Spec::Typed(d))
                                .required()
                                .with(&current),
                        );
                    }
                }
                let to_label = def
                    .state(&to)
                    .map(|s| s.label(self.lang).to_string())
                    .unwrap_or_else(|| to.clone());
                let mut form = Form::new(
                    format!("{} {to_label}", self.lang.pick("转入", "Move to")),
                    Purpose::Move {
                        targets: targets.clone(),
                        to,
                    },
                    fields,
                );
                form.subtitle = self.describe_targets(&targets);
                self.open_form(form);
            }
        }
    }

    fn start_note(&mut self) {
        let targets = self.targets();
        if targets.is_empty() {
            return self.nothing_selected();
        }
        let l = self.lang;
        let fields = vec![
            Field::new("type", l.pick("类型", "Type"), Spec::NoteType)
                .required()
                .with(NoteType::Visit.label(l)),
            Field::new("text", l.pick("内容", "What was done"), Spec::Text).required(),
            Field::new(
                "people",
                l.pick("在场人数(人次)", "People present"),
                Spec::Count,
            ),
            Field::new(
                "date",
                l.pick("日期(默认今天)", "Date (default today)"),
                Spec::Date,
            ),
        ];
        let mut form = Form::new(
            l.pick("记录工作", "Record work").into(),
            Purpose::Note(targets.clone()),
            fields,
        );
        form.subtitle = self.describe_targets(&targets);
        self.open_form(form);
    }

    fn start_edit(&mut self) {
        let Some(case) = self.selected_case().cloned() else {
            return self.nothing_selected();
        };
        let mut fields = case_fields(case.kind, self.lang);
        fields.retain(|f| f.key != "assignee");
        for f in &mut fields {
            let current = match f.key.as_str() {
                "title" => case.title.clone(),
                "party" => case.party.clone(),
                "location" => case.location.clone(),
                "priority" => case.priority.label(self.lang).to_string(),
                "tags" => case.tags.join(", "),
                "opened" => case.opened.to_string(),
                "description" => case.description.clone(),
                key => match (&f.spec, case.fields.get(key)) {
                    // Personal data is not shown in the form: typing replaces it.
                    (Spec::Typed(d), Some(v)) if d.pii => {
                        f.masked = Some(crate::ledger::model::mask(&v.raw()));
                        String::new()
                    }
                    (Spec::Typed(d), Some(v))
                        if d.ty == crate::ledger::schema::FieldType::Enum
                            || d.ty == crate::ledger::schema::FieldType::Bool =>
                    {
                        v.display(d, self.lang)
                    }
                    (_, Some(v)) => v.raw(),
                    (_, None) => String::new(),
                },
            };
            *f = f.clone().with(&current);
        }
        let t = Target {
            id: case.id.clone(),
            rev: case.rev,
        };
        let mut form = Form::new(
            self.lang.pick("编辑", "Edit").into(),
            Purpose::Edit(t.clone()),
            fields,
        );
        form.subtitle = self.describe_targets(&[t]);
        self.open_form(form);
    }

    /// Turn a validated form into ledger commands and run them (after a confirmation when they
    /// touch several cases). The form stays open if the ledger refuses, so nothing typed is lost.
    fn submit(&mut self, form: Form) {
        let l = self.lang;
        let v = |k: &str| form.value(k);
        let opt = |k: &str| Some(form.value(k)).filter(|s| !s.is_empty());
        let per = |targets: &[Target], make: &dyn Fn(&str) -> Command| -> Vec<Request> {
            targets
                .iter()
                .map(|t| Request {
                    command: make(&t.id),
                    expect_rev: Some(t.rev),
                })
                .collect()
        };
        let (reqs, done): (Vec<Request>, String) = match &form.purpose {
            Purpose::SaveView { query } => {
                let name = v("name");
                self.save_view(name, query.clone());
                return;
            }
            Purpose::Create(kind) => {
                let fields: Vec<(String, String)> = form
                    .fields
                    .iter()
                    .filter(|f| f.key != "title" && !f.text().is_empty())
                    // The priority starts filled in: send it only when the officer changed it.
                    .filter(|f| f.key != "priority" || f.changed())
                    .map(|f| (f.key.clone(), f.text().to_string()))
                    .collect();
                let cmd = Command::Create {
                    kind: *kind,
                    title: v("title"),
                    fields,
                    source: None,
                };
                (
                    vec![Request {
                        command: cmd,
                        expect_rev: None,
                    }],
                    l.pick("已登记", "registered").into(),
                )
            }
            Purpose::Edit(t) => {
                let fields: Vec<(String, String)> = form
                    .fields
                    .iter()
                    .filter(|f| f.changed() && !(f.masked.is_some() && f.text().is_empty()))
                    .map(|f| (f.key.clone(), f.text().to_string()))
                    .collect();
                if fields.is_empty() {
                    self.overlay = None;
                    self.info(l.pick("没有修改", "nothing changed"));
                    return;
                }
                (
                    vec![Request {
                        command: Command::Edit {
                            id: t.id.clone(),
                            fields,
                        },
                        expect_rev: Some(t.rev),
                    }],
                    format!("{} {}", t.id, l.pick("已修改", "edited")),
                )
            }
            Purpose::Move { targets, to } => {
                let note = opt("note");
                let fields: Vec<(String, String)> = form
                    .fields
                    .iter()
                    .filter(|f| f.key != "note" && !f.text().is_empty())
                    .map(|f| (f.key.clone(), f.text().to_string()))
                    .collect();
                let reqs = per(targets, &|id| Command::Move {
                    id: id.to_string(),
                    to: to.clone(),
                    note: note.clone(),
                    fields: fields.clone(),
                });
                let to_label = self
                    .row_by_id(&targets[0].id)
                    .and_then(|r| r.case.kind.def().state(to).map(|s| s.label(l).to_string()))
                    .unwrap_or_else(|| to.clone());
                (
                    reqs,
                    format!("{} → {to_label}", self.describe_targets(targets)),
                )
            }
            Purpose::Note(targets) => {
                let Ok(note_type) = NoteType::parse(&v("type")) else {
                    return;
                };
                let people = opt("people").and_then(|p| p.parse().ok());
                let date = opt("date").and_then(|d| crate::ledger::units::parse_date(&d).ok());
                let text = v("text");
                let reqs = per(targets, &|id| Command::Note {
                    id: id.to_string(),
                    note_type,
                    text: text.clone(),
                    people,
                    date,
                });
                (
                    reqs,
                    format!(
                        "{} {}",
                        self.describe_targets(targets),
                        l.pick("已记录", "noted")
                    ),
                )
            }
            Purpose::Assign(targets) => {
                let user = Some(v("assignee")).filter(|u| !u.is_empty() && u != "-");
                let reqs = per(targets, &|id| Command::Assign {
                    id: id.to_string(),
                    user: user.clone(),
                });
                (
                    reqs,
                    format!(
                        "{} → {}",
                        self.describe_targets(targets),
                        user.clone().unwrap_or_else(|| "—".into())
                    ),
                )
            }
            Purpose::Tag(targets) => {
                let mut add = Vec::new();
                let mut remove = Vec::new();
                for t in crate::ledger::model::split_list(&v("tags").replace(' ', ",")) {
                    match t.strip_prefix('-') {
                        Some(r) => remove.push(r.to_string()),
                        None => add.push(t.strip_prefix('+').unwrap_or(&t).to_string()),
                    }
                }
                let reqs = per(targets, &|id| Command::Tag {
                    id: id.to_string(),
                    add: add.clone(),
                    remove: remove.clone(),
                });
                (
                    reqs,
                    format!(
                        "{} {}",
                        self.describe_targets(targets),
                        l.pick("标签已更新", "tags changed")
                    ),
                )
            }
            Purpose::Extend(t) => {
                let days = v("days").parse().unwrap_or(0);
                let cmd = Command::Extend {
                    id: t.id.clone(),
                    days,
                    reason: v("reason"),
                };
                (
                    vec![Request {
                        command: cmd,
                        expect_rev: Some(t.rev),
                    }],
                    format!("{} {}", t.id, l.pick("已延期", "extended")),
                )
            }
            Purpose::Pause(t) => {
                let cmd = Command::Pause {
                    id: t.id.clone(),
                    reason: v("reason"),
                };
                (
                    vec![Request {
                        command: cmd,
                        expect_rev: Some(t.rev),
                    }],
                    format!("{} {}", t.id, l.pick("已暂停计时", "clock paused")),
                )
            }
            Purpose::Link(t) => {
                let cmd = Command::Link {
                    id: t.id.clone(),
                    other: v("other"),
                };
                (
                    vec![Request {
                        command: cmd,
                        expect_rev: Some(t.rev),
                    }],
                    format!("{} {}", t.id, l.pick("已关联", "linked")),
                )
            }
        };
        if reqs.len() > 1 {
            // Anything that affects many items is confirmed first.
            let question = match l {
                Lang::Zh => format!("对 {} 件事项执行:{}?", reqs.len(), form.title),
                Lang::En => format!("{} for {} cases?", form.title, reqs.len()),
            };
            let detail = reqs
                .iter()
                .filter_map(|r| r.command.target())
                .map(|id| {
                    let title = self
                        .row_by_id(id)
                        .map(|r| r.case.title.clone())
                        .unwrap_or_default();
                    format!("{id} {}", crate::ledger::text::sanitize(&title))
                })
                .collect();
            self.overlay = Some(Overlay::Confirm(Confirm {
                question,
                detail,
                then: Then::Run { reqs, done },
            }));
            return;
        }
        let ok = self.run(reqs, done);
        if ok {
            self.overlay = None;
        } else if let Some(Overlay::Form(f)) = &mut self.overlay {
            // Keep the form and what was typed; say why, and take the fresh revisions so that a
            // second Enter is a decision made with the latest state on screen.
            f.error = self.message.as_ref().map(|m| m.text.clone());
            let fresh = |t: &mut Target, rows: &[Row]| {
                if let Some(r) = rows.iter().find(|r| r.case.id == t.id) {
                    t.rev = r.case.rev;
                }
            };
            match &mut f.purpose {
                Purpose::Edit(t) | Purpose::Extend(t) | Purpose::Pause(t) | Purpose::Link(t) => {
                    fresh(t, &self.rows)
                }
                Purpose::Move { targets, .. }
                | Purpose::Note(targets)
                | Purpose::Assign(targets)
                | Purpose::Tag(targets) => {
                    for t in targets {
                        fresh(t, &self.rows);
                    }
                }
                Purpose::Create(_) | Purpose::SaveView { .. } => {}
            }
        }
    }

    /// Run requests through the ledger's write path: one command alone, several in one
    /// transaction (all or none). True if they were committed.
    pub fn run(&mut self, reqs: Vec<Request>, done: String) -> bool {
        let result = if reqs.len() == 1 {
            self.ledger.execute(reqs[0].clone()).map(|o| vec![o])
        } else {
            self.ledger.execute_batch(reqs, Utc::now(), today())
        };
        match result {
            Ok(outcomes) => {
                let created = outcomes
                    .iter()
                    .find(|o| {
                        matches!(
                            o.changes.first(),
                            Some(crate::ledger::Change::Created { .. })
                        )
                    })
                    .map(|o| o.id.clone());
                self.undo.push(outcomes);
                if let Err(e) = self.reload() {
                    self.error(e.to_string());
                    return true;
                }
                let text = match &created {
                    Some(id) => {
                        self.reveal(id);
                        let title = self
                            .row_by_id(id)
                            .map(|r| r.case.title.clone())
                            .unwrap_or_default();
                        format!("✓ {done} {id} {}", crate::ledger::text::sanitize(&title))
                    }
                    None => format!("✓ {done}"),
                };
                self.info(text);
                true
            }
            Err(e @ LedgerError::Conflict { .. }) => {
                // Another officer's change came first: show it, and say so.
                let _ = self.reload();
                let text = match self.lang {
                    Lang::Zh => format!("✗ 未保存:{e} — 已刷新为最新内容,请查看后再操作"),
                    Lang::En => format!("✗ not saved: {e} — the screen now shows the latest"),
                };
                self.error(text);
                false
            }
            Err(e) => {
                self.error(format!("✗ {e}"));
                false
            }
        }
    }

    fn undo_last(&mut self) {
        let Some(last) = self.undo.last().cloned() else {
            self.error(self.lang.pick(
                "本次会话还没有可撤销的修改",
                "nothing to undo in this session",
            ));
            return;
        };
        match undo::inverse(&last, self.lang) {
            Err(why) => {
                self.undo.pop();
                self.error(format!("✗ {why}"));
            }
            Ok(reqs) => {
                let done = self
                    .lang
                    .pick(
                        "已撤销上一个修改(记为新的修改)",
                        "undone (recorded as a new change)",
                    )
                    .to_string();
                let n = self.undo.len();
                if self.run(reqs, done) {
                    // The undo itself is not undone by the next undo: drop both.
                    self.undo.truncate(n - 1);
                }
            }
        }
    }

    fn load_demo(&mut self) {
        match crate::ledger::demo::load(&self.ledger) {
            Ok(0) => self.error(
                self.lang
                    .pick("这个版本没有演示台账", "this build has no demo ledger"),
            ),
            Ok(n) => {
                let _ = self.reload();
                self.open_start_view();
                self.info(match self.lang {
                    Lang::Zh => format!("✓ 已载入演示台账 {n} 件"),
                    Lang::En => format!("✓ loaded {n} demo cases"),
                });
            }
            Err(e) => self.error(format!("✗ {e}")),
        }
    }

    fn save_view(&mut self, name: String, query: String) {
        if self.views.iter().any(|v| v.name == name) {
            if let Some(Overlay::Form(f)) = &mut self.overlay {
                f.error = Some(match self.lang {
                    Lang::Zh => format!("已有名为「{name}」的视图,换个名字"),
                    Lang::En => format!("a view named {name:?} exists; choose another name"),
                });
            }
            return;
        }
        let mut saved: Vec<View> = self.views.iter().filter(|v| v.saved).cloned().collect();
        saved.push(View {
            name: name.clone(),
            query,
            saved: true,
        });
        if let Some(path) = &self.views_file
            && let Err(e) = views::save(path, &saved)
        {
            if let Some(Overlay::Form(f)) = &mut self.overlay {
                f.error = Some(e.to_string());
            }
            return;
        }
        self.overlay = None;
        self.set_views(saved);
        self.view = self.views.len() - 1;
        self.filter.clear();
        self.query = Query::default();
        let _ = self.reload();
        self.info(format!(
            "✓ {} {name}",
            self.lang.pick("已保存视图", "saved the view")
        ));
    }

    fn delete_view(&mut self, i: usize) {
        let name = self
            .views
            .get(i)
            .map(|v| v.name.clone())
            .unwrap_or_default();
        let saved: Vec<View> = self
            .views
            .iter()
            .enumerate()
            .filter(|(j, v)| v.saved && *j != i)
            .map(|(_, v)| v.clone())
            .collect();
        if let Some(path) = &self.views_file
            && let Err(e) = views::save(path, &saved)
        {
            self.error(e.to_string());
            return;
        }
        self.view = 0;
        self.set_views(saved);
        let _ = self.reload();
        self.info(format!(
            "✓ {} {name}",
            self.lang.pick("已删除视图", "deleted the view")
        ));
    }

    /// Where the last filter error points, for the view (column, message).
    pub fn query_text(&self) -> &str {
        self.query.text()
    }
}

/// The ledger's path with the home directory written as ~.
fn display_path(p: &std::path::Path) -> String {
    let s = p.display().to_string();
    match std::env::var("HOME") {
        Ok(h) if !h.is_empty() && s.starts_with(&h) => format!("~{}", &s[h.len()..]),
        _ => s,
    }
}
