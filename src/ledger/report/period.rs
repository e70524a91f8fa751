//! Report periods as offices name them: a year, a half (上半年/下半年), a quarter, a month, an ISO
//! week, or a range of days.

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;

use crate::ledger::error::{LedgerError, Result};
use crate::ledger::i18n::Lang;
use crate::ledger::units::parse_date;

/// A closed range of days, and how it was named (which decides how a report words it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Period {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub name: PeriodName,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum PeriodName {
    Year {
        year: i32,
    },
    Half {
        year: i32,
        half: u8,
    },
    Quarter {
        year: i32,
        quarter: u8,
    },
    Month {
        year: i32,
        month: u8,
    },
    /// An ISO week (Monday to Sunday) of an ISO week-numbering year.
    Week {
        year: i32,
        week: u8,
    },
    Range,
}

const FORMS: &str = "write 2026, 2026H1, 2026H2, 2026Q1 to 2026Q4, a month (2026-05, 2026年5月), an ISO week (2026W22), or FROM..TO such as 2026-01-01..2026-06-30";

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn year_end(y: i32) -> Option<NaiveDate> {
    ymd(y, 12, 31)
}

impl Period {
    /// A range of days; `from` after `to` is an error.
    pub fn range(from: NaiveDate, to: NaiveDate) -> Result<Period> {
        if from > to {
            return Err(LedgerError::BadValue {
                what: "period".into(),
                value: format!("{from}..{to}"),
                hint: "the first day must not be after the last".into(),
            });
        }
        Ok(Period {
            from,
            to,
            name: PeriodName::Range,
        })
    }

    pub fn year(year: i32) -> Option<Period> {
        Some(Period {
            from: ymd(year, 1, 1)?,
            to: year_end(year)?,
            name: PeriodName::Year { year },
        })
    }

    /// 1 January of `today`'s year to `today`: the summaries' "今年以来".
    pub fn year_to_date(today: NaiveDate) -> Period {
        let from = ymd(today.year(), 1, 1).unwrap_or(today);
        Period {
            from,
            to: today,
            name: PeriodName::Range,
        }
    }

    /// The period of the command line: `--period`, or `--from`/`--to` (either may be left out:
    /// from 1 January of the last day's year, to today), or this year to date. Both forms at
    /// once are refused.
    pub fn from_args(
        period: Option<&str>,
        from: Option<&str>,
        to: Option<&str>,
        today: NaiveDate,
    ) -> Result<Period> {
        match (period, from.is_some() || to.is_some()) {
            (Some(p), true) => Err(LedgerError::BadValue {
                what: "period".into(),
                value: p.trim().to_string(),
                hint: "give either --period or --from/--to, not both".into(),
            }),
            (Some(p), false) => Period::parse(p),
            (None, _) => {
                let to = to.map(parse_date).transpose()?.unwrap_or(today);
                let from = match from {
                    Some(s) => parse_date(s)?,
                    None => ymd(to.year(), 1, 1).unwrap_or(to),
                };
                Period::range(from, to)
            }
        }
    }

