//! Settings: `$XDG_CONFIG_HOME/taizhang/config.toml` (language, rule set for new ledgers, holiday
//! calendar, default ledger), overridden by the environment and the command line.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::ledger::store::LocalStore;
use crate::ledger::{Calendar, Lang, Ledger, LedgerError, Result};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// `zh` or `en`.
    pub language: Option<String>,
    /// The deadline rule set a new ledger starts with (`national`, `zhejiang`).
    pub rule_set: Option<String>,
    /// Path of the office's holiday calendar (TOML; see README).
    pub calendar: Option<PathBuf>,
    /// The ledger used when neither --db nor TAIZHANG_DB is given.
    pub ledger: Option<PathBuf>,
    /// The keymap of the interface: a shipped name (default, emacs, arrows) or a path.
    pub keymap: Option<String>,
    /// The socket of the office's ledger server; when set, the ledger is reached through it.
    pub server: Option<PathBuf>,
    /// How many days back an officer may date a change (`--on`) where roles are in force
    /// (default 30); further back is a supervisor's. A server applies its own setting.
    pub backdate_days: Option<u32>,
    /// Whether a case registered in the interface starts assigned to the officer registering it
    /// (so it shows under 我的); default true.
    pub assign_new_to_me: Option<bool>,
}

fn xdg(var: &str, fallback: &str) -> PathBuf {
    match std::env::var_os(var) {
        Some(v) if !v.is_empty() => PathBuf::from(v),
        _ => {
            let home = std::env::var_os("HOME")
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("."));
            home.join(fallback)
        }
    }
}

pub fn config_dir() -> PathBuf {
    xdg("XDG_CONFIG_HOME", ".config").join("taizhang")
}

pub fn default_ledger_path() -> PathBuf {
    xdg("XDG_DATA_HOME", ".local/share")
        .join("taizhang")
        .join("ledger.redb")
}

impl Config {
    /// Load the config file if it exists; a malformed file is an error naming it.
    pub fn load() -> Result<Config> {
        let path = config_dir().join("config.toml");
        Config::load_from(&path)
    }

    pub fn load_from(path: &Path) -> Result<Config> {
        let text = match crate::ledger::text::read_small(path) {
            Ok(t) => t,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => {
                return Err(LedgerError::Config {
                    path: path.display().to_string(),
                    message: e.to_string(),
                });
            }
        };
        toml::from_str(&text).map_err(|e| {
            let (line, col) = e.span().map(|s| line_col(&text, s.start)).unwrap_or((0, 0));
            LedgerError::Config {
                path: format!("{}:{line}:{col}", path.display()),
                message: e.message().to_string(),
            }
        })
    }

    /// --lang, then the config file, then LANG / LC_ALL (zh_* → Chinese), else English.
    pub fn lang(&self, flag: Option<&str>) -> Result<Lang> {
        if let Some(f) = flag {
            return Lang::parse(f).ok_or_else(|| LedgerError::BadValue {
                what: "language".into(),
                value: f.into(),
                hint: "use zh or en".into(),
            });
        }
        if let Some(l) = &self.language {
            return Lang::parse(l).ok_or_else(|| LedgerError::Config {
                path: config_dir().join("config.toml").display().to_string(),
                message: format!("language {l:?} is not zh or en"),
            });
        }
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
            {
                return Ok(Lang::from_locale(&v));
            }
        }
        Ok(Lang::En)
    }

    pub fn calendar(&self) -> Result<Calendar> {
        match &self.calendar {
            Some(p) => Calendar::load(p),
            None => Ok(Calendar::none()),
        }
    }

    /// --db, then TAIZHANG_DB (handled by clap), then the config file, then the XDG default.
    pub fn ledger_path(&self, flag: Option<&Path>) -> PathBuf {
        flag.map(Path::to_path_buf)
            .or_else(|| self.ledger.clone())
            .unwrap_or_else(default_ledger_path)
    }

    /// Open the ledger, applying the configured rule set to a ledger this call creates.
    pub fn open_ledger(&self, flag: Option<&Path>) -> Result<Ledger> {
        self.open_ledger_via(flag, None)
    }

    /// Open the ledger, or connect to the ledger server: --server or TAIZHANG_SERVER (`server`),
    /// then --db or TAIZHANG_DB, then `server =` and `ledger =` in the config file. A server that
    /// cannot be reached is an error: never a silent fall-back to a file of one's own.
    pub fn open_ledger_via(&self, flag: Option<&Path>, server: Option<&Path>) -> Result<Ledger> {
        if let (Some(s), Some(db)) = (server, flag) {
            return Err(LedgerError::BadValue {
                what: "ledger".into(),
                value: format!("--server {} and --db {}", s.display(), db.display()),
                hint: "give one: the server's socket (--server, TAIZHANG_SERVER) or a ledger file (--db, TAIZHANG_DB)".into(),
            });
        }
        let configured = if flag.is_none() {
            self.server.as_deref()
        } else {
            None
        };
        if let Some(socket) = server.or(configured) {
            return crate::server::client::connect(socket, self.calendar()?);
        }
        let path = self.ledger_path(flag);
        let new = !path.exists();
        let calendar = self.calendar()?;
        let ledger = match self.backdate_days {
            Some(days) => Ledger::with_store(
                Box::new(LocalStore::open(&path, calendar.clone())?.with_backdate_days(days)),
                calendar,
            ),
            None => Ledger::open(&path, calendar)?,
        };
        if new && let Some(rs) = &self.rule_set {
            ledger.set_rule_set(rs)?;
        }
        Ok(ledger)
    }
}

/// 1-based line and column of a byte offset.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let col = before
        .rsplit('\n')
        .next()
        .map(|l| l.chars().count())
        .unwrap_or(0)
        + 1;
    (line, col)
}

/// What every subcommand and the interface get: the settings, the language, and the ledger or
/// server named on the command line.
pub struct Env {
    pub config: Config,
    pub lang: Lang,
    pub db: Option<PathBuf>,
    pub server: Option<PathBuf>,
    /// The keymap given with --keymap (the interface's; `taizhang keys` prints it).
    pub keymap: Option<String>,
}

impl Env {
    pub fn open(&self) -> Result<Ledger> {
        self.config
            .open_ledger_via(self.db.as_deref(), self.server.as_deref())
    }
}
