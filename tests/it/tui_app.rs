//! Whole-app tests: key presses fed into the app as the terminal would deliver them, and the
//! ledger checked afterwards — through the same write path the command line uses.

use crate::support::tui;

use ratatui::crossterm::event::Event;
use taizhang::ledger::{Change, Lang, Value};
use taizhang::tui::app::{MessageKind, Overlay};
use taizhang::tui::{App, Mode};
use tui::*;

fn setup(lang: Lang) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = open(dir.path());
    fixture(&ledger);
    let mut a = app(ledger, lang);
    // The "All" view, sorted by due: XF-2026-0001 (overdue) first, then YH, LD, CW, ZD.
    press(&mut a, "S-tab");
    assert_eq!(
        a.selected_case().map(|c| c.id.as_str()),
        Some("XF-2026-0001")
    );
    (dir, a)
}

fn last_change(a: &App, id: &str) -> Change {
    a.ledger.history(id).unwrap().last().unwrap().change.clone()
}

#[test]
fn a_move_that_needs_a_note_asks_for_it_and_records_it() {
    let (_d, mut a) = setup(Lang::Zh);
    // Offered: diverted, in_progress, answered — only the allowed next states.
    press(&mut a, "m");
    let Some(Overlay::Picker(p)) = &a.overlay else {
        panic!("the transition picker opens")
    };
    assert_eq!(p.items.len(), 3);
    assert!(
        p.items[2].0.contains("answered") && p.items[2].1.contains("说明"),
        "{:?}",
        p.items
    );
    press(&mut a, "j j enter");
    assert_eq!(a.mode(), Mode::Form);
    // Submitting without the note is refused in the form; nothing is written.
    let rev = a.ledger.get("XF-2026-0001").unwrap().rev;
    press(&mut a, "enter");
    assert_eq!(a.mode(), Mode::Form, "the form stays open");
    assert_eq!(a.ledger.get("XF-2026-0001").unwrap().rev, rev);
    type_text(&mut a, "已出具书面答复意见,送达信访人");
    press(&mut a, "enter");
    assert_eq!(a.mode(), Mode::Normal);
    let case = a.ledger.get("XF-2026-0001").unwrap();
    assert_eq!(case.state, "answered");
    assert_eq!(
        last_change(&a, "XF-2026-0001"),
        Change::State {
            from: "accepted".into(),
            to: "answered".into(),
            note: Some("已出具书面答复意见,送达信访人".into())
        }
    );
    assert_eq!(
        a.message.as_ref().map(|m| m.kind.clone()),
        Some(MessageKind::Info)
    );
}

#[test]
fn a_new_case_with_chinese_text_validates_as_typed_and_is_registered() {
    let (_d, mut a) = setup(Lang::Zh);
    press(&mut a, "c j j enter");
    let title = "勐梭片区第二期征地 王六户(拒签)";
    type_text(&mut a, title);
    press(&mut a, "tab");
    // Pasted text arrives as one event (bracketed paste).
    a.handle_event(Event::Paste("王六\n".into()));
    press(&mut a, "tab tab tab tab tab");
    type_text(&mut a, "2026年5月3日");
    // Down to the area: a malformed value is flagged while typing, then corrected.
    let Some(Overlay::Form(f)) = &a.overlay else {
        panic!("the form is open")
    };
    let area = f.fields.iter().position(|x| x.key == "area_mu").unwrap();
    let here = f.focus;
    for _ in here..area {
        press(&mut a, "tab");
    }
    type_text(&mut a, "54.83x");
    let Some(Overlay::Form(f)) = &a.overlay else {
        panic!()
    };
    assert!(f.fields[area].error.is_some(), "54.83x is refused as typed");
    press(&mut a, "backspace");
    type_text(&mut a, "75");
    let Some(Overlay::Form(f)) = &a.overlay else {
        panic!()
    };
    assert_eq!(f.fields[area].error, None);
    assert_eq!(f.fields[area].preview.as_deref(), Some("54.8375亩"));
    press(&mut a, "enter");
    assert_eq!(a.mode(), Mode::Normal, "{:?}", a.message);
    let case = a.ledger.get("ZD-2026-0002").unwrap();
    assert_eq!(case.title, title);
    assert_eq!(case.party, "王六");
    assert_eq!(
        case.opened,
        chrono::NaiveDate::from_ymd_opt(2026, 5, 3).unwrap()
    );
    assert_eq!(
        case.field("area_mu"),
        Some(&Value::Dec("54.8375".parse().unwrap()))
    );
    // The new case is shown and selected.
    assert_eq!(
        a.selected_case().map(|c| c.id.as_str()),
        Some("ZD-2026-0002")
    );
}

