//! The JSON Lines format: everything in the ledger, one record per line, so that exporting and
//! importing into an empty ledger gives the same ledger, history included. Used for migration and
//! backups. Line 1 describes the file; then one line per case with its full history, and one per
//! yearly target.
//!
//! ```text
//! {"taizhang":"ledger","format":1,"rule_set":"national","version":42,"pii":"full"}
//! {"case":{…},"history":[{…},…]}
//! {"target":{…}}
//! ```

use std::collections::HashSet;
use std::io::BufRead;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{Problem, Progress, Report, Summary};
use crate::ledger::access::{AuditEntry, UserRecord};
use crate::ledger::api::Ledger;
use crate::ledger::error::{LedgerError, Result};
use crate::ledger::event::Event;
use crate::ledger::history;
use crate::ledger::model::Case;
use crate::ledger::target::Target;

pub const FORMAT: u32 = 1;

/// The first line of a JSON Lines export.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Header {
    pub taizhang: String,
    pub format: u32,
    #[serde(default)]
    pub rule_set: Option<String>,
    #[serde(default)]
    pub version: Option<u64>,
    /// `full`, or `masked` when phone and ID numbers were masked (not a complete copy).
    #[serde(default)]
    pub pii: Option<String>,
    #[serde(default)]
    pub exported: Option<chrono::DateTime<chrono::Utc>>,
    /// Why the file is not a complete copy of its ledger, where it is not.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partial: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseLine {
    pub case: Case,
    pub history: Vec<Event>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TargetLine {
    pub target: Target,
}

/// A user of the ledger and their role.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct UserLine {
    pub user: UserRecord,
}

/// A line of the audit log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AuditLine {
    pub audit: AuditEntry,
}

/// A parsed file: its header, cases and targets; or every line that could not be read.
pub struct Parsed {
    pub header: Option<Header>,
    pub cases: Vec<(Case, Vec<Event>)>,
    pub targets: Vec<Target>,
    pub users: Vec<UserRecord>,
    pub audit: Vec<AuditEntry>,
}

fn problem(line: usize, why: String, fix: &str) -> Problem {
    Problem {
        sheet: None,
        row: Some(line),
        column: None,
        value: None,
        why,
        fix: fix.to_string(),
    }
}

/// Read and check a JSON Lines file: every line that is not a header, case or target, and every
/// case whose history does not lead to it, is a problem.
pub fn parse(reader: impl BufRead) -> Result<std::result::Result<Parsed, Vec<Problem>>> {
    let mut problems = Vec::new();
    let mut parsed = Parsed {
        header: None,
        cases: Vec::new(),
        targets: Vec::new(),
        users: Vec::new(),
        audit: Vec::new(),
    };
    let mut ids = HashSet::new();
    for (i, line) in reader.lines().enumerate() {
        let n = i + 1;
        let line = line.map_err(|e| LedgerError::Io(format!("line {n}: {e}")))?;
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let v: serde_json::Value = match serde_json::from_str(line) {
            Ok(v) => v,
            Err(e) => {
                problems.push(problem(n, format!("not JSON: {e}"), "each line must be one JSON object as `taizhang export --format jsonl` writes it"));
                continue;
            }
        };
        if v.get("taizhang").is_some() {
            match serde_json::from_value::<Header>(v) {
                Ok(h) if h.format <= FORMAT && h.taizhang == "ledger" => parsed.header = Some(h),
                Ok(h) => problems.push(problem(
                    n,
                    format!("format {} of {}", h.format, h.taizhang),
                    "this file was written by a newer taizhang: upgrade taizhang",
                )),
                Err(e) => problems.push(problem(
                    n,
                    format!("unreadable header: {e}"),
                    "export the file again",
                )),
            }
        } else if v.get("case").is_some() {
            match serde_json::from_value::<CaseLine>(v) {
                Ok(c) => {
                    if let Err(why) = check_case(&c.case, &c.history) {
                        problems.push(problem(
                            n,
                            format!("{}: {why}", c.case.id),
                            "export the case again from the ledger it came from",
                        ));
                    } else if !ids.insert(c.case.id.clone()) {
                        problems.push(problem(
                            n,
                            format!("{} appears twice in the file", c.case.id),
                            "keep one of the two lines",
                        ));
                    } else {
                        parsed.cases.push((c.case, c.history));
                    }
                }
                Err(e) => problems.push(problem(
                    n,
                    format!("unreadable case: {e}"),
                    "export the case again from the ledger it came from",
                )),
            }
        } else if v.get("target").is_some() {
            match serde_json::from_value::<TargetLine>(v) {
                Ok(t) => parsed.targets.push(t.target),
                Err(e) => problems.push(problem(
                    n,
                    format!("unreadable target: {e}"),
                    "correct or delete the line",
                )),
            }
        } else if v.get("user").is_some() {
            match serde_json::from_value::<UserLine>(v) {
                Ok(u) => parsed.users.push(u.user),
                Err(e) => problems.push(problem(
                    n,
                    format!("unreadable user: {e}"),
                    "export the file again",
                )),
            }
        } else if v.get("audit").is_some() {
            match serde_json::from_value::<AuditLine>(v) {
                Ok(a) => parsed.audit.push(a.audit),
                Err(e) => problems.push(problem(
                    n,
                    format!("unreadable audit line: {e}"),
                    "export the file again",
                )),
            }
        } else {
            problems.push(problem(
                n,
                "neither a header, a case, a target, a user nor an audit line".into(),
                "each line must be as `taizhang export --format jsonl` writes it",
            ));
        }
    }
    Ok(if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(problems)
    })
}

