//! The triage screen's second pass: each bug and friction of a first morning's use, as the
//! officer meets it — keys fed to the app, the screen drawn at the size where it showed (80×24
//! in Chinese unless said), the ledger read back.

use crate::support::tui;

use ratatui::buffer::Buffer;
use taizhang::ledger::Lang;
use taizhang::ledger::text::width;
use taizhang::tui::App;
use taizhang::tui::app::{MessageKind, Overlay};
use tui::*;

fn setup(lang: Lang) -> (tempfile::TempDir, App, String) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = open(dir.path());
    fixture(&ledger);
    let user = ledger.actor().to_string();
    let a = app(ledger, lang);
    (dir, a, user)
}

fn screen(a: &mut App, w: u16, h: u16, user: &str) -> String {
    text(&draw(a, w, h), user)
}

/// Another officer, in another process, on the same ledger.
fn other_officer(dir: &tempfile::TempDir, args: &[&str]) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(args)
        .env("TAIZHANG_DB", dir.path().join("ledger.redb"))
        .env("XDG_CONFIG_HOME", dir.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn form(a: &App) -> &taizhang::tui::form::Form {
    match &a.overlay {
        Some(Overlay::Form(f)) => f,
        other => panic!("a form is open, not {other:?}"),
    }
}

// ---- bugs ------------------------------------------------------------------------------------

#[test]
fn tags_typed_in_the_case_form_are_separate_tags() {
    let (_d, mut a, user) = setup(Lang::Zh);
    press(&mut a, "c enter");
    type_text(&mut a, "园区东门噪音扰民");
    // title, party, location, assignee, priority, tags
    press(&mut a, "tab tab tab tab tab");
    type_text(&mut a, "+噪音 +集体访");
    let s = screen(&mut a, 80, 24, &user);
    assert!(
        s.contains("✓ 噪音、集体访"),
        "the form shows how it reads them:\n{s}"
    );
    assert!(
        s.contains("多个标签用空格或逗号分开"),
        "the hint names the separator:\n{s}"
    );
    press(&mut a, "enter");
    let id = a.selected_case().unwrap().id.clone();
    let case = a.ledger.get(&id).unwrap();
    assert_eq!(case.tags, vec!["噪音".to_string(), "集体访".to_string()]);
    // And `list tag:噪音` finds it.
    press(&mut a, "/");
    type_text(&mut a, "tag:噪音");
    press(&mut a, "enter");
    assert_eq!(a.shown.len(), 1);
    // A removal mark has no place in a new case's tags: said, not stored as a tag.
    press(&mut a, "c enter");
    press(&mut a, "tab tab tab tab tab");
    type_text(&mut a, "噪音 -集体访");
    assert!(
        form(&a).fields[5]
            .error
            .as_deref()
            .is_some_and(|e| e.contains("-集体访")),
        "{:?}",
        form(&a).fields[5].error
    );
}

/// The popup's left border is on screen on every row. The buffer is what the terminal was sent
/// (the test backend applies ratatui's diff as a terminal would), so a border cell hidden under
/// the second half of a wide character is missing here. The popup is found from its right
/// corners, its left edge from the bottom border's run of `─`.
fn popup_edges_clear(buf: &Buffer) -> Result<(), String> {
    let (w, h) = (buf.area.width, buf.area.height);
    let find = |sym: &str| {
        (0..h).find_map(|y| {
            (0..w)
                .find(|x| buf[(*x, y)].symbol() == sym)
                .map(|x| (x, y))
        })
    };
    let (Some((xr, top)), Some((_, bottom))) = (find("┐"), find("┘")) else {
        return Err("no popup on screen".into());
    };
    let mut xl = xr - 1;
    while xl > 0 && buf[(xl, bottom)].symbol() == "─" {
        xl -= 1;
    }
    for y in top..=bottom {
        let want = if y == top {
            "┌"
        } else if y == bottom {
            "└"
        } else {
            "│"
        };
        let got = buf[(xl, y)].symbol();
        if got != want {
            let row: String = (0..w).map(|x| buf[(x, y)].symbol().to_string()).collect();
            return Err(format!(
                "row {y}: {got:?} where the border {want} should be, column {xl}: {row}"
            ));
        }
    }
    Ok(())
}

#[test]
fn a_popup_border_is_never_hidden_by_half_a_wide_character() {
    let (_d, mut a, _user) = setup(Lang::Zh);
    press(&mut a, "S-tab");
    // The kind picker and a bulk confirmation, over Chinese titles, at every width from 60 to
    // 100 columns: somewhere a border falls on the second half of a character.
    let mut hit = 0;
    for keys in ["c", "space space space a"] {
        press(&mut a, keys);
        if keys != "c" {
            type_text(&mut a, "li");
            press(&mut a, "enter");
            assert!(
                matches!(a.overlay, Some(Overlay::Confirm(_))),
                "a bulk change asks first"
            );
        }
        for w in 60..=100 {
            let buf = draw(&mut a, w, 24);
            if let Err(e) = popup_edges_clear(&buf) {
                panic!("{w}×24 ({keys}): {e}");
            }
            hit += 1;
        }
        press(&mut a, "esc");
    }
    assert_eq!(hit, 82);
}

#[test]
fn a_change_that_takes_the_case_out_of_the_view_is_retried_against_that_case() {
    let (d, mut a, user) = setup(Lang::Zh);
    // The "mine" view: wang's XF-2026-0001 selected, a note being written.
    assert_eq!(a.views[a.view].name, "我的");
    assert_eq!(a.selected_case().unwrap().id, "XF-2026-0001");
    press(&mut a, "n tab");
    type_text(&mut a, "到村委会了解情况");
    // Meanwhile another officer gives the case to li: it leaves "mine".
    other_officer(&d, &["assign", "XF-2026-0001", "li"]);
    press(&mut a, "enter");
    let f = form(&a);
    let e = f.error.clone().unwrap_or_default();
    assert!(
        e.contains("XF-2026-0001 已被他人修改") && e.contains("wang → li"),
        "says what the other officer changed: {e}"
    );
    assert!(!e.starts_with('✗'), "marked once: {e}");
    // The detail behind the form is still that case.
    assert_eq!(a.selected_case().unwrap().id, "XF-2026-0001");
    let s = screen(&mut a, 80, 24, &user);
    assert!(!s.contains("✗ ✗"), "{s}");
    // The second Enter is made against the latest revision, fetched by id: it is recorded.
    press(&mut a, "enter");
    assert!(a.overlay.is_none(), "{:?}", a.message);
    let last = a.ledger.history("XF-2026-0001").unwrap();
    assert!(
        matches!(&last.last().unwrap().change, taizhang::ledger::Change::Note { text, .. } if text == "到村委会了解情况")
    );
}

#[test]
fn a_refused_extension_is_marked_once() {
    let (_d, mut a, user) = setup(Lang::Zh);
    press(&mut a, "S-tab");
    // Extend the petition twice: the rule allows one extension.
    for _ in 0..2 {
        press(&mut a, "+");
        type_text(&mut a, "30");
        press(&mut a, "tab");
        type_text(&mut a, "情况复杂");
        press(&mut a, "enter");
    }
    let s = screen(&mut a, 80, 24, &user);
    assert!(
        matches!(a.overlay, Some(Overlay::Form(_))),
        "the second is refused"
    );
    assert!(s.contains("✗"), "{s}");
    assert!(!s.contains("✗ ✗"), "{s}");
}

#[test]
fn the_due_column_fits_a_three_digit_overdue_count() {
    let (_d, mut a, user) = setup(Lang::Zh);
    press(&mut a, "S-tab");
    // 156 days past XF-2026-0001's deadline (2026-05-04).
    a.set_today(chrono::NaiveDate::from_ymd_opt(2026, 10, 7).unwrap());
    for (w, want) in [
        (200, "2026-05-04 ⚠逾期156天"),
        (80, "-156d⚠"),
        (120, "⚠逾期156天"),
    ] {
        let s = screen(&mut a, w, 40, &user);
        let list_line = s.lines().find(|l| l.starts_with("  XF-2026-0001")).unwrap();
        assert!(list_line.contains(want), "{w} columns: {list_line}");
    }
}

#[test]
fn the_tab_bar_shows_hidden_tabs_and_never_cuts_a_label() {
    let (_d, mut a, user) = setup(Lang::Zh);
    let labels: Vec<String> = a
        .views
        .iter()
        .zip(&a.counts)
        .map(|(v, n)| format!("{} {n}", v.name))
        .collect();
    for i in 0..a.views.len() {
        let s = screen(&mut a, 80, 24, &user);
        let tabs = s.lines().next().unwrap().to_string();
        let shown: Vec<&str> = tabs
            .trim_start_matches('‹')
            .split('│')
            .map(str::trim)
            .filter(|p| !p.is_empty() && *p != "›")
            .collect();
        for p in &shown {
            assert!(labels.iter().any(|l| l == p), "a cut label {p:?} in {tabs}");
        }
        assert!(shown.contains(&labels[a.view].as_str()), "{tabs}");
        assert_eq!(
            tabs.starts_with('‹'),
            !shown.contains(&labels[0].as_str()),
            "{tabs}"
        );
        let last = labels.last().unwrap().as_str();
        assert_eq!(tabs.ends_with('›'), !shown.contains(&last), "{tabs}");
        if i == 0 {
            assert!(tabs.ends_with('›'), "违建拆除 and 全部 lie beyond: {tabs}");
        }
        press(&mut a, "tab");
    }
}

#[test]
fn typing_into_a_choice_replaces_it_and_narrows_the_choices() {
    let (_d, mut a, user) = setup(Lang::Zh);
    // The note form opens on its type, prefilled 走访.
    press(&mut a, "n");
    assert_eq!(form(&a).fields[0].text(), "走访");
    type_text(&mut a, "电话");
    assert_eq!(form(&a).fields[0].text(), "电话");
    assert!(form(&a).fields[0].error.is_none());
    // Part of a choice narrows them, and leaving the field completes the one left.
    press(&mut a, "C-u");
    type_text(&mut a, "协");
    let s = screen(&mut a, 80, 24, &user);
    assert!(s.contains("输入筛选: 协调"), "{s}");
    assert!(!s.contains("| 电话"), "{s}");
    press(&mut a, "tab");
    assert_eq!(form(&a).fields[0].text(), "协调");
}

#[test]
fn the_filter_says_when_a_field_is_unknown_as_list_does() {
    let (_d, mut a, user) = setup(Lang::Zh);
    press(&mut a, "/");
    type_text(&mut a, "状态:受理");
    let s = screen(&mut a, 80, 24, &user);
    assert!(s.contains("unknown field \"状态\""), "{s}");
    press(&mut a, "enter");
    let m = a.message.clone().unwrap();
    assert_eq!(m.kind, MessageKind::Error);
    assert!(m.text.contains("did you mean state"), "{}", m.text);
    // The `:` line's list says the same.
    press(&mut a, ":");
    type_text(&mut a, "list 责任人:wang");
    press(&mut a, "enter");
    let m = a.message.clone().unwrap();
    assert!(
        m.kind == MessageKind::Error && m.text.contains("did you mean assignee"),
        "{}",
        m.text
    );
}

#[test]
fn english_at_80_columns_keeps_the_assignee() {
    let (_d, mut a, user) = setup(Lang::En);
    let s = screen(&mut a, 80, 24, &user);
    let header = s.lines().nth(1).unwrap();
    assert!(header.contains("Assignee"), "{s}");
    assert!(s.contains("wang"), "{s}");
}

// ---- frictions -------------------------------------------------------------------------------

#[test]
fn esc_asks_before_throwing_a_form_away_and_keeps_a_draft() {
    let (_d, mut a, user) = setup(Lang::Zh);
    press(&mut a, "c enter");
    type_text(&mut a, "园区东门信访人聚集");
    press(&mut a, "esc");
    assert!(matches!(a.overlay, Some(Overlay::Form(_))), "asked first");
    let s = screen(&mut a, 80, 24, &user);
    assert!(s.contains("有未提交的内容"), "{s}");
    press(&mut a, "esc");
    assert!(a.overlay.is_none());
    assert!(a.message.as_ref().unwrap().text.contains("草稿"));
    // The same form again: what was typed is back.
    press(&mut a, "c enter");
    assert_eq!(form(&a).fields[0].text(), "园区东门信访人聚集");
    // An untouched form closes at once.
    press(&mut a, "esc esc");
    press(&mut a, "n esc");
    assert!(a.overlay.is_none());
}

#[test]
fn a_long_form_says_what_lies_below_and_a_long_text_where_it_goes_on() {
    let (_d, mut a, user) = setup(Lang::Zh);
    press(&mut a, "c enter");
    let s = screen(&mut a, 80, 24, &user);
    let n = form(&a).fields.len();
    assert!(s.contains(&format!("第1/{n}栏 ↓下面还有")), "{s}");
    type_text(&mut a, &"联合村村民反映征地补偿款未兑现".repeat(4));
    let s = screen(&mut a, 80, 24, &user);
    let title_line = s.lines().find(|l| l.contains("›标题")).unwrap();
    assert!(title_line.contains('‹'), "{title_line}");
}

#[test]
fn a_long_message_is_kept_whole_in_the_log() {
    let (_d, mut a, user) = setup(Lang::Zh);
    a.ledger_label = taizhang::tui::app::display_path(std::path::Path::new(
        "/home/officer/.local/share/taizhang/ledger.redb",
    ));
    assert_eq!(a.ledger_label, "…/ledger.redb");
    // A refusal too long for the status line at 80 columns.
    press(&mut a, ":");
    type_text(&mut a, "move XF-2026-0001 answered");
    press(&mut a, "enter");
    let last = a.message.clone().unwrap().text;
    let s = screen(&mut a, 80, 24, &user);
    let status = s.lines().nth(22).unwrap();
    assert!(width(&last) > 60, "a long message: {last}");
    assert!(!status.contains(&last), "cut on the status line: {status}");
    // M shows the log, the message whole (wrapped), and earlier ones too.
    press(&mut a, "M");
    let s = screen(&mut a, 80, 24, &user);
    assert!(s.contains("消息记录"), "{s}");
    let flat: String = s
        .lines()
        .map(|l| l.trim_matches(|c| c == '│' || c == ' '))
        .collect();
    assert!(
        flat.contains(&last.replace(' ', "")) || flat.contains(&last),
        "{s}"
    );
    press(&mut a, "esc");
    assert!(a.overlay.is_none());
    // And `:messages` opens it too.
    press(&mut a, ":");
    type_text(&mut a, "messages");
    press(&mut a, "enter");
    assert!(matches!(a.overlay, Some(Overlay::Messages { .. })));
}

#[test]
fn help_and_quit_always_show_on_the_key_bar() {
    let (_d, mut a, user) = setup(Lang::Zh);
    for w in [40, 60, 80, 100] {
        let s = screen(&mut a, w, 24, &user);
        let bar = s.lines().last().unwrap();
        assert!(
            bar.contains("? 帮助") && bar.contains("q 退出"),
            "{w}: {bar}"
        );
    }
}

#[test]
fn the_status_line_names_the_tab_the_filter_applies_within() {
    let (_d, mut a, user) = setup(Lang::Zh);
    // The "overdue" tab, then a filter.
    press(&mut a, "tab");
    assert_eq!(a.views[a.view].name, "逾期");
    press(&mut a, "/");
    type_text(&mut a, "kind:hazard");
    press(&mut a, "enter");
    let s = screen(&mut a, 80, 24, &user);
    assert!(s.contains("逾期 ∩ /kind:hazard"), "{s}");
}

#[test]
fn the_detail_puts_the_deadline_first_says_where_it_is_and_the_split_changes() {
    let (_d, mut a, user) = setup(Lang::Zh);
    press(&mut a, "S-tab");
    let s = screen(&mut a, 80, 24, &user);
    let lines: Vec<&str> = s.lines().collect();
    let top = lines
        .iter()
        .position(|l| l.starts_with(" XF-2026-0001"))
        .unwrap();
    assert!(lines[top].contains("行 ↓"), "a position: {}", lines[top]);
    assert!(lines[top + 1].starts_with("期限"), "{s}");
    assert!(lines[top + 3].starts_with("可转入"), "{s}");
    // The split key gives the detail more room.
    press(&mut a, "=");
    let s2 = screen(&mut a, 80, 24, &user);
    let top2 = s2
        .lines()
        .position(|l| l.starts_with(" XF-2026-0001"))
        .unwrap();
    assert!(top2 <= top, "{s2}");
    press(&mut a, "= =");
    assert_eq!(a.split, 0, "the split cycles back");
}

#[test]
fn two_fields_never_share_a_label() {
    let (_d, mut a, user) = setup(Lang::Zh);
    // The hazard (YH-2026-0001): its company's responsible person beside the assignee.
    press(&mut a, "S-tab j enter");
    assert_eq!(a.selected_case().unwrap().id, "YH-2026-0001");
    let s = screen(&mut a, 80, 40, &user);
    let labels: Vec<&str> = s
        .lines()
        .filter_map(|l| l.split_whitespace().next())
        .filter(|w| *w == "责任人" || w.ends_with("责任人"))
        .collect();
    let mut unique = labels.clone();
    unique.dedup();
    assert_eq!(labels, unique, "{s}");
    // The labour form: its subtype is not 类型 as the kind is.
    press(&mut a, "enter c j enter");
    let f = form(&a);
    let mut names: Vec<&str> = f.fields.iter().map(|f| f.label.as_str()).collect();
    let n = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), n, "{names:?}");
}

