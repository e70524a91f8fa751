//! Saving the filter as a view, and deleting a saved view.

use crate::ledger::Lang;
use crate::ledger::query::Query;
use crate::tui::app::{App, Overlay};
use crate::tui::views::{self, View};

impl App {
    pub(crate) fn save_view(&mut self, name: String, query: String) {
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

    pub(crate) fn delete_view(&mut self, i: usize) {
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
}