#[test]
fn a_bulk_assign_is_confirmed_and_written_in_one_transaction() {
    let (_d, mut a) = setup(Lang::En);
    // Mark the first two cases (space marks and moves down).
    press(&mut a, "space space a");
    let Some(Overlay::Form(f)) = &a.overlay else {
        panic!("the assign form opens")
    };
    assert!(f.subtitle.contains('2'), "{}", f.subtitle);
    press(&mut a, "C-u");
    type_text(&mut a, "zhao");
    press(&mut a, "enter");
    assert_eq!(a.mode(), Mode::Confirm, "several cases: asked first");
    // "n" cancels: nothing changes.
    press(&mut a, "n");
    assert_eq!(
        a.ledger.get("XF-2026-0001").unwrap().assignee.as_deref(),
        Some("wang")
    );
    press(&mut a, "a C-u");
    type_text(&mut a, "zhao");
    let before = a.ledger.version().unwrap();
    press(&mut a, "enter y");
    for id in ["XF-2026-0001", "YH-2026-0001"] {
        assert_eq!(
            a.ledger.get(id).unwrap().assignee.as_deref(),
            Some("zhao"),
            "{id}"
        );
    }
    assert_eq!(
        a.ledger.get("LD-2026-0001").unwrap().assignee.as_deref(),
        Some("wang"),
        "unmarked cases untouched"
    );
    assert_eq!(a.ledger.version().unwrap(), before + 1, "one transaction");
    assert!(a.marks.is_empty());
}

#[test]
fn a_bulk_move_offers_only_states_common_to_the_marked_cases() {
    let (_d, mut a) = setup(Lang::En);
    // XF (accepted petition) and YH (notified hazard) share no next state.
    press(&mut a, "space space m");
    assert!(a.overlay.is_none());
    assert_eq!(
        a.message.as_ref().map(|m| m.kind.clone()),
        Some(MessageKind::Error)
    );
}

#[test]
fn undo_puts_back_the_last_change_as_a_new_event() {
    let (_d, mut a) = setup(Lang::En);
    press(&mut a, "a C-u");
    type_text(&mut a, "zhao");
    press(&mut a, "enter");
    assert_eq!(
        a.ledger.get("XF-2026-0001").unwrap().assignee.as_deref(),
        Some("zhao")
    );
    let rev = a.ledger.get("XF-2026-0001").unwrap().rev;
    press(&mut a, "u");
    let case = a.ledger.get("XF-2026-0001").unwrap();
    assert_eq!(case.assignee.as_deref(), Some("wang"));
    assert_eq!(case.rev, rev + 1, "history grows; nothing is rewritten");
    assert_eq!(
        last_change(&a, "XF-2026-0001"),
        Change::Assigned {
            before: Some("zhao".into()),
            after: Some("wang".into())
        }
    );
    // A second undo has nothing left from this session.
    press(&mut a, "u");
    assert_eq!(
        a.message.as_ref().map(|m| m.kind.clone()),
        Some(MessageKind::Error)
    );
    assert_eq!(a.ledger.get("XF-2026-0001").unwrap().rev, rev + 1);
}

