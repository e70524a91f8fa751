//! The list screen (normal mode): moving, marking, views, sort, and starting operations.

use crate::ledger::Lang;
use crate::ledger::query::Query;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::app::Overlay;
use crate::tui::form::Target;
use crate::tui::input::Input;
use crate::tui::overlays::confirm::{Confirm, Then};
use crate::tui::overlays::filter::FilterEdit;

impl App {
    pub(crate) fn update_normal(&mut self, action: Action) {
        let n = self.shown.len();
        let page = self.page.max(1);
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
                self.detail_scroll = (self.detail_scroll + 3).min(self.detail_max)
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
            Action::SaveView => self.start_save_view(),
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
            Action::Assign => self.start_assign(),
            Action::Tag => self.start_tag(),
            Action::Edit => self.start_edit(),
            Action::Create => self.start_create(),
            Action::Extend => self.start_extend(),
            Action::Pause => self.start_pause(),
            Action::Resume => self.start_resume(),
            Action::Link => self.start_link(),
            Action::Command => self.overlay = Some(Overlay::Command(Input::default())),
            Action::Import => {
                // The file is typed on the `:` line, so it can be completed and corrected there.
                let mut line = Input::default();
                line.set("import ");
                self.overlay = Some(Overlay::Command(line));
            }
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
            Action::Messages => self.open_messages(),
            Action::Split => {
                self.split = (self.split + 1) % super::layout::SPLITS.len();
                self.info(match self.lang {
                    Lang::Zh => format!("列表占上方 {}%", super::layout::SPLITS[self.split]),
                    Lang::En => format!(
                        "the list takes {}% of the height",
                        super::layout::SPLITS[self.split]
                    ),
                });
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
            | Action::NextSheet
            | Action::PrevSheet
            | Action::DryRun
            | Action::RunImport
            | Action::SaveMap
            | Action::NoOp => {}
        }
    }

    pub(crate) fn nothing_selected(&mut self) {
        self.error(self.lang.pick("没有选中的事项", "no case is selected"));
    }

    pub(crate) fn single_target(&mut self) -> Option<Target> {
        let t = self.selected_target();
        if t.is_none() {
            self.nothing_selected();
        }
        t
    }
}
