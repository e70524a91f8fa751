//! Units and the forms offices write them in: dates (2026-05-23, 2026/5/23, 2026.5.23,
//! 2026年5月23日), money in 元 or 万元 with thousands separators, areas in 亩 or m²
//! (1 亩 = 10000/15 m² exactly). Exact decimals throughout; rounding half-up only when shown.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use super::error::LedgerError;
use super::schema::FieldType;

/// 1 亩 in square metres is 10000/15; kept as a ratio so conversions stay exact until shown.
pub fn mu_to_m2(mu: Decimal) -> Decimal {
    mu * Decimal::from(10000) / Decimal::from(15)
}

pub fn m2_to_mu(m2: Decimal) -> Decimal {
    m2 * Decimal::from(15) / Decimal::from(10000)
}

/// Parse a date in any of the forms offices use. Returns a one-line error naming the forms.
pub fn parse_date(s: &str) -> Result<NaiveDate, LedgerError> {
    let t = s.trim();
    let bad = || {
        LedgerError::BadValue {
        what: "date".into(),
        value: t.to_string(),
        hint: "write it as 2026-05-23, 2026/5/23, 2026.5.23 or 2026年5月23日 with a real day of the month".into(),
    }
    };
    let t2 = t.replace(['年', '月', '/', '.'], "-").replace('日', "");
    let parts: Vec<&str> = t2.split('-').collect();
    if parts.len() != 3
        || parts
            .iter()
            .any(|p| p.is_empty() || !p.chars().all(|c| c.is_ascii_digit()) || p.len() > 4)
    {
        return Err(bad());
    }
    let y: i32 = parts[0].parse().map_err(|_| bad())?;
    let m: u32 = parts[1].parse().map_err(|_| bad())?;
    let d: u32 = parts[2].parse().map_err(|_| bad())?;
    if !(1900..=2200).contains(&y) {
        return Err(bad());
    }
    NaiveDate::from_ymd_opt(y, m, d).ok_or_else(bad)
}

/// Parse the day something happened, as an officer types it (`--on`, the forms' "when"): any
/// form [`parse_date`] takes, a day without a year (`12月2日`, `12-2`, `12/2`, `12.2`: this year,
/// or last year if that day is still to come), or `today`/`今天`, `yesterday`/`昨天`.
pub fn parse_day(s: &str, today: NaiveDate) -> Result<NaiveDate, LedgerError> {
    let t = s.trim();
    match t {
        "today" | "今天" | "今日" => return Ok(today),
        "yesterday" | "昨天" | "昨日" => return Ok(today.pred_opt().unwrap_or(today)),
        _ => {}
    }
    let t2 = t.replace(['年', '月', '/', '.'], "-").replace('日', "");
    let parts: Vec<&str> = t2.split('-').collect();
    if parts.len() != 2 {
        return parse_date(t);
    }
    let bad = || LedgerError::BadValue {
        what: "date".into(),
        value: t.to_string(),
        hint: "write it as 2026-05-23, 2026年5月23日, or without the year as 5-23 or 5月23日"
            .into(),
    };
    if parts
        .iter()
        .any(|p| p.is_empty() || p.len() > 2 || !p.chars().all(|c| c.is_ascii_digit()))
    {
        return Err(bad());
    }
    let m: u32 = parts[0].parse().map_err(|_| bad())?;
    let d: u32 = parts[1].parse().map_err(|_| bad())?;
    use chrono::Datelike;
    let this = NaiveDate::from_ymd_opt(today.year(), m, d);
    match this {
        Some(day) if day <= today => Ok(day),
        // Still to come this year (or 29 February in a common year): last year's.
        _ => NaiveDate::from_ymd_opt(today.year() - 1, m, d)
            .filter(|_| m <= 12)
            .ok_or_else(bad),
    }
}

