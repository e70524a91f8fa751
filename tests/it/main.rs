//! The integration tests, one crate: the built binary, several real processes on one ledger,
//! the interface in ratatui's TestBackend and in tmux, reports, import and export, property
//! tests. One module per area; what they share is in `support`.
//!
//! One crate links the program once instead of once per test file. Tests run as threads of one
//! process, so none may change process-wide state (current directory, environment, umask,
//! panic hook) in this process; tests that need another process re-execute this binary with
//! `--exact MODULE::NAME` and an environment variable naming their part.

mod support;

mod bad_input;
mod cli;
mod clocks;
mod concurrency;
mod crash;
mod effective_dates;
mod export_formats;
mod export_roundtrip;
mod figures_table;
mod import_csv;
mod import_perf;
mod import_screen;
mod import_templates;
mod import_xlsx;
mod layers;
mod ledger_core;
mod open_index;
mod proptest_parsers;
mod proptest_workflow;
mod report_cli;
mod report_demo;
mod report_figures;
mod report_rates;
mod report_snapshots;
mod report_wording;
mod security;
mod seed_summary;
mod server;
mod soak_concurrency;
mod tui_app;
mod tui_keymap;
mod tui_lazy;
mod tui_render;
mod tui_tmux;
mod tui_triage;
