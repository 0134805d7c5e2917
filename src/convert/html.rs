//! Saved web pages (`.html`): the article body as Markdown — headings, paragraphs, lists, code,
//! quotes, tables and images — with the page's scripts, navigation, sharing buttons, comments
//! and footers left out, and its title, author and date from the page's metadata.
//!
//! Parsed with `scraper` (html5ever, the HTML parser of Servo), which reads real-world pages as a
//! browser does.

use scraper::{ElementRef, Html, Node, Selector};

use super::furniture::iso_date;
use super::text::width;
use super::{inline_escape, link_target};

/// What a page holds.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Page {
    pub title: Option<String>,
    pub author: Option<String>,
    pub date: Option<String>,
    /// The article as Markdown.
    pub markdown: String,
}

/// Whether a draft is an HTML page rather than Markdown or text.
pub fn is_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(200)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
}

/// Elements that are never part of the article.
const SKIPPED: &[&str] = &[
    "script", "style", "noscript", "nav", "footer", "aside", "form", "button", "iframe", "svg",
    "template", "select", "input", "textarea", "canvas", "video", "audio", "object", "dialog",
    "menu",
];

/// Class or id words of page furniture around an article.
const FURNITURE: &[&str] = &[
    "comment",
    "share",
    "sharing",
    "social",
    "related",
    "newsletter",
    "subscribe",
    "sidebar",
    "footer",
    "navbar",
    "nav-",
    "menu",
    "breadcrumb",
    "advert",
    "promo",
    "cookie",
    "popup",
    "modal",
    "signup",
    "tags",
    "author-bio",
    "recommend",
];

/// The page as Markdown, with `image` deciding what each image's `src` becomes (`None` drops
/// the image).
pub fn to_markdown(html: &str, image: &dyn Fn(&str) -> Option<String>) -> Page {
    let doc = Html::parse_document(html);
    let article = article(&doc);
    let mut out = Writer {
        blocks: Vec::new(),
        image,
    };
    out.children(article, 0);
    let mut page = Page {
        title: meta(&doc, &["og:title", "twitter:title"]).or_else(|| first_text(&doc, "h1")),
        author: meta(&doc, &["author", "article:author", "byl"])
            .filter(|a| !a.starts_with("http"))
            .or_else(|| first_text(&doc, "[rel=author], .author, .byline, [itemprop=author]")),
        date: meta(
            &doc,
            &[
                "article:published_time",
                "date",
                "pubdate",
                "og:published_time",
            ],
        )
        .or_else(|| first_attr(&doc, "time[datetime]", "datetime"))
        .or_else(|| first_text(&doc, "time"))
        .and_then(|d| iso_date(d.get(..10).unwrap_or(&d)).or_else(|| iso_date(&d))),
        markdown: String::new(),
    };
    page.title = page.title.or_else(|| first_text(&doc, "title"));
    page.author = page
        .author
        .map(|a| a.strip_prefix("By ").unwrap_or(&a).to_string())
        .filter(|a| width(a) <= 40);
    // The article's own first heading is the title slide; put the page title there if it has none.
    let has_h1 = out.blocks.iter().any(|b| b.starts_with("# "));
    if !has_h1 && let Some(t) = &page.title {
        out.blocks.insert(0, format!("# {}", inline_escape(t)));
    }
    page.markdown = out.blocks.join("\n\n");
    page
}

/// The element holding the article: `<article>` (the one with the most text), else `<main>`,
/// else the element whose own paragraphs hold the most text, else `<body>`.
fn article(doc: &Html) -> ElementRef<'_> {
    for selector in ["article", "main, [role=main]"] {
        if let Ok(sel) = Selector::parse(selector)
            && let Some(best) = doc.select(&sel).max_by_key(|e| text_width(*e))
            && text_width(best) > 0
        {
            return best;
        }
    }
    let paragraphs = Selector::parse("p").ok();
    let mut best: Option<(usize, ElementRef<'_>)> = None;
    if let Some(p) = &paragraphs {
        for para in doc.select(p) {
            let Some(parent) = para.parent().and_then(ElementRef::wrap) else {
                continue;
            };
            let score: usize = parent
                .children()
                .filter_map(ElementRef::wrap)
                .filter(|c| c.value().name() == "p")
                .map(text_width)
                .sum();
            if best.is_none_or(|(s, _)| score > s) {
                best = Some((score, parent));
            }
        }
    }
    if let Some((_, e)) = best {
        return e;
    }
    Selector::parse("body")
        .ok()
        .and_then(|b| doc.select(&b).next())
        .unwrap_or_else(|| doc.root_element())
}

