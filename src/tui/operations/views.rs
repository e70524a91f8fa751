//! Saving the filter as a view, and deleting a saved view.

use crate::ledger::Lang;
use crate::ledger::query::Query;
use crate::tui::app::{App, Overlay};
use crate::tui::views::{self, View};

use crate::tui::form::{Field, Form, Purpose, Spec};

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

    /// Start this operation from the list: its form (or picker) for the selected or marked
    /// cases, or a message saying why not.
    pub(crate) fn start_save_view(&mut self) {
        let q = self.combined_query();
        if q.trim().is_empty() {
            self.error(self.lang.pick(
                "先用筛选写一个查询,再保存为视图",
                "type a filter first, then save it as a view",
            ));
            return;
        }
        let fields = vec![
            Field::new("name", self.lang.pick("视图名称", "View name"), Spec::Text).required(),
        ];
        let mut form = Form::new(
            self.lang.pick("保存视图", "Save view").into(),
            Purpose::SaveView { query: q.clone() },
            fields,
        );
        form.subtitle = format!("{} {q}", self.lang.pick("查询:", "query:"));
        self.open_form(form);
    }
}
