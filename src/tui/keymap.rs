//! Keymaps: TOML files that bind keys to named actions, one table per mode, nested tables for key
//! sequences (`g = { g = "first" }`). The chosen base (a shipped keymap or a file) is read first,
//! then `$XDG_CONFIG_HOME/taizhang/keymap.toml` is laid over it key by key. Anything wrong in
//! either — an unknown action, a key that cannot be read, one key bound twice in a mode, an
//! unknown table — stops the program at start with file:line:column, never a silent fallback.

use std::fmt;
use std::path::{Path, PathBuf};

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};
use toml::Spanned;

use super::action::{Action, Mode};
use crate::config::line_col;
use crate::ledger::{LedgerError, Result};

/// The keymaps shipped with the program, compiled in so they work without an installation step.
pub const SHIPPED: [(&str, &str); 3] = [
    ("default", include_str!("../../keymaps/default.toml")),
    ("emacs", include_str!("../../keymaps/emacs.toml")),
    ("arrows", include_str!("../../keymaps/arrows.toml")),
];

/// One key press as the keymap sees it: a key and its Ctrl/Alt/Shift modifiers, normalised so
/// that `G`, `S-g` and a terminal's Shift+g are the same key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

impl Key {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let mut code = code;
        match code {
            KeyCode::Char(c) => {
                if mods.contains(KeyModifiers::SHIFT) {
                    // The character already carries the shift (`?`, `G`); a keymap's `S-g` means `G`.
                    code = KeyCode::Char(c.to_uppercase().next().unwrap_or(c));
                    mods.remove(KeyModifiers::SHIFT);
                }
                if mods.contains(KeyModifiers::CONTROL)
                    && let KeyCode::Char(c) = code
                    && c.is_ascii_alphabetic()
                {
                    // Terminals cannot tell Ctrl+a from Ctrl+A.
                    code = KeyCode::Char(c.to_ascii_lowercase());
                }
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                code = KeyCode::BackTab;
                mods.remove(KeyModifiers::SHIFT);
            }
            KeyCode::BackTab => mods.remove(KeyModifiers::SHIFT),
            _ => {}
        }
        Key { code, mods }
    }

    pub fn from_event(ev: &KeyEvent) -> Key {
        Key::new(ev.code, ev.modifiers)
    }

    /// The character this key types, if it types one (no Ctrl or Alt held).
    pub fn typed_char(&self) -> Option<char> {
        match self.code {
            KeyCode::Char(c)
                if !self
                    .mods
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) =>
            {
                Some(c)
            }
            _ => None,
        }
    }

    /// Read a key as keymap files write it: `j`, `G`, `?`, `C-d`, `ctrl-d`, `A-x`, `S-tab`,
    /// `enter`, `esc`, `space`, `pagedown`, `f1`.
    pub fn parse(text: &str) -> std::result::Result<Key, String> {
        let mut rest = text;
        let mut mods = KeyModifiers::NONE;
        while let Some((head, tail)) = rest.split_once('-') {
            if tail.is_empty() {
                break;
            }
            let m = match head.to_ascii_lowercase().as_str() {
                "c" | "ctrl" | "control" => KeyModifiers::CONTROL,
                "a" | "m" | "alt" | "meta" => KeyModifiers::ALT,
                "s" | "shift" => KeyModifiers::SHIFT,
                _ => break,
            };
            mods |= m;
            rest = tail;
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (None, _) => return Err("the key is empty".into()),
            (Some(c), None) if !c.is_control() => KeyCode::Char(c),
            _ => match rest.to_ascii_lowercase().as_str() {
                "enter" | "ret" | "return" => KeyCode::Enter,
                "esc" | "escape" => KeyCode::Esc,
                "space" | "spc" => KeyCode::Char(' '),
                "tab" => KeyCode::Tab,
                "backtab" => KeyCode::BackTab,
                "backspace" | "bs" => KeyCode::Backspace,
                "del" | "delete" => KeyCode::Delete,
                "ins" | "insert" => KeyCode::Insert,
                "up" => KeyCode::Up,
                "down" => KeyCode::Down,
                "left" => KeyCode::Left,
                "right" => KeyCode::Right,
                "pageup" | "pgup" => KeyCode::PageUp,
                "pagedown" | "pgdn" => KeyCode::PageDown,
                "home" => KeyCode::Home,
                "end" => KeyCode::End,
                "minus" => KeyCode::Char('-'),
                f if f.starts_with('f') && f.len() > 1 => match f[1..].parse::<u8>() {
                    Ok(n @ 1..=12) => KeyCode::F(n),
                    _ => {
                        return Err(format!(
                            "{rest:?} is not a key (function keys are f1 to f12)"
                        ));
                    }
                },
                _ => return Err(format!("{rest:?} is not a key name")),
            },
        };
        Ok(Key::new(code, mods))
    }
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.mods.contains(KeyModifiers::CONTROL) {
            f.write_str("C-")?;
        }
        if self.mods.contains(KeyModifiers::ALT) {
            f.write_str("A-")?;
        }
        if self.mods.contains(KeyModifiers::SHIFT) {
            f.write_str("S-")?;
        }
        match self.code {
            KeyCode::Char(' ') => f.write_str("Space"),
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::Enter => f.write_str("Enter"),
            KeyCode::Esc => f.write_str("Esc"),
            KeyCode::Tab => f.write_str("Tab"),
            KeyCode::BackTab => f.write_str("S-Tab"),
            KeyCode::Backspace => f.write_str("Bksp"),
            KeyCode::Delete => f.write_str("Del"),
            KeyCode::Insert => f.write_str("Ins"),
            KeyCode::Up => f.write_str("Up"),
            KeyCode::Down => f.write_str("Down"),
            KeyCode::Left => f.write_str("Left"),
            KeyCode::Right => f.write_str("Right"),
            KeyCode::PageUp => f.write_str("PgUp"),
            KeyCode::PageDown => f.write_str("PgDn"),
            KeyCode::Home => f.write_str("Home"),
            KeyCode::End => f.write_str("End"),
            KeyCode::F(n) => write!(f, "F{n}"),
            other => write!(f, "{other:?}"),
        }
    }
}