fn text_width(e: ElementRef<'_>) -> usize {
    e.text().map(width).sum()
}

fn meta(doc: &Html, names: &[&str]) -> Option<String> {
    for name in names {
        let selector = format!("meta[property=\"{name}\"], meta[name=\"{name}\"]");
        if let Ok(sel) = Selector::parse(&selector)
            && let Some(content) = doc.select(&sel).find_map(|m| m.attr("content"))
        {
            let content = squash(content);
            if !content.is_empty() {
                return Some(content);
            }
        }
    }
    None
}

fn first_text(doc: &Html, selector: &str) -> Option<String> {
    let sel = Selector::parse(selector).ok()?;
    doc.select(&sel)
        .map(|e| squash(&e.text().collect::<String>()))
        .find(|t| !t.is_empty())
}

fn first_attr(doc: &Html, selector: &str, attr: &str) -> Option<String> {
    let sel = Selector::parse(selector).ok()?;
    doc.select(&sel).find_map(|e| e.attr(attr)).map(squash)
}

/// Runs of white space as one space, trimmed.
fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_furniture(e: ElementRef<'_>) -> bool {
    let name = e.value().name();
    if SKIPPED.contains(&name) {
        return true;
    }
    if e.attr("hidden").is_some() || e.attr("aria-hidden") == Some("true") {
        return true;
    }
    let words = format!(
        "{} {}",
        e.attr("class").unwrap_or(""),
        e.attr("id").unwrap_or("")
    )
    .to_ascii_lowercase();
    // A header is furniture unless it holds the article's title.
    if name == "header" && !e.children().filter_map(ElementRef::wrap).any(has_h1) {
        return true;
    }
    FURNITURE.iter().any(|f| words.contains(f))
}

fn has_h1(e: ElementRef<'_>) -> bool {
    e.value().name() == "h1" || e.children().filter_map(ElementRef::wrap).any(has_h1)
}

struct Writer<'a> {
    blocks: Vec<String>,
    image: &'a dyn Fn(&str) -> Option<String>,
}

