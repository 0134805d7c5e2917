//! Key phrases: a few words for a slide, taken from the prose its notes hold.
//!
//! Deterministic and local: the first sentence of a paragraph, cut at its first clause when long,
//! with discourse openers dropped ("So,", "그래서") and a Korean final ending turned into the
//! noun-like ending slides use (개조식: `운영합니다` → `운영함`, `있습니다` → `있음`,
//! `문서입니다` → `문서`). A question stays a question.

use super::text::{sentences, short_form, width};

/// Widest phrase, in display columns (a Hangul syllable counts two).
pub const PHRASE_WIDTH: usize = 64;

/// Openers that carry no content on a slide.
const OPENERS: &[&str] = &[
    "So, ",
    "So ",
    "Well, ",
    "Now, ",
    "And ",
    "But ",
    "Also, ",
    "However, ",
    "Basically, ",
    "Honestly, ",
    "Of course, ",
    "In short, ",
    "In the end, ",
    "Then ",
    "It turned out that ",
    "It turns out that ",
    "The truth is that ",
    "The thing is, ",
    "I think that ",
    "I think ",
    "I found that ",
    "I realised that ",
    "I realized that ",
    "그래서 ",
    "그런데 ",
    "하지만 ",
    "그리고 ",
    "사실 ",
    "결국 ",
    "즉, ",
    "즉 ",
    "먼저 ",
    "또한 ",
    "물론 ",
    "게다가 ",
    "그러니까 ",
    "저는 ",
    "제가 ",
    "저희는 ",
    "저희가 ",
    "우리는 ",
    "우리가 ",
];

/// Up to `max` phrases from prose paragraphs (plain text), in order: the first sentence of each
/// paragraph; a single paragraph of three or more sentences also gives its last one.
pub fn key_phrases(paragraphs: &[String], max: usize, avoid: Option<&str>) -> Vec<String> {
    let mut candidates: Vec<String> = paragraphs
        .iter()
        .filter_map(|p| sentences(p).into_iter().next())
        .collect();
    if let [only] = paragraphs {
        let all = sentences(only);
        if all.len() >= 3
            && let Some(last) = all.last()
        {
            candidates.push(last.clone());
        }
    }
    let mut out: Vec<String> = Vec::new();
    for sentence in candidates {
        let Some(p) = phrase(&sentence) else { continue };
        let same_as_title = avoid.is_some_and(|t| t.trim() == p);
        if !same_as_title && !out.contains(&p) {
            out.push(p);
        }
        if out.len() == max {
            break;
        }
    }
    out
}

/// One sentence as a slide phrase; `None` when too little is left (`네!`).
pub fn phrase(sentence: &str) -> Option<String> {
    let mut s = sentence.trim();
    while let Some(rest) = OPENERS.iter().find_map(|o| s.strip_prefix(o)) {
        s = rest.trim_start();
    }
    // "With the database shared, we split…": the clause before the comma only sets the scene.
    const SCENE: &[&str] = &[
        "With ",
        "When ",
        "If ",
        "After ",
        "Before ",
        "Since ",
        "Because ",
        "Although ",
        "As ",
        "While ",
        "Once ",
        "Until ",
    ];
    if width(s) > PHRASE_WIDTH
        && SCENE.iter().any(|w| s.starts_with(w))
        && let Some((_, main)) = s.split_once(", ")
        && width(main) >= 12
    {
        s = main;
    }
    let question = s.ends_with(['?', '？']);
    let s = s.trim_end_matches(['.', '!', '。', '！', '…', ' ']);
    let mut out = if question {
        s.to_string()
    } else {
        let clause = first_clause(s);
        let cut = clause.len() < s.len();
        nominal(clause, cut)
    };
    if width(&out) > PHRASE_WIDTH {
        out = if mostly_hangul(&out) {
            // Korean puts the verb last: leave out words from the front instead, the topic
            // (`김파이 님은`) first.
            let mut words: Vec<&str> = out.split(' ').collect();
            if let Some(topic) = words.iter().take(3).position(|w| w.ends_with(['은', '는']))
                && words.len() > topic + 4
            {
                words.drain(..=topic);
            }
            let keep = (0..words.len())
                .find(|i| width(&words[*i..].join(" ")) <= PHRASE_WIDTH)
                .unwrap_or(words.len() - 1);
            words[keep..].join(" ")
        } else {
            short_form(&out, PHRASE_WIDTH)
        };
    }
    let out = capitalised(&out);
    (width(&out) >= 6).then_some(out)
}

