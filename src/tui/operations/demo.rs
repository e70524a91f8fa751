//! Loading the demo ledger into an empty ledger.

use crate::ledger::Lang;
use crate::tui::app::App;

impl App {
    pub(crate) fn load_demo(&mut self) {
        match crate::demo::load(&self.ledger) {
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
}
