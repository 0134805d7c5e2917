//! Speaker notes as PDF text annotations — the form Marp's `--pdf-notes` writes and PDF
//! presenters (pdfpc among them) read — added to krilla's file as an incremental update: krilla
//! 0.8 writes link annotations only, so the notes go in after it, the way a PDF editor adds a
//! comment (new objects, the pages that carry them written again, a new cross-reference section
//! pointing back to krilla's). Every byte krilla wrote stays as it was.

/// The PDF with each page's note (`notes[i]` for page `i`) as a text annotation in its top-left
/// corner. An error leaves the PDF as it was and says why.
pub fn add_notes(
    pdf: Vec<u8>,
    notes: &[Option<String>],
    page_height: f32,
) -> Result<Vec<u8>, (Vec<u8>, String)> {
    if notes.iter().all(Option::is_none) {
        return Ok(pdf);
    }
    match update(&pdf, notes, page_height) {
        Ok(tail) => {
            let mut out = pdf;
            out.extend_from_slice(&tail);
            Ok(out)
        }
        Err(why) => Err((pdf, why)),
    }
}

fn update(pdf: &[u8], notes: &[Option<String>], page_height: f32) -> Result<Vec<u8>, String> {
    let trailer_at = rfind(pdf, b"trailer").ok_or("no trailer")?;
    let trailer = dict_at(pdf, trailer_at).ok_or("no trailer dictionary")?;
    let size = number_after(trailer, b"/Size").ok_or("no /Size in the trailer")?;
    let prev = number_after(&pdf[trailer_at..], b"startxref").ok_or("no startxref")?;
    let kids = kids(pdf).ok_or("no page tree")?;
    let offsets_of = xref(pdf, prev).ok_or("no cross-reference table where startxref points")?;
    if kids.len() != notes.len() {
        return Err(format!("{} pages, {} notes", kids.len(), notes.len()));
    }
    let mut tail = b"\n".to_vec();
    let base = pdf.len();
    let mut offsets: Vec<(usize, usize)> = Vec::new();
    let mut next = size;
    for (page, note) in kids.iter().zip(notes) {
        let Some(note) = note else { continue };
        let page_dict = offsets_of
            .get(page)
            .and_then(|&at| dict_at(pdf, at))
            .ok_or(format!("page object {page} not found"))?;
        let annot = next;
        next += 1;
        offsets.push((annot, base + tail.len()));
        let top = page_height;
        tail.extend_from_slice(
            format!(
                "{annot} 0 obj\n<</Type/Annot/Subtype/Text/Rect[0 {} 20 {top}]/Contents{}/T{}/Name/Note/Open false/F 32>>\nendobj\n",
                top - 20.0,
                text_string(note),
                text_string("Speaker notes"),
            )
            .as_bytes(),
        );
        offsets.push((*page, base + tail.len()));
        tail.extend_from_slice(format!("{page} 0 obj\n").as_bytes());
        tail.extend_from_slice(&with_annotation(page_dict, annot));
        tail.extend_from_slice(b"\nendobj\n");
    }
    offsets.sort();
    let xref_at = base + tail.len();
    tail.extend_from_slice(b"xref\n");
    let mut i = 0;
    while i < offsets.len() {
        let mut j = i;
        while j + 1 < offsets.len() && offsets[j + 1].0 == offsets[j].0 + 1 {
            j += 1;
        }
        tail.extend_from_slice(format!("{} {}\n", offsets[i].0, j - i + 1).as_bytes());
        for (_, at) in &offsets[i..=j] {
            tail.extend_from_slice(format!("{at:010} 00000 n \n").as_bytes());
        }
        i = j + 1;
    }
    let trailer = String::from_utf8_lossy(trailer);
    let inner = trailer
        .trim()
        .strip_prefix("<<")
        .and_then(|t| t.strip_suffix(">>"))
        .ok_or("a trailer that is not a dictionary")?;
    let kept = remove_entry(remove_entry(inner.to_string(), "/Size"), "/Prev");
    tail.extend_from_slice(
        format!("trailer\n<</Size {next}/Prev {prev}{kept}>>\nstartxref\n{xref_at}\n%%EOF\n")
            .as_bytes(),
    );
    Ok(tail)
}

/// A PDF text string: UTF-16BE with its byte-order mark, in hex (any script, no escaping).
fn text_string(text: &str) -> String {
    let mut out = String::from("<FEFF");
    for unit in text.encode_utf16() {
        out.push_str(&format!("{unit:04X}"));
    }
    out.push('>');
    out
}

