//! Every record the ledger keeps carries a checksum of its bytes, verified on every read: a bit
//! flipped on disk (or a byte changed by another program) is an error naming the record, never a
//! different value shown as if it were true. redb checks its own pages' structure; this checks
//! the contents.
//!
//! A sealed record is `SEALED`, the record's bytes, then the CRC-32 of those bytes (little-endian).
//! Records written before checksums (schema 2 and older) start with another byte and are read as
//! they are; opening such a ledger seals them all once.

use crate::ledger::error::{LedgerError, Result};

/// The first byte of a sealed record (no unsealed form starts with it: binary records start with
/// 0x02 or 0x03, JSON ones with `{`).
const SEALED: u8 = 0xC7;

/// `bytes` with its checksum.
pub(super) fn seal(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len() + 5);
    out.push(SEALED);
    out.extend_from_slice(bytes);
    out.extend_from_slice(&crc32fast::hash(bytes).to_le_bytes());
    out
}

/// Whether `bytes` is sealed already.
pub(super) fn is_sealed(bytes: &[u8]) -> bool {
    bytes.first() == Some(&SEALED)
}

/// The record's bytes, once its checksum is verified; an unsealed record as it is.
pub(super) fn open<'a>(key: &str, bytes: &'a [u8]) -> Result<&'a [u8]> {
    if !is_sealed(bytes) {
        return Ok(bytes);
    }
    let damaged = || {
        LedgerError::Damaged {
        key: key.to_string(),
        message: "the record does not match its checksum: it was changed on disk (a failing disk, or another program); `taizhang check` lists every such record, and a backup restores them".into(),
    }
    };
    if bytes.len() < 5 {
        return Err(damaged());
    }
    let (body, sum) = bytes[1..].split_at(bytes.len() - 5);
    let sum = u32::from_le_bytes(sum.try_into().map_err(|_| damaged())?);
    if crc32fast::hash(body) != sum {
        return Err(damaged());
    }
    Ok(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_single_bit_flip_of_a_sealed_record_is_found() {
        let record = seal("联合村村民反映勐梭片区征地补偿".as_bytes());
        assert_eq!(
            open("k", &record).unwrap(),
            "联合村村民反映勐梭片区征地补偿".as_bytes()
        );
        for bit in 0..record.len() * 8 {
            let mut flipped = record.clone();
            flipped[bit / 8] ^= 1 << (bit % 8);
            match open("k", &flipped) {
                Err(_) => {}
                // A flip of the first byte makes it an unsealed record: still not the same value.
                Ok(body) => assert_ne!(body, &record[1..record.len() - 4], "bit {bit}"),
            }
        }
    }
}
