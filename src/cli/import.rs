//! `taizhang import FILE`: bring an existing 台账 in — all of it, or nothing and a report of every
//! bad row.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use crate::exchange::import::columns::Mapping;
use crate::exchange::import::read::encoding_by_name;
use crate::exchange::import::{self, Options, Progress, Report, survey};
use crate::ledger::LedgerError;
use crate::ledger::text::sanitize;
use crate::ledger::{Lang, Result};

use super::Env;
use super::add::parse_kind;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// A .xlsx workbook, a .csv file (UTF-8 or GBK) or a .jsonl export
    pub file: PathBuf,
    /// The kind of rows that do not say (no 类型 column, sheet not named after a kind)
    #[arg(long)]
    pub kind: Option<String>,
    /// Import only this worksheet
    #[arg(long)]
    pub sheet: Option<String>,
    /// Check every row and report, but write nothing
    #[arg(long)]
    pub dry_run: bool,
    /// A TOML file mapping other headers to fields: [columns] "欠薪金额" = "amount_claimed"
    #[arg(long, value_name = "FILE")]
    pub map: Option<PathBuf>,
    /// The CSV file's encoding (default: UTF-8 if it is valid UTF-8, else GB18030/GBK)
    #[arg(long, value_name = "utf-8|gbk|gb18030")]
    pub encoding: Option<String>,
    /// Skip columns that match no field instead of refusing the file
    #[arg(long)]
    pub ignore_unknown: bool,
    /// Write a commented map of every column (field and confidence, or the nearest fields) to
    /// correct and pass back with --map; by default FILE.map.toml beside the file, `-` for stdout
    #[arg(long, value_name = "OUT", num_args = 0..=1, default_missing_value = DEFAULT_MAP)]
    pub suggest_map: Option<PathBuf>,
}

/// A progress bar on stderr for long imports, only when a person is watching.
struct Bar {
    bar: Option<indicatif::ProgressBar>,
    lang: Lang,
}

/// Below this many rows an import is quick enough that a bar would only flicker.
const BAR_FROM: u64 = 2000;

impl Progress for Bar {
    fn start(&mut self, what: &str, total: u64) {
        self.finish();
        if total < BAR_FROM || !std::io::stderr().is_terminal() {
            return;
        }
        let bar = indicatif::ProgressBar::new(total);
        let label = match (self.lang, what) {
            (Lang::Zh, "checking") => "检查",
            (Lang::Zh, "writing") => "写入",
            (_, w) => w,
        };
        if let Ok(style) = indicatif::ProgressStyle::with_template(&format!(
            "{label} {{bar:40}} {{pos}}/{{len}} {{eta}}"
        )) {
            bar.set_style(style);
        }
        self.bar = Some(bar);
    }

    fn inc(&mut self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }

    fn finish(&mut self) {
        if let Some(b) = self.bar.take() {
            b.finish_and_clear();
        }
    }
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let opts = Options {
        kind: a.kind.as_deref().map(parse_kind).transpose()?,
        sheet: a.sheet,
        dry_run: a.dry_run,
        map: a.map.as_deref().map(Mapping::load).transpose()?,
        encoding: a.encoding.as_deref().map(encoding_by_name).transpose()?,
        ignore_unknown: a.ignore_unknown,
    };
    if let Some(out) = &a.suggest_map {
        return suggest(env, &a.file, out, &opts);
    }
    let ledger = env.open()?;
    let mut bar = Bar {
        bar: None,
        lang: env.lang,
    };
    let file = a.file.display().to_string();
    let report = import::import(&ledger, &a.file, &opts, &mut bar)?;
    bar.finish();
    match report {
        Report::Done(summary) => {
            for n in &summary.notes {
                eprintln!("{}: {}", sanitize(&file), sanitize(n));
            }
            println!("{}", sanitize(&summary.line(&file, env.lang)));
            Ok(ExitCode::SUCCESS)
        }
        Report::Rejected(problems) => {
            for p in &problems {
                eprintln!("{}", sanitize(&p.line(&file, env.lang)));
            }
            let rows = problems
                .iter()
                .filter_map(|p| p.row.map(|r| (p.sheet.clone(), r)))
                .collect::<std::collections::HashSet<_>>()
                .len();
            eprintln!(
                "{}",
                match env.lang {
                    Lang::Zh => format!(
                        "未导入任何内容:{} 处问题(涉及 {rows} 行);改正后重新导入",
                        problems.len()
                    ),
                    Lang::En => format!(
                        "nothing imported: {} problem(s) in {rows} row(s); fix them and import again",
                        problems.len()
                    ),
                }
            );
            Ok(ExitCode::from(1))
        }
    }
}

/// What `--suggest-map` alone stands for: the file's name with .map.toml.
const DEFAULT_MAP: &str = "FILE.map.toml";

/// `--suggest-map`: what the importer makes of every column, as a map file to correct.
fn suggest(env: &Env, file: &Path, out: &Path, opts: &Options) -> Result<ExitCode> {
    let (sheets, implied) = import::read_sheets(file, opts)?;
    let views = survey::survey(&sheets, implied, opts, 0);
    let name = file
        .file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_default();
    let text = survey::suggested_map(&name, &views);
    if out.as_os_str() == "-" {
        print!("{text}");
        return Ok(ExitCode::SUCCESS);
    }
    let out = if out.as_os_str() == DEFAULT_MAP {
        file.with_extension("map.toml")
    } else {
        out.to_path_buf()
    };
    if out.exists() {
        return Err(LedgerError::Io(format!(
            "{} already exists: a map you corrected is not overwritten; delete it, or give another name with --suggest-map OUT",
            out.display()
        )));
    }
    std::fs::write(&out, &text)
        .map_err(|e| LedgerError::Io(format!("cannot write {}: {e}", out.display())))?;
    let unsure = views
        .iter()
        .flat_map(|v| &v.columns)
        .filter(|c| c.needs_confirming())
        .count();
    let shown = sanitize(&out.display().to_string()).into_owned();
    println!(
        "{}",
        match env.lang {
            Lang::Zh => format!(
                "已写出列映射 {shown}:{unsure} 列需要确认(以 # 开头的行);改好后用 taizhang import {} --map {shown} 导入",
                sanitize(&file.display().to_string())
            ),
            Lang::En => format!(
                "wrote the column map {shown}: {unsure} column(s) to confirm (the lines starting with #); correct it, then import with taizhang import {} --map {shown}",
                sanitize(&file.display().to_string())
            ),
        }
    );
    Ok(ExitCode::SUCCESS)
}
