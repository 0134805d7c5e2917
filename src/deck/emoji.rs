//! Emoji shortcodes (`:smile:`, `:+1:`, `:tada:` — GitHub's set, from the `emojis` crate) as the
//! emoji they name, in slide text and notes. Code spans and blocks never come here: they keep
//! their text. An unknown `:word:` stays as written.

/// `text` with every known shortcode replaced; `None` when there was none.
pub fn replace(text: &str) -> Option<String> {
    if !text.contains(':') {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut changed = false;
    while let Some(start) = rest.find(':') {
        let after = &rest[start + 1..];
        let end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || matches!(c, '_' | '+' | '-')))
            .filter(|&i| i > 0 && after[i..].starts_with(':'));
        match end.and_then(|i| emojis::get_by_shortcode(&after[..i]).map(|e| (i, e))) {
            Some((i, emoji)) => {
                out.push_str(&rest[..start]);
                out.push_str(emoji.as_str());
                rest = &after[i + 1..];
                changed = true;
            }
            None => {
                out.push_str(&rest[..=start]);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    changed.then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_shortcodes_become_emoji_and_the_rest_stays() {
        assert_eq!(
            replace("Thanks :+1: :tada:").as_deref(),
            Some("Thanks 👍 🎉")
        );
        assert_eq!(replace(":smile:").as_deref(), Some("😄"));
        assert_eq!(replace("12:30 and a:b"), None);
        assert_eq!(replace("not :an_emoji_here: x"), None);
        assert_eq!(replace("::"), None);
        assert_eq!(
            replace("time: :heart::fire:").as_deref(),
            Some("time: ❤️🔥")
        );
    }
}