/// One mode's keys, in file order.
type Table = Vec<(Key, Binding)>;

/// What a key leads to: an action, or (for the first keys of a sequence) more keys.
#[derive(Debug, Clone, PartialEq)]
pub enum Binding {
    Action(Action),
    Keys(Vec<(Key, Binding)>),
}

/// The result of looking up the keys typed so far.
#[derive(Debug, Clone, PartialEq)]
pub enum Lookup {
    Action(Action),
    /// The keys begin a sequence: wait for the next key.
    Prefix,
    None,
}

/// The effective keymap: for each mode, its keys in file order (base first, then the user's).
#[derive(Debug, Clone, Default)]
pub struct Keymap {
    modes: Vec<(Mode, Table)>,
    /// Where it came from, for messages: `keymaps/default.toml + ~/.config/taizhang/keymap.toml`.
    pub source: String,
}

// ---- reading files -------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    normal: Option<RawTable>,
    filter: Option<RawTable>,
    form: Option<RawTable>,
    picker: Option<RawTable>,
    confirm: Option<RawTable>,
    command: Option<RawTable>,
    help: Option<RawTable>,
    import: Option<RawTable>,
}

/// A table of keys, in file order, with the position of every key and value.
struct RawTable(Vec<(Spanned<String>, Spanned<RawBinding>)>);

enum RawBinding {
    Action(String),
    Table(RawTable),
}

fn collect_entries<'de, A: MapAccess<'de>>(mut map: A) -> std::result::Result<RawTable, A::Error> {
    let mut out = Vec::new();
    while let Some(k) = map.next_key::<Spanned<String>>()? {
        let v = map.next_value::<Spanned<RawBinding>>()?;
        out.push((k, v));
    }
    // The parser hands keys over sorted; file order is what the help and hint bar follow.
    out.sort_by_key(|(k, _)| k.span().start);
    Ok(RawTable(out))
}

impl<'de> Deserialize<'de> for RawTable {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawTable;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a table of keys, e.g. j = \"down\"")
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<RawTable, A::Error> {
                collect_entries(map)
            }
        }
        d.deserialize_map(V)
    }
}