#[test]
fn undo_of_a_note_is_refused_with_the_reason() {
    let (_d, mut a) = setup(Lang::En);
    press(&mut a, "n tab");
    type_text(&mut a, "phoned the village head");
    press(&mut a, "enter");
    let rev = a.ledger.get("XF-2026-0001").unwrap().rev;
    press(&mut a, "u");
    assert_eq!(a.ledger.get("XF-2026-0001").unwrap().rev, rev);
    assert!(
        a.message
            .as_ref()
            .is_some_and(|m| m.text.contains("correcting note")),
        "{:?}",
        a.message
    );
}

#[test]
fn a_change_overtaken_by_another_officer_is_refused_and_nothing_typed_is_lost() {
    let (d, mut a) = setup(Lang::En);
    press(&mut a, "n tab");
    type_text(&mut a, "visited the household");
    // Meanwhile another officer, in another process, assigns the case.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(["assign", "XF-2026-0001", "li"])
        .env("TAIZHANG_DB", d.path().join("ledger.redb"))
        .env("XDG_CONFIG_HOME", d.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rev = a.ledger.get("XF-2026-0001").unwrap().rev;
    press(&mut a, "enter");
    // Refused, said so, and the screen shows the other officer's change.
    assert_eq!(
        a.ledger.get("XF-2026-0001").unwrap().rev,
        rev,
        "nothing written"
    );
    let m = a.message.clone().unwrap();
    assert_eq!(m.kind, MessageKind::Error);
    assert!(m.text.contains("changed by"), "{}", m.text);
    assert_eq!(a.selected_case().unwrap().assignee.as_deref(), Some("li"));
    // The note is still in the form; a second Enter, with the latest on screen, records it.
    let Some(Overlay::Form(f)) = &a.overlay else {
        panic!("the form stays open")
    };
    assert_eq!(f.value("text"), "visited the household");
    // The form says what the other officer changed, marked once (the form adds the ✗).
    let e = f.error.clone().unwrap_or_default();
    assert!(
        e.contains("changed meanwhile") && e.contains("→ li") && !e.starts_with('✗'),
        "{e}"
    );
    press(&mut a, "enter");
    assert!(
        matches!(last_change(&a, "XF-2026-0001"), Change::Note { ref text, .. } if text == "visited the household")
    );
}

#[test]
fn other_officers_changes_appear_and_the_selection_stays_on_the_same_case() {
    let (d, mut a) = setup(Lang::En);
    press(&mut a, "j j");
    assert_eq!(a.selected_case().unwrap().id, "LD-2026-0001");
    assert!(!a.check_for_changes(), "nothing changed: no redraw");
    // Another officer registers a case due before LD's: it sorts above the selection.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_taizhang"))
        .args(["add", "petition", "--title", "新来访", "--party", "赵七"])
        .env("TAIZHANG_DB", d.path().join("ledger.redb"))
        .env("XDG_CONFIG_HOME", d.path())
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(a.check_for_changes());
    assert_eq!(a.total(), 6);
    assert_eq!(a.selected_case().unwrap().id, "LD-2026-0001");
}

#[test]
fn the_filter_refilters_on_every_key_and_esc_restores_the_previous_one() {
    let (_d, mut a) = setup(Lang::Zh);
    press(&mut a, "/");
    type_text(&mut a, "德乐");
    assert_eq!(a.shown.len(), 1);
    press(&mut a, "enter");
    assert_eq!(a.mode(), Mode::Normal);
    press(&mut a, "/");
    type_text(&mut a, " or kind:hazard");
    assert_eq!(a.shown.len(), 2);
    press(&mut a, "esc");
    assert_eq!(a.filter.text(), "德乐");
    assert_eq!(a.shown.len(), 1);
}

#[test]
fn the_command_line_runs_cli_commands_in_process() {
    let (_d, mut a) = setup(Lang::Zh);
    press(&mut a, ":");
    type_text(
        &mut a,
        "note xf-2026-0001 \"电话回访 信访人表示认可\" --type 电话 --people 1",
    );
    press(&mut a, "enter");
    assert!(
        matches!(last_change(&a, "XF-2026-0001"), Change::Note { ref text, people: Some(1), .. } if text == "电话回访 信访人表示认可"),
        "{:?}",
        a.message
    );
    press(&mut a, ":");
    type_text(&mut a, "move LD-2026-0001 settled --note 双方达成调解协议");
    press(&mut a, "enter");
    assert_eq!(a.ledger.get("LD-2026-0001").unwrap().state, "settled");
    press(&mut a, ":");
    type_text(
        &mut a,
        "add hazard --title 配电房无灭火器 --party 鑫达五金 -f grade=general",
    );
    press(&mut a, "enter");
    assert_eq!(a.ledger.get("YH-2026-0002").unwrap().party, "鑫达五金");
    // A mistake is reported in one line and changes nothing.
    press(&mut a, ":");
    type_text(&mut a, "move LD-2026-0001 nowhere");
    press(&mut a, "enter");
    assert_eq!(
        a.message.as_ref().map(|m| m.kind.clone()),
        Some(MessageKind::Error)
    );
    assert!(!a.message.as_ref().unwrap().text.contains('\n'));
}

#[test]
fn a_query_saved_as_a_view_becomes_a_tab_and_is_kept() {
    let (d, a) = setup(Lang::Zh);
    let path = d.path().join("views.toml");
    let ledger = taizhang::ledger::Ledger::open(
        &d.path().join("ledger.redb"),
        taizhang::ledger::Calendar::none(),
    )
    .unwrap();
    drop(a);
    let mut a = App::new(ledger, Lang::Zh, keymap())
        .unwrap()
        .with_saved_views(path.clone())
        .unwrap();
    a.set_today(today());
    press(&mut a, "/");
    type_text(&mut a, "priority>=high");
    press(&mut a, "enter S");
    type_text(&mut a, "要紧的");
    press(&mut a, "enter");
    assert_eq!(a.views.last().map(|v| v.name.as_str()), Some("要紧的"));
    assert_eq!(a.views[a.view].name, "要紧的");
    assert_eq!(a.shown.len(), 2);
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains("要紧的") && saved.contains("priority>=high"),
        "{saved}"
    );
}

