//! Keymap tests: every shipped keymap parses, covers what the screens need, and binds no key to
//! two actions; each kind of mistake in a keymap file is refused with file:line:column and the
//! offending text.

use std::collections::HashMap;

use taizhang::tui::keymap::{Key, Keymap, Lookup, SHIPPED};
use taizhang::tui::{Action, Mode};

fn err(text: &str) -> String {
    Keymap::parse("my.toml", text)
        .expect_err("this keymap must be refused")
        .to_string()
}

#[test]
fn every_shipped_keymap_parses_and_keeps_the_essential_keys() {
    for (name, text) in SHIPPED {
        Keymap::parse(name, text).unwrap_or_else(|e| panic!("{name}: {e}"));
        // load() also checks quit, help, confirm, cancel… are reachable in every mode.
        let km = Keymap::load(Some(name), None).unwrap_or_else(|e| panic!("{name}: {e}"));
        for mode in Mode::ALL {
            assert!(
                !km.help(mode).is_empty(),
                "{name}: [{}] is empty",
                mode.name()
            );
        }
        // Every action a list officer needs has a key in every shipped keymap.
        for a in [
            Action::Move,
            Action::Note,
            Action::Assign,
            Action::Tag,
            Action::Edit,
            Action::Create,
            Action::Extend,
            Action::Pause,
            Action::Resume,
            Action::Filter,
            Action::Command,
            Action::Undo,
            Action::ToggleMark,
            Action::NextView,
            Action::SaveView,
            Action::Sort,
            Action::LoadDemo,
        ] {
            assert!(
                km.first_key(Mode::Normal, &a).is_some(),
                "{name}: no key for {}",
                a.name()
            );
        }
    }
}

#[test]
fn no_shipped_keymap_binds_one_key_to_two_actions_in_a_mode() {
    for (name, text) in SHIPPED {
        let km = Keymap::parse(name, text).unwrap();
        for mode in Mode::ALL {
            let mut seen: HashMap<String, Action> = HashMap::new();
            for (keys, action) in km.sequences(mode) {
                let k = keys
                    .iter()
                    .map(Key::to_string)
                    .collect::<Vec<_>>()
                    .join(" ");
                if let Some(prev) = seen.insert(k.clone(), action.clone()) {
                    panic!(
                        "{name} [{}]: {k} does both {} and {}",
                        mode.name(),
                        prev.name(),
                        action.name()
                    );
                }
                // A key is either an action or the start of a sequence, never both.
                let first = &keys[..1];
                if keys.len() > 1 {
                    assert_eq!(km.lookup(mode, first), Lookup::Prefix, "{name}: {k}");
                }
            }
        }
    }
}

#[test]
fn the_default_keymap_is_vim_flavoured() {
    let km = Keymap::parse("default", SHIPPED[0].1).unwrap();
    let k = |s: &str| {
        s.split(' ')
            .map(|x| Key::parse(x).unwrap())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        km.lookup(Mode::Normal, &k("j")),
        Lookup::Action(Action::Down)
    );
    assert_eq!(
        km.lookup(Mode::Normal, &k("g g")),
        Lookup::Action(Action::First)
    );
    assert_eq!(
        km.lookup(Mode::Normal, &k("G")),
        Lookup::Action(Action::Last)
    );
    assert_eq!(
        km.lookup(Mode::Normal, &k("/")),
        Lookup::Action(Action::Filter)
    );
    assert_eq!(
        km.lookup(Mode::Normal, &k("?")),
        Lookup::Action(Action::Help)
    );
    assert_eq!(
        km.lookup(Mode::Normal, &k(":")),
        Lookup::Action(Action::Command)
    );
}

#[test]
fn an_unknown_action_is_refused_with_its_position_and_name() {
    let e = err("[normal]\nj = \"down\"\nx = \"fliter\"\n");
    assert!(e.starts_with("my.toml:3:5:"), "{e}");
    assert!(
        e.contains("\"fliter\"") && e.contains("did you mean \"filter\""),
        "{e}"
    );
    // Also inside a key sequence.
    let e = err("[normal]\ng = { g = \"first\", x = \"teleport\" }\n");
    assert!(
        e.starts_with("my.toml:2:24:") && e.contains("teleport"),
        "{e}"
    );
}

#[test]
fn an_unparseable_key_is_refused_with_its_position() {
    let e = err("[normal]\nj = \"down\"\n\"C-\" = \"up\"\n");
    assert!(e.starts_with("my.toml:3:1:") && e.contains("\"C-\""), "{e}");
    let e = err("[picker]\nenterr = \"confirm\"\n");
    assert!(e.starts_with("my.toml:2:1:") && e.contains("enterr"), "{e}");
    let e = err("[normal]\nf13 = \"help\"\n");
    assert!(e.starts_with("my.toml:2:1:") && e.contains("f13"), "{e}");
}

