//! Resume: a paused deadline clock, at once.

use crate::ledger::{Command, Request};
use crate::tui::app::App;

impl App {
    /// Start this operation from the list: its form (or picker) for the selected or marked
    /// cases, or a message saying why not.
    pub(crate) fn start_resume(&mut self) {
        let Some(t) = self.single_target() else {
            return;
        };
        let done = format!("{} {}", t.id, self.lang.pick("已恢复计时", "clock resumed"));
        self.run(
            vec![Request {
                command: Command::Resume { id: t.id },
                expect_rev: Some(t.rev),
                on: None,
                past: false,
            }],
            done,
        );
    }
}
