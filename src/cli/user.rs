//! `taizhang user add|list|set-role|remove`: the users of the ledger and their roles (viewer,
//! officer, supervisor). Managing them is a supervisor's work.

use std::process::ExitCode;

use crate::ledger::access::{Role, UserChange};
use crate::ledger::text::{sanitize, table};
use crate::ledger::{Lang, LedgerError, Result};

use super::{Env, print_json};

#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Debug, clap::Subcommand)]
pub enum Action {
    /// Add a user (an account on this machine) with a role
    Add {
        name: String,
        /// viewer (reads), officer (works own and unassigned cases) or supervisor (everything)
        #[arg(long, value_parser = parse_role)]
        role: Role,
    },
    /// List the users and their roles
    List {
        /// Print JSON for scripts
        #[arg(long)]
        json: bool,
    },
    /// Change a user's role
    SetRole {
        name: String,
        #[arg(value_parser = parse_role)]
        role: Role,
    },
    /// Remove a user (their history stays)
    Remove { name: String },
}

fn parse_role(s: &str) -> std::result::Result<Role, String> {
    Role::parse(s).ok_or_else(|| format!("{s:?} is not a role: use viewer, officer or supervisor"))
}

pub fn run(env: &Env, a: Args) -> Result<ExitCode> {
    let ledger = env.open()?;
    let lang = env.lang;
    let (name, change, done) = match a.action {
        Action::List { json } => {
            let users = ledger.users()?;
            if json {
                return print_json(&users);
            }
            if users.is_empty() {
                println!(
                    "{}",
                    lang.pick(
                        "本台账尚无用户:不检查角色。添加第一位主管:taizhang user add 账号 --role supervisor",
                        "this ledger has no users, so roles are not checked; add the first supervisor with `taizhang user add NAME --role supervisor`"
                    )
                );
                return Ok(ExitCode::SUCCESS);
            }
            let rows: Vec<Vec<String>> = users
                .iter()
                .map(|u| {
                    let me = if u.name == ledger.actor() {
                        lang.pick(" (本人)", " (you)")
                    } else {
                        ""
                    };
                    vec![
                        format!("{}{me}", u.name),
                        u.role.label(lang).to_string(),
                        u.since
                            .with_timezone(&chrono::Local)
                            .format("%Y-%m-%d")
                            .to_string(),
                        u.by.clone(),
                    ]
                })
                .collect();
            let header = match lang {
                Lang::Zh => ["用户", "角色", "自", "设置人"],
                Lang::En => ["USER", "ROLE", "SINCE", "BY"],
            };
            print!("{}", table(&header, &rows, &[], &[]));
            return Ok(ExitCode::SUCCESS);
        }
        Action::Add { name, role } => (name, UserChange::Add(role), lang.pick("已添加", "added")),
        Action::SetRole { name, role } => {
            (name, UserChange::SetRole(role), lang.pick("已设置", "set"))
        }
        Action::Remove { name } => (name, UserChange::Remove, lang.pick("已移除", "removed")),
    };
    if name.trim().is_empty() {
        return Err(LedgerError::BadValue {
            what: "user".into(),
            value: name,
            hint: "give an account name, such as wang".into(),
        });
    }
    ledger.change_user(&name, change)?;
    match change {
        UserChange::Add(r) | UserChange::SetRole(r) => {
            println!("{done}: {} ({})", sanitize(&name), r.label(lang))
        }
        UserChange::Remove => println!("{done}: {}", sanitize(&name)),
    }
    Ok(ExitCode::SUCCESS)
}