    /// Parse `2026`, `2026H1`, `2026h2`, `2026Q3`, `2026年上半年`, `2026上半年`, `2026年`, a month
    /// (`2026-05`, `2026/5`, `2026年5月`), an ISO week (`2026W22`, `2026-W22`, `2026年第22周`),
    /// or `FROM..TO` with dates in any form the ledger accepts.
    pub fn parse(s: &str) -> Result<Period> {
        let t = s.trim();
        let bad = || LedgerError::BadValue {
            what: "period".into(),
            value: t.to_string(),
            hint: FORMS.into(),
        };
        if let Some((a, b)) = t.split_once("..") {
            let from = parse_date(a).map_err(|_| bad())?;
            let to = parse_date(b).map_err(|_| bad())?;
            return Period::range(from, to);
        }
        let digits: String = t.chars().take_while(char::is_ascii_digit).collect();
        if digits.len() != 4 {
            return Err(bad());
        }
        let year: i32 = digits.parse().map_err(|_| bad())?;
        if !(1900..=2200).contains(&year) {
            return Err(bad());
        }
        let rest = t[digits.len()..]
            .trim_start_matches('年')
            .trim()
            .to_ascii_uppercase();
        let half = |h: u8| -> Option<Period> {
            let (from, to) = if h == 1 {
                (ymd(year, 1, 1)?, ymd(year, 6, 30)?)
            } else {
                (ymd(year, 7, 1)?, year_end(year)?)
            };
            Some(Period {
                from,
                to,
                name: PeriodName::Half { year, half: h },
            })
        };
        let quarter = |q: u8| -> Option<Period> {
            let m0 = u32::from(q - 1) * 3 + 1;
            let from = ymd(year, m0, 1)?;
            let to = if q == 4 {
                year_end(year)?
            } else {
                ymd(year, m0 + 3, 1)?.pred_opt()?
            };
            Some(Period {
                from,
                to,
                name: PeriodName::Quarter { year, quarter: q },
            })
        };
        let month = |m: u32| -> Option<Period> {
            let from = ymd(year, m, 1)?;
            let to = if m == 12 {
                year_end(year)?
            } else {
                ymd(year, m + 1, 1)?.pred_opt()?
            };
            Some(Period {
                from,
                to,
                name: PeriodName::Month {
                    year,
                    month: u8::try_from(m).ok()?,
                },
            })
        };
        let week = |n: u32| -> Option<Period> {
            let from = NaiveDate::from_isoywd_opt(year, n, Weekday::Mon)?;
            let to = NaiveDate::from_isoywd_opt(year, n, Weekday::Sun)?;
            Some(Period {
                from,
                to,
                name: PeriodName::Week {
                    year,
                    week: u8::try_from(n).ok()?,
                },
            })
        };
        let number = |s: &str| -> Option<u32> {
            (!s.is_empty() && s.len() <= 2 && s.chars().all(|c| c.is_ascii_digit()))
                .then(|| s.parse().ok())
                .flatten()
        };
        // A month: 2026-05, 2026/5, 2026.5, 2026年5月.
        let as_month = rest
            .strip_prefix(['-', '/', '.'])
            .or_else(|| rest.strip_suffix('月'))
            .map(|m| m.trim_end_matches('月'))
            .and_then(number);
        // A week: 2026W22, 2026-W22, 2026年第22周.
        let as_week = rest
            .strip_prefix('W')
            .or_else(|| rest.strip_prefix("-W"))
            .or_else(|| rest.strip_prefix('第').and_then(|w| w.strip_suffix('周')))
            .and_then(number);
        if let Some(m) = as_month {
            return month(m).ok_or_else(bad);
        }
        if let Some(n) = as_week {
            return week(n).ok_or_else(bad);
        }
        let p = match rest.as_str() {
            "" | "全年" => Period::year(year),
            "H1" | "-H1" | "上半年" => half(1),
            "H2" | "-H2" | "下半年" => half(2),
            "Q1" | "-Q1" | "第一季度" | "一季度" => quarter(1),
            "Q2" | "-Q2" | "第二季度" | "二季度" => quarter(2),
            "Q3" | "-Q3" | "第三季度" | "三季度" => quarter(3),
            "Q4" | "-Q4" | "第四季度" | "四季度" => quarter(4),
            _ => None,
        };
        p.ok_or_else(bad)
    }

    /// The last day stocks are taken on: `to`, or `today` if the period has not ended yet.
    pub fn end(&self, today: NaiveDate) -> NaiveDate {
        self.to.min(today).max(self.from)
    }

    pub fn contains(&self, d: NaiveDate) -> bool {
        self.from <= d && d <= self.to
    }

    /// The period's name as a heading says it: "2026年上半年" / "first half of 2026".
    pub fn title(&self, lang: Lang) -> String {
        match (self.name, lang) {
            (PeriodName::Year { year }, Lang::Zh) => format!("{year}年"),
            (PeriodName::Year { year }, Lang::En) => format!("{year}"),
            (PeriodName::Half { year, half }, Lang::Zh) => {
                format!("{year}年{}", if half == 1 { "上半年" } else { "下半年" })
            }
            (PeriodName::Half { year, half }, Lang::En) => {
                format!(
                    "the {} half of {year}",
                    if half == 1 { "first" } else { "second" }
                )
            }
            (PeriodName::Quarter { year, quarter }, Lang::Zh) => {
                format!("{year}年第{}季度", zh_digit(quarter))
            }
            (PeriodName::Quarter { year, quarter }, Lang::En) => {
                format!("the {} quarter of {year}", ordinal_en(quarter))
            }
            (PeriodName::Month { year, month }, Lang::Zh) => format!("{year}年{month}月"),
            (PeriodName::Month { year, .. }, Lang::En) => {
                format!("{} {year}", MONTHS[self.from.month0() as usize])
            }
            (PeriodName::Week { year, week }, Lang::Zh) => format!(
                "{year}年第{week}周({}至{})",
                date_text(self.from, lang, false),
                date_text(self.to, lang, false)
            ),
            (PeriodName::Week { year, week }, Lang::En) => format!(
                "week {week} of {year} ({} to {})",
                date_text(self.from, lang, false),
                date_text(self.to, lang, false)
            ),
            (PeriodName::Range, _) => format!(
                "{}{}{}",
                date_text(self.from, lang, true),
                lang.pick("至", " to "),
                date_text(self.to, lang, true)
            ),
        }
    }

