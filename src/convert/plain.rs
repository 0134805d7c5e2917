//! Plain-text drafts: telling them from Markdown, and rewriting them as Markdown — title lines
//! (found from the shape of the whole draft) become headings, numbered and bulleted lines become
//! lists, bare URLs become links, separator lines go, and paragraphs become notes.

use super::text::width;

/// A line up to this wide (in columns) that does not read as a sentence is a title.
const TITLE_WIDTH: usize = 50;

/// A wider line is a title only when the draft's other titles share its pattern, or it stands
/// alone above a paragraph much longer than itself; never beyond this.
const LONG_TITLE_WIDTH: usize = 160;

/// Whether the draft uses Markdown structure (headings, fences, links, quotes, rules).
pub fn is_markdown(text: &str) -> bool {
    let lines: Vec<&str> = text.lines().collect();
    lines.iter().enumerate().any(|(i, line)| {
        let t = line.trim_start();
        let heading = t.starts_with('#') && t.trim_start_matches('#').starts_with(' ');
        let setext = i > 0
            && !lines[i - 1].trim().is_empty()
            && !t.is_empty()
            && (t.trim_end().chars().all(|c| c == '=')
                || t.trim_end().chars().all(|c| c == '-') && t.len() >= 3);
        heading
            || setext
            || t.starts_with("```")
            || t.starts_with("~~~")
            || t.starts_with("> ")
            || t.starts_with("<!--")
            || line.contains("](")
    })
}

/// A plain-text draft rewritten as Markdown.
pub fn to_markdown(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut titled = false;
    let blocks: Vec<Vec<&str>> = paragraphs(text);
    let titles = title_blocks(&blocks);
    for (i, (block, is_title)) in blocks.iter().zip(&titles).enumerate() {
        let mut lines: &[&str] = block;
        // A line of its own right under the talk's title, before the prose: its subtitle.
        let subtitle = i == 1 && titles[0] && *is_title && block.len() == 1;
        if subtitle {
            out.push(link_urls(block[0].trim()));
            continue;
        }
        if *is_title && let Some(first) = lines.first() {
            let marks = if titled { "##" } else { "#" };
            titled = true;
            out.push(format!("{marks} {}", first.trim()));
            lines = &lines[1..];
        }
        block_to_markdown(lines, &mut out);
    }
    out.join("\n\n")
}

/// Which blocks start with a title line, judged on the whole draft: a short line that does not
/// read as a sentence; a longer one that shares a pattern with another such line (a trailing
/// `— name`, `님`, a `[tag]` in front); or one standing alone above a paragraph at least twice
/// its width.
fn title_blocks(blocks: &[Vec<&str>]) -> Vec<bool> {
    let candidate = |i: usize| -> Option<&str> {
        let block = &blocks[i];
        let first = block.first()?.trim();
        let more_follows = block.len() > 1 || i + 1 < blocks.len();
        (more_follows && titleish(first)).then_some(first)
    };
    let mut patterns: std::collections::HashMap<Pattern, usize> = Default::default();
    for i in 0..blocks.len() {
        if let Some(line) = candidate(i) {
            for p in line_patterns(line) {
                *patterns.entry(p).or_default() += 1;
            }
        }
    }
    (0..blocks.len())
        .map(|i| {
            let Some(line) = candidate(i) else {
                return false;
            };
            let w = width(line);
            let shared = line_patterns(line)
                .iter()
                .any(|p| patterns.get(p).copied().unwrap_or(0) >= 2);
            let alone_above_prose = blocks[i].len() == 1
                && blocks
                    .get(i + 1)
                    .is_some_and(|next| width(&next.join(" ")) >= 2 * w && !is_list_block(next));
            w <= TITLE_WIDTH || w <= LONG_TITLE_WIDTH && (shared || alone_above_prose && w <= 90)
        })
        .collect()
}

fn is_list_block(block: &[&str]) -> bool {
    block
        .first()
        .is_some_and(|l| list_item(l.trim()).is_some() || is_url(l.trim()))
}

/// Patterns that titles of one draft share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Pattern {
    /// `… — Speaker`, `… | Speaker`, `… - Speaker`: a short tail after a dash or bar.
    DashTail,
    /// Ends with the honorific `님`.
    Honorific,
    /// Starts with a `[tag]`.
    Tag,
    /// A short `(…)` at the end.
    ParenTail,
}

fn line_patterns(line: &str) -> Vec<Pattern> {
    let mut out = Vec::new();
    let dash_tail = [" — ", " – ", " - ", " | ", " / "].iter().any(|d| {
        line.rsplit_once(d).is_some_and(|(head, tail)| {
            !head.is_empty() && width(tail) <= 30 && tail.split_whitespace().count() <= 4
        })
    });
    if dash_tail {
        out.push(Pattern::DashTail);
    }
    if line.trim_end_matches([')', ' ']).ends_with('님') {
        out.push(Pattern::Honorific);
    }
    if line.starts_with('[') && line.contains(']') && !line.contains("](") {
        out.push(Pattern::Tag);
    }
    if line.ends_with(')')
        && let Some((_, tail)) = line.rsplit_once('(')
        && width(tail) <= 30
    {
        out.push(Pattern::ParenTail);
    }
    out
}

