//! Page furniture near the top of a draft: the byline, reading time, date, and the buttons a blog
//! page carries ("Follow", "Share", "7 min read", "구독"). They become the deck's `author` and
//! `date` (as an ISO date) instead of slides.
//!
//! Works on lines, for Markdown and plain drafts alike: only the first lines of a draft, before
//! its prose starts, are looked at, and a line goes only when every part of it is furniture.

use super::text::width;

/// How many non-blank lines from the top may hold furniture.
const TOP_LINES: usize = 12;

/// A line this wide (or wider) is prose: the furniture is above it.
const PROSE_WIDTH: usize = 60;

/// What the top of a draft named.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Byline {
    pub author: Option<String>,
    pub date: Option<String>,
}

/// What one part of a furniture line is.
#[derive(Debug, Clone, PartialEq)]
enum Part {
    Author(String),
    Date(String),
    ReadingTime,
    Button,
    /// A short name-like part (`Dana Park`, `김파이`): an author when the line also has a date
    /// or reading time, or the next furniture line does.
    Name(String),
}

/// Removes the furniture lines at the top of `text` (Markdown headings and the first line stay:
/// they are the title), filling in the author and date they name.
pub fn take(text: &str, found: &mut Byline) -> String {
    let mut lines: Vec<&str> = text.split('\n').collect();
    // What follows the post on its page (related posts, comments) is not the writer's.
    lines.truncate(page_end(&lines));
    // Ad placeholders and share widgets copied with the text go wherever they are.
    let mut drop: Vec<bool> = lines.iter().map(|l| is_widget(l.trim())).collect();
    if let Some(first) = category_line(&lines) {
        drop[first] = true;
    }
    drop_tail(&lines, &mut drop);
    let mut seen = 0;
    let mut pending_name: Option<(usize, String)> = None;
    let mut title_seen = false;
    // A first line that is only a name, while no dated line has followed it yet (dev.to puts
    // the author above the date and the `# Title`).
    let mut name_first: Option<(usize, bool)> = None;
    for (i, line) in lines.iter().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            continue;
        }
        seen += 1;
        if seen > TOP_LINES || t.starts_with("```") || t.starts_with("~~~") {
            break;
        }
        if drop[i] {
            continue;
        }
        if is_tag_line(t) {
            drop[i] = true;
            continue;
        }
        if t.starts_with('#') {
            if let Some((j, true)) = name_first.take() {
                found.author.get_or_insert(lines[j].trim().to_string());
                drop[j] = true;
            }
            title_seen = true;
            continue;
        }
        if !title_seen && !is_furniture_start(t) {
            if matches!(parts(t).as_deref(), Some([Part::Name(_)])) {
                name_first = Some((i, false));
            }
            title_seen = true;
            continue;
        }
        let Some(parts) = parts(t) else {
            if width(t) >= PROSE_WIDTH {
                break;
            }
            // A short line that is not furniture (a subtitle) may stand among it.
            pending_name = None;
            continue;
        };
        let anchored = parts
            .iter()
            .any(|p| matches!(p, Part::Date(_) | Part::ReadingTime | Part::Author(_)));
        if let Some((_, dated)) = name_first.as_mut() {
            *dated |= anchored;
        }
        if !anchored && let [Part::Name(name)] = parts.as_slice() {
            pending_name = Some((i, name.clone()));
            continue;
        }
        if !anchored && parts.iter().any(|p| matches!(p, Part::Name(_))) {
            continue;
        }
        // A line naming its author (`by 김작가`) makes the short line above it a subtitle.
        let named = parts.iter().any(|p| matches!(p, Part::Author(_)));
        if anchored
            && !named
            && let Some((j, name)) = pending_name.take()
        {
            found.author.get_or_insert(name);
            drop[j] = true;
        }
        for part in parts {
            match part {
                Part::Author(a) | Part::Name(a) => _ = found.author.get_or_insert(a),
                Part::Date(d) => _ = found.date.get_or_insert(d),
                Part::ReadingTime | Part::Button => {}
            }
        }
        drop[i] = true;
    }
    lines
        .iter()
        .zip(drop)
        .filter(|(_, d)| !d)
        .map(|(l, _)| *l)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A Medium byline copied as one run of text, `7 min readAug 30, 2015`: the reading time and the
