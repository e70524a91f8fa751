//! A one-line text input: the filter, the command line and each form field. The cursor moves by
//! character and the visible part is cut by display width, so Chinese text (two columns a
//! character) is never split.

use unicode_width::UnicodeWidthChar;

use crate::ledger::text::width;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Input {
    text: String,
    /// Cursor position in characters (0 = before the first).
    cursor: usize,
}

impl Input {
    pub fn new(text: &str) -> Input {
        let mut i = Input::default();
        i.insert(text);
        i
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    pub fn cursor(&self) -> usize {
        self.cursor
    }

    pub fn set(&mut self, text: &str) {
        self.text.clear();
        self.cursor = 0;
        self.insert(text);
    }

    fn byte_at(&self, chars: usize) -> usize {
        self.text
            .char_indices()
            .nth(chars)
            .map(|(b, _)| b)
            .unwrap_or(self.text.len())
    }

    fn len(&self) -> usize {
        self.text.chars().count()
    }

    /// Insert typed or pasted text at the cursor. A field is one line: line breaks in a paste
    /// become spaces, and other control characters are dropped so they never reach the ledger.
    pub fn insert(&mut self, s: &str) {
        let clean: String = s
            .replace("\r\n", " ")
            .chars()
            .map(|c| {
                if c == '\n' || c == '\r' || c == '\t' {
                    ' '
                } else {
                    c
                }
            })
            .filter(|c| !c.is_control())
            .collect();
        let at = self.byte_at(self.cursor);
        self.text.insert_str(at, &clean);
        self.cursor += clean.chars().count();
    }

    pub fn left(&mut self) {
        self.cursor = self.cursor.saturating_sub(1);
    }

    pub fn right(&mut self) {
        self.cursor = (self.cursor + 1).min(self.len());
    }

    pub fn home(&mut self) {
        self.cursor = 0;
    }

    pub fn end(&mut self) {
        self.cursor = self.len();
    }

    pub fn delete_back(&mut self) {
        if self.cursor == 0 {
            return;
        }
        let start = self.byte_at(self.cursor - 1);
        let end = self.byte_at(self.cursor);
        self.text.replace_range(start..end, "");
        self.cursor -= 1;
    }

    pub fn delete_forward(&mut self) {
        if self.cursor >= self.len() {
            return;
        }
        let start = self.byte_at(self.cursor);
        let end = self.byte_at(self.cursor + 1);
        self.text.replace_range(start..end, "");
    }

    /// Delete back to the start of the word before the cursor (spaces first, then the word).
    pub fn delete_word(&mut self) {
        let chars: Vec<char> = self.text.chars().collect();
        let mut i = self.cursor;
        while i > 0 && chars[i - 1].is_whitespace() {
            i -= 1;
        }
        while i > 0 && !chars[i - 1].is_whitespace() {
            i -= 1;
        }
        let start = self.byte_at(i);
        let end = self.byte_at(self.cursor);
        self.text.replace_range(start..end, "");
        self.cursor = i;
    }

    pub fn clear(&mut self) {
        self.text.clear();
        self.cursor = 0;
    }

    /// The part of the text to show in `cols` columns, and the cursor's column within it. The
    /// window scrolls so the cursor stays visible; wide characters are kept whole.
    pub fn view(&self, cols: usize) -> (String, usize) {
        let (shown, cur, _, _) = self.view_window(cols);
        (shown, cur)
    }

    /// As [`Input::view`], with `‹` and `›` where the text goes on beyond the field's edges
    /// (the markers take a column each, so the text shown is narrower).
    pub fn view_marked(&self, cols: usize) -> (String, usize) {
        if self.width() < cols || cols < 4 {
            return self.view(cols);
        }
        let (shown, cur, left, right) = self.view_window(cols - 2);
        let mut out = String::new();
        out.push(if left { '‹' } else { ' ' });
        out.push_str(&shown);
        let pad = (cols - 2).saturating_sub(width(&shown));
        out.push_str(&" ".repeat(pad));
        out.push(if right { '›' } else { ' ' });
        (out, cur + 1)
    }

    /// The part shown, the cursor's column, and whether text is hidden to the left and right.
    fn view_window(&self, cols: usize) -> (String, usize, bool, bool) {
        if cols == 0 {
            return (String::new(), 0, false, false);
        }
        let chars: Vec<char> = self.text.chars().collect();
        let cw = |c: &char| c.width().unwrap_or(0);
        // Start far enough right that the cursor (plus one column for it) fits.
        let mut start = 0;
        let mut before: usize = chars[..self.cursor].iter().map(cw).sum();
        while before + 1 > cols && start < self.cursor {
            before -= cw(&chars[start]);
            start += 1;
        }
        let mut shown = String::new();
        let mut used = 0;
        let mut end = start;
        for c in &chars[start..] {
            let w = cw(c);
            if used + w > cols {
                break;
            }
            shown.push(*c);
            used += w;
            end += 1;
        }
        (
            shown,
            before.min(cols.saturating_sub(1)),
            start > 0,
            end < chars.len(),
        )
    }

    pub fn width(&self) -> usize {
        width(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edits_by_character_not_byte() {
        let mut i = Input::new("德乐公司");
        i.left();
        i.delete_back();
        assert_eq!(i.text(), "德乐司");
        i.insert("工");
        assert_eq!(i.text(), "德乐工司");
        i.home();
        i.delete_forward();
        assert_eq!(i.text(), "乐工司");
        i.end();
        i.insert(" 欠薪 案");
        i.delete_word();
        assert_eq!(i.text(), "乐工司 欠薪 ");
        i.insert("a\nb\u{1b}[2J");
        assert_eq!(
            i.text(),
            "乐工司 欠薪 a b[2J",
            "pasted controls never reach the text"
        );
    }

    #[test]
    fn the_view_keeps_the_cursor_and_whole_characters() {
        let i = Input::new("联合村草尼马上访");
        let (shown, col) = i.view(7);
        assert!(width(&shown) <= 7);
        assert_eq!(shown, "马上访");
        assert_eq!(col, 6);
        let mut j = i.clone();
        j.home();
        let (shown, col) = j.view(7);
        assert_eq!((shown.as_str(), col), ("联合村", 0));
    }

    #[test]
    fn a_long_text_shows_where_it_goes_on() {
        let mut i = Input::new("联合村草尼马上访要求兑现");
        i.home();
        let (shown, col) = i.view_marked(10);
        assert_eq!((shown.as_str(), col), (" 联合村草›", 1));
        i.end();
        let (shown, _) = i.view_marked(10);
        assert!(shown.starts_with('‹') && !shown.ends_with('›'), "{shown}");
        assert!(width(&shown) <= 10, "{shown}");
        let short = Input::new("联合");
        assert_eq!(short.view_marked(10).0, "联合", "no markers when it fits");
    }
}