impl<'de> Deserialize<'de> for RawBinding {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = RawBinding;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an action name such as \"down\", or a table of next keys such as { g = \"first\" }")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<RawBinding, E> {
                Ok(RawBinding::Action(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(
                self,
                map: A,
            ) -> std::result::Result<RawBinding, A::Error> {
                collect_entries(map).map(RawBinding::Table)
            }
        }
        d.deserialize_any(V)
    }
}

/// One keymap file being read: its name for messages and its text for positions.
struct Source<'a> {
    name: &'a str,
    text: &'a str,
}

impl Source<'_> {
    fn err(&self, offset: usize, message: String) -> LedgerError {
        let (line, col) = line_col(self.text, offset);
        LedgerError::Config {
            path: format!("{}:{line}:{col}", self.name),
            message,
        }
    }

    fn parse(&self) -> Result<Vec<(Mode, Table)>> {
        let raw: RawFile = toml::from_str(self.text).map_err(|e| {
            let (line, col) = e
                .span()
                .map(|s| line_col(self.text, s.start))
                .unwrap_or((1, 1));
            LedgerError::Config {
                path: format!("{}:{line}:{col}", self.name),
                message: bare_action(self.text, line)
                    .unwrap_or_else(|| e.message().trim().replace('\n', " ")),
            }
        })?;
        let tables = [
            (Mode::Normal, raw.normal),
            (Mode::Filter, raw.filter),
            (Mode::Form, raw.form),
            (Mode::Picker, raw.picker),
            (Mode::Confirm, raw.confirm),
            (Mode::Command, raw.command),
            (Mode::Help, raw.help),
            (Mode::Import, raw.import),
        ];
        let mut out = Vec::new();
        for (mode, table) in tables {
            if let Some(t) = table {
                out.push((mode, self.table(mode, t, &[])?));
            }
        }
        Ok(out)
    }

    fn table(&self, mode: Mode, raw: RawTable, prefix: &[Key]) -> Result<Vec<(Key, Binding)>> {
        let mut out: Vec<(Key, Binding)> = Vec::new();
        let mut seen: Vec<(Key, String, usize)> = Vec::new();
        for (k, v) in raw.0 {
            let key_text = k.get_ref().clone();
            let key = Key::parse(&key_text).map_err(|why| {
                self.err(
                    k.span().start,
                    format!(
                        "cannot read the key {key_text:?} in [{}]: {why}; write keys like \"j\", \"G\", \"?\", \"C-d\", \"A-x\", \"S-tab\", \"enter\", \"esc\", \"space\", \"pagedown\" or \"f1\"",
                        mode.name()
                    ),
                )
            })?;
            if let Some((_, first, at)) = seen.iter().find(|(s, _, _)| *s == key) {
                let (line, _) = line_col(self.text, *at);
                return Err(self.err(
                    k.span().start,
                    format!(
                        "{key_text:?} in [{}]{} is the same key as {first:?} on line {line}: one key can do only one thing in a mode",
                        mode.name(),
                        seq_note(prefix)
                    ),
                ));
            }
            seen.push((key, key_text.clone(), k.span().start));
            let span = v.span();
            let binding = match v.into_inner() {
                RawBinding::Action(name) => {
                    let Some(action) = Action::from_name(&name) else {
                        return Err(self.err(
                            span.start,
                            format!(
                                "unknown action {name:?} for key {key_text:?} in [{}]{} (keymaps/default.toml names every action)",
                                mode.name(),
                                suggestion(&name),
                            ),
                        ));
                    };
                    if mode.takes_text()
                        && prefix.is_empty()
                        && key.typed_char().is_some()
                        && action != Action::NoOp
                    {
                        return Err(self.err(
                            k.span().start,
                            format!(
                                "{key_text:?} in [{}] types text there, so it cannot also do {name:?}: use a Ctrl or Alt key, e.g. \"C-{key_text}\"",
                                mode.name()
                            ),
                        ));
                    }
                    if !mode.allows(&action) {
                        return Err(self.err(
                            span.start,
                            format!(
                                "action {name:?} (key {key_text:?}) does nothing in [{}]: bind it in a mode where it applies",
                                mode.name()
                            ),
                        ));
                    }
                    Binding::Action(action)
                }
                RawBinding::Table(t) => {
                    if t.0.is_empty() {
                        return Err(self.err(
                            span.start,
                            format!(
                                "the key sequence after {key_text:?} in [{}] is empty",
                                mode.name()
                            ),
                        ));
                    }
                    let mut p = prefix.to_vec();
                    p.push(key);
                    Binding::Keys(self.table(mode, t, &p)?)
                }
            };
            out.push((key, binding));
        }
        Ok(out)
    }
}

