//! taizhang: parse the arguments, run the command, report an error in one line.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = taizhang::cli::Cli::parse();
    match taizhang::cli::run(cli) {
        Ok(code) => code,
        Err(e) => {
            let msg = e.to_string();
            eprintln!("taizhang: {}", taizhang::ledger::text::sanitize(&msg));
            ExitCode::from(1)
        }
    }
}
