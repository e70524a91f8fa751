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

/// The local time of day of `at`: enforcement is not at night (行政强制法 art 43).
pub fn local_time(at: chrono::DateTime<chrono::Utc>) -> chrono::NaiveTime {
    at.with_timezone(&Local).time()
}