fn seq_note(prefix: &[Key]) -> String {
    if prefix.is_empty() {
        String::new()
    } else {
        format!(
            " after {}",
            prefix
                .iter()
                .map(Key::to_string)
                .collect::<Vec<_>>()
                .join(" ")
        )
    }
}

/// "; did you mean "filter"?" for a name within two edits of a real action.
fn suggestion(name: &str) -> String {
    let best = Action::ALL
        .iter()
        .map(|a| (distance(name, a.name()), a.name()))
        .min_by_key(|(d, _)| *d);
    match best {
        Some((d, n)) if d <= 2 || n.contains(name) && name.len() >= 3 => {
            format!("; did you mean {n:?}?")
        }
        _ => String::new(),
    }
}

fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

fn merge(base: &mut Vec<(Key, Binding)>, over: Vec<(Key, Binding)>) {
    for (k, b) in over {
        match base.iter_mut().find(|(bk, _)| *bk == k) {
            Some((_, existing)) => match (existing, b) {
                (Binding::Keys(old), Binding::Keys(new)) => merge(old, new),
                (slot, b) => *slot = b,
            },
            None => base.push((k, b)),
        }
    }
}

/// Actions without which a mode would trap the user; a keymap must keep a key for each.
const ESSENTIAL: &[(Mode, Action)] = &[
    (Mode::Normal, Action::Quit),
    (Mode::Normal, Action::Help),
    (Mode::Filter, Action::Confirm),
    (Mode::Filter, Action::Cancel),
    (Mode::Form, Action::Confirm),
    (Mode::Form, Action::Cancel),
    (Mode::Form, Action::NextField),
    (Mode::Picker, Action::Confirm),
    (Mode::Picker, Action::Cancel),
    (Mode::Picker, Action::Down),
    (Mode::Picker, Action::Up),
    (Mode::Confirm, Action::Confirm),
    (Mode::Confirm, Action::Cancel),
    (Mode::Command, Action::Confirm),
    (Mode::Command, Action::Cancel),
    (Mode::Help, Action::Cancel),
    (Mode::Import, Action::Cancel),
    (Mode::Import, Action::Confirm),
    (Mode::Import, Action::RunImport),
];

/// A line `key = word` with the action not quoted (TOML then reports a puzzling `invalid
/// float`): say to quote it.
fn bare_action(text: &str, line: usize) -> Option<String> {
    let l = text.lines().nth(line.checked_sub(1)?)?;
    let (key, value) = l.split_once('=')?;
    let value = value.split('#').next()?.trim();
    let bare = !value.is_empty()
        && value.chars().next()?.is_ascii_alphabetic()
        && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && value != "true"
        && value != "false";
    bare.then(|| format!("the action must be quoted: {} = \"{value}\"", key.trim()))
}

impl Keymap {
    /// Read one keymap text (`name` is used in messages) without merging anything over it.
    pub fn parse(name: &str, text: &str) -> Result<Keymap> {
        let mut km = Keymap {
            modes: Vec::new(),
            source: name.to_string(),
        };
        km.lay_over(name, text)?;
        Ok(km)
    }

    /// Lay another keymap text over this one: its keys replace or add to ours, per mode.
    pub fn lay_over(&mut self, name: &str, text: &str) -> Result<()> {
        let layer = Source { name, text }.parse()?;
        for (mode, keys) in layer {
            match self.modes.iter_mut().find(|(m, _)| *m == mode) {
                Some((_, base)) => merge(base, keys),
                None => self.modes.push((mode, keys)),
            }
        }
        Ok(())
    }

