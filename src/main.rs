//! taizhang: parse the arguments, run the interface or the command, report an error in one line.

use std::io::Write;
use std::process::ExitCode;

use clap::Parser;
use clap::error::ErrorKind;

/// A panic (a bug, or a damaged ledger file the storage library trips over) is reported in one
/// line like any other error, pointing at `taizhang check`, never as a backtrace. The process
/// still ends with a failure status (101).
fn one_line_panics() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let first = message.lines().next().unwrap_or("");
        let at = info
            .location()
            .map(|l| {
                format!(
                    " ({}:{})",
                    l.file().rsplit('/').next().unwrap_or(""),
                    l.line()
                )
            })
            .unwrap_or_default();
        // Not eprintln!: with the terminal gone (a dropped SSH connection) it would panic again,
        // inside the hook, and abort; like the default hook, a failed write is let go.
        let _ = writeln!(
            std::io::stderr(),
            "taizhang: internal error: {}{at}; if the ledger file is damaged, `taizhang check` says more and README tells how to restore a backup",
            taizhang::ledger::text::sanitize(first)
        );
    }));
}

fn main() -> ExitCode {
    one_line_panics();
    let cli = match taizhang::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e)
            if matches!(
                e.kind(),
                ErrorKind::DisplayHelp
                    | ErrorKind::DisplayVersion
                    | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
            ) =>
        {
            e.exit()
        }
        Err(e) => {
            // clap's message spans several lines (usage, tips); a refusal here is one line.
            let text = e.to_string();
            let line = text
                .lines()
                .take_while(|l| !l.starts_with("Usage:") && !l.starts_with("For more information"))
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let line = line.strip_prefix("error: ").unwrap_or(&line);
            eprintln!("taizhang: {line} (see taizhang --help)");
            return ExitCode::from(2);
        }
    };
    // The one place the parts are wired: no subcommand is the interface, whose `:` line reads
    // commands with the command line's own parser; anything else is that subcommand.
    let result = cli.env().and_then(|env| match cli.command {
        None => taizhang::tui::run(
            &env,
            cli.keymap.as_deref(),
            cli.mouse,
            taizhang::cli::typed::parse,
        ),
        Some(cmd) => taizhang::cli::run(&env, cmd),
    });
    match result {
        Ok(code) => code,
        Err(e) => {
            let msg = e.to_string();
            eprintln!("taizhang: {}", taizhang::ledger::text::sanitize(&msg));
            ExitCode::from(1)
        }
    }
}
