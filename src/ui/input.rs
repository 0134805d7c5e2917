//! Keys and clicks to [`Action`]s through the one registry in `crate::action`.

use egui::{Event, Key, Modifiers};

use crate::action::{COMMANDS, Command, KeySpec};
use crate::show::{Action, Show, Window};

/// The registry's keys resolved to egui keys (checked by a test: every name resolves).
pub fn bindings() -> Vec<(Key, bool, bool, Command)> {
    COMMANDS
        .iter()
        .flat_map(|c| c.keys.iter().map(move |k| (k, c.command)))
        .filter_map(|(k, c)| Key::from_name(k.key).map(|key| (key, k.command, k.shift, c)))
        .collect()
}

/// The command bound to a key press, if any.
fn command(key: Key, modifiers: Modifiers) -> Option<Command> {
    let spec = KeySpec {
        key: key.name(),
        command: modifiers.command,
        shift: modifiers.shift,
    };
    // `Key::name` spells arrows "Right"; the registry spells them "ArrowRight": compare keys.
    bindings()
        .into_iter()
        .find(|(k, ctrl, shift, _)| *k == key && *ctrl == spec.command && *shift == spec.shift)
        .map(|(_, _, _, c)| c)
}

/// What the keyboard does while the console edits notes: the editor takes every key but these.
fn while_editing(c: Command, modifiers: Modifiers) -> bool {
    matches!(
        c,
        Command::Escape | Command::Finish | Command::EditNotes | Command::Quit
    ) || (modifiers.command && matches!(c, Command::NotesBigger | Command::NotesSmaller))
}

/// Actions from this frame's key presses in one window. While the console edits notes, its
/// keys are text (but for [`while_editing`]'s); the audience window's keys still present.
pub fn actions(ctx: &egui::Context, show: &Show, window: Window) -> Vec<Action> {
    let events = ctx.input(|i| i.events.clone());
    events
        .iter()
        .filter_map(|e| action_of(e, show, window))
        .collect()
}

/// The action of one input event in `window`: a key press bound to a command (or a digit of a
/// slide number), by the rules of [`actions`]; `None` for anything else.
pub fn action_of(event: &Event, show: &Show, window: Window) -> Option<Action> {
    let &Event::Key {
        key,
        pressed: true,
        modifiers,
        ..
    } = event
    else {
        return None;
    };
    if show.editing().is_some() && window == Window::Console {
        return command(key, modifiers)
            .filter(|&c| while_editing(c, modifiers))
            .map(Action::Command);
    }
    if let Some(d) = digit(key)
        && !modifiers.command
    {
        return Some(Action::Digit(d));
    }
    if show.overview().is_some() && matches!(key, Key::ArrowUp | Key::ArrowDown) {
        return Some(Action::OverviewRow(if key == Key::ArrowDown {
            1
        } else {
            -1
        }));
    }
    command(key, modifiers).map(Action::Command)
}

fn digit(key: Key) -> Option<u8> {
    let n = match key {
        Key::Num0 => 0,
        Key::Num1 => 1,
        Key::Num2 => 2,
        Key::Num3 => 3,
        Key::Num4 => 4,
        Key::Num5 => 5,
        Key::Num6 => 6,
        Key::Num7 => 7,
        Key::Num8 => 8,
        Key::Num9 => 9,
        _ => return None,
    };
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_registry_key_name_is_an_egui_key() {
        for spec in COMMANDS {
            for k in spec.keys {
                assert!(
                    Key::from_name(k.key).is_some(),
                    "{} of {:?}",
                    k.key,
                    spec.command
                );
            }
        }
    }

    #[test]
    fn presses_map_through_the_registry() {
        assert_eq!(
            command(Key::ArrowRight, Modifiers::NONE),
            Some(Command::Next)
        );
        assert_eq!(
            command(Key::F5, Modifiers::SHIFT),
            Some(Command::PresentFromHere)
        );
        assert_eq!(command(Key::Q, Modifiers::COMMAND), Some(Command::Quit));
        assert_eq!(command(Key::Q, Modifiers::NONE), None);
    }
}