/// Parse a decimal written with optional thousands separators (1,234.50 or 1，234) and an
/// optional unit. Money accepts 元 and 万元 (×10⁴) and 亿元; area in 亩 accepts 亩 or m²/平方米
/// (converted), area in m² accepts m²/平方米 or 亩 (converted). Negative values are refused.
pub fn parse_decimal(s: &str, ty: FieldType) -> Result<Decimal, LedgerError> {
    let raw = s.trim();
    let unit_hint = match ty {
        FieldType::Money => "an amount in 元 such as 12000, 1,200.50 or 1.2万元",
        FieldType::AreaMu => "an area such as 54.8375 (亩) or 2524m² / 2524平方米",
        FieldType::AreaM2 => "an area such as 2524 or 2,524.5 (平方米), or 3.5亩",
        _ => "a number",
    };
    let bad = |why: &str| LedgerError::BadValue {
        what: why.to_string(),
        value: raw.to_string(),
        hint: format!("write {unit_hint}"),
    };
    let mut t: String = raw
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' ' | '_'))
        .collect();
    let mut factor = Decimal::ONE;
    let mut convert: Option<fn(Decimal) -> Decimal> = None;
    let strip = |t: &mut String, suffix: &str| -> bool {
        if t.ends_with(suffix) {
            t.truncate(t.len() - suffix.len());
            true
        } else {
            false
        }
    };
    match ty {
        FieldType::Money => {
            if strip(&mut t, "亿元") || strip(&mut t, "亿") {
                factor = Decimal::from(100_000_000);
            } else if strip(&mut t, "万元") || strip(&mut t, "万") {
                factor = Decimal::from(10_000);
            } else {
                let _ = strip(&mut t, "元");
            }
        }
        FieldType::AreaMu => {
            if strip(&mut t, "平方米")
                || strip(&mut t, "m²")
                || strip(&mut t, "m2")
                || strip(&mut t, "㎡")
            {
                convert = Some(m2_to_mu);
            } else {
                let _ = strip(&mut t, "亩");
            }
        }
        FieldType::AreaM2 => {
            if strip(&mut t, "亩") {
                convert = Some(mu_to_m2);
            } else {
                let _ = strip(&mut t, "平方米")
                    || strip(&mut t, "m²")
                    || strip(&mut t, "m2")
                    || strip(&mut t, "㎡");
            }
        }
        _ => {}
    }
    if t.is_empty()
        || !t
            .chars()
            .all(|c| c.is_ascii_digit() || c == '.' || c == '-')
        || t.matches('.').count() > 1
    {
        return Err(bad("number"));
    }
    if t.starts_with('-') {
        return Err(LedgerError::BadValue {
            what: "amount".into(),
            value: raw.to_string(),
            hint: "amounts and areas cannot be negative".into(),
        });
    }
    // Twelve integer digits (10¹² 元, far beyond any county's budget) is the sanity bound;
    // it also keeps every later sum far inside Decimal's 28 digits.
    let int_digits = t
        .split('.')
        .next()
        .map(|p| p.trim_start_matches('0').len())
        .unwrap_or(0);
    if int_digits > 12 {
        return Err(LedgerError::BadValue {
            what: "amount".into(),
            value: raw.to_string(),
            hint: "the number is too large for an amount or area; check the digits".into(),
        });
    }
    let d: Decimal = t.parse().map_err(|_| bad("number"))?;
    let mut d = d * factor;
    if let Some(f) = convert {
        d = f(d);
    }
    let scale = ty.scale().unwrap_or(4);
    if d.scale() > scale {
        // Unit conversions produce long fractions: keep the field's precision, half-up.
        d = d.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    }
    // The same bound on the amount itself, after rounding, so 10000亿元 is refused as
    // 1000000000000 is, and 999999999999.999 (which rounds up to it) too: a value the ledger
    // holds can always be typed (and imported) back.
    if d >= Decimal::from(1_000_000_000_000u64) {
        return Err(LedgerError::BadValue {
            what: "amount".into(),
            value: raw.to_string(),
            hint: "the number is too large for an amount or area; check the digits".into(),
        });
    }
    Ok(d.normalize().max(Decimal::ZERO))
}

/// Round half-up to `dp` places and show exactly that many.
pub fn fixed(d: Decimal, dp: u32) -> String {
    let mut r = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    r.to_string()
}

/// Money in the unit that reads best: 元 below 10⁴, 万元 below 10⁸, 亿元 above.
pub fn money(d: Decimal) -> String {
    let wan = Decimal::from(10_000);
    let yi = Decimal::from(100_000_000);
    if d.abs() >= yi {
        format!("{}亿元", trim(fixed(d / yi, 4)))
    } else if d.abs() >= wan {
        format!("{}万元", trim(fixed(d / wan, 2)))
    } else {
        format!("{}元", trim(fixed(d, 2)))
    }
}

