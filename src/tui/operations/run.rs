//! Running requests through the ledger's one write path, and undoing this session's last change.

use chrono::Utc;

use crate::ledger::clock::today;
use crate::ledger::{Lang, LedgerError, Request};
use crate::tui::app::App;
use crate::tui::undo;

impl App {
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

    /// What an undo takes back, on which case: "已撤销 XF-2026-0001 的修改:责任人: wang → li".
    fn describe_undo(&self, last: &[crate::ledger::Outcome]) -> String {
        let what = |o: &crate::ledger::Outcome| {
            let kind = self
                .row_by_id(&o.id)
                .map(|r| r.case.kind)
                .or_else(|| self.ledger.get(&o.id).ok().map(|c| c.kind));
            kind.map(|k| {
                o.changes
                    .iter()
                    .map(|c| crate::ledger::text::sanitize(&c.describe(k, self.lang)).into_owned())
                    .collect::<Vec<_>>()
                    .join(";")
            })
            .unwrap_or_default()
        };
        match (last, self.lang) {
            ([one], Lang::Zh) => {
                format!("已撤销 {} 的修改:{}(撤销记为新的修改)", one.id, what(one))
            }
            ([one], Lang::En) => format!(
                "undid on {}: {} (recorded as a new change)",
                one.id,
                what(one)
            ),
            (many, Lang::Zh) => format!(
                "已撤销对 {} 件的修改({}):{}(撤销记为新的修改)",
                many.len(),
                many.iter()
                    .map(|o| o.id.as_str())
                    .collect::<Vec<_>>()
                    .join("、"),
                what(&many[0])
            ),
            (many, Lang::En) => format!(
                "undid on {} cases ({}): {} (recorded as new changes)",
                many.len(),
                many.iter()
                    .map(|o| o.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                what(&many[0])
            ),
        }
    }

    pub(crate) fn undo_last(&mut self) {
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
                let done = self.describe_undo(&last);
                let n = self.undo.len();
                if self.run(reqs, done) {
                    // The undo itself is not undone by the next undo: drop both.
                    self.undo.truncate(n - 1);
                }
            }
        }
    }
}
