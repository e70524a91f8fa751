//! Render tests: the screens drawn into ratatui's TestBackend and compared with insta snapshots,
//! at 80×24, at the 20×5 minimum and wide (160×40), with Chinese titles and parties; colours
//! checked where they carry meaning.

use crate::support::tui;

use ratatui::style::{Color, Modifier};
use taizhang::ledger::Lang;
use taizhang::tui::theme::{Colors, Theme};
use tui::*;

const SIZES: [(u16, u16); 3] = [(80, 24), (20, 5), (160, 40)];

fn snap(name: &str, app: &mut taizhang::tui::App, user: &str) {
    for (w, h) in SIZES {
        let screen = text(&draw(app, w, h), user);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), screen);
    }
}

fn fixture_app(dir: &tempfile::TempDir, lang: Lang) -> (taizhang::tui::App, String) {
    let ledger = open(dir.path());
    fixture(&ledger);
    let user = ledger.actor().to_string();
    (app(ledger, lang), user)
}

#[test]
fn list_and_detail_in_chinese() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, user) = fixture_app(&dir, Lang::Zh);
    // "All" view, the overdue petition selected.
    press(&mut a, "S-tab");
    snap("list_detail_zh", &mut a, &user);
}

#[test]
fn list_and_detail_in_english() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, user) = fixture_app(&dir, Lang::En);
    press(&mut a, "S-tab j");
    snap("list_detail_en", &mut a, &user);
}

#[test]
fn detail_full_screen_shows_every_field_due_basis_and_history() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, user) = fixture_app(&dir, Lang::Zh);
    press(&mut a, "S-tab enter");
    let screen = text(&draw(&mut a, 80, 40), &user);
    for want in [
        "联合村村民 张三等15人",
        "138******78",
        "⚠逾期16天",
        "信访工作条例 第34条",
        "[走访] 到联合村走访",
        "登记 → 受理",
    ] {
        assert!(screen.contains(want), "{want} missing:\n{screen}");
    }
    assert!(!screen.contains("13812345678"), "personal data is masked");
    insta::assert_snapshot!("detail_zoomed_80x40", screen);
    // At 80×24 the rest of the history is a scroll away.
    draw(&mut a, 80, 24);
    press(&mut a, "J J");
    insta::assert_snapshot!(
        "detail_zoomed_scrolled_80x24",
        text(&draw(&mut a, 80, 24), &user)
    );
}

#[test]
fn the_create_form() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, user) = fixture_app(&dir, Lang::Zh);
    // Kind picker, then the land form with a valid area and a malformed date.
    press(&mut a, "c");
    snap("create_kind_picker", &mut a, &user);
    press(&mut a, "j j enter");
    type_text(&mut a, "勐梭片区 王六户");
    press(&mut a, "tab");
    type_text(&mut a, "王六");
    press(&mut a, "tab tab tab tab tab");
    type_text(&mut a, "2026年2月30日");
    snap("create_form_land", &mut a, &user);
}

#[test]
fn the_note_form() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, user) = fixture_app(&dir, Lang::Zh);
    press(&mut a, "S-tab n");
    press(&mut a, "right right");
    press(&mut a, "tab");
    type_text(&mut a, "召集村民代表协调补偿款发放");
    press(&mut a, "tab");
    type_text(&mut a, "12");
    snap("note_form", &mut a, &user);
}

#[test]
fn the_transition_picker_and_its_form() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, user) = fixture_app(&dir, Lang::Zh);
    // The accepted petition may go to in_progress, answered (note needed) or diverted (note).
    press(&mut a, "S-tab m");
    snap("transition_picker", &mut a, &user);
    press(&mut a, "j enter");
    snap("transition_form", &mut a, &user);
}

#[test]
fn the_edit_form() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, user) = fixture_app(&dir, Lang::En);
    press(&mut a, "S-tab e");
    snap("edit_form", &mut a, &user);
}

#[test]
fn the_help_overlay() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, user) = fixture_app(&dir, Lang::En);
    press(&mut a, "?");
    snap("help_en", &mut a, &user);
}

#[test]
fn the_empty_ledger_says_what_to_do() {
    for lang in [Lang::Zh, Lang::En] {
        let dir = tempfile::tempdir().unwrap();
        let mut a = app(open(dir.path()), lang);
        let name = if lang == Lang::Zh {
            "empty_zh"
        } else {
            "empty_en"
        };
        snap(name, &mut a, "");
        let screen = text(&draw(&mut a, 80, 24), "");
        assert!(
            screen.contains(" D "),
            "the demo is offered with one key:\n{screen}"
        );
    }
}

