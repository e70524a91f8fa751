//! The assessment rates and the new kinds of period, on the hand-worked ledger of
//! `support/words_fixture.rs` (dates and deadlines are in its comments; the arithmetic is here).
//! National rules, plain calendar days.

use crate::support::{report_fixture, words_fixture};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use report_fixture::{d, today};
use rust_decimal::Decimal;
use taizhang::cli::summary::{LINES, WIDTH, screen};
use taizhang::ledger::report::{Dashboard, Data, Period, Rate, markdown};
use taizhang::ledger::text::width;
use taizhang::ledger::{Calendar, Lang};

fn dec(s: &str) -> Decimal {
    s.parse().expect("decimal")
}

fn rate(num: &str, den: &str, pct: Option<&str>) -> Rate {
    Rate {
        numerator: dec(num),
        denominator: dec(den),
        percent: pct.map(dec),
    }
}

#[test]
fn petition_rates_of_the_half_year_by_hand() {
    let fx = words_fixture::build();
    let r = fx.figures("2026H1").rates;
    // 及时受理: decisions in H1 — A1 (01-20, due 01-20: the last day counts), A2 (02-17, due
    // 02-16: late), A3, A4 (a refusal is a decision too), A6, A8 on time — and A5, still
    // registered on 30 June past its due date 06-16: 5 on time of 7 = 71.4%. A7's decision was in
    // 2025.
    assert_eq!(r.timely_acceptance, rate("5", "7", Some("71.4")));
    // 按期办结: answered in H1 — A1 on its last day (03-21), A2 by its extended date (05-10 ≤
    // 05-18), A3 by its date moved by a 20-day pause (05-25 ≤ 05-29), A8 — and A7, awaiting its
    // answer since 2026-02-03: 4 of 5 = 80%. A6's answer is due 07-04, not yet.
    assert_eq!(r.answered_on_time, rate("4", "5", Some("80")));
    // 群众满意: closed in H1 with a satisfaction: A1 满意, A2 不满意, A3 满意, A8 基本满意: 3 of 4.
    assert_eq!(r.satisfaction, rate("3", "4", Some("75")));
    // 重复访: registered in H1: A1, A2, A3, A4, A5, A6, A8 = 7, of them A2 and A4 repeat: 28.6%.
    assert_eq!(r.repeat, rate("2", "7", Some("28.6")));
}

#[test]
fn hazard_and_labour_rates_of_the_half_year_by_hand() {
    let fx = words_fixture::build();
    let f = fx.figures("2026H1");
    let r = &f.rates;
    // 整改率: found in H1: H1, H3, H4, H5; closed by 30 June: H1, H5: 2 of 4.
    assert_eq!(r.rectification, rate("2", "4", Some("50")));
    // 按期整改: H1 closed 02-08 by 02-10 (on time); H2 closed 01-25 after 01-15; H5's last close
    // 03-15 after 03-01 (its first, on time, was undone by the reopening); H3 open past 04-01;
    // H4 not due until 07-31: 1 of 4.
    assert_eq!(r.rectified_on_time, rate("1", "4", Some("25")));
    // 追回率: B1, B2, B3 handled; recovered 10000 + 0 + 12000.25 = 22000.25 of claimed 10000 +
    // 5000 + 30000.50 = 45000.50: 48.8889% → 48.9%.
    assert_eq!(r.recovery, rate("22000.25", "45000.50", Some("48.9")));
    assert_eq!(f.labour.recovery_rate, Some(dec("48.9")));
}

#[test]
fn a_month_counts_its_own_acts() {
    let fx = words_fixture::build();
    let f = fx.figures("2026-05");
    assert_eq!(
        (f.period.from, f.period.to),
        (d(2026, 5, 1), d(2026, 5, 31))
    );
    assert_eq!(Period::parse("2026年5月").expect("month"), f.period);
    assert_eq!(Period::parse("2026/5").expect("month"), f.period);
    let r = &f.rates;
    // A6 accepted 05-05 on time; A5 is not registered until June.
    assert_eq!(r.timely_acceptance, rate("1", "1", Some("100")));
    // A8 (05-01), A2 (05-10), A3 (05-25) answered on time; A7 still waiting past its date.
    assert_eq!(r.answered_on_time, rate("3", "4", Some("75")));
    // Closed in May: A8 基本满意 (05-05), A2 不满意 (05-20).
    assert_eq!(r.satisfaction, rate("1", "2", Some("50")));
    // Registered in May: A6 only, not a repeat: a true 0%, not "—".
    assert_eq!(r.repeat, rate("0", "1", Some("0")));
    // Found in May: H4, open. Nothing closed; H3 open past 04-01.
    assert_eq!(r.rectification, rate("0", "1", Some("0")));
    assert_eq!(r.rectified_on_time, rate("0", "1", Some("0")));
    // Handled in May: B3 only (closed 05-01): 12000.25 of 30000.50 = 40.0002% → 40%.
    assert_eq!(r.recovery, rate("12000.25", "30000.50", Some("40")));
    let zh = markdown(&f, Lang::Zh, false);
    assert!(zh.starts_with("# 2026年5月工作总结"), "{zh}");
    assert!(zh.contains("5月登记信访事项1件"), "{zh}");
    let en = markdown(&f, Lang::En, false);
    assert!(en.starts_with("# Work summary figures: May 2026"), "{en}");
}

