//! Shared by the import targets: one ledger per fuzzing process, and a dry-run import of the
//! input written to a file with the given extension. Any outcome but a panic is fine: an import
//! is accepted whole or refused with its problems, and a dry run writes nothing.

use std::path::PathBuf;
use std::sync::OnceLock;

use taizhang::exchange::import::{self, NoProgress, Options};
use taizhang::ledger::{Calendar, Kind, Ledger};

struct Place {
    _dir: tempfile::TempDir,
    ledger: Ledger,
    file: PathBuf,
}

// The ledger is only read by a dry run; one per process keeps each run quick.
static PLACE: OnceLock<std::sync::Mutex<Place>> = OnceLock::new();

pub fn dry_run(data: &[u8], ext: &str, kind: Option<Kind>) {
    let place = PLACE.get_or_init(|| {
        let dir = tempfile::tempdir().expect("temp dir");
        let ledger =
            Ledger::open(&dir.path().join("ledger.redb"), Calendar::none()).expect("ledger");
        let file = dir.path().join("input");
        std::sync::Mutex::new(Place {
            _dir: dir,
            ledger,
            file,
        })
    });
    let place = place.lock().unwrap_or_else(|p| p.into_inner());
    let file = place.file.with_extension(ext);
    std::fs::write(&file, data).expect("write input");
    let version = place.ledger.version().expect("version");
    let opts = Options {
        kind,
        sheet: None,
        dry_run: true,
        map: None,
        encoding: None,
        ignore_unknown: data.first().is_some_and(|b| b % 2 == 0),
    };
    let _ = import::import(&place.ledger, &file, &opts, &mut NoProgress);
    assert_eq!(
        version,
        place.ledger.version().expect("version"),
        "a dry run wrote to the ledger"
    );
}
