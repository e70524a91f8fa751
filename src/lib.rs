//! taizhang (台账): a terminal casework ledger for county industrial-park offices.

pub mod cli;
pub mod config;
pub mod demo;
pub mod exchange;
pub mod ledger;
pub mod server;
pub mod tui;
pub mod typed_command;