impl Writer<'_> {
    /// The block children of a container; loose text between them becomes paragraphs.
    fn children(&mut self, e: ElementRef<'_>, depth: usize) {
        let mut loose = String::new();
        for child in e.children() {
            match child.value() {
                Node::Text(t) => loose.push_str(&inline_escape(t)),
                Node::Element(_) => {
                    let Some(el) = ElementRef::wrap(child) else {
                        continue;
                    };
                    if is_inline(el.value().name()) {
                        loose.push_str(&self.inline(el));
                        continue;
                    }
                    self.flush(&mut loose);
                    self.block(el, depth);
                }
                _ => {}
            }
        }
        self.flush(&mut loose);
    }

    fn flush(&mut self, loose: &mut String) {
        let text = squash(loose);
        if !text.is_empty() {
            self.blocks.push(text);
        }
        loose.clear();
    }

    fn block(&mut self, e: ElementRef<'_>, depth: usize) {
        if is_furniture(e) || depth > 40 {
            return;
        }
        let name = e.value().name();
        match name {
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                let level: usize = name[1..].parse().unwrap_or(2);
                let text = squash(&self.inline_children(e));
                if !text.is_empty() {
                    self.blocks.push(format!("{} {text}", "#".repeat(level)));
                }
            }
            // Text runs become paragraphs; an image inside stands on its own.
            "p" => self.children(e, depth + 1),
            "ul" | "ol" => {
                let list = self.list(e, name == "ol", 0);
                if !list.is_empty() {
                    self.blocks.push(list);
                }
            }
            "pre" => {
                let code: String = e.text().collect();
                let lang = e
                    .descendants()
                    .filter_map(ElementRef::wrap)
                    .chain([e])
                    .filter_map(|c| c.attr("class"))
                    .flat_map(str::split_whitespace)
                    .find_map(|c| c.strip_prefix("language-").or(c.strip_prefix("lang-")))
                    .unwrap_or("");
                let fence = if code.contains("```") { "~~~~" } else { "```" };
                self.blocks.push(format!(
                    "{fence}{lang}\n{}\n{fence}",
                    code.trim_end_matches('\n')
                ));
            }
            "blockquote" => {
                let mut inner = Writer {
                    blocks: Vec::new(),
                    image: self.image,
                };
                inner.children(e, depth + 1);
                let quoted: Vec<String> = inner
                    .blocks
                    .join("\n\n")
                    .lines()
                    .map(|l| {
                        if l.is_empty() {
                            ">".to_string()
                        } else {
                            format!("> {l}")
                        }
                    })
                    .collect();
                if !quoted.is_empty() {
                    self.blocks.push(quoted.join("\n"));
                }
            }
            "img" => {
                if let Some(img) = self.image_of(e) {
                    self.blocks.push(img);
                }
            }
            "figure" => {
                // A caption that only repeats the image's alt text is left out.
                let mut alts = Vec::new();
                for child in e.descendants().filter_map(ElementRef::wrap) {
                    match child.value().name() {
                        "img" => {
                            if let Some(img) = self.image_of(child) {
                                self.blocks.push(img);
                                alts.push(squash(child.attr("alt").unwrap_or("")));
                            }
                        }
                        "figcaption" => {
                            let caption = squash(&self.inline_children(child));
                            let plain = squash(&child.text().collect::<String>());
                            if !caption.is_empty() && !alts.contains(&plain) {
                                self.blocks.push(format!("*{caption}*"));
                            }
                        }
                        _ => {}
                    }
                }
            }
            "table" => self.table(e),
            "hr" => self.blocks.push("---".to_string()),
            "br" => {}
            _ => self.children(e, depth + 1),
        }
    }

    fn image_of(&self, e: ElementRef<'_>) -> Option<String> {
        let src = e
            .attr("src")
            .filter(|s| !s.starts_with("data:"))
            .or_else(|| e.attr("data-src"))?;
        let target = (self.image)(src)?;
        let alt = squash(e.attr("alt").unwrap_or(""));
        Some(format!(
            "![{}]({})",
            inline_escape(&alt),
            link_target(&target)
        ))
    }

    fn list(&self, e: ElementRef<'_>, ordered: bool, indent: usize) -> String {
        let mut lines = Vec::new();
        let mut n = 1;
        for item in e.children().filter_map(ElementRef::wrap) {
            if item.value().name() != "li" || is_furniture(item) {
                continue;
            }
            let mut text = String::new();
            let mut nested = Vec::new();
            for child in item.children() {
                match child.value() {
                    Node::Text(t) => text.push_str(&inline_escape(t)),
                    Node::Element(_) => {
                        let Some(el) = ElementRef::wrap(child) else {
                            continue;
                        };
                        match el.value().name() {
                            "ul" | "ol" => nested.push(self.list(
                                el,
                                el.value().name() == "ol",
                                indent + if ordered { 3 } else { 2 },
                            )),
                            "p" | "div" => {
                                text.push(' ');
                                text.push_str(&self.inline_children(el));
                            }
                            _ => text.push_str(&self.inline(el)),
                        }
                    }
                    _ => {}
                }
            }
            let marker = if ordered {
                format!("{n}.")
            } else {
                "-".to_string()
            };
            n += 1;
            lines.push(format!("{}{marker} {}", " ".repeat(indent), squash(&text)));
            lines.extend(nested.into_iter().filter(|l| !l.is_empty()));
        }
        lines.join("\n")
    }

    fn table(&mut self, e: ElementRef<'_>) {
        let Ok(rows) = Selector::parse("tr") else {
            return;
        };
        let Ok(cells) = Selector::parse("th, td") else {
            return;
        };
        let table: Vec<Vec<String>> = e
            .select(&rows)
            .map(|r| {
                r.select(&cells)
                    .map(|c| squash(&self.inline_children(c)).replace('|', "\\|"))
                    .collect()
            })
            .filter(|r: &Vec<String>| !r.is_empty())
            .collect();
        let Some(columns) = table.iter().map(Vec::len).max() else {
            return;
        };
        let mut lines = Vec::new();
        for (i, row) in table.iter().enumerate() {
            let mut cells = row.clone();
            cells.resize(columns, String::new());
            lines.push(format!("| {} |", cells.join(" | ")));
            if i == 0 {
                lines.push(format!("|{}", " --- |".repeat(columns)));
            }
        }
        self.blocks.push(lines.join("\n"));
    }

    fn inline_children(&self, e: ElementRef<'_>) -> String {
        let mut s = String::new();
        for child in e.children() {
            match child.value() {
                Node::Text(t) => s.push_str(&inline_escape(t)),
                Node::Element(_) => {
                    if let Some(el) = ElementRef::wrap(child)
                        && !is_furniture(el)
                    {
                        s.push_str(&self.inline(el));
                    }
                }
                _ => {}
            }
        }
        s
    }

    fn inline(&self, e: ElementRef<'_>) -> String {
        if is_furniture(e) {
            return String::new();
        }
        let inner = self.inline_children(e);
        let trimmed = inner.trim();
        let wrap = |mark: &str| {
            if trimmed.is_empty() {
                inner.clone()
            } else {
                let lead = if inner.starts_with(' ') { " " } else { "" };
                let tail = if inner.ends_with(' ') { " " } else { "" };
                format!("{lead}{mark}{trimmed}{mark}{tail}")
            }
        };
        match e.value().name() {
            "strong" | "b" => wrap("**"),
            "em" | "i" => wrap("*"),
            "code" | "kbd" => {
                let code: String = e.text().collect();
                format!("`{}`", code.replace('`', "'"))
            }
            "a" => match e.attr("href") {
                Some(href) if href.starts_with("http") && !trimmed.is_empty() => {
                    format!("[{trimmed}]({})", link_target(href))
                }
                _ => inner,
            },
            "br" => "\n".to_string(),
            "img" => String::new(),
            _ => inner,
        }
    }
}

