//! Yearly targets the reports measure progress against.

use super::schema::Kind;

/// A yearly target for a kind's measure (e.g. demolition area 2026: 确保 4000 m², 力争 4800 m²).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Target {
    pub kind: Kind,
    /// What is counted, e.g. `area_demolished_m2`, `closed`, `rectified`.
    pub measure: String,
    pub year: i32,
    /// The guaranteed figure (确保).
    pub guaranteed: rust_decimal::Decimal,
    /// The stretch figure (力争), if any.
    #[serde(default)]
    pub stretch: Option<rust_decimal::Decimal>,
}

impl Target {
    /// Its key in the ledger's targets table: `kind/measure/year`.
    pub fn key(&self) -> String {
        format!("{}/{}/{}", self.kind.key(), self.measure, self.year)
    }
}
