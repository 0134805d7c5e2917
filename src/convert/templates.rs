//! Static-site template tags in a Markdown draft (a Hugo or Jekyll post): made into what their
//! output would be on the page. Image shortcodes and includes become Markdown images, Liquid's
//! `highlight` blocks become code fences, `{{ site.baseurl }}` goes, and every other tag goes
//! (the text between paired tags stays).
//!
//! Pure text in, text out, line by line; code fences are left as written.

/// The draft with its template tags replaced by their output.
pub fn expand(markdown: &str) -> String {
    let mut out = Vec::new();
    let mut fence: Option<String> = None;
    for line in markdown.split('\n') {
        let trimmed = line.trim_start();
        if let Some(open) = &fence {
            if trimmed.starts_with(open.as_str()) {
                fence = None;
            }
            out.push(line.to_string());
            continue;
        }
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            fence = Some(trimmed[..3].to_string());
            out.push(line.to_string());
            continue;
        }
        out.push(expand_line(line));
    }
    out.join("\n")
}

/// One line outside code: each tag replaced, `{{ site.baseurl }}`-style variables dropped.
fn expand_line(line: &str) -> String {
    if !line.contains("{{") && !line.contains("{%") {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some((at, open, close)) = next_tag(rest) {
        out.push_str(&rest[..at]);
        let after = &rest[at + open.len()..];
        let Some(end) = after.find(close) else {
            out.push_str(&rest[at..]);
            return out;
        };
        out.push_str(&output_of(open, after[..end].trim()));
        rest = &after[end + close.len()..];
    }
    out.push_str(rest);
    // A line that only held tags goes.
    if out.trim().is_empty() && !line.trim().is_empty() {
        return String::new();
    }
    out
}

/// The first tag in `text`: where, its opening and its closing marks.
fn next_tag(text: &str) -> Option<(usize, &'static str, &'static str)> {
    [("{{<", ">}}"), ("{{%", "%}}"), ("{%", "%}"), ("{{", "}}")]
        .iter()
        .filter_map(|&(open, close)| text.find(open).map(|at| (at, open, close)))
        // The earliest; at one place the longest mark (`{{<` before `{{`).
        .min_by_key(|&(at, open, _)| (at, usize::MAX - open.len()))
}

/// What a tag's inside (`figure src="x.png" alt="A"`) outputs.
fn output_of(open: &str, inside: &str) -> String {
    let name = inside
        .trim_start_matches('/')
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match (open, name.as_str()) {
        ("{{<" | "{{%", "figure" | "img" | "image" | "picture") => image(inside, &["src"]),
        ("{%", "include") => image(inside, &["image", "url", "src", "file", "path"]),
        ("{%", "highlight") => format!(
            "```{}",
            inside.split_whitespace().nth(1).unwrap_or_default()
        ),
        ("{%", "endhighlight") => "```".to_string(),
        // `{{ site.baseurl }}/assets/x.png`: the variable is the site's root.
        _ => String::new(),
    }
}

/// A Markdown image from a tag's `key="value"` attributes (the first of `keys` that is there),
/// with its `alt`, `caption` or `title` as the description; nothing when it names no image.
fn image(inside: &str, keys: &[&str]) -> String {
    let attrs = crate::deck::alt::attributes(inside);
    let get = |names: &[&str]| {
        names.iter().find_map(|n| {
            attrs
                .iter()
                .find(|(k, v)| k.eq_ignore_ascii_case(n) && !v.is_empty())
                .map(|(_, v)| v.clone())
        })
    };
    let Some(src) = get(keys) else {
        return String::new();
    };
    let alt = get(&["alt", "caption", "title"]).unwrap_or_default();
    format!("![{alt}]({src})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortcodes_and_liquid_tags_become_what_the_page_shows() {
        for (line, want) in [
            (
                r#"{{< figure src="/images/chart.png" caption="결과" >}}"#,
                "![결과](/images/chart.png)",
            ),
            (r#"{{< img src="a.jpg" alt="A" >}}"#, "![A](a.jpg)"),
            (
                r#"{% include image.html url="/assets/images/x.jpg" description="x" %}"#,
                "![](/assets/images/x.jpg)",
            ),
            ("{% highlight python %}", "```python"),
            ("{% endhighlight %}", "```"),
            ("{{< youtube dQw4w9WgXcQ >}}", ""),
            ("{{< details \"More\" >}}", ""),
            ("{% raw %}", ""),
            (
                "![x]({{ site.baseurl }}/assets/x.png) and text",
                "![x](/assets/x.png) and text",
            ),
            ("plain {braces} stay", "plain {braces} stay"),
        ] {
            assert_eq!(expand(line), want, "{line}");
        }
    }

    #[test]
    fn code_fences_are_left_as_written() {
        let text = "```jinja\n{% for x in y %}{{ x }}{% endfor %}\n```\n{% raw %}";
        assert_eq!(
            expand(text),
            "```jinja\n{% for x in y %}{{ x }}{% endfor %}\n```\n"
        );
    }
}