/// date apart again.
fn unglued(line: &str) -> std::borrow::Cow<'_, str> {
    match line.find("read") {
        Some(at)
            if line[at + 4..]
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_uppercase()) =>
        {
            std::borrow::Cow::Owned(format!("{} · {}", &line[..at + 4], &line[at + 4..]))
        }
        _ => std::borrow::Cow::Borrowed(line),
    }
}

/// A line a blog platform puts where an ad goes: `728x90`, `320x100`, `반응형`, `광고`,
/// `Advertisement`, Tistory's `SMALL` and `LIST`.
fn is_ad_marker(t: &str) -> bool {
    let size = t.split_once(['x', 'X', '×']).is_some_and(|(w, h)| {
        [w, h]
            .iter()
            .all(|n| (2..=4).contains(&n.len()) && n.bytes().all(|b| b.is_ascii_digit()))
    });
    size || matches!(
        t,
        "반응형" | "광고" | "Advertisement" | "ADVERTISEMENT" | "SMALL" | "LIST"
    )
}

/// A line a blog platform's widgets leave in copied text, wherever it stands: ad markers, and
/// the share, subscribe and report buttons of Naver blog, Brunch, Substack and dev.to.
fn is_widget(t: &str) -> bool {
    const WIDGETS: &[&str] = &[
        // Naver blog
        "본문 기타 기능",
        "URL 복사",
        "신고하기",
        "번역보기",
        "공감한 사람 보러가기",
        "이웃추가",
        "본문 폰트 크기 조정",
        // Brunch
        "작가의 글이 좋았다면 응원을 보내주세요",
        "brunch book",
        // Substack
        "Subscribe now",
        "Leave a comment",
        "Share",
        "Upgrade to paid",
        "Type your email…",
        "Type your email...",
        // dev.to
        "Add to the discussion",
        "Report abuse",
        "Code of Conduct",
    ];
    let thanks = t.starts_with("Thanks for reading") && t.contains("Subscribe");
    is_ad_marker(t) || thanks || WIDGETS.iter().any(|w| t.eq_ignore_ascii_case(w))
}

/// Where the post ends on a copied page: the first line that opens what the platform shows
/// after it (Tistory's and Naver's `'개발' 카테고리의 다른 글`, velog's `3개의 댓글`, Brunch's
/// `작가의 이전글`, Substack's `Discussion about this post`, dev.to's `Top comments (4)`), or the
/// end of the text. Only the second half of a text is looked at.
fn page_end(lines: &[&str]) -> usize {
    let opens_the_rest = |t: &str| {
        let comments = t
            .strip_suffix("개의 댓글")
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        let top = t.strip_prefix("Top comments").is_some_and(|rest| {
            rest.is_empty() || rest.trim().starts_with('(') && rest.trim().ends_with(')')
        });
        comments
            || top
            || t.ends_with("카테고리의 다른 글")
            || matches!(
                t,
                "작가의 이전글" | "Discussion about this post" | "Ready for more?"
            )
    };
    let half = lines.len() / 2;
    lines
        .iter()
        .enumerate()
        .skip(half)
        .find(|(_, l)| opens_the_rest(l.trim()))
        .map_or(lines.len(), |(i, _)| i)
}

/// The buttons, counters and tags left below the last paragraph (`공감`, `라이킷 12`, `댓글 3`,
/// `#python #rust`): dropped from the end up to the first line that is not furniture.
fn drop_tail(lines: &[&str], drop: &mut [bool]) {
    for (i, line) in lines.iter().enumerate().rev() {
        let t = line.trim();
        if t.is_empty() || drop[i] {
            continue;
        }
        // A number alone may end the prose (a year, an answer); a counter has its word.
        let bare_number = t.bytes().all(|b| b.is_ascii_digit() || b == b',');
        let counter =
            !bare_number && parts(t).is_some_and(|p| p.iter().all(|p| matches!(p, Part::Button)));
        if !(counter || is_tag_line(t)) {
            return;
        }
        drop[i] = true;
    }
}