/// A case fit to write as it is: a known state, and a history the program could have written
/// (see [`history::verify`]): a file cannot bring in a forged or impossible history.
fn check_case(case: &Case, history: &[Event]) -> std::result::Result<(), String> {
    let problems = history::verify(case, history, chrono::Utc::now());
    match problems.len() {
        0 => Ok(()),
        1 => Err(problems[0].clone()),
        n => Err(format!("{} (and {} more)", problems[0], n - 1)),
    }
}

/// Import a JSON Lines file: cases and histories written as they are (see [`Ledger::restore`]).
pub fn import(
    ledger: &Ledger,
    path: &Path,
    dry_run: bool,
    progress: &mut dyn Progress,
) -> Result<Report> {
    let f = std::fs::File::open(path)
        .map_err(|e| LedgerError::Io(format!("cannot read {}: {e}", path.display())))?;
    let parsed = match parse(std::io::BufReader::new(f))? {
        Ok(p) => p,
        Err(problems) => return Ok(Report::Rejected(problems)),
    };
    progress.start("checking", parsed.cases.len() as u64);
    let mut summary = Summary {
        dry_run,
        ..Summary::default()
    };
    let empty = ledger.count()? == 0;
    let mut problems = Vec::new();
    for (case, history) in &parsed.cases {
        progress.inc(1);
        if empty {
            summary.new += 1;
            continue;
        }
        match ledger.get(&case.id) {
            Ok(old) => {
                if old == *case && ledger.history(&case.id)? == *history {
                    summary.unchanged += 1;
                } else {
                    problems.push(Problem {
                        sheet: None,
                        row: None,
                        column: None,
                        value: Some(case.id.clone()),
                        why: format!("{} is already in the ledger with a different record (revision {}, the file has {})", case.id, old.rev, case.rev),
                        fix: "import the file into an empty ledger (--db NEW_PATH), or leave the case out of the file".into(),
                    });
                }
            }
            Err(LedgerError::NotFound(_)) => summary.new += 1,
            Err(e) => return Err(e),
        }
        if let Some(src) = &case.source
            && let Some(other) = ledger.find_by_source(src)?
            && other != case.id
        {
            problems.push(Problem {
                sheet: None,
                row: None,
                column: None,
                value: Some(src.clone()),
                why: format!(
                    "the import reference of {} already belongs to {other}",
                    case.id
                ),
                fix: "import the file into an empty ledger (--db NEW_PATH)".into(),
            });
        }
    }
    progress.finish();
    if !problems.is_empty() {
        return Ok(Report::Rejected(problems));
    }
    if parsed.header.as_ref().and_then(|h| h.pii.as_deref()) == Some("masked") {
        summary.notes.push("the file has phone and ID numbers masked: they come in masked; export with --with-pii for a complete copy".into());
    }
    if let Some(why) = parsed.header.as_ref().and_then(|h| h.partial.as_deref()) {
        summary.notes.push(format!(
            "the file is not a complete copy of its ledger ({why}): ask a supervisor for a backup"
        ));
    }
    let access = !parsed.users.is_empty() || !parsed.audit.is_empty();
    if access && !empty {
        summary.notes.push(format!(
            "the file's {} user(s) and {} audit line(s) are not brought into a ledger that already has cases",
            parsed.users.len(),
            parsed.audit.len()
        ));
    }
    if !dry_run {
        // The rule set travels with the ledger when the ledger is new; an existing one keeps its own.
        let rule_set = if empty {
            parsed.header.as_ref().and_then(|h| h.rule_set.clone())
        } else {
            None
        };
        progress.start("writing", parsed.cases.len() as u64);
        ledger.restore(&parsed.cases, &parsed.targets, rule_set.as_deref())?;
        // Users last: once the ledger has users, only its supervisors may restore.
        if access && empty {
            ledger.restore_access(&parsed.users, &parsed.audit)?;
        }
        progress.finish();
    }
    Ok(Report::Done(summary))
}
