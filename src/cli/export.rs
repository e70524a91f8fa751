//! `taizhang export [QUERY] --format jsonl|csv|xlsx|md [--output PATH] [--with-pii]`

use std::collections::HashSet;
use std::io::Write;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::exchange::export::{self, Format};
use crate::ledger::clock::today;
use crate::ledger::query::{Env as QueryEnv, Query};
use crate::ledger::{Case, Lang, LedgerError, Result};

use super::Env;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A query selecting the cases, e.g. `kind:labour opened>=2026-01-01` (default: every case)
    pub query: Vec<String>,
    /// jsonl (everything, history included), csv, xlsx or md (default: from --output's extension)
    #[arg(long, short)]
    pub format: Option<String>,
    /// Write to this file (default: stdout; required for xlsx)
    #[arg(long, short, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Include phone and ID numbers in full (recorded in each exported case's history)
    #[arg(long)]
    pub with_pii: bool,
    /// Replace the output file if it exists (a link is never followed)
    #[arg(long)]
    pub force: bool,
}

/// Exports may hold personal data: readable by the ledger's group only, like the ledger. Never
/// opened through a link at the last component; an existing file is replaced only when
/// `replace` (`--force`), and then also made private.
pub fn create_private(path: &Path, replace: bool) -> Result<std::fs::File> {
    let mut o = std::fs::OpenOptions::new();
    o.write(true)
        .mode(0o660)
        .custom_flags(nix::libc::O_NOFOLLOW);
    if replace {
        o.create(true).truncate(true);
    } else {
        o.create_new(true);
    }
    let f = o
        .open(path)
        .map_err(|e| match (e.kind(), e.raw_os_error()) {
            (std::io::ErrorKind::AlreadyExists, _) => LedgerError::Io(format!(
                "{} already exists: choose another name, or add --force to replace it",
                path.display()
            )),
            (_, Some(nix::libc::ELOOP)) => LedgerError::Io(format!(
                "{} is a symbolic link: name the file itself, not a link to it",
                path.display()
            )),
            _ => LedgerError::Io(format!("cannot write {}: {e}", path.display())),
        })?;
    if replace {
        use std::os::unix::fs::PermissionsExt;
        f.set_permissions(std::fs::Permissions::from_mode(0o660))
            .map_err(|e| LedgerError::Io(format!("cannot write {}: {e}", path.display())))?;
    }
    Ok(f)
}

fn write_file(path: &Path, bytes: &[u8], replace: bool) -> Result<()> {
    let mut f = create_private(path, replace)?;
    f.write_all(bytes)
        .map_err(|e| LedgerError::Io(format!("cannot write {}: {e}", path.display())))
}

fn stdout(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        // A closed pipe (`| head`) is the reader's choice, not an error.
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            Err(LedgerError::Io(format!("cannot write the export: {e}")))
        }
        _ => Ok(()),
    }
}