/// A line of tags only, `#python #beginners` (dev.to) or `#파이썬 #장고`: no space after any `#`,
/// so it is no Markdown heading.
fn is_tag_line(t: &str) -> bool {
    let words: Vec<&str> = t.split_whitespace().collect();
    !words.is_empty()
        && words.iter().all(|w| {
            w.strip_prefix('#')
                .is_some_and(|tag| tag.chars().next().is_some_and(char::is_alphanumeric))
        })
}

/// A blog's category path above the title (Tistory's `개발/Python` line): the first line, when
/// it is a short path and a byline with a date follows within two lines.
fn category_line(lines: &[&str]) -> Option<usize> {
    let mut text = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !is_ad_marker(l.trim()));
    let (first, line) = text.next()?;
    let t = line.trim();
    let segments: Vec<&str> = t.split('/').collect();
    let path = (2..=4).contains(&segments.len())
        && segments
            .iter()
            .all(|s| !s.is_empty() && !s.contains(' ') && width(s) <= 20);
    let dated = text.take(2).any(|(_, l)| {
        parts(l.trim()).is_some_and(|p| p.iter().any(|p| matches!(p, Part::Date(_))))
    });
    (path && dated).then_some(first)
}

/// Whether a first line is furniture rather than a title (`By Dana Park` above the title).
fn is_furniture_start(t: &str) -> bool {
    parts(t).is_some_and(|p| {
        p.iter()
            .any(|p| matches!(p, Part::Date(_) | Part::ReadingTime | Part::Author(_)))
    })
}

/// The parts of a furniture line, or `None` when some part is not furniture.
fn parts(line: &str) -> Option<Vec<Part>> {
    let t = line.trim_start();
    let marked = ["- ", "* ", "+ ", "> ", "!", "[", "<", "|"]
        .iter()
        .any(|m| t.starts_with(m));
    if marked || super::plain::list_item(t).is_some() {
        return None;
    }
    let line = line
        .trim()
        .trim_start_matches(['*', '_'])
        .trim_end_matches(['*', '_']);
    if let Some(author) = keyed(line, AUTHOR_KEYS) {
        return Some(vec![Part::Author(author)]);
    }
    let line = unglued(line);
    let mut out = Vec::new();
    for segment in line
        .split(['·', '|', '•', '∙'])
        .flat_map(|s| s.split(" — "))
    {
        let s = segment.trim();
        if s.is_empty() {
            continue;
        }
        if let Some(p) = part(s) {
            out.push(p);
            continue;
        }
        // `김파이 2022. 11. 24. 20:05` (Tistory): a name, a space, a date and time.
        let (name, date) = s.split_once(' ')?;
        let date = iso_date(date.trim()).filter(|_| is_name(name))?;
        out.push(Part::Author(name.to_string()));
        out.push(Part::Date(date));
    }
    (!out.is_empty()).then_some(out)
}

fn part(s: &str) -> Option<Part> {
    if let Some(a) = keyed(s, AUTHOR_KEYS) {
        return Some(Part::Author(a));
    }
    if let Some(d) = keyed(s, DATE_KEYS) {
        return Some(Part::Date(iso_date(&d).unwrap_or(d)));
    }
    if let Some(d) = iso_date(s) {
        return Some(Part::Date(d));
    }
    if is_reading_time(s) {
        return Some(Part::ReadingTime);
    }
    if is_button(s) {
        return Some(Part::Button);
    }
    // A like or view counter left alone on its line (velog's `12` under 팔로우).
    if (1..=7).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit() || b == b',') {
        return Some(Part::Button);
    }
    is_name(s).then(|| Part::Name(s.trim_start_matches('@').to_string()))
}

const AUTHOR_KEYS: &[&str] = &[
    "written by",
    "posted by",
    "author",
    "by",
    "저자",
    "작성자",
    "발표자",
    "글쓴이",
    "글",
];