#[test]
fn one_key_bound_twice_in_a_mode_is_refused_with_both_places() {
    // Two spellings of the same key.
    let e = err("[normal]\nC-d = \"page_down\"\nj = \"down\"\nctrl-d = \"quit\"\n");
    assert!(e.starts_with("my.toml:4:1:"), "{e}");
    assert!(
        e.contains("\"ctrl-d\"") && e.contains("\"C-d\" on line 2"),
        "{e}"
    );
    let e = err("[normal]\nG = \"last\"\nS-g = \"first\"\n");
    assert!(e.starts_with("my.toml:3:1:") && e.contains("S-g"), "{e}");
    // Literally the same key twice: the TOML reader refuses it, with its position.
    let e = err("[normal]\nj = \"down\"\nj = \"up\"\n");
    assert!(e.starts_with("my.toml:3:1:"), "{e}");
    // The same key in two modes is fine.
    Keymap::parse(
        "my.toml",
        "[normal]\nj = \"down\"\n[picker]\nj = \"down\"\n",
    )
    .unwrap();
}

#[test]
fn an_unknown_field_is_refused_with_its_position() {
    let e = err("[normal]\nj = \"down\"\n\n[nromal]\nk = \"up\"\n");
    assert!(e.starts_with("my.toml:4:"), "{e}");
    assert!(e.contains("nromal"), "{e}");
}

#[test]
fn an_action_that_does_nothing_in_a_mode_or_hides_typing_is_refused() {
    let e = err("[filter]\nC-m = \"move\"\n");
    assert!(
        e.starts_with("my.toml:2:7:") && e.contains("\"move\""),
        "{e}"
    );
    let e = err("[form]\nq = \"cancel\"\n");
    assert!(
        e.starts_with("my.toml:2:1:") && e.contains("types text"),
        "{e}"
    );
}

#[test]
fn a_user_file_is_laid_over_the_base_and_its_mistakes_are_refused_too() {
    let dir = tempfile::tempdir().unwrap();
    let user = dir.path().join("keymap.toml");
    std::fs::write(&user, "[normal]\nx = \"quit\"\nQ = \"quit\"\n").unwrap();
    let km = Keymap::load(Some("default"), Some(&user)).unwrap();
    assert_eq!(
        km.lookup(Mode::Normal, &[Key::parse("x").unwrap()]),
        Lookup::Action(Action::Quit)
    );
    assert_eq!(
        km.lookup(Mode::Normal, &[Key::parse("j").unwrap()]),
        Lookup::Action(Action::Down)
    );
    assert!(km.source.contains("keymap.toml"));
    std::fs::write(&user, "[normal]\nx = \"qiut\"\n").unwrap();
    let e = Keymap::load(Some("emacs"), Some(&user))
        .unwrap_err()
        .to_string();
    assert!(e.contains("keymap.toml:2:5:") && e.contains("qiut"), "{e}");
    // Unbinding every quit key would trap the user: refused.
    std::fs::write(&user, "[normal]\nq = \"no_op\"\nC-c = \"no_op\"\n").unwrap();
    let e = Keymap::load(Some("default"), Some(&user))
        .unwrap_err()
        .to_string();
    assert!(e.contains("\"quit\""), "{e}");
    // A missing user file is no layer; a missing base file is an error naming it.
    Keymap::load(Some("arrows"), Some(&dir.path().join("none.toml"))).unwrap();
    let e = Keymap::load(Some("/nonexistent/km.toml"), None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("/nonexistent/km.toml"), "{e}");
}

#[test]
fn the_help_lists_keys_in_a_stable_order_from_the_effective_keymap() {
    let dir = tempfile::tempdir().unwrap();
    let user = dir.path().join("keymap.toml");
    std::fs::write(&user, "[normal]\nF = \"filter\"\n").unwrap();
    let km = Keymap::load(Some("default"), Some(&user)).unwrap();
    let help = km.help(Mode::Normal);
    let order: Vec<&str> = help.iter().map(|(a, _)| a.name()).collect();
    let all: Vec<&str> = Action::ALL
        .iter()
        .map(|a| a.name())
        .filter(|n| order.contains(n))
        .collect();
    assert_eq!(order, all, "help follows the order of the action list");
    let filter = help.iter().find(|(a, _)| *a == Action::Filter).unwrap();
    assert_eq!(filter.1, vec!["/".to_string(), "F".to_string()]);
    let first = help.iter().find(|(a, _)| *a == Action::First).unwrap();
    assert_eq!(first.1, vec!["g g".to_string(), "Home".to_string()]);
}