/// `台账.csv` → `台账-labour.csv`, one file per kind.
fn per_kind(path: &Path, kind: &str) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()))
        .unwrap_or_default();
    path.with_file_name(format!("{stem}-{kind}{ext}"))
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let format = match (&a.format, &a.output) {
        (Some(f), _) => Format::parse(f)?,
        (None, Some(p)) => Format::from_path(p).ok_or_else(|| LedgerError::BadValue {
            what: "--output".into(),
            value: p.display().to_string(),
            hint: "give --format jsonl|csv|xlsx|md, or an output name ending in one of them".into(),
        })?,
        (None, None) => {
            return Err(LedgerError::BadValue {
                what: "--format".into(),
                value: String::new(),
                hint: "give --format jsonl|csv|xlsx|md".into(),
            });
        }
    };
    if format == Format::Xlsx && a.output.is_none() {
        return Err(LedgerError::BadValue {
            what: "--output".into(),
            value: String::new(),
            hint: "a workbook needs a file: add --output 台账.xlsx".into(),
        });
    }
    let text = a.query.join(" ");
    let query = Query::parse(&text)?;
    let ledger = env.open()?;
    let rule_set = ledger.rule_set()?;
    let today = today();
    let user = ledger.actor().to_string();
    let qenv = QueryEnv {
        today,
        rule_set: &rule_set,
        calendar: ledger.calendar(),
        user: &user,
    };
    let chosen: Option<HashSet<String>> = if query.is_empty() && !a.with_pii {
        None
    } else {
        Some(
            ledger
                .cases()?
                .into_iter()
                .filter(|c| query.matches(c, &qenv))
                .map(|c| c.id)
                .collect(),
        )
    };
    if a.with_pii
        && let Some(ids) = &chosen
        && !ids.is_empty()
    {
        // Recorded before the export is read, so the export carries the record too.
        let ids: Vec<String> = ids.iter().cloned().collect();
        ledger.record_pii_view(&ids, "export --with-pii")?;
    }
    let mut snap = ledger.snapshot()?;
    if let Some(ids) = &chosen {
        snap.cases.retain(|(c, _)| ids.contains(&c.id));
    }
    let n = snap.cases.len();
    let lang = env.lang;
    let cases: Vec<&Case> = snap.cases.iter().map(|(c, _)| c).collect();
    let due = |c: &Case| ledger.due(c, &rule_set, today).map(|d| d.date);
    let mut written: Vec<String> = Vec::new();
    match format {
        Format::Jsonl => {
            let mut buf = Vec::new();
            export::write_jsonl(&mut buf, &snap, a.with_pii, query.is_empty())?;
            match &a.output {
                Some(p) => {
                    write_file(p, &buf, a.force)?;
                    written.push(p.display().to_string());
                }
                None => stdout(&buf)?,
            }
            if !a.with_pii {
                eprintln!("{}", lang.pick(
                    "注意:电话和身份证号已打码,此文件不是完整副本;完整副本请加 --with-pii(会记入各案件历史)",
                    "note: phone and ID numbers are masked, so this is not a complete copy; add --with-pii for one (recorded in each case's history)",
                ));
            }
        }
        Format::Csv => {
            let tables = export::tables(&cases, lang, a.with_pii, &due);
            match &a.output {
                Some(p) if tables.len() > 1 => {
                    for t in &tables {
                        let path = per_kind(p, t.kind.key());
                        write_file(&path, &export::csv(t, true)?, a.force)?;
                        written.push(path.display().to_string());
                    }
                }
                Some(p) => {
                    let bytes = match tables.first() {
                        Some(t) => export::csv(t, true)?,
                        None => Vec::new(),
                    };
                    write_file(p, &bytes, a.force)?;
                    written.push(p.display().to_string());
                }
                None => {
                    let mut buf = Vec::new();
                    for (i, t) in tables.iter().enumerate() {
                        if i > 0 {
                            buf.push(b'\n');
                        }
                        buf.extend(export::csv(t, false)?);
                    }
                    stdout(&buf)?;
                }
            }
        }
        Format::Md => {
            let md = export::markdown(&export::tables(&cases, lang, a.with_pii, &due), lang);
            match &a.output {
                Some(p) => {
                    write_file(p, md.as_bytes(), a.force)?;
                    written.push(p.display().to_string());
                }
                None => stdout(md.as_bytes())?,
            }
        }
        Format::Xlsx => {
            let tables = export::tables(&cases, lang, a.with_pii, &due);
            let bytes = export::xlsx(&tables, &cases, lang)?;
            if let Some(p) = &a.output {
                write_file(p, &bytes, a.force)?;
                written.push(p.display().to_string());
            }
        }
    }
    if !written.is_empty() {
        eprintln!(
            "{}",
            match lang {
                Lang::Zh => format!("已导出 {n} 件到 {}", written.join(", ")),
                Lang::En => format!("exported {n} case(s) to {}", written.join(", ")),
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}
