//! Where each part of the screen goes, as a pure function of the window size: the drawing and
//! the mouse (which row was clicked) use the same answer.

use ratatui::layout::Rect;

/// Where each part of the screen goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub tabs: Rect,
    pub main: Rect,
    pub list: Rect,
    pub detail: Rect,
    pub status: Rect,
    pub hint: Rect,
}

/// The share of the height the list may take above the detail, in percent, as the split key
/// cycles through them (the first is the start).
pub const SPLITS: [u16; 3] = [55, 35, 75];

/// Lay the screen out. Side by side from 140 columns (the detail gets up to 64), list above
/// detail from 16 rows of main area (the list as tall as its rows, up to 55%, or the share the split key chose), otherwise the
/// list alone (Enter shows the detail full-screen).
pub fn areas(area: Rect, zoom: bool, rows: usize, split: usize) -> Areas {
    let mut a = Areas::default();
    let mut rest = area;
    let take_bottom = |rest: &mut Rect| {
        let r = Rect {
            y: rest.y + rest.height.saturating_sub(1),
            height: rest.height.min(1),
            ..*rest
        };
        rest.height = rest.height.saturating_sub(1);
        r
    };
    if rest.height >= 3 {
        a.hint = take_bottom(&mut rest);
    }
    if rest.height >= 2 {
        a.status = take_bottom(&mut rest);
    }
    if rest.height >= 3 {
        a.tabs = Rect { height: 1, ..rest };
        rest.y += 1;
        rest.height -= 1;
    }
    a.main = rest;
    if zoom {
        a.detail = rest;
    } else if rest.width >= 140 && rest.height >= 6 {
        let lw = rest.width - (rest.width * 2 / 5).min(64);
        a.list = Rect { width: lw, ..rest };
        a.detail = Rect {
            x: rest.x + lw,
            width: rest.width - lw,
            ..rest
        };
    } else if rest.height >= 16 {
        let share = SPLITS.get(split).copied().unwrap_or(SPLITS[0]);
        let most = (rest.height * share / 100).max(6);
        let lh = (rows.min(most as usize) as u16 + 1).clamp(6, most);
        a.list = Rect { height: lh, ..rest };
        a.detail = Rect {
            y: rest.y + lh,
            height: rest.height - lh,
            ..rest
        };
    } else {
        a.list = rest;
    }
    a
}