/// Money in 万元 with two decimals, as summaries state totals.
pub fn wan(d: Decimal) -> String {
    fixed(d / Decimal::from(10_000), 2)
}

fn trim(s: String) -> String {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// An area in 亩 to 4 decimals.
pub fn mu(d: Decimal) -> String {
    fixed(d, 4)
}

/// An area in m² to 2 decimals, trailing zeros dropped (2524, 2524.5).
pub fn m2(d: Decimal) -> String {
    trim(fixed(d, 2))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn a_day_without_a_year_is_this_years_or_last_years() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let d = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert_eq!(parse_day("12月2日", today).unwrap(), d(2026, 12, 2));
        assert_eq!(parse_day("12-2", today).unwrap(), d(2026, 12, 2));
        assert_eq!(parse_day("11/28", today).unwrap(), d(2026, 11, 28));
        assert_eq!(parse_day("12.3", today).unwrap(), d(2026, 12, 3));
        // Still to come this year: last year's.
        assert_eq!(parse_day("12月25日", today).unwrap(), d(2025, 12, 25));
        let jan = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
        assert_eq!(parse_day("12-30", jan).unwrap(), d(2025, 12, 30));
        assert_eq!(parse_day("2026年5月23日", today).unwrap(), d(2026, 5, 23));
        assert_eq!(parse_day("今天", today).unwrap(), today);
        assert_eq!(parse_day("yesterday", today).unwrap(), d(2026, 12, 2));
        for bad in ["13-1", "2-30", "12-", "x-2", "123-4", "", "12月"] {
            assert!(parse_day(bad, today).is_err(), "{bad}");
        }
        // 29 February of a year that has none is refused rather than moved.
        assert!(parse_day("2-29", today).is_err());
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn dates_in_office_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 5, 23).unwrap();
        for s in [
            "2026-05-23",
            "2026/5/23",
            "2026.5.23",
            "2026年5月23日",
            " 2026-5-23 ",
        ] {
            assert_eq!(parse_date(s).unwrap(), d, "{s}");
        }
        for s in [
            "2026-02-30",
            "2026年13月1日",
            "23/05/2026",
            "tomorrow",
            "2026-05",
            "",
        ] {
            assert!(parse_date(s).is_err(), "{s}");
        }
        assert!(parse_date("2028-02-29").is_ok());
    }

    #[test]
    fn areas_sum_exactly() {
        let a = parse_decimal("54.8375", FieldType::AreaMu).unwrap();
        let b = parse_decimal("245.5925亩", FieldType::AreaMu).unwrap();
        assert_eq!(mu(a + b), "300.4300");
        assert_eq!(a + b, dec("300.43"));
        // 0.1 + 0.2 in floating point is 0.30000000000000004; not here.
        assert_eq!(dec("0.1") + dec("0.2"), dec("0.3"));
    }

    #[test]
    fn money_units_and_separators() {
        assert_eq!(
            parse_decimal("1,234.50", FieldType::Money).unwrap(),
            dec("1234.5")
        );
        assert_eq!(
            parse_decimal("1.2万元", FieldType::Money).unwrap(),
            dec("12000")
        );
        assert_eq!(
            parse_decimal("460万", FieldType::Money).unwrap(),
            dec("4600000")
        );
        assert_eq!(money(dec("4600000")), "460万元");
        assert_eq!(money(dec("134570000")), "1.3457亿元");
        assert_eq!(money(dec("4500")), "4500元");
        for bad in [
            "1.2.3",
            "-5",
            "1e30",
            "1000000000000000000000000000000",
            "abc",
            "",
        ] {
            assert!(parse_decimal(bad, FieldType::Money).is_err(), "{bad}");
        }
    }

    #[test]
    fn mu_and_square_metres_convert_exactly() {
        // 1 亩 = 666.67 m² when shown; 15 亩 = exactly 10000 m².
        assert_eq!(m2(mu_to_m2(dec("15"))), "10000");
        assert_eq!(
            parse_decimal("1亩", FieldType::AreaM2).unwrap(),
            dec("666.67")
        );
        assert_eq!(
            parse_decimal("10000平方米", FieldType::AreaMu).unwrap(),
            dec("15")
        );
        assert_eq!(fixed(dec("0.125"), 2), "0.13");
    }
}