const DATE_KEYS: &[&str] = &[
    "published on",
    "updated on",
    "edited on",
    "last updated on",
    "last updated",
    "published",
    "posted on",
    "updated",
    "date",
    "날짜",
    "일시",
    "작성일",
    "게시일",
];

/// `Key: value` or `By value` for one of `keys` (case-insensitive), with `:` or `：`.
fn keyed(line: &str, keys: &[&str]) -> Option<String> {
    let t = line.trim();
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
        } else if (key.ends_with("by") || key.ends_with(" on") || key.starts_with('p'))
            && rest.starts_with(' ')
        {
            rest
        } else {
            continue;
        };
        let value = value.trim();
        // A name or a date never ends like a sentence (nor like a cut short form).
        let sentence_end = value.ends_with(['.', '!', '?', '…', '。', '！', '？']);
        let dated = iso_date(value).is_some();
        if !value.is_empty() && (dated || !sentence_end) && width(value) <= 50 {
            return Some(value.to_string());
        }
    }
    None
}

#[cfg(test)]
mod platform_tests {
    use super::*;

    #[test]
    fn tistory_category_byline_and_ad_markers_go() {
        let text = "개발/Python\n파이썬 타입 힌트 이야기\n김파이 2022. 11. 24. 20:05\n728x90\n반응형\n\n\
                    타입 힌트를 쓰기 시작한 지 3년이 되었습니다. 처음에는 귀찮았지만 지금은 없으면 불안합니다.\n\n\
                    왜 타입 힌트인가\n\n728x90\n";
        let mut found = Byline::default();
        let out = take(text, &mut found);
        assert_eq!(found.author.as_deref(), Some("김파이"));
        assert_eq!(found.date.as_deref(), Some("2022-11-24"));
        assert!(out.starts_with("파이썬 타입 힌트 이야기"), "{out}");
        assert!(!out.contains("728x90") && !out.contains("반응형"), "{out}");
        assert!(out.contains("왜 타입 힌트인가"));
    }

    #[test]
    fn velogs_counter_and_thumbnail_go() {
        let text = "Rust로 CLI 만들기\nkimpy·2023년 3월 2일\n팔로우\n12\npost-thumbnail\n\n\
                    Rust로 CLI를 만들면서 배운 것을 정리합니다. clap과 anyhow 조합이 생각보다 좋았습니다.\n";
        let mut found = Byline::default();
        let out = take(text, &mut found);
        assert_eq!(found.author.as_deref(), Some("kimpy"));
        assert!(
            !out.contains("\n12\n") && !out.contains("post-thumbnail"),
            "{out}"
        );
    }

    #[test]
    fn a_medium_byline_glued_by_copy_and_paste_is_read() {
        let text = "The Title\nDana Park\n7 min readAug 30, 2015\n\nThe prose starts here and runs on for a good long while, as prose does.\n";
        let mut found = Byline::default();
        let out = take(text, &mut found);
        assert_eq!(
            (found.author.as_deref(), found.date.as_deref()),
            (Some("Dana Park"), Some("2015-08-30"))
        );
        assert!(!out.contains("min read"), "{out}");
    }

    #[test]
    fn naver_blog_buttons_byline_and_related_posts_go() {
        let text = "일상\n제주 파이썬 밋업 후기\n파이썬고양이\n2023. 5. 12. 14:30\n이웃추가\n본문 기타 기능\n\n\
                    지난 주말 제주에서 열린 파이썬 밋업에 다녀왔습니다. 발표가 모두 다섯 개였습니다.\n\n\
                    첫 발표는 타입 힌트였습니다.\n\n공감\n댓글 3\n공유하기\n\n\
                    '일상' 카테고리의 다른 글\n다른 글 하나 2023. 4. 1.\n";
        let mut found = Byline::default();
        let out = take(text, &mut found);
        assert_eq!(
            (found.author.as_deref(), found.date.as_deref()),
            (Some("파이썬고양이"), Some("2023-05-12"))
        );
        assert!(out.starts_with("일상\n제주 파이썬 밋업 후기"), "{out}");
        assert!(
            out.trim_end().ends_with("첫 발표는 타입 힌트였습니다."),
            "{out}"
        );
        assert!(
            !out.contains("이웃추가") && !out.contains("본문 기타"),
            "{out}"
        );
    }

