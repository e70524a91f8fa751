//! A figures record, or the records a ledger server sends, as bytes: read whole or refused with
//! an error, never a panic; what is read answers every question a report asks of it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use taizhang::ledger::store::Digests;
use taizhang::ledger::store::facts;

fuzz_target!(|data: &[u8]| {
    let mut found = Vec::new();
    if let Ok(head) = facts::decode("fuzz", data, &mut found) {
        let _ = (head.title(), head.party(), head.location(), head.is_open());
        let _ = head.date("deadline");
    }
    if let Ok(d) = Digests::from_wire(data) {
        for i in 0..d.len() {
            if let Ok(head) = d.case(i, &mut found) {
                let _ = head.date("served");
            }
        }
    }
});