/// Could be a title: not markup, a list item, a link, a separator, nor a sentence.
fn titleish(line: &str) -> bool {
    let t = line.trim();
    let markup = t.starts_with(['<', '!', '|', '`', '>']) || t.starts_with('[') && t.contains("](");
    let sentence =
        t.ends_with(['.', '!', '。', '！', ',', ';', ':']) || reads_as_korean_sentence(t);
    !t.is_empty()
        && !markup
        && !sentence
        && width(t) <= LONG_TITLE_WIDTH
        && list_item(t).is_none()
        && !is_url(t)
        && !is_separator(t)
}

/// Ends with a Korean sentence ending (`…합니다`, `…했어요`), or with `다` and is long.
fn reads_as_korean_sentence(t: &str) -> bool {
    ["니다", "어요", "아요", "에요", "해요", "예요", "세요"]
        .iter()
        .any(|e| t.ends_with(e))
        || t.ends_with('다') && width(t) > 30
}

/// A line made only of dashes, dots, asterisks, tildes and the like (`--`, `* * *`, `······`).
pub fn is_separator(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && t.chars()
            .all(|c| c.is_whitespace() || "-–—=_*·•.~+#─━═".contains(c))
}

/// Blank-line separated groups of lines.
fn paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut blocks = vec![Vec::new()];
    for line in text.split('\n') {
        if line.trim().is_empty() || is_separator(line) {
            if blocks.last().is_some_and(|b| !b.is_empty()) {
                blocks.push(Vec::new());
            }
        } else if let Some(b) = blocks.last_mut() {
            b.push(line);
        }
    }
    blocks.retain(|b| !b.is_empty());
    blocks
}

/// Runs of list lines become lists; URL-only lines become link items; the rest are notes.
fn block_to_markdown(lines: &[&str], out: &mut Vec<String>) {
    let mut prose: Vec<String> = Vec::new();
    let mut list: Vec<String> = Vec::new();
    for line in lines {
        let t = line.trim();
        if let Some(item) = list_item(t) {
            flush_prose(&mut prose, out);
            list.push(item);
        } else if is_url(t) {
            flush_prose(&mut prose, out);
            list.push(format!("- <{t}>"));
        } else if !list.is_empty() && line.starts_with([' ', '\t']) {
            // An indented line continues the item above it.
            if let Some(last) = list.last_mut() {
                last.push(' ');
                last.push_str(&link_urls(t));
            }
        } else {
            flush_list(&mut list, out);
            prose.push(link_urls(t));
        }
    }
    flush_list(&mut list, out);
    flush_prose(&mut prose, out);
}

fn flush_list(list: &mut Vec<String>, out: &mut Vec<String>) {
    if !list.is_empty() {
        out.push(std::mem::take(list).join("\n"));
    }
}

/// Prose paragraphs are the speaker's words: they go to the notes.
fn flush_prose(prose: &mut Vec<String>, out: &mut Vec<String>) {
    if !prose.is_empty() {
        out.push(format!(
            "<!--\n{}\n-->",
            crate::deck::comments::escape_note(&std::mem::take(prose).join("\n"))
        ));
    }
}

/// `1.`, `2)`, `-`, `*`, `•` lines as Markdown list items.
pub fn list_item(line: &str) -> Option<String> {
    for bullet in ['-', '*', '•', '·', '‣', '◦'] {
        if let Some(rest) = line.strip_prefix(bullet)
            && rest.starts_with(' ')
        {
            return Some(format!("- {}", link_urls(rest.trim())));
        }
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return None;
    }
    let rest = &line[digits..];
    let rest = rest.strip_prefix(['.', ')'])?;
    rest.starts_with(' ')
        .then(|| format!("{}. {}", &line[..digits], link_urls(rest.trim())))
}

fn is_url(t: &str) -> bool {
    (t.starts_with("http://") || t.starts_with("https://")) && !t.contains(char::is_whitespace)
}

/// Bare URLs as autolinks: `<https://…>`.
fn link_urls(text: &str) -> String {
    text.split(' ')
        .map(|w| {
            let trimmed = w.trim_end_matches(['.', ',', ')', ';']);
            if is_url(trimmed) {
                format!("<{trimmed}>{}", &w[trimmed.len()..])
            } else {
                w.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tells_markdown_from_plain_text() {
        assert!(is_markdown("# Title\n\ntext"));
        assert!(is_markdown("Title\n=====\n"));
        assert!(is_markdown("see [this](https://x.org)"));
        // A rule alone is not Markdown: blog text copied as plain text has them too.
        assert!(!is_markdown("a\n\n---\n\nb"));
        assert!(!is_markdown(
            "Title\n\nJust prose.\n\n- a list\n1. numbered"
        ));
        assert!(!is_markdown("제목\n\n본문입니다."));
    }

    #[test]
    fn plain_text_becomes_titles_lists_links_and_notes() {
        let md = to_markdown(
            "Async in Python\n\nWhy async\nServers mostly wait. They wait for databases.\n\nQuestions\n1) Is it faster?\n2) Do I rewrite everything?\n\nLinks\nhttps://docs.python.org/3/library/asyncio.html\n• see https://peps.python.org/pep-0492/.",
        );
        assert_eq!(
            md,
            "# Async in Python\n\n## Why async\n\n<!--\nServers mostly wait. They wait for databases.\n-->\n\n\
             ## Questions\n\n1. Is it faster?\n2. Do I rewrite everything?\n\n\
             ## Links\n\n- <https://docs.python.org/3/library/asyncio.html>\n- see <https://peps.python.org/pep-0492/>."
        );
    }

    #[test]
    fn a_sentence_is_not_a_title() {
        let md = to_markdown("This is a sentence.\nAnd another one.");
        assert!(md.starts_with("<!--"), "{md}");
    }
}