    /// A shipped keymap by name.
    pub fn shipped(name: &str) -> Option<Keymap> {
        SHIPPED
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(n, text)| Keymap::parse(&format!("keymaps/{n}.toml"), text).ok())
    }

    /// The effective keymap: `choice` (a shipped name or a path; None = default), with
    /// `user_file` laid over it when that file exists, checked for keys that cannot be missed.
    pub fn load(choice: Option<&str>, user_file: Option<&Path>) -> Result<Keymap> {
        let choice = choice
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .unwrap_or("default");
        let mut km = match SHIPPED.iter().find(|(n, _)| *n == choice) {
            Some((n, text)) => Keymap::parse(&format!("keymaps/{n}.toml"), text)?,
            None => {
                let path = PathBuf::from(choice);
                let text = crate::ledger::text::read_small(&path).map_err(|e| LedgerError::Config {
                    path: path.display().to_string(),
                    message: format!(
                        "cannot read this keymap ({e}); give default, emacs, arrows or the path of a TOML keymap"
                    ),
                })?;
                Keymap::parse(&path.display().to_string(), &text)?
            }
        };
        if let Some(user) = user_file {
            match crate::ledger::text::read_small(user) {
                Ok(text) => {
                    km.lay_over(&user.display().to_string(), &text)?;
                    km.source = format!("{} + {}", km.source, user.display());
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => {
                    return Err(LedgerError::Config {
                        path: user.display().to_string(),
                        message: format!("cannot read your keymap: {e}"),
                    });
                }
            }
        }
        km.check_essentials()?;
        Ok(km)
    }

    fn check_essentials(&self) -> Result<()> {
        for (mode, action) in ESSENTIAL {
            if self.first_key(*mode, action).is_none() {
                return Err(LedgerError::Config {
                    path: self.source.clone(),
                    message: format!(
                        "no key does {:?} in [{}]: without it the screen cannot be left; bind one, e.g. {} = {:?}",
                        action.name(),
                        mode.name(),
                        match action {
                            Action::Quit => "q",
                            Action::Help => "\"?\"",
                            Action::Down => "down",
                            Action::Up => "up",
                            Action::NextField => "tab",
                            Action::Cancel => "esc",
                            _ => "enter",
                        },
                        action.name()
                    ),
                });
            }
        }
        Ok(())
    }

    fn keys(&self, mode: Mode) -> &[(Key, Binding)] {
        self.modes
            .iter()
            .find(|(m, _)| *m == mode)
            .map(|(_, k)| k.as_slice())
            .unwrap_or(&[])
    }

    /// What the keys typed so far (in `mode`) lead to.
    pub fn lookup(&self, mode: Mode, keys: &[Key]) -> Lookup {
        let mut level = self.keys(mode);
        for (i, k) in keys.iter().enumerate() {
            match level.iter().find(|(bk, _)| bk == k) {
                Some((_, Binding::Action(a))) if i + 1 == keys.len() => {
                    return Lookup::Action(a.clone());
                }
                Some((_, Binding::Keys(next))) => level = next,
                _ => return Lookup::None,
            }
        }
        if keys.is_empty() {
            Lookup::None
        } else {
            Lookup::Prefix
        }
    }

    /// Every key sequence of `mode` with its action, in file order (no_op left out).
    pub fn sequences(&self, mode: Mode) -> Vec<(Vec<Key>, Action)> {
        fn walk(
            level: &[(Key, Binding)],
            prefix: &mut Vec<Key>,
            out: &mut Vec<(Vec<Key>, Action)>,
        ) {
            for (k, b) in level {
                prefix.push(*k);
                match b {
                    Binding::Action(Action::NoOp) => {}
                    Binding::Action(a) => out.push((prefix.clone(), a.clone())),
                    Binding::Keys(next) => walk(next, prefix, out),
                }
                prefix.pop();
            }
        }
        let mut out = Vec::new();
        walk(self.keys(mode), &mut Vec::new(), &mut out);
        out
    }

    /// For the help overlay: each bound action of `mode` in the stable order of
    /// [`Action::ALL`], with all its keys (`g g`, `Home`).
    pub fn help(&self, mode: Mode) -> Vec<(Action, Vec<String>)> {
        let seqs = self.sequences(mode);
        Action::ALL
            .iter()
            .filter_map(|a| {
                let keys: Vec<String> = seqs
                    .iter()
                    .filter(|(_, sa)| sa == a)
                    .map(|(k, _)| seq_text(k))
                    .collect();
                (!keys.is_empty()).then(|| (a.clone(), keys))
            })
            .collect()
    }

    /// The first key (in file order) that does `action` in `mode`, as shown to the user.
    pub fn first_key(&self, mode: Mode, action: &Action) -> Option<String> {
        self.sequences(mode)
            .into_iter()
            .find(|(_, a)| a == action)
            .map(|(k, _)| seq_text(&k))
    }
}