#[test]
fn extend_and_pause_need_a_reason() {
    let (_d, mut a) = setup(Lang::En);
    press(&mut a, "+");
    type_text(&mut a, "20");
    press(&mut a, "enter");
    assert_eq!(a.mode(), Mode::Form, "no reason yet");
    // The focus went to the field that needs filling.
    type_text(&mut a, "needs the land bureau's survey");
    press(&mut a, "enter");
    assert!(
        matches!(
            last_change(&a, "XF-2026-0001"),
            Change::Extended { days: 20, .. }
        ),
        "{:?}",
        a.message
    );
    press(&mut a, "p");
    type_text(&mut a, "waiting for the court");
    press(&mut a, "enter");
    assert!(matches!(
        last_change(&a, "XF-2026-0001"),
        Change::Paused { .. }
    ));
    press(&mut a, "r");
    assert!(matches!(
        last_change(&a, "XF-2026-0001"),
        Change::Resumed { .. }
    ));
}

#[test]
fn unbound_keys_say_so_and_only_key_presses_count() {
    let (_d, mut a) = setup(Lang::En);
    press(&mut a, "Z");
    assert!(
        a.message
            .as_ref()
            .is_some_and(|m| m.text.contains("does nothing"))
    );
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
    a.handle_event(Event::Key(KeyEvent::new_with_kind(
        KeyCode::Char('j'),
        KeyModifiers::NONE,
        KeyEventKind::Release,
    )));
    assert_eq!(a.selected, 0, "a key release is not a press");
    press(&mut a, "q");
    assert!(a.quit);
}

