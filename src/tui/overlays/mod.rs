//! The overlays: each with its own update (an `impl App` block for its mode) and its own draw.

use crate::tui::action::Action;
use crate::tui::input::Input;

pub mod command_line;
pub mod confirm;
pub mod filter;
pub mod form;
pub mod help;
pub mod import;
pub mod messages;
pub mod picker;

/// The editing keys every text input shares (the filter, the `:` line, a form's field).
pub(crate) fn edit_input(input: &mut Input, action: &Action) -> bool {
    match action {
        Action::CursorLeft => input.left(),
        Action::CursorRight => input.right(),
        Action::CursorHome => input.home(),
        Action::CursorEnd => input.end(),
        Action::DeleteBack => input.delete_back(),
        Action::DeleteForward => input.delete_forward(),
        Action::DeleteWord => input.delete_word(),
        Action::ClearLine => input.clear(),
        Action::Insert(s) => input.insert(s),
        _ => return false,
    }
    true
}
