//! `taizhang seal` and `check --against`: a digest of every case's history chain, kept in the
//! ledger and written down elsewhere, and the proof later that nothing recorded before it changed.

use redb::{ReadableTable, ReadableTableMetadata, TableDefinition};

use super::chain::{self, SealInfo, SealRecord};
use super::derived::{Derived, HEADS, read_head};
use super::users::{audit_in, require_supervisor};
use super::{CASES, EVENTS, LocalStore, META, decode, encode};
use crate::ledger::error::Result;
use crate::ledger::event::Event;
use crate::ledger::model::Case;

/// The seals made on this ledger, numbered from 1.
const SEALS: TableDefinition<u64, &[u8]> = TableDefinition::new("seals");

impl LocalStore {
    /// Seal the ledger as it is now (a supervisor's, where the ledger has users; recorded).
    pub fn seal(&self, actor: &str) -> Result<SealInfo> {
        self.guarded(actor, "seal", |txn| {
            require_supervisor(
                txn,
                actor,
                "sealing the ledger",
                "ask a supervisor to seal it",
            )?;
            let mut meta = txn.open_table(META)?;
            if !Derived::Chain.exact(&meta)? {
                Derived::Chain.rebuild(txn, &mut meta)?;
            }
            let cases = txn.open_table(CASES)?;
            let heads = txn.open_table(HEADS)?;
            let mut record = SealRecord {
                at: chrono::Utc::now(),
                by: actor.to_string(),
                digest: String::new(),
                cases: Vec::with_capacity(cases.len()? as usize),
            };
            let mut all = Vec::new();
            for item in cases.iter()? {
                let (k, v) = item?;
                let case: Case = decode(k.value(), v.value())?;
                let head = match heads.get(k.value())? {
                    Some(h) => read_head(k.value(), h.value())?,
                    None => chain::start(k.value()),
                };
                record
                    .cases
                    .push((case.id.clone(), case.rev, chain::hex(&head)));
                all.push((case.id, head));
            }
            let digest = chain::digest(all.iter().map(|(id, h)| (id.as_str(), h)));
            record.digest = chain::show(&digest);
            let mut seals = txn.open_table(SEALS)?;
            let n = seals.last()?.map(|(k, _)| k.value()).unwrap_or(0) + 1;
            seals.insert(n, encode(&record)?.as_slice())?;
            audit_in(txn, actor, &format!("seal {}", record.digest), None)?;
            Ok(SealInfo {
                at: record.at,
                by: record.by.clone(),
                digest: record.digest.clone(),
                cases: record.cases.len() as u64,
                events: record.cases.iter().map(|c| c.1).sum(),
            })
        })
    }

    /// What has changed since the seal whose digest is `digest` (as printed by `seal`): nothing
    /// when the list is empty. Anyone may ask.
    pub fn verify_seal(&self, digest: &str) -> Result<Vec<String>> {
        let wanted = chain::parse(digest)?;
        let shown = chain::show(&wanted);
        let r = self.read()?;
        let mut problems = Vec::new();
        let mut found = None;
        if let Ok(seals) = r.open_table(SEALS) {
            for item in seals.iter()? {
                let (_, v) = item?;
                let s: SealRecord = decode("seals", v.value())?;
                if s.digest == shown {
                    found = Some(s);
                }
            }
        }
        let Some(seal) = found else {
            return Ok(vec![format!(
                "no seal {shown} was made on this ledger: it was made on another ledger, or this ledger's record of its seals was removed"
            )]);
        };
        // The seal's own record must be the one the digest was made from.
        let mut recorded = Vec::with_capacity(seal.cases.len());
        for (id, _, head) in &seal.cases {
            match chain::parse(head) {
                Ok(h) => recorded.push((id.clone(), h)),
                Err(_) => problems.push(format!("the record of the seal is damaged at {id}")),
            }
        }
        if chain::digest(recorded.iter().map(|(id, h)| (id.as_str(), h))) != wanted {
            problems.push(format!(
                "the ledger's record of seal {shown} has been changed: it no longer gives that digest"
            ));
            return Ok(problems);
        }
        let cases = r.open_table(CASES)?;
        let events = r.open_table(EVENTS)?;
        let mut changed = Vec::new();
        for ((id, n, _), (_, head)) in seal.cases.iter().zip(&recorded) {
            if cases.get(id.as_str())?.is_none() {
                changed.push(format!("{id} (the case is gone)"));
                continue;
            }
            let mut h = chain::start(id);
            let mut seen = 0u64;
            for item in events.range((id.as_str(), 1)..=(id.as_str(), *n))? {
                let (k, v) = item?;
                let (cid, seq) = k.value();
                match decode::<Event>(&format!("{cid}#{seq}"), v.value()) {
                    Ok(e) => h = chain::next(&h, &e)?,
                    Err(_) => {
                        h = [0; 32];
                        break;
                    }
                }
                seen += 1;
            }
            if seen != *n {
                changed.push(format!("{id} ({} of its {n} events are missing)", n - seen));
            } else if h != *head {
                changed.push(format!(
                    "{id} (an event recorded before the seal was changed)"
                ));
            }
        }
        if !changed.is_empty() {
            problems.push(format!(
                "changed since the seal of {} by {}: {}",
                seal.at.format("%Y-%m-%d %H:%M"),
                seal.by,
                changed.join(", ")
            ));
        }
        Ok(problems)
    }
}
