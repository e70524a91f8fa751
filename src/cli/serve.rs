//! `taizhang serve`: run the ledger server for an office (see README: Running a ledger server).

use std::path::PathBuf;
use std::process::ExitCode;

use crate::ledger::Result;
use crate::server::{self, DEFAULT_MAX_CONNECTIONS, DEFAULT_SOCKET, Options};

use super::Env;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The socket to listen on (default: --server, TAIZHANG_SERVER or server= in config.toml,
    /// else /run/taizhang/taizhang.sock). It is made mode 0660, group of its directory.
    #[arg(long, value_name = "PATH")]
    pub socket: Option<PathBuf>,
    /// Make this account the first supervisor of a ledger that has no users yet
    #[arg(long, value_name = "NAME")]
    pub init_supervisor: Option<String>,
    /// Serve at most this many connections at once
    #[arg(long, value_name = "N", default_value_t = DEFAULT_MAX_CONNECTIONS)]
    pub max_connections: usize,
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let socket = a
        .socket
        .or_else(|| env.server.clone())
        .or_else(|| env.config.server.clone())
        .unwrap_or_else(|| PathBuf::from(DEFAULT_SOCKET));
    server::serve(Options {
        socket,
        db: env.config.ledger_path(env.db.as_deref()),
        calendar: env.config.calendar()?,
        rule_set: env.config.rule_set.clone(),
        init_supervisor: a.init_supervisor,
        max_connections: a.max_connections.max(1),
        backdate_days: env.config.backdate_days,
    })?;
    Ok(ExitCode::SUCCESS)
}