#[test]
fn an_iso_week_counts_monday_to_sunday() {
    let fx = words_fixture::build();
    let f = fx.figures("2026W19");
    // ISO week 19 of 2026 runs Monday 4 May to Sunday 10 May.
    assert_eq!(
        (f.period.from, f.period.to),
        (d(2026, 5, 4), d(2026, 5, 10))
    );
    assert_eq!(Period::parse("2026-W19").expect("week"), f.period);
    assert_eq!(Period::parse("2026年第19周").expect("week"), f.period);
    let r = &f.rates;
    // A6 accepted 05-05; A2 answered 05-10 on time, A7 waiting past its date; A8 closed 05-05.
    assert_eq!(r.timely_acceptance, rate("1", "1", Some("100")));
    assert_eq!(r.answered_on_time, rate("1", "2", Some("50")));
    assert_eq!(r.satisfaction, rate("1", "1", Some("100")));
    assert_eq!(f.period.title(Lang::Zh), "2026年第19周(5月4日至5月10日)");
    // Week 1 of 2026 starts in 2025 (1 January 2026 is a Thursday).
    let w1 = Period::parse("2026W01").expect("week");
    assert_eq!((w1.from, w1.to), (d(2025, 12, 29), d(2026, 1, 4)));
    for bad in ["2026W54", "2026-13", "2026年13月", "2026W0"] {
        let e = Period::parse(bad).expect_err(bad).to_string();
        assert!(e.contains("2026W22") && e.contains("2026-05"), "{bad}: {e}");
    }
}

#[test]
fn an_empty_denominator_is_a_dash_never_zero_or_a_hundred() {
    let fx = words_fixture::build();
    // Week 30 (20-26 July): nothing decided, answered, closed or registered. A5 still waits for
    // its acceptance decision (due 06-16), A6 and A7 for their answers (due 07-04 and 02-03):
    // late, 0 of 1 and 0 of 2 — true zeros.
    let f = fx.figures("2026W30");
    let r = &f.rates;
    assert_eq!(r.timely_acceptance, rate("0", "1", Some("0")));
    assert_eq!(r.answered_on_time, rate("0", "2", Some("0")));
    assert_eq!(r.satisfaction, rate("0", "0", None));
    assert_eq!(r.repeat, rate("0", "0", None));
    assert_eq!(r.satisfaction.text(Lang::Zh), "—");
    assert_eq!(r.satisfaction.text(Lang::En), "n/a");
    assert_eq!(r.timely_acceptance.text(Lang::Zh), "0%");
    let zh = markdown(&f, Lang::Zh, false);
    assert!(
        zh.contains("及时受理率0%、按期办结率0%、群众满意率—、重复访率—"),
        "{zh}"
    );
    let en = markdown(&f, Lang::En, false);
    assert!(
        en.contains("satisfaction: n/a; repeat petitions: n/a"),
        "{en}"
    );
    // The summary screen says the same and still fits.
    for lang in [Lang::Zh, Lang::En] {
        let lines = screen(&f, lang);
        assert!(lines.len() <= LINES, "{lines:?}");
        assert!(lines.iter().all(|l| width(l) <= WIDTH), "{lines:?}");
        let text = lines.join("\n");
        match lang {
            Lang::Zh => assert!(text.contains("群众满意率— · 重复访率—"), "{text}"),
            Lang::En => assert!(
                text.contains("on time: accepted 0%, answered 0%")
                    && text.contains("satisfied n/a"),
                "{text}"
            ),
        }
    }
}

#[test]
fn the_report_json_and_dashboard_carry_the_rates() {
    let fx = words_fixture::build();
    let f = fx.figures("2026H1");
    let v = serde_json::to_value(&f).expect("json");
    assert_eq!(v["rates"]["timely_acceptance"]["numerator"], "5");
    assert_eq!(v["rates"]["timely_acceptance"]["denominator"], "7");
    assert_eq!(v["rates"]["timely_acceptance"]["percent"], "71.4");
    assert_eq!(v["rates"]["recovery"]["percent"], "48.9");
    let w30 = serde_json::to_value(fx.figures("2026W30")).expect("json");
    assert!(w30["rates"]["satisfaction"]["percent"].is_null(), "{w30}");

    // The dashboard shows this year's rates (1 January to today) as the summary counts them.
    let data = Data::read(&fx.ledger).expect("read");
    let db = Dashboard::from_data(&data, &Calendar::none(), today()).expect("dashboard");
    let ytd = fx.figures("2026-01-01..2026-11-25").rates;
    for ((name, a), (_, b)) in db.rates.named().zip(ytd.named()) {
        assert_eq!(a, b, "{}", name.key);
    }
    for (lang, want) in [
        (Lang::Zh, ["及时受理率", "按期整改率", "追回率"]),
        (Lang::En, ["on time: accepted", "answered", "recovered"]),
    ] {
        let mut t = Terminal::new(TestBackend::new(80, 24)).expect("terminal");
        t.draw(|fr| taizhang::tui::dashboard::render(fr, fr.area(), &db, lang))
            .expect("draw");
        let screen = crate::support::tui::text(t.backend().buffer(), "");
        for w in want {
            assert!(screen.contains(w), "{lang:?} missing {w}");
        }
    }
}