/// The first clause of a long sentence: up to a comma, dash, semicolon or colon, or (Korean)
/// a connective ending such as `-고`, `-지만`, `-는데`, when what comes before it is long
/// enough to say something and the whole is too wide.
fn first_clause(s: &str) -> &str {
    if width(s) <= PHRASE_WIDTH {
        return s;
    }
    let mut best = None;
    for (i, _) in s.char_indices() {
        let head = &s[..i];
        let tail = &s[i..];
        let marks = [", ", "; ", ": ", " — ", " – ", " - ", "，"];
        let at_mark = marks.iter().any(|m| tail.starts_with(m));
        let at_connective = tail.starts_with(' ') && clear_connective(head);
        if (at_mark || at_connective) && width(head) >= 12 {
            if width(head) <= PHRASE_WIDTH {
                best = Some(head);
            }
            break;
        }
    }
    best.unwrap_or(s)
}

/// The connective ending a Korean clause ends with (`기다리고` → `고`).
fn korean_connective(head: &str) -> Option<&'static str> {
    ["지만", "는데", "고", "며"]
        .into_iter()
        .find(|c| head.ends_with(c) && head.chars().count() > c.chars().count())
}

/// A connective at a space, where a noun could end the same way (`최고`, `참고`): only after
/// the verb endings that are unmistakable.
fn clear_connective(head: &str) -> bool {
    [
        "하고", "되고", "있고", "없고", "했고", "었고", "았고", "였고", "지만", "는데", "하며",
    ]
    .iter()
    .any(|c| head.ends_with(c))
}

/// The polite `-요` endings (해요체) and `-세요` requests, made noun-like.
fn polite(s: &str) -> Option<String> {
    if let Some(stem) = s.strip_suffix("하세요")
        && ends_in_hangul(stem)
    {
        // `고려하세요` → `고려`.
        return Some(stem.to_string());
    }
    if let Some(stem) = s.strip_suffix("세요")
        && ends_in_hangul(stem)
    {
        // `써 보세요` → `써 보기`.
        return Some(format!("{stem}기"));
    }
    for (ending, stem_end) in [("해요", "하"), ("돼요", "되")] {
        if let Some(stem) = s.strip_suffix(ending) {
            return Some(nominalize(&format!("{stem}{stem_end}")));
        }
    }
    for ending in ["어요", "아요", "죠"] {
        if let Some(stem) = s.strip_suffix(ending)
            && ends_in_hangul(stem)
        {
            return Some(nominalize(stem));
        }
    }
    // A vowel run together with `-어` before `요`: 져 = 지 + 어, 워 = 우 + 어, 와 = 오 + 아.
    let stem = s.strip_suffix('요')?;
    let last = stem
        .chars()
        .last()
        .filter(|c| is_syllable(*c) && final_of(*c) == 0)?;
    let vowel = (last as u32 - 0xAC00) / 28 % 21;
    let open = match vowel {
        6 => 20,
        14 => 13,
        9 => 8,
        0 | 1 | 4 | 5 => vowel,
        _ => return None,
    };
    let head: String = stem.chars().take(stem.chars().count() - 1).collect();
    let base = char::from_u32(last as u32 - vowel * 28 + open * 28)?;
    Some(nominalize(&format!("{head}{base}")))
}

