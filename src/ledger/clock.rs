//! Who is acting and what day it is, as this process sees them.

use chrono::{Local, NaiveDate};

/// The name of the operating-system user running this process: the actor of every event.
pub fn current_user() -> String {
    let uid = nix::unistd::getuid();
    match nix::unistd::User::from_uid(uid) {
        Ok(Some(u)) => u.name,
        _ => format!("uid{}", uid.as_raw()),
    }
}

/// Today's date in the local time zone: the day deadlines count from.
pub fn today() -> NaiveDate {
    Local::now().date_naive()
}
