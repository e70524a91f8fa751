//! The interface's `:` line read as a command: the same commands and options as the `taizhang`
//! command line, by the same clap parser and the same conversion to ledger requests. `main`
//! hands [`parse`] to the interface, which runs what it gives in-process instead of printing.

use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

use super::{Cli, Cmd};
use crate::ledger::Lang;
pub use crate::typed_command::Parsed;

/// Split shell-like (quotes group words; Chinese quotes count as quotes) and parse with clap.
pub fn parse(line: &str, lang: Lang) -> Result<Parsed, String> {
    let line = line.trim().trim_start_matches(':').trim();
    match line {
        "" => return Ok(Parsed::Nothing),
        "q" | "quit" | "exit" | "wq" | "x" => return Ok(Parsed::Quit),
        "help" | "?" => return Ok(Parsed::Help),
        _ => {}
    }
    let normalized = line.replace(['“', '”'], "\"").replace(['‘', '’'], "'");
    let words = shlex::split(&normalized).ok_or_else(|| {
        lang.pick(
            "引号没有配对:请补上结尾的引号",
            "a quote is not closed: add the closing quote",
        )
        .to_string()
    })?;
    let clap_error = |e: clap::Error| {
        let text = e.to_string();
        let first = text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim_start_matches("error: ")
            .to_string();
        match e.kind() {
            clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => lang
                .pick(
                    "命令说明请在命令行运行 taizhang help 命令名",
                    "for a command's options run `taizhang help COMMAND` in a shell",
                )
                .to_string(),
            _ => first,
        }
    };
    let matches = Cli::command()
        .try_get_matches_from(std::iter::once("taizhang".to_string()).chain(words))
        .map_err(clap_error)?;
    let cli = Cli::from_arg_matches(&matches).map_err(clap_error)?;
    // Only what was typed on this line counts: the ledger named by TAIZHANG_DB (or the server
    // by TAIZHANG_SERVER) fills these fields too, and is not the officer asking for another.
    let typed = |id: &str| matches.value_source(id) == Some(ValueSource::CommandLine);
    if ["db", "server", "lang", "keymap", "mouse"]
        .iter()
        .any(|id| typed(id))
    {
        return Err(lang
            .pick(
                "--db、--server、--lang、--keymap、--mouse 只能在启动时给出",
                "--db, --server, --lang, --keymap and --mouse are given when taizhang starts, not here",
            )
            .into());
    }
    let Some(cmd) = cli.command else {
        return Ok(Parsed::Nothing);
    };
    // The same conversion the command line uses: no command is written twice.
    let cmd = match super::request(cmd) {
        Ok(req) => {
            let req = req.map_err(|e| e.to_string())?;
            return Ok(Parsed::Run {
                command: req.command,
                expect_rev: req.expect_rev,
                on: req.on,
            });
        }
        Err(cmd) => *cmd,
    };
    match cmd {
        Cmd::List(a) => Ok(Parsed::Filter(a.query.join(" "))),
        Cmd::Show(a) => Ok(Parsed::Show(a.id)),
        Cmd::History(a) => Ok(Parsed::Show(a.id)),
        Cmd::Demo(a) if a.generate.is_none() => Ok(Parsed::Demo),
        Cmd::Import(a) => Ok(Parsed::Import {
            file: a.file.display().to_string(),
            map: a.map.map(|m| m.display().to_string()),
        }),
        _ => Err(lang
            .pick(
                "这个命令请在终端里运行(taizhang 命令名)",
                "run this command in a shell (taizhang COMMAND), not inside the interface",
            )
            .into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ledger::{Command, NoteType};

    #[test]
    fn cli_commands_parse_in_process() {
        let p = parse(
            r#"move xf-2026-0001 accepted --note "已电话告知""#,
            Lang::Zh,
        )
        .unwrap();
        assert_eq!(
            p,
            Parsed::Run {
                command: Command::Move {
                    id: "xf-2026-0001".into(),
                    to: "accepted".into(),
                    note: Some("已电话告知".into()),
                    fields: vec![],
                    urgent: None,
                },
                expect_rev: None,
                on: None
            }
        );
        // Enforcement on a holiday, urgent with its reason (行政强制法 art 43), from the `:` line.
        let p = parse(
            r#"move CW-2026-0009 enforced -f area_demolished_m2=236 --urgent --reason "危房随时倒塌""#,
            Lang::Zh,
        )
        .unwrap();
        assert!(
            matches!(&p, Parsed::Run { command: Command::Move { urgent: Some(r), .. }, .. } if r == "危房随时倒塌"),
            "{p:?}"
        );
        assert!(parse("move CW-2026-0009 enforced --urgent", Lang::Zh).is_err());
        let p = parse(
            "note LD-2026-0002 “到企业协调 工资发放” --type 协调 --people 12",
            Lang::Zh,
        )
        .unwrap();
        assert!(
            matches!(p, Parsed::Run { command: Command::Note { people: Some(12), note_type: NoteType::Coordination, ref text, .. }, .. } if text == "到企业协调 工资发放")
        );
        assert_eq!(
            parse("list kind:petition overdue", Lang::En).unwrap(),
            Parsed::Filter("kind:petition overdue".into())
        );
        assert_eq!(parse(":q", Lang::En).unwrap(), Parsed::Quit);
        assert!(parse("move XF-1", Lang::En).is_err());
        assert!(parse("check", Lang::En).is_err());
        assert!(parse("list --db /tmp/x", Lang::En).is_err());
        assert!(parse("note X \"unclosed", Lang::En).is_err());
    }
}
