//! Colours that degrade: 256 colours where the terminal has them, the 16 basic ones on a Linux
//! console, none at all under NO_COLOR or on a vt100. Meaning never rests on colour alone: every
//! coloured thing also has a symbol (⚠, ●, ✗, ✓) or a text attribute (bold, reverse).

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Colors {
    None,
    Basic,
    Full,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub colors: Colors,
}

impl Theme {
    /// Decide from the environment: NO_COLOR (any non-empty value, see no-color.org), TERM and
    /// COLORTERM.
    pub fn detect() -> Theme {
        let var = |k: &str| std::env::var(k).unwrap_or_default();
        Theme::from_env(&var("NO_COLOR"), &var("TERM"), &var("COLORTERM"))
    }

    pub fn from_env(no_color: &str, term: &str, colorterm: &str) -> Theme {
        // NO_COLOR, and monochrome terminals (vt100 and its kin, dumb, none named).
        let colors = if !no_color.is_empty()
            || term.is_empty()
            || term == "dumb"
            || term.starts_with("vt1")
            || term.starts_with("vt2")
            || term.starts_with("vt5")
        {
            Colors::None
        } else if term == "linux" || term.starts_with("ansi") || term.starts_with("cons") {
            Colors::Basic
        } else if term.contains("256")
            || colorterm.contains("truecolor")
            || colorterm.contains("24bit")
        {
            Colors::Full
        } else {
            Colors::Basic
        };
        Theme { colors }
    }

    pub const fn mono() -> Theme {
        Theme {
            colors: Colors::None,
        }
    }

    fn fg(&self, basic: Color, full: Color) -> Style {
        match self.colors {
            Colors::None => Style::new(),
            Colors::Basic => Style::new().fg(basic),
            Colors::Full => Style::new().fg(full),
        }
    }

    /// Overdue: red and bold; the text carries ⚠ as well.
    pub fn overdue(&self) -> Style {
        self.fg(Color::Red, Color::Indexed(196))
            .add_modifier(Modifier::BOLD)
    }

    /// Due within three days.
    pub fn soon(&self) -> Style {
        self.fg(Color::Yellow, Color::Indexed(214))
    }

    pub fn paused(&self) -> Style {
        self.fg(Color::Cyan, Color::Indexed(74))
    }

    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn marked(&self) -> Style {
        self.fg(Color::Magenta, Color::Indexed(170))
            .add_modifier(Modifier::BOLD)
    }

    pub fn header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }

    pub fn title(&self) -> Style {
        self.fg(Color::Cyan, Color::Indexed(117))
            .add_modifier(Modifier::BOLD)
    }

    pub fn label(&self) -> Style {
        match self.colors {
            // Dim text is unreadable on a Linux console: plain there.
            Colors::Full => Style::new().fg(Color::Indexed(246)),
            _ => Style::new(),
        }
    }

    pub fn status(&self) -> Style {
        match self.colors {
            Colors::None => Style::new().add_modifier(Modifier::REVERSED),
            Colors::Basic => Style::new().fg(Color::White).bg(Color::Blue),
            Colors::Full => Style::new().fg(Color::Indexed(253)).bg(Color::Indexed(24)),
        }
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Yellow, Color::Indexed(221))
            .add_modifier(Modifier::BOLD)
    }

    pub fn error(&self) -> Style {
        self.fg(Color::Red, Color::Indexed(203))
            .add_modifier(Modifier::BOLD)
    }

    pub fn ok(&self) -> Style {
        self.fg(Color::Green, Color::Indexed(114))
    }

    pub fn tab_active(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD)
    }

    pub fn urgent(&self) -> Style {
        self.fg(Color::Red, Color::Indexed(203))
            .add_modifier(Modifier::BOLD)
    }

    pub fn high(&self) -> Style {
        self.fg(Color::Yellow, Color::Indexed(214))
    }

    pub fn closed(&self) -> Style {
        match self.colors {
            Colors::Full => Style::new().fg(Color::Indexed(244)),
            Colors::Basic => Style::new(),
            Colors::None => Style::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_degrade_with_the_terminal() {
        assert_eq!(
            Theme::from_env("1", "xterm-256color", "truecolor").colors,
            Colors::None
        );
        assert_eq!(Theme::from_env("", "vt100", "").colors, Colors::None);
        assert_eq!(Theme::from_env("", "linux", "").colors, Colors::Basic);
        assert_eq!(Theme::from_env("", "xterm", "").colors, Colors::Basic);
        assert_eq!(
            Theme::from_env("", "tmux-256color", "").colors,
            Colors::Full
        );
        // Without colour the overdue style still stands out (bold), and the text says ⚠.
        let mono = Theme::mono().overdue();
        assert_eq!(mono.fg, None);
        assert!(mono.add_modifier.contains(Modifier::BOLD));
    }
}