pub fn seq_text(keys: &[Key]) -> String {
    keys.iter()
        .map(Key::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Where the user's own keymap lives.
pub fn user_keymap_path() -> PathBuf {
    crate::config::config_dir().join("keymap.toml")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_in_every_spelling() {
        let k = |s: &str| Key::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
        assert_eq!(k("G"), k("S-g"));
        assert_eq!(k("C-d"), k("ctrl-d"));
        assert_eq!(k("C-D"), k("C-d"));
        assert_eq!(k("S-tab"), k("backtab"));
        assert_eq!(k("space"), Key::new(KeyCode::Char(' '), KeyModifiers::NONE));
        assert_eq!(k("-"), Key::new(KeyCode::Char('-'), KeyModifiers::NONE));
        assert_eq!(
            k("C--"),
            Key::new(KeyCode::Char('-'), KeyModifiers::CONTROL)
        );
        assert_eq!(k("f12"), Key::new(KeyCode::F(12), KeyModifiers::NONE));
        assert_eq!(
            k("?"),
            Key::from_event(&KeyEvent::new(KeyCode::Char('?'), KeyModifiers::SHIFT))
        );
        assert_eq!(
            k("G"),
            Key::from_event(&KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT))
        );
        for bad in ["", "C-", "enterr", "f13", "C-hello"] {
            assert!(Key::parse(bad).is_err(), "{bad:?} should not parse");
        }
        assert_eq!(k("C-x").to_string(), "C-x");
        assert_eq!(k("pagedown").to_string(), "PgDn");
    }

    #[test]
    fn sequences_wait_for_their_next_key() {
        let km = Keymap::parse(
            "t.toml",
            "[normal]\ng = { g = \"first\", d = \"dashboard\" }\nj = \"down\"\n",
        )
        .unwrap();
        let g = Key::parse("g").unwrap();
        assert_eq!(km.lookup(Mode::Normal, &[g]), Lookup::Prefix);
        assert_eq!(
            km.lookup(Mode::Normal, &[g, g]),
            Lookup::Action(Action::First)
        );
        assert_eq!(
            km.lookup(Mode::Normal, &[g, Key::parse("x").unwrap()]),
            Lookup::None
        );
        assert_eq!(
            km.first_key(Mode::Normal, &Action::First).as_deref(),
            Some("g g")
        );
    }

    #[test]
    fn a_user_layer_replaces_keys_and_merges_sequences() {
        let mut km = Keymap::parse(
            "base",
            "[normal]\ng = { g = \"first\" }\nj = \"down\"\nq = \"quit\"\n",
        )
        .unwrap();
        km.lay_over(
            "user",
            "[normal]\nj = \"up\"\ng = { e = \"last\" }\nq = \"no_op\"\n",
        )
        .unwrap();
        let key = |s: &str| Key::parse(s).unwrap();
        assert_eq!(
            km.lookup(Mode::Normal, &[key("j")]),
            Lookup::Action(Action::Up)
        );
        assert_eq!(
            km.lookup(Mode::Normal, &[key("g"), key("g")]),
            Lookup::Action(Action::First)
        );
        assert_eq!(
            km.lookup(Mode::Normal, &[key("g"), key("e")]),
            Lookup::Action(Action::Last)
        );
        assert!(
            km.first_key(Mode::Normal, &Action::Quit).is_none(),
            "no_op unbinds"
        );
    }
}