fn is_inline(name: &str) -> bool {
    matches!(
        name,
        "a" | "b"
            | "strong"
            | "i"
            | "em"
            | "code"
            | "kbd"
            | "span"
            | "small"
            | "sup"
            | "sub"
            | "mark"
            | "abbr"
            | "cite"
            | "q"
            | "time"
            | "u"
            | "s"
            | "del"
            | "ins"
            | "br"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keep(src: &str) -> Option<String> {
        Some(src.to_string())
    }

    #[test]
    fn an_article_page_becomes_markdown_without_its_furniture() {
        let page = to_markdown(
            r#"<!DOCTYPE html><html><head><title>Types | Dev Blog</title>
            <meta property="og:title" content="Type hints in practice">
            <meta name="author" content="Dana Park">
            <meta property="article:published_time" content="2026-08-15T09:00:00+09:00">
            <script>var tracking = 1;</script><style>p { color: red }</style></head>
            <body><nav><a href="/">Home</a> <a href="/about">About</a></nav>
            <article><header><h1>Type hints in practice</h1><div class="share">Share on X</div></header>
            <p>We started with <strong>no</strong> hints and a <a href="https://mypy-lang.org">checker</a>.</p>
            <h2>What changed</h2>
            <ul><li>Reviews got faster</li><li>Bugs moved left<ul><li>to CI</li></ul></li></ul>
            <pre><code class="language-python">def f(x: int) -&gt; int:
    return x</code></pre>
            <figure><img src="post_files/chart.png" alt="A chart"><figcaption>Errors per week</figcaption></figure>
            <blockquote><p>Types are documentation.</p></blockquote>
            <table><tr><th>Week</th><th>Errors</th></tr><tr><td>1</td><td>40</td></tr></table>
            </article>
            <section class="comments"><p>Great post!</p></section>
            <footer>© 2026</footer></body></html>"#,
            &keep,
        );
        assert_eq!(page.title.as_deref(), Some("Type hints in practice"));
        assert_eq!(page.author.as_deref(), Some("Dana Park"));
        assert_eq!(page.date.as_deref(), Some("2026-08-15"));
        assert_eq!(
            page.markdown,
            "# Type hints in practice\n\n\
             We started with **no** hints and a [checker](https://mypy-lang.org).\n\n\
             ## What changed\n\n\
             - Reviews got faster\n- Bugs moved left\n  - to CI\n\n\
             ```python\ndef f(x: int) -> int:\n    return x\n```\n\n\
             ![A chart](post_files/chart.png)\n\n*Errors per week*\n\n\
             > Types are documentation.\n\n\
             | Week | Errors |\n| --- | --- |\n| 1 | 40 |"
        );
    }

    #[test]
    fn without_an_article_element_the_densest_paragraphs_win() {
        let page = to_markdown(
            "<html><body><div class=\"menu\"><p>Home</p></div><div id=\"content\">\
             <h2>Section</h2><p>First paragraph of the post, long enough.</p><p>Second one.</p></div>\
             <div><p>Sidebar blurb</p></div></body></html>",
            &keep,
        );
        assert_eq!(
            page.markdown,
            "## Section\n\nFirst paragraph of the post, long enough.\n\nSecond one."
        );
        assert!(is_html("<!doctype html>\n<html>"));
        assert!(!is_html("# Title\n\n<b>bold</b>"));
    }

    #[test]
    fn images_are_resolved_or_dropped_by_the_caller() {
        let page = to_markdown(
            "<html><body><article><p>Look:<img src=\"a b.png\" alt=\"x\"><img src=\"data:image/png;base64,AAAA\"></p></article></body></html>",
            &|src: &str| Some(format!("/abs/{src}")),
        );
        assert_eq!(page.markdown, "Look:\n\n![x](</abs/a b.png>)");
    }
}