/// The page dictionary with `annot` added to its `/Annots` (made when it has none).
fn with_annotation(dict: &[u8], annot: usize) -> Vec<u8> {
    let text = String::from_utf8_lossy(dict).into_owned();
    let reference = format!("{annot} 0 R");
    let close = text.find("/Annots").and_then(|at| {
        let open = at + text[at..].find('[')?;
        Some(open + text[open..].find(']')?)
    });
    if let Some(close) = close {
        return format!("{} {reference}{}", &text[..close], &text[close..]).into_bytes();
    }
    let body = text.trim_end();
    let body = body.strip_suffix(">>").unwrap_or(body);
    format!("{body}/Annots[{reference}]>>").into_bytes()
}

/// Drops `/Key value` from a dictionary's inside (value up to the next key).
fn remove_entry(inner: String, key: &str) -> String {
    let Some(at) = inner.find(key) else {
        return inner;
    };
    let rest = &inner[at + key.len()..];
    let end = rest.find('/').map_or(inner.len(), |e| at + key.len() + e);
    format!("{}{}", &inner[..at], &inner[end..])
}

/// The page objects in order, from the page tree's `/Kids`.
fn kids(pdf: &[u8]) -> Option<Vec<usize>> {
    let at = find(pdf, b"/Type/Pages").or_else(|| find(pdf, b"/Type /Pages"))?;
    let start = rfind(&pdf[..at], b"<<")?;
    let dict = dict_at(pdf, start)?;
    let kids_at = find(dict, b"/Kids")?;
    let open = kids_at + find(&dict[kids_at..], b"[")?;
    let close = open + find(&dict[open..], b"]")?;
    let list = std::str::from_utf8(&dict[open + 1..close]).ok()?;
    let numbers: Vec<usize> = list
        .split_whitespace()
        .collect::<Vec<_>>()
        .chunks(3)
        .filter_map(|c| c.first()?.parse().ok())
        .collect();
    Some(numbers)
}

/// Object number → byte offset, from the classic cross-reference table at `at` (krilla's).
fn xref(pdf: &[u8], at: usize) -> Option<std::collections::HashMap<usize, usize>> {
    let table = pdf.get(at..)?.strip_prefix(b"xref")?;
    let text = std::str::from_utf8(&table[..find(table, b"trailer")?]).ok()?;
    let mut lines = text.lines().map(str::trim).filter(|l| !l.is_empty());
    let mut out = std::collections::HashMap::new();
    while let Some(header) = lines.next() {
        let (start, count) = header.split_once(' ')?;
        let (start, count): (usize, usize) = (start.parse().ok()?, count.parse().ok()?);
        for n in start..start + count {
            let entry = lines.next()?;
            let mut parts = entry.split_whitespace();
            let offset: usize = parts.next()?.parse().ok()?;
            if parts.nth(1) == Some("n") {
                out.insert(n, offset);
            }
        }
    }
    Some(out)
}

/// The dictionary starting at or after `from`, nested `<< >>` counted.
fn dict_at(pdf: &[u8], from: usize) -> Option<&[u8]> {
    let start = from + find(&pdf[from..], b"<<")?;
    let mut depth = 0usize;
    let mut i = start;
    while i + 1 < pdf.len() {
        match &pdf[i..i + 2] {
            b"<<" => {
                depth += 1;
                i += 2;
            }
            b">>" => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(&pdf[start..i]);
                }
            }
            _ => i += 1,
        }
    }
    None
}

fn number_after(text: &[u8], key: &[u8]) -> Option<usize> {
    let at = find(text, key)? + key.len();
    let digits: String = text[at..]
        .iter()
        .map(|&b| b as char)
        .skip_while(|c| c.is_whitespace())
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).rposition(|w| w == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_hold_any_script() {
        assert_eq!(text_string("A한"), "<FEFF0041D55C>");
    }

    #[test]
    fn a_page_gains_an_annots_entry_or_one_more_in_it() {
        assert_eq!(
            with_annotation(b"<</Type/Page/Contents 5 0 R>>", 9),
            b"<</Type/Page/Contents 5 0 R/Annots[9 0 R]>>".to_vec()
        );
        assert_eq!(
            with_annotation(b"<</Type/Page/Annots[7 0 R]/Contents 5 0 R>>", 9),
            b"<</Type/Page/Annots[7 0 R 9 0 R]/Contents 5 0 R>>".to_vec()
        );
    }

    #[test]
    fn trailer_entries_are_replaced_not_doubled() {
        let inner = "/Size 102/Root 101 0 R/Info 99 0 R/ID[(a)(b)]".to_string();
        assert_eq!(
            remove_entry(inner, "/Size"),
            "/Root 101 0 R/Info 99 0 R/ID[(a)(b)]"
        );
    }
}
