//! Text as the terminal sees it: control characters neutralised, widths measured in terminal
//! columns (a Chinese character is two), cut without splitting a character.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Characters that could drive a terminal or reorder text: C0/C1 controls (ESC, BEL, CSI, …),
/// DEL, and the bidirectional overrides and isolates.
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Text from the ledger, made safe to print: every unsafe character is shown escaped
/// (`\e` for ESC, `\u{202e}` for a bidi override, `\n` for a newline in a one-line cell).
pub fn sanitize(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\u{1b}' => out.push_str("\\e"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", c as u32)),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Like [`sanitize`] but keeps newlines (for multi-line text such as a description).
pub fn sanitize_multiline(s: &str) -> String {
    s.split('\n')
        .map(|l| sanitize(l).into_owned())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Serialised JSON made safe to print: the unsafe characters JSON leaves raw (DEL, C1 controls
/// such as the one-byte CSI, bidi overrides) become `\uXXXX` escapes. Scripts read back exactly
/// the same strings; a terminal is never driven by them. Only for JSON text, where such
/// characters can occur only inside strings.
pub fn json_safe(json: &str) -> std::borrow::Cow<'_, str> {
    // Newlines and tabs are the layout of pretty-printed JSON (inside strings JSON escapes them).
    let raw = |c: char| is_unsafe(c) && !matches!(c, '\n' | '\t');
    if !json.chars().any(raw) {
        return std::borrow::Cow::Borrowed(json);
    }
    let mut out = String::with_capacity(json.len() + 16);
    for c in json.chars() {
        if raw(c) {
            out.push_str(&format!("\\u{:04x}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Display width in terminal columns.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cut `s` to at most `max` columns, ending with `…` when cut; never splits a wide character.
pub fn truncate(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max - 1 {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// Cut to `w` columns and pad with spaces to exactly `w` columns.
pub fn pad(s: &str, w: usize) -> String {
    let mut t = truncate(s, w);
    let tw = width(&t);
    t.extend(std::iter::repeat_n(' ', w.saturating_sub(tw)));
    t
}

/// Pad on the left to `w` columns (numbers).
pub fn pad_left(s: &str, w: usize) -> String {
    let t = truncate(s, w);
    let tw = width(&t);
    let mut out: String = std::iter::repeat_n(' ', w.saturating_sub(tw)).collect();
    out.push_str(&t);
    out
}

/// Render rows as an aligned table, columns measured by display width. Cells are sanitised.
/// `max` caps each column's width (0 = no cap); `right` marks right-aligned columns.
pub fn table(header: &[&str], rows: &[Vec<String>], max: &[usize], right: &[bool]) -> String {
    let n = header.len();
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| sanitize(c).into_owned()).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in &rows {
        for (i, c) in r.iter().enumerate().take(n) {
            widths[i] = widths[i].max(width(c));
        }
    }
    for (i, w) in widths.iter_mut().enumerate() {
        if let Some(&m) = max.get(i)
            && m > 0
        {
            *w = (*w).min(m);
        }
    }
    let line = |cells: &[String]| {
        let mut s = String::new();
        for (i, &w) in widths.iter().enumerate() {
            let c = cells.get(i).map(String::as_str).unwrap_or("");
            let last = i + 1 == n;
            if right.get(i).copied().unwrap_or(false) {
                s.push_str(&pad_left(c, w));
            } else if last {
                s.push_str(&truncate(c, w));
            } else {
                s.push_str(&pad(c, w));
            }
            if !last {
                s.push_str("  ");
            }
        }
        s.trim_end().to_string()
    };
    let mut out = line(&header.iter().map(|h| h.to_string()).collect::<Vec<_>>());
    out.push('\n');
    for r in &rows {
        out.push_str(&line(r));
        out.push('\n');
    }
    out
}

/// The most a settings file (config, keymap, import mapping) may hold: far more than any real one,
/// and a bound on what `--map /dev/zero` or a mistaken path can make the program read.
pub const SMALL_FILE_MAX: u64 = 1 << 20;

/// Read a small text file whole, refusing one over [`SMALL_FILE_MAX`] bytes with an error naming
/// it (as the `io::Error` kind `InvalidData`, so callers keep their own wording).
pub fn read_small(path: &std::path::Path) -> std::io::Result<String> {
    use std::io::Read;
    let f = std::fs::File::open(path)?;
    let mut text = String::new();
    f.take(SMALL_FILE_MAX + 1).read_to_string(&mut text)?;
    if text.len() as u64 > SMALL_FILE_MAX {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!(
                "it is over {} KiB, more than a settings file holds; is it the right file?",
                SMALL_FILE_MAX >> 10
            ),
        ));
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_terminal_sequences() {
        assert_eq!(sanitize("a\u{1b}[2Jb\u{7}"), "a\\e[2Jb\\u{7}");
        assert_eq!(sanitize("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(sanitize("德乐公司"), "德乐公司");
        assert!(!sanitize("\u{9b}31m").contains('\u{9b}'));
    }

    #[test]
    fn json_keeps_the_text_but_not_the_terminal_controls() {
        let text = "x\u{202e}y\u{9b}2J\u{7f}\u{1b}[31m";
        let json = serde_json::to_string_pretty(&serde_json::json!({ "title": text, "n": [1, 2] }))
            .unwrap();
        let safe = json_safe(&json);
        assert!(!safe.chars().any(is_unsafe_for_test), "{safe}");
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back["title"], text);
    }

    fn is_unsafe_for_test(c: char) -> bool {
        c != '\n' && is_unsafe(c)
    }

    #[test]
    fn widths_count_chinese_as_two_columns() {
        assert_eq!(width("德乐"), 4);
        assert_eq!(truncate("德乐公司劳资纠纷", 7), "德乐公…");
        assert_eq!(width(&truncate("德乐公司劳资纠纷", 7)), 7);
        // A wide character that would straddle the edge is left out, not split.
        assert_eq!(pad("ab德", 3), "ab…");
        assert_eq!(pad("a德乐", 4), "a德…");
        assert_eq!(truncate("德乐", 3), "德…");
        assert_eq!(pad("德乐", 6), "德乐  ");
    }

    #[test]
    fn table_aligns_by_display_width() {
        let t = table(
            &["id", "title"],
            &[
                vec!["XF-2026-0001".into(), "联合村上访".into()],
                vec!["LD".into(), "wage".into()],
            ],
            &[],
            &[],
        );
        let lines: Vec<&str> = t.lines().collect();
        // The second column starts at the same terminal column on every line.
        assert_eq!(width(lines[1]) - width("联合村上访"), 14);
        assert_eq!(width(lines[2]) - width("wage"), 14);
        assert_eq!(width(lines[0]) - width("title"), 14);
    }
}
