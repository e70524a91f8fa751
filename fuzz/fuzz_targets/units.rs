//! Dates, amounts, areas and every field's values: read or refused, never a panic; what is
//! accepted reads back the same from the form the ledger writes it in.
#![no_main]

use libfuzzer_sys::fuzz_target;
use taizhang::ledger::Kind;
use taizhang::ledger::model::parse_value;
use taizhang::ledger::schema::FieldType;
use taizhang::ledger::units::{self, parse_date, parse_decimal};

fuzz_target!(|data: &[u8]| {
    let Ok(s) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(d) = parse_date(s) {
        assert_eq!(parse_date(&d.to_string()).ok(), Some(d), "{s:?}");
    }
    for ty in [FieldType::Money, FieldType::AreaMu, FieldType::AreaM2] {
        if let Ok(v) = parse_decimal(s, ty) {
            assert!(!v.is_sign_negative() || v.is_zero(), "{s:?} gave {v}");
            assert_eq!(
                parse_decimal(&v.to_string(), ty).ok(),
                Some(v),
                "{s:?} as {ty:?}"
            );
            let _ = (units::money(v), units::mu(v), units::m2(v), units::wan(v));
        }
    }
    for kind in Kind::ALL {
        for f in &kind.def().fields {
            if let Ok(Some(v)) = parse_value(f, s) {
                assert_eq!(
                    parse_value(f, &v.raw()).ok(),
                    Some(Some(v.clone())),
                    "{kind}.{} from {s:?}",
                    f.key
                );
            }
        }
    }
});
