//! The filter being typed (`/`): every keystroke filters; a query that does not parse keeps the
//! last good one and says where it is wrong.

use crate::ledger::query::Query;
use crate::ledger::{Lang, LedgerError};
use crate::tui::action::Action;
use crate::tui::app::App;

/// The filter being typed: the text before `/` was pressed, restored by Esc.
#[derive(Debug, Clone)]
pub struct FilterEdit {
    pub previous: String,
}

impl App {
    /// The view's query and the filter together, as one query (for saving as a view).
    pub(crate) fn combined_query(&self) -> String {
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

    pub(crate) fn apply_filter_text(&mut self) {
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

    pub(crate) fn update_filter(&mut self, action: Action) {
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
                if crate::tui::overlays::edit_input(&mut self.filter, &a)
                    && self.filter.text() != before
                {
                    // Every keystroke re-filters; a query that does not parse keeps the last good one.
                    self.apply_filter_text();
                }
            }
        }
    }
}
