//! Site-root image paths in a static-site post: a Jekyll or Hugo post writes
//! `![](/assets/images/chart.png)`, which the site serves from its root (Hugo from `static/`).
//! The deck cannot know that root, so convert finds it — the nearest folder above the draft that
//! holds a site's configuration — and names each image that exists there by a path the deck can
//! open.

use std::path::{Path, PathBuf};

/// Files that mark the root of a static site: Jekyll's and Hugo's configurations, and the
/// folders their images are served from.
const SITE_MARKERS: &[&str] = &[
    "_config.yml",
    "_config.yaml",
    "_config.toml",
    "hugo.toml",
    "hugo.yaml",
    "hugo.json",
    "config.toml",
];

/// How far up from the draft the root is looked for.
const MAX_DEPTH: usize = 6;

/// A static site the draft belongs to, and where the deck goes.
#[derive(Debug, Clone, PartialEq)]
pub struct Site {
    pub root: PathBuf,
    /// The folder the deck is written to: paths are made relative to it where they can be.
    pub deck_dir: PathBuf,
}

impl Site {
    /// The site holding `draft` (an absolute path), if a folder above it has a site's
    /// configuration.
    pub fn find(draft: &Path, deck_dir: PathBuf) -> Option<Self> {
        let root = draft
            .ancestors()
            .skip(1)
            .take(MAX_DEPTH)
            .find(|dir| SITE_MARKERS.iter().any(|m| dir.join(m).is_file()))?;
        Some(Self {
            root: root.to_path_buf(),
            deck_dir,
        })
    }

    /// The file a site-root `src` (`/assets/x.png`) names, as the deck should write it.
    pub fn image(&self, src: &str) -> Option<String> {
        let rest = src.strip_prefix('/').filter(|r| !r.starts_with('/'))?;
        let rest = rest.split(['?', '#']).next().unwrap_or(rest);
        let found = [self.root.join(rest), self.root.join("static").join(rest)]
            .into_iter()
            .find(|p| p.is_file())?;
        Some(relative_to(&found, &self.deck_dir).display().to_string())
    }
}

/// `path` relative to `dir` when it lies below it, else `path` itself.
fn relative_to(path: &Path, dir: &Path) -> PathBuf {
    path.strip_prefix(dir)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}

/// `markdown` with each image target that `resolve` knows replaced (code is left as written).
pub fn rewrite_images(markdown: &str, resolve: &dyn Fn(&str) -> Option<String>) -> String {
    use pulldown_cmark::{Event, Parser, Tag};
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    for (event, range) in
        Parser::new_ext(markdown, crate::deck::markdown_options()).into_offset_iter()
    {
        let Event::Start(Tag::Image { dest_url, .. }) = event else {
            continue;
        };
        let Some(new) = resolve(&dest_url) else {
            continue;
        };
        // The target as written inside the image's source text.
        let source = &markdown[range.clone()];
        if let Some(at) = source.find(&format!("]({dest_url}")) {
            let start = range.start + at + 2;
            edits.push((start..start + dest_url.len(), super::link_target(&new)));
        }
    }
    let mut out = markdown.to_string();
    for (range, new) in edits.into_iter().rev() {
        out.replace_range(range, &new);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jekyll_posts_site_root_images_are_found_from_the_site_root() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("_config.yml"), "title: blog\n").unwrap();
        std::fs::create_dir_all(root.join("_posts")).unwrap();
        std::fs::create_dir_all(root.join("assets/images")).unwrap();
        std::fs::create_dir_all(root.join("static/img")).unwrap();
        std::fs::write(root.join("assets/images/chart.png"), b"png").unwrap();
        std::fs::write(root.join("static/img/logo.svg"), b"svg").unwrap();
        let draft = root.join("_posts/2024-01-01-talk.md");
        let site = Site::find(&draft, root.join("_posts")).expect("the site is found");
        assert_eq!(site.root, root);
        let md = "# 발표\n\n![차트](/assets/images/chart.png \"t\")\n\n\
                  Text with ![logo](/static/img/logo.svg) and ![hugo](/img/logo.svg).\n\n\
                  ![missing](/assets/none.png) ![remote](https://x.org/a.png)\n\n\
                  ```\n![code](/assets/images/chart.png)\n```\n";
        let out = rewrite_images(md, &|src| site.image(src));
        let chart = root.join("assets/images/chart.png").display().to_string();
        let logo = root.join("static/img/logo.svg").display().to_string();
        assert!(out.contains(&format!("![차트]({chart} \"t\")")), "{out}");
        assert!(out.contains(&format!("![logo]({logo})")), "{out}");
        assert!(out.contains(&format!("![hugo]({logo})")), "{out}");
        assert!(out.contains("![missing](/assets/none.png)"), "{out}");
        assert!(
            out.contains("```\n![code](/assets/images/chart.png)\n```"),
            "{out}"
        );
        // A deck written at the site root names the image relative to it.
        let beside = Site::find(&draft, root.to_path_buf()).unwrap();
        assert_eq!(
            beside.image("/assets/images/chart.png").as_deref(),
            Some("assets/images/chart.png")
        );
    }

    #[test]
    fn no_site_no_change() {
        let dir = tempfile::tempdir().unwrap();
        let draft = dir.path().join("a/b/post.md");
        // Markers only count above the draft, and neither a temp folder nor its parents hold one.
        assert_eq!(Site::find(&draft, dir.path().to_path_buf()), None);
    }
}
