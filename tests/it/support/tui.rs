//! Shared by the interface tests: a ledger of Chinese cases on fixed days, an app over it with a
//! fixed today, key presses, and the screen as text.

use std::path::Path;

use chrono::{NaiveDate, TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use taizhang::ledger::calendar::Calendar;
use taizhang::ledger::{Command, Kind, Lang, Ledger, NoteType, Request};
use taizhang::tui::keymap::Key;
use taizhang::tui::theme::Theme;
use taizhang::tui::{App, Keymap, ui};

/// The day the fixture's deadlines are counted to.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 20).expect("a real day")
}

pub fn open(dir: &Path) -> Ledger {
    Ledger::open(&dir.join("ledger.redb"), Calendar::none()).expect("a new ledger opens")
}

fn create(kind: Kind, title: &str, fields: &[(&str, &str)]) -> Request {
    Command::Create {
        kind,
        title: title.into(),
        fields: fields
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
        source: None,
    }
    .into()
}

fn mv(id: &str, to: &str, note: Option<&str>) -> Request {
    Command::Move {
        id: id.into(),
        to: to.into(),
        note: note.map(String::from),
        fields: vec![],
        urgent: None,
    }
    .into()
}

/// Five open cases, one of each kind, with Chinese titles and parties, made on fixed days:
/// XF-2026-0001 is officer wang's and overdue on [`today`], LD-2026-0001 is due in 7 days,
/// YH-2026-0001 in 2, the others have no running deadline.
pub fn fixture(ledger: &Ledger) {
    let me = "wang".to_string();
    let reqs = vec![
        create(
            Kind::Petition,
            "联合村草尼马上访 要求兑现征地补偿款",
            &[
                ("party", "联合村村民 张三等15人"),
                ("assignee", &me),
                ("people", "15"),
                ("channel", "来访"),
                ("phone", "13812345678"),
                ("petitioners", "张三、李四"),
                ("priority", "urgent"),
            ],
        ),
        mv("XF-2026-0001", "accepted", Some("已书面告知受理")),
        Command::Note {
            id: "XF-2026-0001".into(),
            note_type: NoteType::Visit,
            text: "到联合村走访,听取诉求".into(),
            people: Some(15),
            date: None,
        }
        .into(),
        create(
            Kind::Labour,
            "德乐电子拖欠23名工人工资",
            &[
                ("party", "德乐电子有限公司"),
                ("amount_claimed", "125000"),
                ("workers", "23"),
                ("priority", "high"),
                ("assignee", &me),
            ],
        ),
        mv("LD-2026-0001", "mediating", None),
        create(
            Kind::Hazard,
            "储罐区消防通道堵塞",
            &[
                ("party", "云达化工有限公司"),
                ("grade", "major"),
                ("rectify_by", "2026-05-22"),
            ],
        ),
        mv("YH-2026-0001", "notified", None),
        create(
            Kind::Land,
            "勐梭片区第二期征地 李四户",
            &[("party", "李四"), ("area_mu", "3.2575")],
        ),
        create(
            Kind::Demolition,
            "园区东路违章钢构棚",
            &[("party", "王五"), ("area_m2", "356.5"), ("assignee", "li")],
        ),
    ];
    let days = [
        (3, 1),
        (3, 5),
        (3, 10),
        (5, 12),
        (5, 12),
        (5, 15),
        (5, 15),
        (4, 1),
        (4, 10),
    ];
    ledger
        .execute_batch_with(reqs, |i| {
            let (m, d) = days[i];
            let day = NaiveDate::from_ymd_opt(2026, m, d).expect("a real day");
            (
                Utc.with_ymd_and_hms(2026, m, d, 12, 0, 0)
                    .single()
                    .expect("a real time"),
                day,
            )
        })
        .expect("the fixture is valid");
}

pub fn keymap() -> Keymap {
    Keymap::load(Some("default"), None).expect("the default keymap loads")
}

/// An app over `ledger`, counting deadlines to [`today`], without colours (tests that check
/// colours set the theme).
pub fn app(ledger: Ledger, lang: Lang) -> App {
    let mut app = App::new(ledger, lang, keymap())
        .expect("the app starts")
        .with_command_line(taizhang::cli::typed::parse);
    app.theme = Theme::mono();
    app.ledger_label = "ledger.redb".into();
    app.set_today(today());
    app.set_user("wang");
    app.open_start_view();
    app
}

/// Press the keys written as in keymap files, separated by spaces: `"j j m enter"`.
pub fn press(app: &mut App, keys: &str) {
    for k in keys.split_whitespace() {
        let key = Key::parse(k).unwrap_or_else(|e| panic!("{k}: {e}"));
        app.handle_event(Event::Key(KeyEvent::new_with_kind(
            key.code,
            key.mods,
            KeyEventKind::Press,
        )));
    }
}

/// Type text one character at a time, as a keyboard (or an input method) would.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_event(Event::Key(KeyEvent::new_with_kind(
            KeyCode::Char(c),
            KeyModifiers::NONE,
            KeyEventKind::Press,
        )));
    }
}

/// Draw at `w`×`h`, as the program does: the app is fitted to the window, then drawn.
pub fn draw(app: &mut App, w: u16, h: u16) -> Buffer {
    app.fit(ratatui::layout::Rect::new(0, 0, w, h));
    let app = &*app;
    let mut term = Terminal::new(TestBackend::new(w, h)).expect("a test terminal");
    term.draw(|f| ui::draw(f, app))
        .expect("drawing never fails");
    term.backend().buffer().clone()
}

/// The buffer as lines of text (wide characters once), with what differs between machines —
/// the account running the tests, the time zone of the history times — written as placeholders.
pub fn text(buf: &Buffer, user: &str) -> String {
    let mut out = String::new();
    let w = buf.area.width as usize;
    for row in buf.content.chunks(w) {
        let mut skip = 0usize;
        let mut line = String::new();
        for c in row {
            if skip == 0 {
                line.push_str(c.symbol());
            }
            skip = skip
                .max(
                    c.symbol()
                        .chars()
                        .map(|ch| unicode_width::UnicodeWidthChar::width(ch).unwrap_or(0))
                        .sum::<usize>()
                        .max(1),
                )
                .saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    mask(&out, user)
}

pub fn mask(s: &str, user: &str) -> String {
    let mut out = String::new();
    for line in s.lines() {
        let mut l = line.to_string();
        // History times are shown in the local time zone: "2026-03-01 10:30".
        let chars: Vec<char> = l.chars().collect();
        let mut fixed = String::new();
        let mut i = 0;
        while i < chars.len() {
            let is_time = i + 5 <= chars.len()
                && chars[i].is_ascii_digit()
                && chars[i + 1].is_ascii_digit()
                && chars[i + 2] == ':'
                && chars[i + 3].is_ascii_digit()
                && chars[i + 4].is_ascii_digit()
                && i >= 1
                && chars[i - 1] == ' ';
            if is_time {
                fixed.push_str("hh:mm");
                i += 5;
            } else {
                fixed.push(chars[i]);
                i += 1;
            }
        }
        l = fixed;
        // Today, as the forms' "when" field is prefilled.
        l = l.replace(&chrono::Local::now().date_naive().to_string(), "yyyy-mm-dd");
        // The account that made the history events, in its 8-column slot.
        l = l.replace(&taizhang::ledger::text::pad(user, 8), "officer ");
        out.push_str(&l);
        out.push('\n');
    }
    out
}