/// A Korean clause or sentence with its ending made noun-like; other text as it is. `cut`
/// says the clause ends in a connective (`기다리고` → `기다림`).
fn nominal(s: &str, cut: bool) -> String {
    if cut {
        if let Some(c) = korean_connective(s) {
            let stem = &s[..s.len() - c.len()];
            // `-는데` follows the stem directly: `하는데` → `하`.
            return nominalize(stem);
        }
        return s.to_string();
    }
    for copula in ["이었습니다", "였습니다"] {
        if let Some(stem) = s.strip_suffix(copula) {
            return format!("{stem}{}", &copula[..copula.len() - "습니다".len()]) + "음";
        }
    }
    for copula in ["입니다", "이에요", "예요", "에요", "이다", "이죠"] {
        if let Some(stem) = s.strip_suffix(copula)
            && !stem.is_empty()
            && !stem.ends_with(' ')
        {
            return stem.to_string();
        }
    }
    if let Some(stem) = s.strip_suffix("습니다") {
        return nominalize(stem);
    }
    if let Some(stem) = s.strip_suffix("니다")
        && let Some(open) = drop_final(stem, 17)
    {
        // `합니다` = 하 + ㅂ + 니다.
        return nominalize(&open);
    }
    if let Some(stem) = s.strip_suffix("는다") {
        return nominalize(stem);
    }
    if let Some(polite) = polite(s) {
        return polite;
    }
    if let Some(stem) = s.strip_suffix('다')
        && ends_in_hangul(stem)
    {
        // `한다` = 하 + ㄴ + 다; `있다`, `했다` keep their final consonant.
        return match drop_final(stem, 4) {
            Some(open) => nominalize(&open),
            None => nominalize(stem),
        };
    }
    s.to_string()
}

fn mostly_hangul(s: &str) -> bool {
    let hangul = s.chars().filter(|c| is_syllable(*c)).count();
    hangul * 2 > s.chars().filter(|c| c.is_alphanumeric()).count()
}

fn ends_in_hangul(s: &str) -> bool {
    s.chars().last().is_some_and(is_syllable)
}

fn is_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

/// The final consonant index (0 = none) of a Hangul syllable.
fn final_of(c: char) -> u32 {
    (c as u32 - 0xAC00) % 28
}

fn with_final(c: char, t: u32) -> char {
    char::from_u32(c as u32 - final_of(c) + t).unwrap_or(c)
}

/// `stem` without the final consonant `t` on its last syllable, if it has exactly that one.
fn drop_final(stem: &str, t: u32) -> Option<String> {
    let last = stem.chars().last().filter(|c| is_syllable(*c))?;
    (final_of(last) == t).then(|| {
        let mut s: String = stem.chars().take(stem.chars().count() - 1).collect();
        s.push(with_final(last, 0));
        s
    })
}

/// A verb stem as a noun-like ending: `하` → `함`, `있` → `있음`, `만들` → `만듦`.
fn nominalize(stem: &str) -> String {
    let Some(last) = stem.chars().last().filter(|c| is_syllable(*c)) else {
        return stem.to_string();
    };
    let head: String = stem.chars().take(stem.chars().count() - 1).collect();
    match final_of(last) {
        0 => format!("{head}{}", with_final(last, 16)),
        8 => format!("{head}{}", with_final(last, 10)),
        _ => format!("{stem}음"),
    }
}