#[test]
fn assigning_offers_the_known_officers_and_warns_of_an_unknown_one() {
    let (_d, mut a, user) = setup(Lang::Zh);
    press(&mut a, "S-tab a C-u");
    type_text(&mut a, "l");
    let s = screen(&mut a, 80, 24, &user);
    assert!(s.contains("Tab 补全: li"), "{s}");
    press(&mut a, "tab");
    let Some(Overlay::Form(f)) = &a.overlay else {
        panic!()
    };
    assert_eq!(f.fields[0].text(), "li");
    // Tab completed the name and went on to the next field (when it happened): back to it.
    press(&mut a, "S-tab C-u");
    type_text(&mut a, "zhnag");
    let s = screen(&mut a, 80, 24, &user);
    assert!(s.contains("台账里没有 zhnag 这个人"), "{s}");
    press(&mut a, "esc esc");
    // A bulk assignment's confirmation names the person.
    press(&mut a, "space space a C-u");
    type_text(&mut a, "li");
    press(&mut a, "enter");
    let Some(Overlay::Confirm(c)) = &a.overlay else {
        panic!("{:?}", a.overlay)
    };
    assert!(c.question.contains("→ li"), "{}", c.question);
}

#[test]
fn a_new_case_is_its_registering_officers_unless_configured_otherwise() {
    let (_d, mut a, _user) = setup(Lang::Zh);
    press(&mut a, "c enter");
    type_text(&mut a, "园区西门路灯损坏");
    press(&mut a, "enter");
    let id = a.selected_case().unwrap().id.clone();
    assert_eq!(a.ledger.get(&id).unwrap().assignee.as_deref(), Some("wang"));
    a.assign_new_to_me = false;
    press(&mut a, "c enter");
    type_text(&mut a, "园区北门积水");
    press(&mut a, "enter");
    let id = a.selected_case().unwrap().id.clone();
    assert_eq!(a.ledger.get(&id).unwrap().assignee, None);
}

#[test]
fn the_extend_form_says_the_rules_limit_and_when_it_is_used() {
    let (_d, mut a, user) = setup(Lang::Zh);
    press(&mut a, "S-tab +");
    let s = screen(&mut a, 80, 24, &user);
    assert!(s.contains("信访工作条例") && s.contains("最多延长"), "{s}");
    assert!(s.contains("已延 0 次"), "{s}");
    type_text(&mut a, "30");
    press(&mut a, "tab");
    type_text(&mut a, "情况复杂");
    press(&mut a, "enter");
    assert!(a.overlay.is_none(), "{:?}", a.message);
    press(&mut a, "+");
    let s = screen(&mut a, 80, 24, &user);
    assert!(
        s.contains("不能再延"),
        "said before anything is typed:\n{s}"
    );
}

#[test]
fn undo_says_what_it_took_back_and_on_which_case() {
    let (_d, mut a, _user) = setup(Lang::Zh);
    press(&mut a, "S-tab a C-u");
    type_text(&mut a, "li");
    press(&mut a, "enter u");
    let m = a.message.clone().unwrap().text;
    assert!(
        m.contains("已撤销 XF-2026-0001") && m.contains("wang → li"),
        "{m}"
    );
}
