//! Snapshots of what officers read: the report's Markdown in Chinese and English, the summary
//! screen, and the dashboard drawn at 80×24 — all from the fixture ledger on a fixed day.

use crate::support::report_fixture;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use report_fixture::{build, today};
use taizhang::cli::summary::{LINES, WIDTH, screen};
use taizhang::ledger::report::{Dashboard, Data, markdown};
use taizhang::ledger::text::width;
use taizhang::ledger::{Calendar, Lang};

#[test]
fn report_markdown_zh() {
    let f = build().figures("2026H1");
    insta::assert_snapshot!(markdown(&f, Lang::Zh, false));
}

#[test]
fn report_markdown_en() {
    let f = build().figures("2026H1");
    insta::assert_snapshot!(markdown(&f, Lang::En, false));
}

#[test]
fn report_markdown_zh_approx_q3() {
    let f = build().figures("2026Q3");
    insta::assert_snapshot!(markdown(&f, Lang::Zh, true));
}

fn check_fits(lines: &[String]) {
    assert!(lines.len() <= LINES, "{} lines", lines.len());
    for l in lines {
        assert!(width(l) <= WIDTH, "{} columns: {l}", width(l));
    }
}

#[test]
fn summary_screen_zh() {
    let f = build().figures("2026-01-01..2026-11-25");
    let lines = screen(&f, Lang::Zh);
    check_fits(&lines);
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn summary_screen_en() {
    let f = build().figures("2026-01-01..2026-11-25");
    let lines = screen(&f, Lang::En);
    check_fits(&lines);
    insta::assert_snapshot!(lines.join("\n"));
}

fn dashboard(lang: Lang, w: u16, h: u16) -> Terminal<TestBackend> {
    let fx = build();
    let data = Data::read(&fx.ledger).expect("read");
    let d = Dashboard::from_data(&data, &Calendar::none(), today()).expect("dashboard");
    let mut t = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    t.draw(|f| taizhang::tui::dashboard::render(f, f.area(), &d, lang))
        .expect("draw");
    t
}

#[test]
fn dashboard_80x24_zh() {
    let t = dashboard(Lang::Zh, 80, 24);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn dashboard_80x24_en() {
    let t = dashboard(Lang::En, 80, 24);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn dashboard_survives_a_narrow_terminal() {
    // Drawn without panicking and still naming the overdue count in text.
    let t = dashboard(Lang::Zh, 40, 12);
    // A wide character fills two cells, the second blank: read the text without blanks.
    let text: String = t
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .filter(|s| !s.trim().is_empty())
        .collect();
    assert!(text.contains("逾期"), "{text}");
    let t = dashboard(Lang::En, 20, 5);
    assert_eq!(t.backend().buffer().area.width, 20);
}

/// Prints the dashboard of the demo ledger for a look (`--ignored --nocapture`); the demo's
/// dates follow the clock, so it is not a snapshot.
#[test]
#[ignore = "prints the demo ledger's dashboard"]
fn print_demo_dashboard() {
    let dir = tempfile::tempdir().expect("dir");
    let ledger =
        taizhang::ledger::Ledger::open(&dir.path().join("l.redb"), Calendar::none()).expect("open");
    taizhang::demo::load(&ledger).expect("demo");
    let today = taizhang::ledger::clock::today();
    let d = Dashboard::compute(&ledger, today).expect("dashboard");
    for lang in [Lang::Zh, Lang::En] {
        let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        t.draw(|f| taizhang::tui::dashboard::render(f, f.area(), &d, lang))
            .expect("draw");
        let buf = t.backend().buffer();
        for y in 0..buf.area.height {
            let mut line = String::new();
            let mut skip = 0;
            for x in 0..buf.area.width {
                if skip > 0 {
                    skip -= 1;
                    continue;
                }
                let s = buf[(x, y)].symbol();
                skip = taizhang::ledger::text::width(s).saturating_sub(1);
                line.push_str(s);
            }
            println!("{line}");
        }
    }
}