/// English phrases start with a capital once an opener is gone.
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) if c.is_ascii_lowercase() => c.to_ascii_uppercase().to_string() + chars.as_str(),
        _ => s.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_endings_become_slide_endings() {
        for (sentence, expected) in [
            (
                "저는 결제 시스템을 파이썬으로 운영하고 있습니다.",
                "결제 시스템을 파이썬으로 운영하고 있음",
            ),
            ("금요일 배포를 두려워합니다.", "금요일 배포를 두려워함"),
            (
                "타입 힌트는 살아 있는 문서입니다.",
                "타입 힌트는 살아 있는 문서",
            ),
            ("팀은 다섯 명이었습니다.", "팀은 다섯 명이었음"),
            ("코드가 짧아집니다.", "코드가 짧아짐"),
            ("비동기를 고려하세요.", "비동기를 고려"),
            (
                "작은 라이브러리부터 써 보세요",
                "작은 라이브러리부터 써 보기",
            ),
            ("코드가 쉬워요", "코드가 쉬움"),
            ("모두 바뀌어요", "모두 바뀜"),
            ("리뷰가 빨라졌다", "리뷰가 빨라졌음"),
            ("코드를 다시 읽는다", "코드를 다시 읽음"),
            ("테스트를 먼저 작성한다", "테스트를 먼저 작성함"),
            ("그래서 mypy를 도입했어요.", "Mypy를 도입했음"),
            ("배포가 쉬워져요", "배포가 쉬워짐"),
            ("도구를 직접 만들었죠", "도구를 직접 만들었음"),
            ("정말 빠를까요?", "정말 빠를까요?"),
        ] {
            assert_eq!(phrase(sentence).as_deref(), Some(expected), "{sentence}");
        }
    }

    #[test]
    fn long_sentences_keep_their_first_clause() {
        assert_eq!(
            phrase("데이터베이스의 응답을 기다리고, 외부 API의 응답을 기다리고, 또 파일 시스템도 기다립니다.")
                .as_deref(),
            Some("데이터베이스의 응답을 기다림")
        );
        assert_eq!(
            phrase("So, the meetup grew from twelve people to eighty, mostly because the talks were short.")
                .as_deref(),
            Some("The meetup grew from twelve people to eighty")
        );
        let long = phrase(
            "Nothing in this sentence gives a natural place to stop it before the limit is reached at all",
        )
        .expect("a phrase");
        assert!(
            width(&long) <= PHRASE_WIDTH && long.ends_with('…'),
            "{long}"
        );
    }

    #[test]
    fn long_korean_sentences_keep_their_end() {
        let p = phrase(
            "김파이 님은 결제 팀에서 십 년 된 코드에 타입 힌트를 붙인 경험을 이야기했습니다.",
        )
        .expect("a phrase");
        assert_eq!(
            p,
            "결제 팀에서 십 년 된 코드에 타입 힌트를 붙인 경험을 이야기했음"
        );
        assert!(width(&p) <= PHRASE_WIDTH);
    }

    #[test]
    fn a_scene_setting_clause_gives_way_to_the_main_one() {
        assert_eq!(
            phrase("With the database shared, we split the suite across eight workers.").as_deref(),
            Some("We split the suite across eight workers")
        );
        // Short enough as it is: kept whole.
        assert_eq!(
            phrase("When in doubt, measure.").as_deref(),
            Some("When in doubt, measure")
        );
    }

    #[test]
    fn too_little_left_gives_no_phrase() {
        assert_eq!(phrase("네!"), None);
        assert_eq!(phrase("So."), None);
    }

    #[test]
    fn phrases_come_from_first_sentences_and_skip_the_title() {
        let paragraphs = vec![
            "Servers mostly wait. They wait for databases.".to_string(),
            "Async lets one process serve many requests.".to_string(),
            "Third paragraph.".to_string(),
        ];
        assert_eq!(
            key_phrases(&paragraphs, 2, None),
            [
                "Servers mostly wait",
                "Async lets one process serve many requests"
            ]
        );
        assert_eq!(
            key_phrases(&paragraphs, 2, Some("Servers mostly wait")),
            [
                "Async lets one process serve many requests",
                "Third paragraph"
            ]
        );
        let one = vec!["First point here. A middle. The conclusion comes last.".to_string()];
        assert_eq!(
            key_phrases(&one, 2, None),
            ["First point here", "The conclusion comes last"]
        );
    }
}
