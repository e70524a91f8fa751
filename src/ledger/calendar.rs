//! Day arithmetic (DOMAIN.md "Days"): periods in calendar days with the start day not counted;
//! a last day that falls on a holiday rolls over to the next working day (民法典 arts 201, 203);
//! working days where a rule says so. Holidays and make-up working days (调休) come from a
//! calendar file the office maintains; with no file, plain calendar days and Monday–Friday.

use std::collections::BTreeSet;
use std::path::Path;

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};
use serde::Deserialize;

use super::error::LedgerError;
use super::units::parse_date;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct Calendar {
    holidays: BTreeSet<NaiveDate>,
    workdays: BTreeSet<NaiveDate>,
    /// Without a calendar file, deadlines are plain calendar days (no roll-over).
    has_file: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CalendarFile {
    #[serde(default)]
    holidays: Vec<String>,
    #[serde(default)]
    workdays: Vec<String>,
}

impl Calendar {
    pub fn none() -> Calendar {
        Calendar::default()
    }

    /// Parse a calendar file: `holidays = ["2026-10-01..2026-10-07", "2026-01-01"]` and
    /// `workdays = ["2026-09-27"]` (weekend days worked in exchange, 调休).
    pub fn parse(text: &str, origin: &str) -> Result<Calendar, LedgerError> {
        let file: CalendarFile = toml::from_str(text).map_err(|e| LedgerError::Config {
            path: origin.to_string(),
            message: e.message().to_string(),
        })?;
        let mut cal = Calendar {
            has_file: true,
            ..Calendar::default()
        };
        let expand =
            |items: &[String], into: &mut BTreeSet<NaiveDate>| -> Result<(), LedgerError> {
                for item in items {
                    let wrap = |e: LedgerError| LedgerError::Config {
                        path: origin.to_string(),
                        message: format!("{e} (in {item:?})"),
                    };
                    if let Some((a, b)) = item.split_once("..") {
                        let (a, b) = (parse_date(a).map_err(wrap)?, parse_date(b).map_err(wrap)?);
                        if b < a || (b - a).num_days() > 366 {
                            return Err(LedgerError::Config {
                                path: origin.to_string(),
                                message: format!(
                                    "range {item:?} must run forwards and span at most a year"
                                ),
                            });
                        }
                        into.extend(a.iter_days().take_while(|d| *d <= b));
                    } else {
                        into.insert(parse_date(item).map_err(wrap)?);
                    }
                }
                Ok(())
            };
        expand(&file.holidays, &mut cal.holidays)?;
        expand(&file.workdays, &mut cal.workdays)?;
        Ok(cal)
    }

    pub fn load(path: &Path) -> Result<Calendar, LedgerError> {
        let text = super::text::read_small(path).map_err(|e| LedgerError::Config {
            path: path.display().to_string(),
            message: format!("cannot read the holiday calendar: {e}"),
        })?;
        Calendar::parse(&text, &path.display().to_string())
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.workdays.contains(&d) {
            return true;
        }
        if self.holidays.contains(&d) {
            return false;
        }
        !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// The last day of a period moves past holidays and weekends to the next working day,
    /// when the office keeps a calendar.
    pub fn roll_forward(&self, mut d: NaiveDate) -> NaiveDate {
        if !self.has_file {
            return d;
        }
        // A holiday run is never longer than a few weeks; the bound guards a malformed file.
        for _ in 0..400 {
            if self.is_working_day(d) {
                break;
            }
            d = d.succ_opt().unwrap_or(d);
        }
        d
    }

    /// `n` calendar days after `start` (start day not counted), rolled over holidays.
    pub fn add_days(&self, start: NaiveDate, n: i64) -> NaiveDate {
        self.roll_forward(shift(start, n))
    }

    /// `n` months after `start` (the same day of the month, or the month's last day).
    pub fn add_months(&self, start: NaiveDate, n: u32) -> NaiveDate {
        self.roll_forward(start.checked_add_months(Months::new(n)).unwrap_or(start))
    }

    /// The `n`th working day after `start`.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> NaiveDate {
        let mut d = start;
        let mut left = n;
        while left > 0 {
            d = match d.succ_opt() {
                Some(x) => x,
                None => return d,
            };
            if self.is_working_day(d) {
                left -= 1;
            }
        }
        d
    }
}

/// `d` moved by `n` days, saturating at the ends of the calendar.
pub fn shift(d: NaiveDate, n: i64) -> NaiveDate {
    if n >= 0 {
        d.checked_add_days(Days::new(n as u64)).unwrap_or(d)
    } else {
        d.checked_sub_days(Days::new(n.unsigned_abs())).unwrap_or(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn national_day() -> Calendar {
        Calendar::parse(
            r#"holidays = ["2026-10-01..2026-10-07", "2026-01-01"]
               workdays = ["2026-09-27", "2026-10-10"]"#,
            "test",
        )
        .unwrap()
    }

    #[test]
    fn start_day_not_counted_across_month_ends_and_leap_years() {
        let c = Calendar::none();
        assert_eq!(c.add_days(d(2026, 1, 20), 15), d(2026, 2, 4));
        assert_eq!(c.add_days(d(2028, 2, 14), 15), d(2028, 2, 29));
        assert_eq!(c.add_days(d(2026, 2, 14), 15), d(2026, 3, 1));
        assert_eq!(c.add_days(d(2026, 12, 20), 15), d(2027, 1, 4));
        assert_eq!(c.add_months(d(2026, 8, 31), 6), d(2027, 2, 28));
        assert_eq!(c.add_months(d(2027, 8, 31), 6), d(2028, 2, 29));
    }

    #[test]
    fn without_a_calendar_a_weekend_deadline_stays() {
        // 2026-10-03 is a Saturday in the National Day holiday; no file, no roll-over.
        assert_eq!(
            Calendar::none().add_days(d(2026, 9, 18), 15),
            d(2026, 10, 3)
        );
    }

    #[test]
    fn a_deadline_on_a_holiday_rolls_to_the_next_working_day() {
        let c = national_day();
        assert_eq!(c.add_days(d(2026, 9, 18), 15), d(2026, 10, 8));
        // A Saturday that is a make-up working day is a working day.
        assert_eq!(c.add_days(d(2026, 9, 12), 15), d(2026, 9, 27));
        // 2026-01-01 is a holiday: roll to Friday the 2nd.
        assert_eq!(c.add_days(d(2025, 12, 2), 30), d(2026, 1, 2));
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let c = national_day();
        // Mon 2026-09-28 + 5 working days: 29, 30, (1-7 holiday), 8, 9, 10 (make-up Saturday).
        assert_eq!(c.add_working_days(d(2026, 9, 28), 5), d(2026, 10, 10));
        // No file: Monday to Friday.
        assert_eq!(
            Calendar::none().add_working_days(d(2026, 11, 20), 5),
            d(2026, 11, 27)
        );
    }

    #[test]
    fn bad_calendar_files_are_refused_with_their_name() {
        for text in [
            "holidays = [\"2026-02-30\"]",
            "holiday = []",
            "holidays = [\"2026-10-07..2026-10-01\"]",
        ] {
            let e = Calendar::parse(text, "cal.toml").unwrap_err().to_string();
            assert!(e.contains("cal.toml"), "{e}");
        }
    }
}
