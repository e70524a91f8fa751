//! The interface's state and the one place it changes: keys become actions through the keymap,
//! and [`App::update`] carries out an action. Ledger changes go through the ledger's one write
//! path with the revision the officer saw, so a change overtaken by another officer's is
//! refused rather than lost. Drawing lives in `ui`, which only reads this state.
//!
//! The parts live beside it: the cases on screen in `cases`, the list screen's keys in `normal`,
//! each overlay (help, picker, confirm, form, `:` line, filter) with its update and its draw in
//! `overlays/`, and the operations (their forms, requests and undo) in `operations/`.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use ratatui::crossterm::event::{Event, KeyEvent, KeyEventKind, MouseButton, MouseEventKind};

use super::action::{Action, Mode};
pub use super::cases::{Row, SortBy};
use super::form::Form;
use super::input::Input;
use super::keymap::{Key, Keymap, Lookup};
pub use super::overlays::confirm::{Confirm, Then};
pub use super::overlays::filter::FilterEdit;
pub use super::overlays::picker::{PickFor, Picker};
use super::theme::Theme;
use super::views::{self, View};
use crate::ledger::clock::today;
use crate::ledger::query::Query;
use crate::ledger::{Case, Event as LedgerEvent, Lang, Ledger, Outcome};
use crate::typed_command::ParseLine;

/// How many messages the log keeps.
const MESSAGES_KEPT: usize = 200;

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

#[derive(Debug, Clone)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    /// The message log, newest at the bottom.
    Messages {
        scroll: usize,
    },
    Picker(Picker),
    Form(Form),
    Confirm(Confirm),
    Command(Input),
    Import(Box<super::overlays::import::ImportScreen>),
}

