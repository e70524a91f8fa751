//! Views: the tabs across the top. The built-in ones (my open items, overdue, due within 7 days,
//! one per kind, all) are queries in the core's query language; an officer's own views are
//! kept in `$XDG_CONFIG_HOME/taizhang/views.toml`.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::config::line_col;
use crate::ledger::query::Query;
use crate::ledger::{Kind, Lang, LedgerError, Result};

#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub name: String,
    pub query: String,
    /// Saved by the user (can be deleted), as opposed to built in.
    pub saved: bool,
}

/// The built-in views, labelled in `lang`.
pub fn builtin(lang: Lang) -> Vec<View> {
    let mut v = vec![
        View {
            name: lang.pick("我的", "Mine").into(),
            query: "mine".into(),
            saved: false,
        },
        View {
            name: lang.pick("逾期", "Overdue").into(),
            query: "overdue".into(),
            saved: false,
        },
        View {
            name: lang.pick("7日内到期", "Due ≤7d").into(),
            query: "open due>=today due<=7d".into(),
            saved: false,
        },
    ];
    for k in Kind::ALL {
        v.push(View {
            name: k.label(lang).to_string(),
            query: format!("open kind:{}", k.key()),
            saved: false,
        });
    }
    v.push(View {
        name: lang.pick("全部", "All").into(),
        query: String::new(),
        saved: false,
    });
    v
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    view: Vec<RawView>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawView {
    name: Spanned<String>,
    query: Spanned<String>,
}

#[derive(Serialize)]
struct OutFile<'a> {
    view: Vec<OutView<'a>>,
}

#[derive(Serialize)]
struct OutView<'a> {
    name: &'a str,
    query: &'a str,
}

pub fn saved_views_path() -> PathBuf {
    crate::config::config_dir().join("views.toml")
}

/// Read the saved views. A missing file is no views; a malformed one is refused with its
/// position, as is a query that no longer parses.
pub fn load(path: &Path) -> Result<Vec<View>> {
    let text = match crate::ledger::text::read_small(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(LedgerError::Config {
                path: path.display().to_string(),
                message: e.to_string(),
            });
        }
    };
    let at = |offset: usize| {
        let (l, c) = line_col(&text, offset);
        format!("{}:{l}:{c}", path.display())
    };
    let raw: RawFile = toml::from_str(&text).map_err(|e| LedgerError::Config {
        path: at(e.span().map(|s| s.start).unwrap_or(0)),
        message: e.message().trim().replace('\n', " "),
    })?;
    let mut out = Vec::new();
    for v in raw.view {
        if let Err(e) = Query::parse(v.query.get_ref()) {
            return Err(LedgerError::Config {
                path: at(v.query.span().start),
                message: format!(
                    "the query of view {:?} does not parse: {e}",
                    v.name.get_ref()
                ),
            });
        }
        if v.name.get_ref().trim().is_empty() {
            return Err(LedgerError::Config {
                path: at(v.name.span().start),
                message: "a view needs a name".into(),
            });
        }
        out.push(View {
            name: v.name.into_inner(),
            query: v.query.into_inner(),
            saved: true,
        });
    }
    Ok(out)
}

/// Write the saved views, replacing the file whole (written aside, then renamed over it).
pub fn save(path: &Path, views: &[View]) -> Result<()> {
    let out = OutFile {
        view: views
            .iter()
            .filter(|v| v.saved)
            .map(|v| OutView {
                name: &v.name,
                query: &v.query,
            })
            .collect(),
    };
    let text = toml::to_string(&out)
        .map_err(|e| LedgerError::Io(format!("cannot write the saved views: {e}")))?;
    let io = |e: std::io::Error| {
        LedgerError::Io(format!("cannot save views to {}: {e}", path.display()))
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let tmp = path.with_extension("toml.tmp");
    std::fs::write(
        &tmp,
        format!("# Saved views of the taizhang interface (tabs after the built-in ones).\n{text}"),
    )
    .map_err(io)?;
    std::fs::rename(&tmp, path).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_views_round_trip_and_bad_queries_are_located() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("views.toml");
        assert!(load(&p).unwrap().is_empty());
        let views = vec![View {
            name: "集体访".into(),
            query: "tag:集体访 open".into(),
            saved: true,
        }];
        save(&p, &views).unwrap();
        assert_eq!(load(&p).unwrap(), views);
        std::fs::write(&p, "[[view]]\nname = \"x\"\nquery = \"kind:nonsense\"\n").unwrap();
        let e = load(&p).unwrap_err().to_string();
        assert!(e.contains("views.toml:3:9"), "{e}");
        std::fs::write(&p, "[[view]]\nname = \"x\"\nqeury = \"open\"\n").unwrap();
        let e = load(&p).unwrap_err().to_string();
        assert!(e.contains("views.toml:3:1") && e.contains("qeury"), "{e}");
    }

    #[test]
    fn builtin_views_parse() {
        for lang in [Lang::Zh, Lang::En] {
            for v in builtin(lang) {
                Query::parse(&v.query).unwrap_or_else(|e| panic!("{}: {e}", v.query));
            }
        }
    }
}
