//! The one registry of what a speaker can do: every command, its label, its help text and its
//! keys. The keymap, the help overlay and the key-clash test all read [`COMMANDS`].
//!
//! Owns names only; it knows nothing of windows or state. Keys are written as names
//! (`"ArrowRight"`, `"F5"`, `"Period"`) that the UI maps to egui keys, so this stays egui-free.

/// A command a key (or a click) can give.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    /// Next step, then next slide.
    Next,
    /// Previous step, then previous slide.
    Previous,
    /// First slide.
    First,
    /// Last slide.
    Last,
    /// Start typing a slide number to go to.
    GoToPrompt,
    /// Confirm a typed slide number (or move on when none is typed).
    Confirm,
    /// Black screen on/off.
    BlackScreen,
    /// White screen on/off.
    WhiteScreen,
    /// Slide overview grid on/off.
    Overview,
    /// Help overlay on/off.
    Help,
    /// Audience window fullscreen on/off.
    ToggleFullscreen,
    /// Console window fullscreen on/off.
    ConsoleFullscreen,
    /// Present from the current slide: the slides window back (fullscreen, on the projector,
    /// unblanked), the talk where it is. A clicker's "slideshow" button sends F5.
    PresentFromHere,
    /// Leave the current state (overview, help, blank, prompt); never quits.
    Escape,
    /// Quit (asks while the timer runs).
    Quit,
    /// Larger notes.
    NotesBigger,
    /// Smaller notes.
    NotesSmaller,
    /// Swap which monitor shows the console and which the slides.
    SwapScreens,
    /// With one monitor: switch this window between the console and the slides.
    ToggleSlidesView,
    /// Start, pause or resume the timer.
    TimerToggle,
    /// Reset the timer (asks first while it runs).
    TimerReset,
    /// 30 seconds more.
    TimeAdd,
    /// 30 seconds less.
    TimeRemove,
    /// The audience's time bar on or off.
    AudienceBar,
    /// Rehearsal: end the run here and show its summary.
    EndRun,
    /// Rehearsal summary: throw this run away.
    DiscardRun,
    /// Edit this slide's notes in the console (again: save and stop editing).
    EditNotes,
    /// Finish what is going on: notes being edited are saved; in an event, the talk ends.
    Finish,
    /// Event: the next talk's card (a talk on ends first).
    QueueNext,
    /// Event: the card before.
    QueuePrevious,
}

/// A key with its modifiers, by name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct KeySpec {
    /// egui key name: `ArrowRight`, `A`, `F5`, `Period`, `Plus`.
    pub key: &'static str,
    /// Ctrl (Cmd on macOS) held.
    pub command: bool,
    /// Shift held.
    pub shift: bool,
}

const fn key(key: &'static str) -> KeySpec {
    KeySpec {
        key,
        command: false,
        shift: false,
    }
}

const fn shift(key: &'static str) -> KeySpec {
    KeySpec {
        key,
        command: false,
        shift: true,
    }
}

const fn ctrl(key: &'static str) -> KeySpec {
    KeySpec {
        key,
        command: true,
        shift: false,
    }
}

/// One registry entry.
#[derive(Debug, Clone, Copy)]
pub struct CommandSpec {
    /// The command.
    pub command: Command,
    /// Short name for the help overlay.
    pub label: &'static str,
    /// One sentence of help.
    pub help: &'static str,
    /// Default keys.
    pub keys: &'static [KeySpec],
}