#[test]
fn a_transition_asks_for_the_fields_it_requires() {
    let (_d, mut a) = setup(Lang::Zh);
    press(&mut a, "m j j enter");
    type_text(&mut a, "已答复");
    press(&mut a, "enter");
    assert_eq!(a.ledger.get("XF-2026-0001").unwrap().state, "answered");
    // From answered: review or closed; closing needs the petitioner's satisfaction.
    press(&mut a, "m");
    let Some(Overlay::Picker(p)) = &a.overlay else {
        panic!("picker")
    };
    let closed = p
        .items
        .iter()
        .position(|(l, _)| l.contains("(closed)"))
        .expect("closed is offered");
    assert!(
        p.items[closed].1.contains("满意度"),
        "the picker says what closing needs: {:?}",
        p.items
    );
    for _ in 0..closed {
        press(&mut a, "j");
    }
    press(&mut a, "enter enter");
    let Some(Overlay::Form(f)) = &a.overlay else {
        panic!("the form stays: satisfaction is required")
    };
    assert_eq!(
        f.fields[f.focus].key, "satisfaction",
        "the focus goes to what is missing"
    );
    // A choice field: → picks the first option.
    press(&mut a, "right enter");
    let case = a.ledger.get("XF-2026-0001").unwrap();
    assert_eq!(case.state, "closed");
    assert_eq!(
        case.field("satisfaction"),
        Some(&Value::Text("satisfied".into()))
    );
    assert!(case.closed.is_some());
}

#[test]
fn bulk_notes_and_tags_reach_every_marked_case() {
    let (_d, mut a) = setup(Lang::Zh);
    press(&mut a, "* n");
    assert!(matches!(&a.overlay, Some(Overlay::Form(f)) if f.subtitle.contains('5')));
    press(&mut a, "right right tab");
    type_text(&mut a, "园区联席会议集中研究");
    press(&mut a, "tab");
    type_text(&mut a, "9");
    press(&mut a, "enter");
    let Some(Overlay::Confirm(c)) = &a.overlay else {
        panic!("confirmation first")
    };
    assert_eq!(c.detail.len(), 5);
    press(&mut a, "y");
    for r in [
        "XF-2026-0001",
        "LD-2026-0001",
        "YH-2026-0001",
        "ZD-2026-0001",
        "CW-2026-0001",
    ] {
        assert!(
            matches!(last_change(&a, r), Change::Note { ref text, people: Some(9), note_type: taizhang::ledger::NoteType::Coordination, .. } if text == "园区联席会议集中研究"),
            "{r}: {:?}",
            last_change(&a, r)
        );
    }
    press(&mut a, "space space t");
    type_text(&mut a, "+联席会议 +集体访");
    press(&mut a, "enter y");
    for r in ["XF-2026-0001", "YH-2026-0001"] {
        let tags = a.ledger.get(r).unwrap().tags;
        assert!(
            tags.contains(&"联席会议".to_string()) && tags.contains(&"集体访".to_string()),
            "{r}: {tags:?}"
        );
    }
    assert!(a.ledger.get("LD-2026-0001").unwrap().tags.is_empty());
}

#[test]
fn with_the_mouse_a_click_selects_and_the_wheel_moves() {
    use ratatui::crossterm::event::{KeyModifiers, MouseButton, MouseEvent, MouseEventKind};
    let (_d, mut a) = setup(Lang::En);
    draw(&mut a, 80, 24);
    let mouse = |kind, row| {
        Event::Mouse(MouseEvent {
            kind,
            column: 20,
            row,
            modifiers: KeyModifiers::NONE,
        })
    };
    // Row 0 is the tabs, row 1 the header: row 4 is the third case.
    a.handle_event(mouse(MouseEventKind::Down(MouseButton::Left), 4));
    assert_eq!(a.selected, 2);
    a.handle_event(mouse(MouseEventKind::ScrollDown, 10));
    assert_eq!(a.selected, 3);
    // A click below the list (in the detail pane) selects nothing else.
    a.handle_event(mouse(MouseEventKind::Down(MouseButton::Left), 20));
    assert_eq!(a.selected, 3);
}
