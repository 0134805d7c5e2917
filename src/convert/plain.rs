//! Plain-text drafts: telling them from Markdown, the byline (author, date), and rewriting them
//! as Markdown — short lines before a paragraph become titles, numbered and bulleted lines
//! become lists, bare URLs become links and paragraphs become notes.

use super::text::width;

/// Longest line (in columns) that reads as a title in a plain-text draft.
const TITLE_WIDTH: usize = 50;

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
            || matches!(t.trim_end(), "---" | "***" | "___")
            || line.contains("](")
    })
}

/// What a byline line names.
pub enum Byline {
    /// `Author: …`, `By …`, `작성자: …`.
    Author(String),
    /// `Date: …`, `날짜: …`, or a bare ISO date.
    Date(String),
}

/// Reads one line as a byline.
pub fn byline(line: &str) -> Option<Byline> {
    if let Some(a) = byline_value(
        line,
        &["author", "by", "저자", "작성자", "발표자", "글쓴이"],
    ) {
        return Some(Byline::Author(a));
    }
    byline_value(line, &["date", "날짜", "일시", "작성일"])
        .or_else(|| iso_date(line))
        .map(Byline::Date)
}

/// Removes byline lines that stand right under a plain-text draft's first line (its title),
/// filling in what they name.
pub fn take_byline(text: &str, author: &mut Option<String>, date: &mut Option<String>) -> String {
    let lines: Vec<&str> = text.split('\n').collect();
    let Some(title) = lines.iter().position(|l| !l.trim().is_empty()) else {
        return text.to_string();
    };
    if !is_title(lines[title]) {
        return text.to_string();
    }
    let mut taken = Vec::new();
    for (i, line) in lines.iter().enumerate().skip(title + 1) {
        if line.trim().is_empty() {
            continue;
        }
        match byline(line) {
            Some(Byline::Author(a)) => _ = author.get_or_insert(a),
            Some(Byline::Date(d)) => _ = date.get_or_insert(d),
            None => break,
        }
        taken.push(i);
    }
    let kept: Vec<&str> = lines
        .iter()
        .enumerate()
        .filter(|(i, _)| !taken.contains(i))
        .map(|(_, l)| *l)
        .collect();
    kept.join("\n")
}

/// `Key: value` or `By value` for one of `keys` (case-insensitive), with `:` or `：`.
fn byline_value(line: &str, keys: &[&str]) -> Option<String> {
    let t = line
        .trim()
        .trim_start_matches(['*', '_'])
        .trim_end_matches(['*', '_']);
    for key in keys {
        let Some(head) = t.get(..key.len()) else {
            continue;
        };
        if !head.eq_ignore_ascii_case(key) {
            continue;
        }
        let rest = &t[key.len()..];
        let value = if let Some(v) = rest.trim_start().strip_prefix([':', '：']) {
            v
        } else if *key == "by" && rest.starts_with(' ') {
            rest
        } else {
            continue;
        };
        let value = value.trim();
        // A name or a date never ends like a sentence (nor like a cut short form).
        let sentence_end = value.ends_with(['.', '!', '?', '…', '。', '！', '？']);
        if !value.is_empty() && !sentence_end && width(value) <= TITLE_WIDTH {
            return Some(value.to_string());
        }
    }
    None
}

fn iso_date(line: &str) -> Option<String> {
    let t = line.trim();
    let b = t.as_bytes();
    let ok = b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        });
    ok.then(|| t.to_string())
}

/// A plain-text draft rewritten as Markdown.
pub fn to_markdown(text: &str) -> String {
    let mut out: Vec<String> = Vec::new();
    let mut titled = false;
    let blocks: Vec<Vec<&str>> = paragraphs(text);
    for (i, block) in blocks.iter().enumerate() {
        let mut lines: &[&str] = block;
        let more_follows = lines.len() > 1 || i + 1 < blocks.len();
        if let Some(first) = lines.first()
            && is_title(first)
            && more_follows
        {
            let marks = if titled { "##" } else { "#" };
            titled = true;
            out.push(format!("{marks} {}", first.trim()));
            lines = &lines[1..];
        }
        block_to_markdown(lines, &mut out);
    }
    out.join("\n\n")
}

/// Blank-line separated groups of lines.
fn paragraphs(text: &str) -> Vec<Vec<&str>> {
    let mut blocks = vec![Vec::new()];
    for line in text.split('\n') {
        if line.trim().is_empty() {
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

/// A short line that does not end a sentence and is not a list item or a link.
fn is_title(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty()
        && !t.starts_with(['<', '!', '|', '`', '>', '['])
        && width(t) <= TITLE_WIDTH
        && !t.ends_with(['.', '!', '。', '！', ',', ';', ':'])
        && list_item(t).is_none()
        && !is_url(t)
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
            std::mem::take(prose).join("\n").replace("-->", "-- >")
        ));
    }
}

/// `1.`, `2)`, `-`, `*`, `•` lines as Markdown list items.
fn list_item(line: &str) -> Option<String> {
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
        assert!(is_markdown("a\n\n---\n\nb"));
        assert!(!is_markdown(
            "Title\n\nJust prose.\n\n- a list\n1. numbered"
        ));
        assert!(!is_markdown("제목\n\n본문입니다."));
    }

    #[test]
    fn byline_fills_author_and_date() {
        let (mut a, mut d) = (None, None);
        let rest = take_byline("My talk\nBy Kim Pyo\n2026-08-15\n\nText", &mut a, &mut d);
        assert_eq!(a.as_deref(), Some("Kim Pyo"));
        assert_eq!(d.as_deref(), Some("2026-08-15"));
        assert_eq!(rest, "My talk\n\nText");
        let (mut a, mut d) = (None, None);
        take_byline(
            "제목\n작성자: 김파이\n날짜： 2026년 8월 15일",
            &mut a,
            &mut d,
        );
        assert_eq!(a.as_deref(), Some("김파이"));
        assert_eq!(d.as_deref(), Some("2026년 8월 15일"));
        let (mut a, mut d) = (None, None);
        take_byline("Bystanders watched.\nDate palms grow.", &mut a, &mut d);
        assert_eq!((a, d), (None, None));
        let (mut a, mut d) = (None, None);
        let rest = take_byline("Title\n\nSome prose.\nBy Kim", &mut a, &mut d);
        assert_eq!(a, None, "only right under the title");
        assert!(rest.ends_with("By Kim"));
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