pub struct App {
    /// Shared with the thread that waits for a server's news of changes (see `tui::run`).
    pub ledger: Arc<Ledger>,
    pub lang: Lang,
    pub keymap: Keymap,
    pub theme: Theme,
    /// The officer using the program: whose items are "mine".
    pub user: String,
    /// Whether the registration form starts with the officer as the assignee.
    pub assign_new_to_me: bool,
    /// How the ledger is named in the status line.
    pub ledger_label: String,
    pub today: NaiveDate,
    pub(super) fixed_today: bool,
    pub(super) rule_set: String,
    pub(super) version: u64,
    /// What the last look for other officers' changes failed with (the server was unreachable):
    /// cleared, with its message, when a look succeeds again.
    pub(super) check_failed: Option<String>,
    /// The cases read: the open ones only, until a view or filter can show a closed one (most
    /// work is on open cases, and they are a fraction of a ledger that keeps years of history).
    pub rows: Vec<Row>,
    /// Whether `rows` holds every case, closed ones too.
    pub(super) all_loaded: bool,
    /// Every row in the order of `order_for` (see [`sorted`]).
    pub(super) order: Vec<usize>,
    /// The rows' search texts (see [`crate::ledger::query::push_search_text`]) in one buffer,
    /// and where each row's is: the filter reads them on every keystroke.
    pub(super) search: String,
    pub(super) search_at: Vec<std::ops::Range<usize>>,
    pub(super) order_for: Option<SortBy>,
    /// How many cases the ledger holds.
    pub(super) total_cases: usize,
    /// Indices into `rows` of the cases shown, in display order.
    pub shown: Vec<usize>,
    /// The widest due cells among the cases shown (full, short): the due column's width.
    pub due_widths: (usize, usize),
    pub selected: usize,
    /// First row of the list on screen; kept by the list view so the selection stays visible.
    pub list_offset: usize,
    /// Rows the list had at the last draw (for PgUp/PgDn).
    pub page: usize,
    /// The window size at the last draw (to tell which row a mouse click hit).
    pub screen: ratatui::layout::Rect,
    pub views: Vec<View>,
    pub(super) view_queries: Vec<Query>,
    pub view: usize,
    pub counts: Vec<usize>,
    /// Where saved views are kept (None: not kept, e.g. in tests).
    pub(super) views_file: Option<PathBuf>,
    pub filter: Input,
    pub(super) query: Query,
    /// Column and message of a filter that does not parse (the last good one stays applied).
    pub filter_error: Option<(usize, String)>,
    pub filter_edit: Option<FilterEdit>,
    pub sort: SortBy,
    pub marks: BTreeSet<String>,
    pub detail_scroll: usize,
    /// How far the detail pane could scroll at the last draw.
    pub detail_max: usize,
    /// The selected case fills the screen.
    pub zoom: bool,
    /// The reports dashboard, when it is shown (recomputed when the ledger changes).
    pub dashboard: Option<crate::ledger::report::Dashboard>,
    /// History of the selected case (id, revision it was read at, events).
    pub history: Option<(String, u64, Vec<LedgerEvent>)>,
    pub overlay: Option<Overlay>,
    pub pending: Vec<Key>,
    pub message: Option<Message>,
    /// Every message of the session, oldest first (the status line shows only the last).
    pub messages: Vec<Message>,
    /// How the screen is split between the list and the detail (an index into
    /// [`super::layout::SPLITS`]).
    pub split: usize,
    pub(super) undo: Vec<Vec<Outcome>>,
    /// Everyone who has made a change to the ledger (read once, when first needed).
    pub(crate) acted: Option<BTreeSet<String>>,
    /// A form closed with Esc after something was typed: reopening the same form restores it.
    pub(crate) draft: Option<Form>,
    /// Reads the `:` line (the command line's parser; see [`App::with_command_line`]).
    pub(super) parse_line: ParseLine,
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
            assign_new_to_me: true,
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
            due_widths: (0, 0),
            selected: 0,
            list_offset: 0,
            page: 10,
            screen: ratatui::layout::Rect::default(),
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
            detail_max: usize::MAX,
            zoom: false,
            dashboard: None,
            history: None,
            overlay: None,
            pending: Vec::new(),
            message: None,
            messages: Vec::new(),
            split: 0,
            undo: Vec::new(),
            draft: None,
            acted: None,
            parse_line: crate::typed_command::unavailable,
            quit: false,
            dirty: true,
        };
        app.set_views(Vec::new());
        app.reload()?;
        app.open_start_view();
        Ok(app)
    }

    /// Fit what depends on the window to a screen of `area` (the terminal's size, just before
    /// drawing): the window size (for mouse clicks), the first row of the list on screen (the
    /// selection kept visible, the window moved as little as possible), the rows of a page (for
    /// PgUp/PgDn) and how far the detail can scroll. Worked out with the layout and the measures
    /// the drawing uses, so that drawing only reads.
    pub fn fit(&mut self, area: ratatui::layout::Rect) {
        self.screen = area;
        if area.width == 0 || area.height == 0 || self.total() == 0 || self.dashboard.is_some() {
            return;
        }
        let a = super::layout::areas(area, self.zoom, self.shown.len(), self.split);
        if let Some(body_h) = super::ui::list_body_height(a.list) {
            self.list_offset = super::ui::list_offset(self, body_h);
            self.page = body_h.max(1);
        }
        let beside = a.list.width > 0 && a.detail.x > a.list.x;
        if let Some(max) = super::ui::detail_max_scroll(self, a.detail, beside) {
            self.detail_max = max;
        }
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

    pub(crate) fn set_views(&mut self, saved: Vec<View>) {
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
            Some(Overlay::Help { .. } | Overlay::Messages { .. }) => Mode::Help,
            Some(Overlay::Picker(_)) => Mode::Picker,
            Some(Overlay::Form(_)) => Mode::Form,
            Some(Overlay::Confirm(_)) => Mode::Confirm,
            Some(Overlay::Command(_)) => Mode::Command,
            Some(Overlay::Import(_)) => Mode::Import,
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

    pub(crate) fn info(&mut self, text: impl Into<String>) {
        self.say(Message {
            text: text.into(),
            kind: MessageKind::Info,
        });
    }

    /// Show a message on the status line and keep it in the log.
    fn say(&mut self, m: Message) {
        // A repeated message (a server still unreachable) is logged once.
        if self.messages.last().is_none_or(|last| last.text != m.text) {
            self.messages.push(m.clone());
            if self.messages.len() > MESSAGES_KEPT {
                self.messages.remove(0);
            }
        }
        self.message = Some(m);
    }

    /// An error for the status line, marked ✗ so it is not told by colour alone.
    pub(crate) fn error(&mut self, text: impl Into<String>) {
        let text = text.into();
        let text = if text.starts_with('✗') {
            text
        } else {
            format!("✗ {text}")
        };
        self.say(Message {
            text,
            kind: MessageKind::Error,
        });
    }

    // ---- data -----------------------------------------------------------------------------

    /// The officers known to the ledger, for completing an assignee: its users, everyone who
    /// has made a change, everyone a case is assigned to, and the officer at the keyboard.
    pub(crate) fn officers(&mut self) -> Vec<String> {
        if self.acted.is_none() {
            let acted = self
                .ledger
                .all_events()
                .map(|events| events.into_iter().map(|e| e.actor).collect())
                .unwrap_or_default();
            self.acted = Some(acted);
        }
        let mut all: BTreeSet<String> = self.acted.clone().unwrap_or_default();
        if let Ok(users) = self.ledger.users() {
            all.extend(users.into_iter().map(|u| u.name));
        }
        all.extend(self.rows.iter().filter_map(|r| r.case.assignee.clone()));
        all.insert(self.user.clone());
        all.retain(|n| !n.trim().is_empty());
        all.into_iter().collect()
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
                    let a =
                        super::layout::areas(self.screen, self.zoom, self.shown.len(), self.split);
                    let header = u16::from(a.list.height >= 3);
                    let pos = ratatui::layout::Position {
                        x: m.column,
                        y: m.row,
                    };
                    if a.list.contains(pos)
                        && m.row >= a.list.y + header
                        && self.dashboard.is_none()
                    {
                        let i = self.list_offset + usize::from(m.row - a.list.y - header);
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
            Mode::Import => self.update_import(action),
        }
    }

    // ---- operations -----------------------------------------------------------------------

    /// Where the last filter error points, for the view (column, message).
    pub fn query_text(&self) -> &str {
        self.query.text()
    }
}

/// The ledger's path with the home directory written as ~, shortened to its file name under
/// `…/` when long (the status line has little room): `~/…/ledger.redb`.
pub fn display_path(p: &std::path::Path) -> String {
    let s = p.display().to_string();
    let s = match std::env::var("HOME") {
        Ok(h) if !h.is_empty() && s.starts_with(&h) && s[h.len()..].starts_with('/') => {
            format!("~{}", &s[h.len()..])
        }
        _ => s,
    };
    if crate::ledger::text::width(&s) <= 24 {
        return s;
    }
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if s.starts_with("~/") {
        format!("~/…/{name}")
    } else {
        format!("…/{name}")
    }
}
