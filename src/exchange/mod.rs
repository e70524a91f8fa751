//! Exchange: the file formats a ledger is read from and written to. `import` reads Excel
//! workbooks, CSV files (UTF-8 or GBK) and the lossless JSON Lines format and turns their rows
//! into the ledger's own commands; `export` writes jsonl, csv, xlsx and Markdown. Everything here
//! goes through the core (`crate::ledger`); the core knows nothing of these formats.

pub mod export;
pub mod import;