#[test]
fn a_filter_error_points_at_its_column_and_keeps_the_last_good_result() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, user) = fixture_app(&dir, Lang::En);
    press(&mut a, "S-tab /");
    type_text(&mut a, "kind:hazard");
    assert_eq!(a.shown.len(), 1);
    press(&mut a, "backspace backspace backspace");
    // "kind:haz" does not name a kind: the error column shows, the hazard stays listed.
    assert_eq!(a.filter_error.as_ref().map(|e| e.0), Some(6));
    assert_eq!(a.shown.len(), 1);
    let screen = text(&draw(&mut a, 80, 24), &user);
    assert!(screen.contains("col 6"), "{screen}");
    insta::assert_snapshot!("filter_error_80x24", screen);
}

#[test]
fn every_size_down_to_one_cell_draws_without_panicking() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _) = fixture_app(&dir, Lang::Zh);
    for keys in [
        "",
        "S-tab",
        "enter",
        "?",
        "esc m",
        "esc n",
        "esc c j enter",
        "esc :",
    ] {
        press(&mut a, keys);
        for w in 1..=40 {
            for h in 1..=12 {
                draw(&mut a, w, h);
            }
        }
        draw(&mut a, 300, 100);
    }
}

#[test]
fn overdue_is_red_and_bold_with_a_symbol_and_without_colour_still_bold() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _) = fixture_app(&dir, Lang::En);
    press(&mut a, "S-tab");
    for (colors, want_fg) in [(Colors::Basic, Some(Color::Red)), (Colors::None, None)] {
        a.theme = Theme { colors };
        let buf = draw(&mut a, 80, 24);
        // Row 2 (after the tabs and the header) is the overdue petition; find its due cell.
        let y = 2;
        let line: String = (0..80).map(|x| buf[(x, y)].symbol().to_string()).collect();
        assert!(line.starts_with("  XF-2026-0001"), "{line}");
        let x = line
            .find("⚠")
            .map(|b| line[..b].chars().count() as u16)
            .expect("the overdue cell carries ⚠");
        let cell = &buf[(x, y)];
        assert_eq!(
            cell.fg == Color::Red,
            want_fg == Some(Color::Red),
            "{colors:?}: {cell:?}"
        );
        assert!(
            cell.modifier.contains(Modifier::BOLD),
            "{colors:?}: overdue is bold"
        );
        if colors == Colors::None {
            assert_eq!(cell.fg, Color::Reset, "NO_COLOR: no colour at all");
        }
        // A case that is not overdue keeps the default colour.
        let y2 = 4;
        let other: String = (0..80).map(|x| buf[(x, y2)].symbol().to_string()).collect();
        assert!(!other.contains('⚠'), "{other}");
    }
}

#[test]
fn the_selection_is_shown_by_reverse_video_not_colour() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, _) = fixture_app(&dir, Lang::Zh);
    press(&mut a, "S-tab j");
    let buf = draw(&mut a, 80, 24);
    assert!(
        buf[(3, 3)].modifier.contains(Modifier::REVERSED),
        "the second case is selected"
    );
    assert!(!buf[(3, 2)].modifier.contains(Modifier::REVERSED));
}

#[test]
fn the_dashboard_view_and_back() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, user) = fixture_app(&dir, Lang::Zh);
    press(&mut a, "g d");
    assert!(a.dashboard.is_some());
    let screen = text(&draw(&mut a, 80, 24), &user);
    assert!(screen.contains("⚠逾期 1"), "{screen}");
    insta::assert_snapshot!("dashboard_80x24", screen);
    press(&mut a, "g d");
    assert!(a.dashboard.is_none());
}

#[test]
fn at_the_narrowest_the_overdue_symbol_is_never_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let (mut a, user) = fixture_app(&dir, Lang::En);
    press(&mut a, "S-tab");
    for w in 18..=24 {
        let screen = text(&draw(&mut a, w, 5), &user);
        let first = screen.lines().nth(1).unwrap_or("");
        assert!(
            first.contains("XF-2026-0001") && first.contains('⚠'),
            "{w} columns: {first:?}"
        );
    }
}

#[test]
fn text_from_the_ledger_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = open(dir.path());
    ledger
        .execute(taizhang::ledger::Command::Create {
            kind: taizhang::ledger::Kind::Petition,
            title: "清屏\u{1b}[2J标题\u{202e}反向".into(),
            fields: vec![("party".into(), "响铃\u{7}当事方".into())],
            source: None,
        })
        .unwrap();
    let mut a = app(ledger, Lang::Zh);
    for keys in ["", "enter", "e"] {
        press(&mut a, keys);
        let buf = draw(&mut a, 100, 30);
        let all: String = buf.content.iter().map(|c| c.symbol()).collect();
        assert!(
            !all.contains('\u{1b}') && !all.contains('\u{202e}') && !all.contains('\u{7}'),
            "{keys}: {all}"
        );
        assert!(all.contains("\\e[2J"), "{keys}: shown escaped");
    }
}
