//! The `:` command line: typed with the same editing keys as the filter, read by the command
//! line's own parser (handed to the interface by `main`), run against the open ledger.

use crate::ledger::{LedgerError, Request};
use crate::tui::action::Action;
use crate::tui::app::{App, Overlay};
use crate::typed_command::Parsed;

impl App {
    pub(crate) fn update_command(&mut self, action: Action) {
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
                crate::tui::overlays::edit_input(input, &a);
            }
        }
    }

    pub(crate) fn run_command_line(&mut self, line: &str) {
        // The interface's own commands, which the command line does not have.
        match line.trim().trim_start_matches(':').trim() {
            "messages" | "msg" | "消息" => return self.open_messages(),
            "summary" | "report" | "dashboard" => {
                let keys = self
                    .keymap
                    .first_key(crate::tui::action::Mode::Normal, &Action::Dashboard)
                    .unwrap_or_default();
                self.update_normal(Action::Dashboard);
                if self.dashboard.is_some() {
                    self.info(match self.lang {
                        crate::ledger::Lang::Zh => format!(
                            "报表总览(下次可按 {keys});完整汇总请在终端运行 taizhang summary"
                        ),
                        crate::ledger::Lang::En => format!(
                            "the dashboard (next time: {keys}); the full summary: taizhang summary in a shell"
                        ),
                    });
                }
                return;
            }
            _ => {}
        }
        match (self.parse_line)(line, self.lang) {
            Err(e) => self.error(format!(":{} — {e}", line.trim())),
            Ok(Parsed::Nothing) => {}
            Ok(Parsed::Quit) => self.quit = true,
            Ok(Parsed::Help) => self.overlay = Some(Overlay::Help { scroll: 0 }),
            Ok(Parsed::Demo) => self.update_normal(Action::LoadDemo),
            Ok(Parsed::Import { file, map }) => self.open_import(&file, map.as_deref()),
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
                on,
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
                        on,
                        past: false,
                    }],
                    done,
                );
            }
        }
    }
}
