//! Importing from the interface: open a file on the import screen, dry-run it, import it through
//! the same all-or-nothing import as `taizhang import`, and save the column map beside the file.

use std::path::{Path, PathBuf};

use crate::exchange::import::columns::Mapping;
use crate::exchange::import::survey::map_text;
use crate::exchange::import::{self, NoProgress, Options, Report};
use crate::ledger::Lang;
use crate::tui::app::{App, Overlay};
use crate::tui::overlays::import::{ImportScreen, Outcome};

/// The map the screen saves for `file`: `FILE.map.toml` beside it (as `--suggest-map` writes).
pub fn map_path(file: &Path) -> PathBuf {
    file.with_extension("map.toml")
}

/// The map to start from: the one given, else the file's own, else the newest map in its folder
/// (this month's workbook laid out as last month's).
fn find_map(file: &Path) -> Option<PathBuf> {
    let own = map_path(file);
    if own.is_file() {
        return Some(own);
    }
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".map.toml"))
        .filter_map(|e| Some((e.metadata().ok()?.modified().ok()?, e.path())))
        .max()
        .map(|(_, p)| p)
}

impl App {
    /// `:import FILE [--map MAP]`: read the file and show what the import makes of it.
    pub(crate) fn open_import(&mut self, file: &str, map: Option<&str>) {
        let path = PathBuf::from(file.trim());
        let map_file = map.map(PathBuf::from).or_else(|| find_map(&path));
        let mapping = match &map_file {
            Some(m) => match Mapping::load(m) {
                Ok(m) => m,
                Err(e) => return self.error(format!("✗ {e}")),
            },
            None => Mapping::default(),
        };
        let opts = Options {
            map: Some(mapping.clone()),
            ..Options::default()
        };
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        if matches!(ext.as_str(), "jsonl" | "ndjson") {
            return self.error(self.lang.pick(
                "JSON Lines 导出文件请在终端里导入:taizhang import 文件",
                "import a JSON Lines export in a shell: taizhang import FILE",
            ));
        }
        match import::read_sheets(&path, &opts) {
            Ok((sheets, implied)) => {
                let screen = ImportScreen::new(path, sheets, implied, mapping, map_file.clone());
                self.overlay = Some(Overlay::Import(Box::new(screen)));
                if let Some(m) = map_file {
                    self.info(match self.lang {
                        Lang::Zh => format!("使用列映射 {}", m.display()),
                        Lang::En => format!("using the column map {}", m.display()),
                    });
                }
            }
            Err(e) => self.error(format!("✗ {e}")),
        }
    }

    fn run_import_screen(&mut self, dry_run: bool) {
        let Some(Overlay::Import(s)) = &self.overlay else {
            return;
        };
        let (path, opts, file) = (s.path.clone(), s.options(dry_run), s.file.clone());
        let result = import::import(&self.ledger, &path, &opts, &mut NoProgress);
        let lang = self.lang;
        match result {
            Err(e) => self.error(format!("✗ {e}")),
            Ok(Report::Rejected(problems)) => {
                if let Some(Overlay::Import(s)) = &mut self.overlay {
                    s.outcome = Some(Outcome::Problems(
                        problems.iter().map(|p| p.line(&file, lang)).collect(),
                    ));
                }
                self.error(match lang {
                    Lang::Zh => format!("未导入任何内容:{} 处问题", problems.len()),
                    Lang::En => format!("nothing imported: {} problem(s)", problems.len()),
                });
            }
            Ok(Report::Done(summary)) if dry_run => {
                if let Some(Overlay::Import(s)) = &mut self.overlay {
                    s.outcome = Some(Outcome::Summary(summary.line(&file, lang)));
                }
            }
            Ok(Report::Done(summary)) => {
                self.overlay = None;
                if let Err(e) = self.reload() {
                    return self.error(e.to_string());
                }
                self.info(format!("✓ {}", summary.line(&file, lang)));
            }
        }
    }

    pub(crate) fn import_dry_run(&mut self) {
        self.run_import_screen(true);
    }

    pub(crate) fn import_now(&mut self) {
        self.run_import_screen(false);
    }

    /// Save the columns' fields as settled on the screen, for next month's workbook.
    pub(crate) fn save_import_map(&mut self) {
        let Some(Overlay::Import(s)) = &self.overlay else {
            return;
        };
        let out = map_path(&s.path);
        let text = map_text(&s.views);
        match std::fs::write(&out, text) {
            Ok(()) => self.info(match self.lang {
                Lang::Zh => format!("✓ 列映射已保存到 {}", out.display()),
                Lang::En => format!("✓ column map saved to {}", out.display()),
            }),
            Err(e) => self.error(format!("✗ cannot write {}: {e}", out.display())),
        }
    }
}