    #[test]
    fn brunch_substack_and_devto_furniture_goes_and_comments_are_cut() {
        let brunch = "나의 첫 발표\n떨렸지만 해냈다\nby 김작가\nMar 12. 2023\n\n\
                      처음으로 컨퍼런스 무대에 섰던 날의 이야기를 적어 봅니다. 무척 떨렸습니다.\n\n\
                      작가의 글이 좋았다면 응원을 보내주세요\n라이킷 23\n댓글 2\n\n작가의 이전글\n다른 글\n";
        let mut found = Byline::default();
        let out = take(brunch, &mut found);
        assert_eq!(
            (found.author.as_deref(), found.date.as_deref()),
            (Some("김작가"), Some("2023-03-12"))
        );
        assert!(out.trim_end().ends_with("무척 떨렸습니다."), "{out}");

        let substack = "Why We Rewrote It\nA story about a rewrite\nDana Park\nMar 12, 2024\n42\n7\nShare\n\n\
                        We rewrote the service in a month, and this is what we learned from doing it.\n\n\
                        Thanks for reading Dana's Notes! Subscribe for free to receive new posts and support my work.\n\n\
                        The second part of the story begins with the tests we did not have.\n\n\
                        Share\n\nDiscussion about this post\nComments\nA reader wrote a comment.\n";
        let mut found = Byline::default();
        let out = take(substack, &mut found);
        assert_eq!(found.date.as_deref(), Some("2024-03-12"));
        assert!(
            !out.contains("Thanks for reading") && !out.contains("Share"),
            "{out}"
        );
        assert!(!out.contains("A reader wrote"), "{out}");
        assert!(out.contains("the tests we did not have."), "{out}");

        let devto = "Dana Park\nPosted on Jan 5, 2023 • Updated on Jan 7, 2023\n\
                     # Ten Things About Rust\n#rust #beginners #webdev\n\n\
                     Rust has a reputation for being hard, and some of that reputation is earned.\n\n\
                     ## One\n\nOwnership.\n\n12 reactions\n\nTop comments (4)\nA comment.\n";
        let mut found = Byline::default();
        let out = take(devto, &mut found);
        assert_eq!(
            (found.author.as_deref(), found.date.as_deref()),
            (Some("Dana Park"), Some("2023-01-05"))
        );
        assert!(out.starts_with("# Ten Things About Rust\n"), "{out}");
        assert!(
            !out.contains("#rust") && !out.contains("reactions"),
            "{out}"
        );
        assert!(out.trim_end().ends_with("Ownership."), "{out}");
    }

    #[test]
    fn a_path_or_a_number_in_prose_stays() {
        let text = "TCP/IP 이야기\n\n네트워크는 계층으로 나뉩니다. 오늘은 그 구조를 처음부터 하나씩 살펴보겠습니다.\n\n42\n";
        let mut found = Byline::default();
        assert_eq!(take(text, &mut found), text);
    }
}

/// `7 min read`, `5 minute read`, `3분 분량`, `읽는 데 5분`, `5분 읽기`.
fn is_reading_time(s: &str) -> bool {
    let lower = s.to_lowercase();
    let digits = lower.chars().filter(char::is_ascii_digit).count();
    if digits == 0 {
        return false;
    }
    let words: String = lower.chars().filter(|c| !c.is_ascii_digit()).collect();
    let words = words.split_whitespace().collect::<Vec<_>>().join(" ");
    matches!(
        words.as_str(),
        "min read"
            | "mins read"
            | "minute read"
            | "minutes read"
            | "분 분량"
            | "읽는 데 분"
            | "분 읽기"
            | "분"
    )
}