/// Every command and its keys. Clickers send PageDown/PageUp, `.` (blank), F5/Shift+F5 and Esc
/// (docs/presenting.md has the map of common clickers).
pub const COMMANDS: &[CommandSpec] = &[
    CommandSpec {
        command: Command::Next,
        label: "Next",
        help: "Next step, then the next slide (also a click on the slide)",
        keys: &[
            key("ArrowRight"),
            key("ArrowDown"),
            key("PageDown"),
            key("Space"),
            key("N"),
        ],
    },
    CommandSpec {
        command: Command::Previous,
        label: "Previous",
        help: "Previous step, then the previous slide",
        keys: &[
            key("ArrowLeft"),
            key("ArrowUp"),
            key("PageUp"),
            key("Backspace"),
            key("P"),
        ],
    },
    CommandSpec {
        command: Command::First,
        label: "First slide",
        help: "Go to the first slide",
        keys: &[key("Home")],
    },
    CommandSpec {
        command: Command::Last,
        label: "Last slide",
        help: "Go to the last slide",
        keys: &[key("End")],
    },
    CommandSpec {
        command: Command::GoToPrompt,
        label: "Go to",
        help: "Type a slide number, then Enter (digits alone work too)",
        keys: &[key("G")],
    },
    CommandSpec {
        command: Command::Confirm,
        label: "Enter",
        help: "Go to the typed slide number, or the chosen overview slide; else next",
        keys: &[key("Enter")],
    },
    CommandSpec {
        command: Command::BlackScreen,
        label: "Black screen",
        help: "Blank the audience screen to black, and back",
        keys: &[key("B"), key("Period")],
    },
    CommandSpec {
        command: Command::WhiteScreen,
        label: "White screen",
        help: "Blank the audience screen to white, and back",
        keys: &[key("W"), key("Comma")],
    },
    CommandSpec {
        command: Command::Overview,
        label: "Overview",
        help: "All slides as a grid: arrows and Enter (or a click) jump, Esc closes",
        keys: &[key("O")],
    },
    CommandSpec {
        command: Command::Help,
        label: "Help",
        help: "This list of keys",
        keys: &[shift("Questionmark"), key("Questionmark"), key("F1")],
    },
    CommandSpec {
        command: Command::ToggleFullscreen,
        label: "Fullscreen",
        help: "Audience window fullscreen on and off",
        keys: &[key("F")],
    },
    CommandSpec {
        command: Command::ConsoleFullscreen,
        label: "Console fullscreen",
        help: "The console between fullscreen and a window",
        keys: &[key("F11")],
    },
    CommandSpec {
        command: Command::PresentFromHere,
        label: "Present from here",
        help: "The slides window back, fullscreen, on this slide (a clicker's slideshow button); never moves the talk",
        keys: &[key("F5"), shift("F5")],
    },
    CommandSpec {
        command: Command::Escape,
        label: "Escape",
        help: "Close the overview, help, prompt or blank screen; never quits",
        keys: &[key("Escape")],
    },
    CommandSpec {
        command: Command::Quit,
        label: "Quit",
        help: "Quit (while the timer runs: press again within 4 s)",
        keys: &[ctrl("Q")],
    },
    CommandSpec {
        command: Command::NotesBigger,
        label: "Notes +",
        help: "Larger speaker notes (Ctrl+= too, also while editing them)",
        keys: &[
            key("Plus"),
            shift("Plus"),
            key("Equals"),
            shift("Equals"),
            ctrl("Plus"),
            ctrl("Equals"),
        ],
    },
    CommandSpec {
        command: Command::NotesSmaller,
        label: "Notes −",
        help: "Smaller speaker notes (Ctrl+- too, also while editing them)",
        keys: &[key("Minus"), ctrl("Minus")],
    },
    CommandSpec {
        command: Command::EditNotes,
        label: "Edit notes",
        help: "Edit this slide's notes in the console (also a double-click on them); saved into the deck",
        keys: &[ctrl("E")],
    },
    CommandSpec {
        command: Command::Finish,
        label: "Finish",
        help: "While editing notes: save them (Esc too); in an event: end the talk, show the next card",
        keys: &[ctrl("Enter")],
    },
    CommandSpec {
        command: Command::QueueNext,
        label: "Next talk",
        help: "Event: the next talk's card (the talk on ends first)",
        keys: &[ctrl("ArrowRight")],
    },
    CommandSpec {
        command: Command::QueuePrevious,
        label: "Previous talk",
        help: "Event: the card before",
        keys: &[ctrl("ArrowLeft")],
    },
    CommandSpec {
        command: Command::SwapScreens,
        label: "Swap screens",
        help: "Swap the monitors of the console and the slides",
        keys: &[key("X")],
    },
    CommandSpec {
        command: Command::TimerToggle,
        label: "Timer",
        help: "Start, pause or resume the timer (it also starts on the first move forward)",
        keys: &[key("S")],
    },
    CommandSpec {
        command: Command::TimerReset,
        label: "Reset timer",
        help: "Reset the timer (press twice while it runs)",
        keys: &[key("R")],
    },
    CommandSpec {
        command: Command::TimeAdd,
        label: "+30 s",
        help: "Thirty seconds more (while running)",
        keys: &[key("CloseBracket")],
    },
    CommandSpec {
        command: Command::TimeRemove,
        label: "−30 s",
        help: "Thirty seconds less (while running)",
        keys: &[key("OpenBracket")],
    },
    CommandSpec {
        command: Command::AudienceBar,
        label: "Audience bar",
        help: "A thin time bar on the audience screen, on and off",
        keys: &[key("T")],
    },
    CommandSpec {
        command: Command::EndRun,
        label: "End run",
        help: "Rehearsal: end the run and see its splits",
        keys: &[key("E")],
    },
    CommandSpec {
        command: Command::DiscardRun,
        label: "Discard run",
        help: "Rehearsal summary: throw the run away",
        keys: &[key("D")],
    },
    CommandSpec {
        command: Command::ToggleSlidesView,
        label: "Console / slides",
        help: "With one monitor: switch between the console and fullscreen slides",
        keys: &[key("Tab")],
    },
];

