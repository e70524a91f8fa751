//! The interface on a ledger with years of closed cases: it reads the open cases first (what the
//! built-in views of open work show) and the closed ones only when something on screen can show
//! one, yet every tab counts and every case can be reached.

use crate::support::tui;

use taizhang::demo;
use taizhang::ledger::Lang;
use tui::*;

fn generated(dir: &std::path::Path) -> (taizhang::ledger::Ledger, usize) {
    let ledger = open(dir);
    demo::generate(&ledger, 200, 3).expect("generated");
    let open = ledger.open_cases().expect("open cases").len();
    assert!(
        open > 0 && open < 200,
        "the generator makes open and closed cases ({open} open)"
    );
    (ledger, open)
}

#[test]
fn the_open_cases_are_read_first_and_the_closed_ones_when_the_all_view_is_shown() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (ledger, open) = generated(dir.path());
    let mut a = app(ledger, Lang::En);
    assert_eq!(a.total(), 200);
    assert_eq!(
        a.rows.len(),
        open,
        "only the open cases are read for the views of open work"
    );
    let all = a
        .views
        .iter()
        .position(|v| v.query.is_empty())
        .expect("an all view");
    assert_eq!(a.counts[all], 200, "the All tab counts every case");
    while a.view != all {
        press(&mut a, "tab");
    }
    assert_eq!(a.rows.len(), 200);
    assert_eq!(a.shown.len(), 200);
    let screen = text(&draw(&mut a, 100, 30), "wang");
    assert!(screen.contains("200/200"), "{screen}");
}

#[test]
fn a_saved_view_of_closed_cases_is_counted_from_the_start() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (ledger, open) = generated(dir.path());
    let closed = 200 - open;
    let views = dir.path().join("views.toml");
    std::fs::write(&views, "[[view]]\nname = \"办结\"\nquery = \"closed\"\n").expect("write");
    let a = app(ledger, Lang::Zh)
        .with_saved_views(views)
        .expect("views load");
    let i = a
        .views
        .iter()
        .position(|v| v.name == "办结")
        .expect("the saved view");
    assert_eq!(a.counts[i], closed);
    assert_eq!(a.rows.len(), 200);
}