/// The buttons and counters a blog page shows around its byline.
fn is_button(s: &str) -> bool {
    let lower = s.to_lowercase();
    let bare = lower.trim_end_matches(|c: char| c.is_ascii_digit() || c == ' ');
    const BUTTONS: &[&str] = &[
        "follow",
        "following",
        "share",
        "listen",
        "save",
        "subscribe",
        "sign in",
        "sign up",
        "open in app",
        "member-only story",
        "share this post",
        "구독",
        "구독하기",
        "공유",
        "공유하기",
        "좋아요",
        "댓글",
        "팔로우",
        "이웃추가",
        "post-thumbnail",
        "공감",
        "구독하기 ",
    ];
    BUTTONS.contains(&bare)
        || ["라이킷", "댓글", "공감", "reactions", "comments", "likes"]
            .iter()
            .any(|w| bare == *w || lower.ends_with(&format!(" {w}")) && counted(&lower))
        || lower.starts_with("published in ")
        || lower.ends_with(" views")
        || lower.starts_with("조회수")
        || lower.starts_with("views ")
}

/// `12 reactions`, `3 comments`: a number and one word.
fn counted(lower: &str) -> bool {
    lower.split_once(' ').is_some_and(|(n, w)| {
        !w.contains(' ') && n.bytes().all(|b| b.is_ascii_digit() || b == b',')
    })
}

/// A short name: one to four words, no digits, nothing that ends a sentence.
fn is_name(s: &str) -> bool {
    let words = s.split_whitespace().count();
    (1..=4).contains(&words)
        && width(s) <= 30
        && !s.chars().any(|c| c.is_ascii_digit())
        && !s.ends_with(['.', '!', '?', ':', '。', ','])
        && s.chars().any(char::is_alphabetic)
}