/// The command bound to a key, if any.
pub fn command_for(spec: KeySpec) -> Option<Command> {
    COMMANDS
        .iter()
        .find(|c| c.keys.contains(&spec))
        .map(|c| c.command)
}

/// The first key of `command` as the speaker reads it (`F5`, `Ctrl+Q`): UI text names keys
/// through this, so it never disagrees with the keymap.
pub fn key_of(command: Command) -> String {
    COMMANDS
        .iter()
        .find(|c| c.command == command)
        .and_then(|c| c.keys.first())
        .map(key_label)
        .unwrap_or_default()
}

/// Human text for a key: `Shift+F5`, `Ctrl+Q`, `→`.
pub fn key_label(spec: &KeySpec) -> String {
    let name = match spec.key {
        "ArrowRight" => "→",
        "ArrowLeft" => "←",
        "ArrowUp" => "↑",
        "ArrowDown" => "↓",
        "Period" => ".",
        "Comma" => ",",
        "Questionmark" => "?",
        "Plus" => "+",
        "Minus" => "-",
        "Equals" => "=",
        "OpenBracket" => "[",
        "CloseBracket" => "]",
        other => other,
    };
    let mut s = String::new();
    if spec.command {
        s.push_str("Ctrl+");
    }
    if spec.shift && !matches!(spec.key, "Questionmark" | "Plus" | "Equals") {
        s.push_str("Shift+");
    }
    s.push_str(name);
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn no_two_commands_share_a_key() {
        let mut seen: HashMap<KeySpec, Command> = HashMap::new();
        for spec in COMMANDS {
            for k in spec.keys {
                if let Some(other) = seen.insert(*k, spec.command) {
                    panic!("{k:?} is bound to both {other:?} and {:?}", spec.command);
                }
            }
        }
    }

    #[test]
    fn every_command_has_a_key_label_and_help() {
        for spec in COMMANDS {
            assert!(!spec.keys.is_empty(), "{:?}", spec.command);
            assert!(
                !spec.label.is_empty() && !spec.help.is_empty(),
                "{:?}",
                spec.command
            );
        }
    }

    #[test]
    fn clicker_keys_do_what_clickers_mean() {
        assert_eq!(command_for(key("PageDown")), Some(Command::Next));
        assert_eq!(command_for(key("PageUp")), Some(Command::Previous));
        assert_eq!(command_for(key("Period")), Some(Command::BlackScreen));
        // A clicker's slideshow button: never a jump to slide 1 in the middle of a talk.
        assert_eq!(command_for(key("F5")), Some(Command::PresentFromHere));
        assert_eq!(command_for(shift("F5")), Some(Command::PresentFromHere));
        assert_eq!(command_for(key("Escape")), Some(Command::Escape));
        assert_eq!(command_for(key("Q")), None, "plain Q never quits");
    }

    #[test]
    fn ui_text_names_the_first_key_of_a_command() {
        assert_eq!(key_of(Command::PresentFromHere), "F5");
        assert_eq!(key_of(Command::Quit), "Ctrl+Q");
        assert_eq!(key_of(Command::Next), "→");
    }

    #[test]
    fn labels_read_like_keys() {
        assert_eq!(key_label(&shift("F5")), "Shift+F5");
        assert_eq!(key_label(&ctrl("Q")), "Ctrl+Q");
        assert_eq!(key_label(&key("ArrowRight")), "→");
        assert_eq!(key_label(&shift("Questionmark")), "?");
    }
}
