//! `taizhang add KIND --title … [--field key=value …]`

use crate::ledger::{Command, Kind, LedgerError, Result};

use super::parse_kv;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// petition, labour, land, hazard, demolition (or 信访, 劳资纠纷, 征地补偿, 安全隐患, 违建拆除)
    pub kind: String,
    /// What the case is about
    #[arg(long, short)]
    pub title: String,
    /// A field: key=value (repeatable; see `taizhang keys KIND`)
    #[arg(long = "field", short = 'f', value_parser = parse_kv, value_name = "KEY=VALUE")]
    pub fields: Vec<(String, String)>,
    /// The party concerned (company, household, petitioner)
    #[arg(long)]
    pub party: Option<String>,
    /// The officer responsible
    #[arg(long)]
    pub assignee: Option<String>,
    /// low, normal, high, urgent
    #[arg(long)]
    pub priority: Option<String>,
    /// A tag (repeatable)
    #[arg(long = "tag")]
    pub tags: Vec<String>,
    /// When the case was registered, if not today (its `opened` date; never in the future)
    #[command(flatten)]
    pub on: super::change::On,
}

pub fn parse_kind(s: &str) -> Result<Kind> {
    Kind::parse(s).ok_or_else(|| LedgerError::BadValue {
        what: "kind".into(),
        value: s.into(),
        hint: "use petition, labour, land, hazard or demolition (信访/劳资纠纷/征地补偿/安全隐患/违建拆除)".into(),
    })
}

impl Args {
    /// The ledger command this `add` stands for.
    pub fn command(self) -> Result<Command> {
        let kind = parse_kind(&self.kind)?;
        let mut fields = self.fields;
        if let Some(p) = self.party {
            fields.push(("party".into(), p));
        }
        if let Some(p) = self.assignee {
            fields.push(("assignee".into(), p));
        }
        if let Some(p) = self.priority {
            fields.push(("priority".into(), p));
        }
        if !self.tags.is_empty() {
            fields.push(("tags".into(), self.tags.join(",")));
        }
        Ok(Command::Create {
            kind,
            title: self.title,
            fields,
            source: None,
        })
    }
}