const MONTHS: &[&str] = &[
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// A date as `YYYY-MM-DD`: `2026-08-15`, `2026/8/15`, `2026. 8. 15.`, `2026년 8월 15일 (금)`,
/// `Aug 15, 2026`, `15 August 2026`, with a time or weekday after it. Anything else in the text
/// makes it not a date.
pub fn iso_date(s: &str) -> Option<String> {
    let mut numbers: Vec<(u32, usize, Option<char>)> = Vec::new();
    let mut month_name = None;
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_ascii_digit() {
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let text: String = chars[start..i].iter().collect();
            let unit = chars
                .get(i)
                .copied()
                .filter(|u| matches!(u, '년' | '월' | '일' | ':'));
            if unit == Some(':') {
                // A time: skip it.
                while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == ':') {
                    i += 1;
                }
                continue;
            }
            numbers.push((text.parse().ok()?, text.len(), unit));
            if unit.is_some() {
                i += 1;
            }
        } else if c.is_alphabetic() {
            let start = i;
            while i < chars.len() && chars[i].is_alphabetic() {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect::<String>().to_lowercase();
            if let Some(m) = MONTHS
                .iter()
                .position(|m| word.starts_with(m) && word.len() <= 9)
            {
                if month_name.replace(m as u32 + 1).is_some() {
                    return None;
                }
            } else if !is_date_word(&word) {
                return None;
            }
        } else if matches!(c, '-' | '/' | '.' | ',' | ' ' | '(' | ')' | '\u{a0}') {
            i += 1;
        } else {
            return None;
        }
    }
    let (y, m, d) = match (month_name, numbers.as_slice()) {
        (None, [(y, 4, _), (m, _, _), (d, _, _)]) => (*y, *m, *d),
        (Some(m), [(d, 1 | 2, _), (y, 4, _)]) | (Some(m), [(y, 4, _), (d, 1 | 2, _)]) => {
            (*y, m, *d)
        }
        _ => return None,
    };
    ((1..=12).contains(&m) && (1..=31).contains(&d) && (1900..=2200).contains(&y))
        .then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Words that may stand beside a date: weekdays, AM/PM, `on`, Korean weekdays and 오전/오후.
fn is_date_word(word: &str) -> bool {
    const WORDS: &[&str] = &[
        "mon",
        "tue",
        "wed",
        "thu",
        "fri",
        "sat",
        "sun",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "am",
        "pm",
        "on",
        "월",
        "화",
        "수",
        "목",
        "금",
        "토",
        "일",
        "월요일",
        "화요일",
        "수요일",
        "목요일",
        "금요일",
        "토요일",
        "일요일",
        "오전",
        "오후",
        "utc",
        "kst",
    ];
    WORDS.contains(&word)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_shapes_blogs_print_them() {
        for (text, iso) in [
            ("2026-08-15", "2026-08-15"),
            ("2026/8/5", "2026-08-05"),
            ("2026. 8. 15.", "2026-08-15"),
            ("2026.08.15 14:30", "2026-08-15"),
            ("2026년 8월 15일", "2026-08-15"),
            ("2026년 8월 15일 (금) 오후 3:20", "2026-08-15"),
            ("Aug 15, 2026", "2026-08-15"),
            ("August 15, 2026", "2026-08-15"),
            ("15 August 2026", "2026-08-15"),
            ("Fri, Aug 15, 2026", "2026-08-15"),
        ] {
            assert_eq!(iso_date(text).as_deref(), Some(iso), "{text}");
        }
        for text in [
            "Aug 15",
            "2026",
            "I was there on Aug 15, 2026",
            "2026-13-01",
            "12 slides",
            "3.14",
        ] {
            assert_eq!(iso_date(text), None, "{text}");
        }
    }

    #[test]
    fn a_medium_style_byline_becomes_author_and_date() {
        let mut found = Byline::default();
        let rest = take(
            "# Type hints in practice\n\nWhat a year of mypy taught us\n\nDana Park\n\nFollow\n\n7 min read · Aug 15, 2026\n\nListen\n\nShare\n\nWe started with a codebase of 200,000 lines and no type hints at all, and a team that doubted them.",
            &mut found,
        );
        assert_eq!(found.author.as_deref(), Some("Dana Park"));
        assert_eq!(found.date.as_deref(), Some("2026-08-15"));
        assert_eq!(
            rest.split('\n')
                .filter(|l| !l.trim().is_empty())
                .collect::<Vec<_>>(),
            [
                "# Type hints in practice",
                "What a year of mypy taught us",
                "We started with a codebase of 200,000 lines and no type hints at all, and a team that doubted them."
            ]
        );
    }

    #[test]
    fn a_korean_blog_byline_becomes_author_and_date() {
        let mut found = Byline::default();
        let rest = take(
            "파이콘 라이트닝 토크 후기\n김파이 · 2026. 8. 15. 14:30 · 5분 분량\n구독\n\n올해도 파이콘에 다녀왔습니다.",
            &mut found,
        );
        assert_eq!(found.author.as_deref(), Some("김파이"));
        assert_eq!(found.date.as_deref(), Some("2026-08-15"));
        assert_eq!(
            rest,
            "파이콘 라이트닝 토크 후기\n\n올해도 파이콘에 다녀왔습니다."
        );
        let mut found = Byline::default();
        take(
            "제목\n작성자: 김파이\n날짜： 2026년 8월 15일\n\n본문",
            &mut found,
        );
        assert_eq!(found.author.as_deref(), Some("김파이"));
        assert_eq!(found.date.as_deref(), Some("2026-08-15"));
    }

    #[test]
    fn prose_and_names_further_down_stay() {
        let text = "Title\n\nSome prose that is long enough to be a paragraph of the talk itself, surely.\n\nBy Kim\n\n2026-08-15";
        let mut found = Byline::default();
        assert_eq!(take(text, &mut found), text);
        assert_eq!(found, Byline::default());
        // A short line alone is a subtitle, not an author, without a date beside it.
        let text = "Title\n\nDana Park\n\nThe talk starts here and it is a long sentence of prose.";
        let mut found = Byline::default();
        assert_eq!(take(text, &mut found), text);
        let text = "Bystanders watched.\nDate palms grow.";
        assert_eq!(take(text, &mut Byline::default()), text);
    }
}
