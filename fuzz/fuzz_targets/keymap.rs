//! Keymap files: a user's file is read or refused with where the error is, never a panic; laid
//! over the shipped default, lookups and the generated help work.
#![no_main]

use libfuzzer_sys::fuzz_target;
use taizhang::tui::keymap::Keymap;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = Keymap::parse("keys.toml", text);
    if let Some(mut km) = Keymap::shipped("default")
        && km.lay_over("keys.toml", text).is_ok()
    {
        for mode in taizhang::tui::action::Mode::ALL {
            let _ = km.help(mode);
            let _ = km.sequences(mode);
        }
    }
});
