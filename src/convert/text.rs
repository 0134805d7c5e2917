//! Text measures for convert: display width, sentences (Korean-aware) and short forms.
//!
//! Owns cutting prose to a lightning-talk length without splitting a word or a Hangul syllable.

/// Display columns of a character: Hangul, Han, Kana and full-width forms take two.
pub fn char_width(ch: char) -> usize {
    let wide = matches!(ch,
        '\u{1100}'..='\u{115F}'   // Hangul Jamo
        | '\u{2E80}'..='\u{303E}' // CJK radicals, punctuation
        | '\u{3041}'..='\u{33FF}' // Kana, compatibility
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{AC00}'..='\u{D7A3}' // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'
        | '\u{FF00}'..='\u{FF60}' // full-width forms
        | '\u{FFE0}'..='\u{FFE6}');
    if wide { 2 } else { 1 }
}

/// Display width of a string in columns.
pub fn width(text: &str) -> usize {
    text.chars().map(char_width).sum()
}

/// Abbreviations whose period does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "e.g.", "i.e.", "etc.", "vs.", "Mr.", "Mrs.", "Ms.", "Dr.", "cf.", "No.",
];

/// Sentences of a paragraph. A sentence ends at `.`, `!`, `?`, `…` or their full-width forms
/// (`。！？`) before a space or the end, and at a Korean final ending (`다`, `요`, `죠`, `까`)
/// before a line break, where writers often leave out the period.
pub fn sentences(text: &str) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut current = String::new();
    for (i, &ch) in chars.iter().enumerate() {
        current.push(ch);
        let next = chars.get(i + 1).copied();
        if ends_sentence(&current, ch, next) {
            push_sentence(&mut out, &mut current);
        }
    }
    push_sentence(&mut out, &mut current);
    out
}

fn ends_sentence(current: &str, ch: char, next: Option<char>) -> bool {
    let at_break = next.is_none_or(char::is_whitespace);
    match ch {
        '。' | '！' | '？' => true,
        '.' | '!' | '?' | '…' => {
            at_break
                && !ABBREVIATIONS
                    .iter()
                    .any(|a| current.ends_with(a) && word_start(current, a))
        }
        '다' | '요' | '죠' | '까' => next == Some('\n'),
        _ => false,
    }
}

/// Whether the abbreviation at the end of `current` starts a word.
fn word_start(current: &str, abbreviation: &str) -> bool {
    let before = &current[..current.len() - abbreviation.len()];
    before.chars().last().is_none_or(char::is_whitespace)
}

fn push_sentence(out: &mut Vec<String>, current: &mut String) {
    let s = current.split_whitespace().collect::<Vec<_>>().join(" ");
    if !s.is_empty() {
        out.push(s);
    }
    current.clear();
}

/// The first sentence, cut at a word boundary to at most `limit` columns (with `…` when cut).
/// A first word longer than the limit is kept whole: a word is never split.
pub fn short_form(text: &str, limit: usize) -> String {
    let first = sentences(text).into_iter().next().unwrap_or_default();
    if width(&first) <= limit {
        return first;
    }
    let mut out = String::new();
    for word in first.split(' ') {
        let extra = if out.is_empty() { 0 } else { 1 };
        if !out.is_empty() && width(&out) + extra + width(word) + 1 > limit {
            break;
        }
        if extra == 1 {
            out.push(' ');
        }
        out.push_str(word);
    }
    let trimmed = out.trim_end_matches([',', ';', ':', '、', '，']);
    format!("{trimmed}…")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_hangul_double() {
        assert_eq!(width("abc"), 3);
        assert_eq!(width("한글"), 4);
        assert_eq!(width("Python은"), 8);
        assert_eq!(width("日本。"), 6);
    }

    #[test]
    fn splits_english_sentences_but_not_abbreviations_or_decimals() {
        assert_eq!(
            sentences("Pi is 3.14 today. We use e.g. numbers! Why? Because…  yes"),
            [
                "Pi is 3.14 today.",
                "We use e.g. numbers!",
                "Why?",
                "Because…",
                "yes"
            ]
        );
    }

    #[test]
    fn splits_korean_sentences_with_and_without_periods() {
        assert_eq!(
            sentences("파이썬은 빠릅니다. 정말요? 네!\n마침표가 없습니다\n다음 문장"),
            [
                "파이썬은 빠릅니다.",
                "정말요?",
                "네!",
                "마침표가 없습니다",
                "다음 문장"
            ]
        );
        assert_eq!(sentences("全角。次の文！"), ["全角。", "次の文！"]);
    }

    #[test]
    fn short_form_keeps_short_sentences_whole() {
        assert_eq!(
            short_form("Short one. And more text here.", 40),
            "Short one."
        );
    }

    #[test]
    fn short_form_cuts_at_words_never_inside_one() {
        let s = short_form(
            "This first sentence is rather long for a slide in a lightning talk.",
            30,
        );
        assert_eq!(s, "This first sentence is rather…");
        assert!(width(&s) <= 30);
        let k = short_form(
            "웹 서버는 대부분의 시간을 데이터베이스와 외부 서비스를 기다리는 데 씁니다.",
            30,
        );
        assert_eq!(k, "웹 서버는 대부분의 시간을…");
        assert!(width(&k) <= 30);
        assert_eq!(
            short_form("Supercalifragilistic is long.", 5),
            "Supercalifragilistic…"
        );
    }
}