    /// How a sentence of a report opens: "上半年" / "In the first half of 2026".
    pub fn lead(&self, lang: Lang, today: NaiveDate) -> String {
        let this_year = today.year();
        match (self.name, lang) {
            (PeriodName::Year { year }, Lang::Zh) if year == this_year => "今年以来".into(),
            (PeriodName::Year { year }, Lang::En) if year == this_year => {
                format!("So far in {year}")
            }
            (PeriodName::Year { year }, Lang::Zh) => format!("{year}年"),
            (PeriodName::Year { year }, Lang::En) => format!("In {year}"),
            (PeriodName::Half { half, year }, Lang::Zh) if year == this_year => {
                if half == 1 { "上半年" } else { "下半年" }.into()
            }
            (PeriodName::Quarter { quarter, year }, Lang::Zh) if year == this_year => {
                format!("第{}季度", zh_digit(quarter))
            }
            (PeriodName::Month { month, year }, Lang::Zh) if year == this_year => {
                format!("{month}月")
            }
            (PeriodName::Week { week, year }, Lang::Zh) if year == this_year => {
                format!("第{week}周")
            }
            (PeriodName::Range, Lang::Zh)
                if self.from.month() == 1 && self.from.day() == 1 && self.to == today =>
            {
                "今年以来".into()
            }
            (PeriodName::Range, Lang::En)
                if self.from.month() == 1 && self.from.day() == 1 && self.to == today =>
            {
                format!("So far in {}", self.from.year())
            }
            (_, Lang::Zh) => self.title(Lang::Zh),
            (_, Lang::En) => format!("In {}", self.title(Lang::En)),
        }
    }
}

fn zh_digit(n: u8) -> &'static str {
    ["零", "一", "二", "三", "四"]
        .get(usize::from(n))
        .copied()
        .unwrap_or("")
}

fn ordinal_en(n: u8) -> &'static str {
    ["zeroth", "first", "second", "third", "fourth"]
        .get(usize::from(n))
        .copied()
        .unwrap_or("")
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// "2026年6月30日" / "30 June 2026"; without the year when `year` is false.
pub fn date_text(d: NaiveDate, lang: Lang, year: bool) -> String {
    match lang {
        Lang::Zh if year => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
        Lang::Zh => format!("{}月{}日", d.month(), d.day()),
        Lang::En => {
            let m = MONTHS.get(d.month0() as usize).copied().unwrap_or("");
            if year {
                format!("{} {m} {}", d.day(), d.year())
            } else {
                format!("{} {m}", d.day())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_by_name() {
        let h1 = Period::parse("2026H1").unwrap();
        assert_eq!((h1.from, h1.to), (d(2026, 1, 1), d(2026, 6, 30)));
        let h2 = Period::parse("2026h2").unwrap();
        assert_eq!((h2.from, h2.to), (d(2026, 7, 1), d(2026, 12, 31)));
        let q3 = Period::parse("2026Q3").unwrap();
        assert_eq!((q3.from, q3.to), (d(2026, 7, 1), d(2026, 9, 30)));
        let q1 = Period::parse("2024Q1").unwrap();
        assert_eq!(q1.to, d(2024, 3, 31));
        let y = Period::parse("2026").unwrap();
        assert_eq!((y.from, y.to), (d(2026, 1, 1), d(2026, 12, 31)));
        assert_eq!(Period::parse("2026年上半年").unwrap(), h1);
        let r = Period::parse("2026-01-01..2026/6/30").unwrap();
        assert_eq!((r.from, r.to), (d(2026, 1, 1), d(2026, 6, 30)));
    }

    #[test]
    fn bad_periods_name_the_forms() {
        for s in [
            "2026H3",
            "2026Q5",
            "26H1",
            "H1",
            "",
            "2026-07-01..2026-06-30",
            "2026-02-30..2026-03-01",
            "last year",
        ] {
            let e = Period::parse(s).unwrap_err().to_string();
            assert!(e.contains("period"), "{s}: {e}");
            assert!(!e.contains('\n'), "{s}: {e}");
        }
        assert!(
            Period::parse("2026H3")
                .unwrap_err()
                .to_string()
                .contains("2026Q1")
        );
    }

    #[test]
    fn leads_read_like_the_summaries() {
        let today = d(2026, 11, 25);
        assert_eq!(
            Period::parse("2026H1").unwrap().lead(Lang::Zh, today),
            "上半年"
        );
        assert_eq!(
            Period::parse("2025H1").unwrap().lead(Lang::Zh, today),
            "2025年上半年"
        );
        assert_eq!(
            Period::parse("2026").unwrap().lead(Lang::Zh, today),
            "今年以来"
        );
        assert_eq!(
            Period::parse("2026Q3").unwrap().lead(Lang::En, today),
            "In the third quarter of 2026"
        );
        assert_eq!(
            Period::year_to_date(today).lead(Lang::Zh, today),
            "今年以来"
        );
    }
}
