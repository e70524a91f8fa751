//! A cell's value as a field receives it: dates as offices write them or as Excel counts them,
//! whole numbers, and amounts in the unit the header names.

use chrono::NaiveDate;

use super::read::{Cell, number_text};
use crate::ledger::schema::FieldType;
use crate::ledger::units;

/// A date as offices write it, or an Excel serial number (days since 1899-12-30).
pub fn import_date(cell: &Cell) -> std::result::Result<NaiveDate, (String, String)> {
    let hint = "write it as 2026-05-23, 2026/5/23, 2026.5.23 or 2026年5月23日 (or format the cell as a date) with a real day of the month";
    match cell {
        Cell::Date(d) => Ok(*d),
        Cell::Number(n) => excel_serial(*n).ok_or_else(|| ("not a date".into(), hint.into())),
        Cell::Text(t) => {
            let t = t.trim();
            // 2026-05-23 00:00:00 and 2026/5/23 9:30 as some systems export them.
            let day = t.split([' ', 'T']).next().unwrap_or(t);
            if day.len() == 8 && day.chars().all(|c| c.is_ascii_digit()) {
                let (y, m, d) = (&day[..4], &day[4..6], &day[6..]);
                if let Ok(d) = units::parse_date(&format!("{y}-{m}-{d}")) {
                    return Ok(d);
                }
            }
            units::parse_date(day).map_err(|_| ("not a real date".into(), hint.into()))
        }
        _ => Err(("not a date".into(), hint.into())),
    }
}

fn excel_serial(n: f64) -> Option<NaiveDate> {
    // Excel counts 1900-02-29, which never was; serials from 61 on are one day ahead of a plain count.
    if !(61.0..2_958_466.0).contains(&n) {
        return None;
    }
    NaiveDate::from_ymd_opt(1899, 12, 30)?
        .checked_add_signed(chrono::Duration::days(n.floor() as i64))
}

/// The text a field receives from a cell, converted by the field's type and the header's unit.
pub(super) fn cell_text(
    cell: &Cell,
    ty: Option<FieldType>,
    unit: Option<&str>,
) -> std::result::Result<String, (String, String)> {
    if let Cell::Error(e) = cell {
        return Err((
            format!("the cell holds the Excel error {e}"),
            "fix the formula or type the value in".into(),
        ));
    }
    let with_unit = |s: String| match unit {
        Some(u)
            if ty.is_some_and(FieldType::is_decimal)
                && s.chars()
                    .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '，' | ' ' | '-')) =>
        {
            format!("{s}{u}")
        }
        _ => s,
    };
    Ok(match (cell, ty) {
        (_, Some(FieldType::Date)) => import_date(cell)?.to_string(),
        (Cell::Number(n), Some(FieldType::Int)) => {
            if n.fract() != 0.0 {
                return Err((
                    "not a whole number".into(),
                    "write a whole number such as 150".into(),
                ));
            }
            number_text(*n)
        }
        (Cell::Number(n), _) => with_unit(number_text(*n)),
        (Cell::Bool(b), _) => if *b { "yes" } else { "no" }.to_string(),
        (Cell::Date(d), _) => d.to_string(),
        (Cell::Text(s), _) => {
            let s = s.trim();
            // `'=…` is how exports keep text from running as a formula: the quote is not data.
            let s = match s.strip_prefix('\'') {
                Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
                _ => s,
            };
            with_unit(s.to_string())
        }
        (Cell::Empty | Cell::Error(_), _) => String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_from_cells() {
        let d = NaiveDate::from_ymd_opt(2026, 5, 23).unwrap();
        // 46165 is 2026-05-23 in Excel's 1900 date system.
        assert_eq!(import_date(&Cell::Number(46165.0)), Ok(d));
        assert_eq!(import_date(&Cell::Text("2026年5月23日".into())), Ok(d));
        assert_eq!(import_date(&Cell::Text("20260523".into())), Ok(d));
        assert_eq!(import_date(&Cell::Text("2026/5/23 9:30".into())), Ok(d));
        assert!(import_date(&Cell::Text("2026-02-30".into())).is_err());
        assert!(import_date(&Cell::Number(12.0)).is_err());
    }

    #[test]
    fn units_in_headers_apply_to_bare_numbers() {
        assert_eq!(
            cell_text(&Cell::Number(1.5), Some(FieldType::Money), Some("万元")).unwrap(),
            "1.5万元"
        );
        assert_eq!(
            cell_text(
                &Cell::Text("3亩".into()),
                Some(FieldType::AreaM2),
                Some("平方米")
            )
            .unwrap(),
            "3亩"
        );
        assert_eq!(
            cell_text(&Cell::Number(13812345678.0), Some(FieldType::Text), None).unwrap(),
            "13812345678"
        );
        assert!(cell_text(&Cell::Number(2.5), Some(FieldType::Int), None).is_err());
    }
}
