//! The cases on screen: reading them from the ledger, the views' counts, the filter and the
//! sort, the selection, and looking for other officers' changes.

use std::collections::BTreeSet;

use super::app::App;
use super::form::Target;
use crate::ledger::clock::today;
use crate::ledger::deadline::Due;
use crate::ledger::query::{Env as QueryEnv, Known, Query};
use crate::ledger::{Case, Lang, Ledger};

/// Whether a case id typed into a form names a case: one read, or (closed cases not being read)
/// one in the ledger. Checked on every keystroke in a form, so nothing is collected.
pub(crate) fn known_id(rows: &[Row], ledger: &Ledger, all_loaded: bool, id: &str) -> bool {
    let id = id.trim().to_uppercase();
    rows.iter().any(|r| r.case.id == id) || (!all_loaded && ledger.get(&id).is_ok())
}

/// Every row's index in the order of `sort`. Kept until the rows or the sort change, so a key
/// typed into the filter only filters (sorting 100,000 rows took most of a keystroke).
pub(crate) fn sorted(rows: &[Row], sort: SortBy) -> Vec<usize> {
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

    pub(crate) fn next(self) -> SortBy {
        match self {
            SortBy::Due => SortBy::Priority,
            SortBy::Priority => SortBy::Updated,
            SortBy::Updated => SortBy::Id,
            SortBy::Id => SortBy::Due,
        }
    }
}

impl App {
    pub(crate) fn row_by_id(&self, id: &str) -> Option<&Row> {
        let id = id.trim().to_uppercase();
        self.rows.iter().find(|r| r.case.id == id)
    }

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

    pub(crate) fn read_cases(&mut self, all: bool) -> crate::ledger::Result<()> {
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
    pub(crate) fn needs_closed(&self) -> bool {
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
    pub(crate) fn known(&self, i: usize) -> (&Case, Known<'_>) {
        let row = &self.rows[i];
        let known = Known {
            text: &self.search[self.search_at[i].clone()],
            due: row.due.as_ref(),
        };
        (&row.case, known)
    }

    /// Count the cases of each view (the numbers on the tabs).
    pub(crate) fn recount(&mut self) {
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
        self.due_widths = super::ui::due_widths(
            self.shown.iter().map(|i| &self.rows[*i]),
            self.today,
            self.lang,
        );
        self.selected = keep
            .and_then(|id| self.shown.iter().position(|i| self.rows[*i].case.id == id))
            .unwrap_or(self.selected.min(self.shown.len().saturating_sub(1)));
        self.sync_detail();
    }

    /// Read the history of the selected case when the selection or its revision changed.
    pub(crate) fn sync_detail(&mut self) {
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

    pub(crate) fn select(&mut self, i: usize) {
        self.selected = i.min(self.shown.len().saturating_sub(1));
        self.sync_detail();
    }

    pub(crate) fn select_id(&mut self, id: &str) -> bool {
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
    pub(crate) fn reveal(&mut self, id: &str) -> bool {
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
    pub(crate) fn targets(&self) -> Vec<Target> {
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

    pub(crate) fn selected_target(&self) -> Option<Target> {
        self.selected_case().map(|c| Target {
            id: c.id.clone(),
            rev: c.rev,
        })
    }

    pub(crate) fn describe_targets(&self, targets: &[Target]) -> String {
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

    pub(crate) fn due_subtitle(&self, id: &str) -> String {
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
}
