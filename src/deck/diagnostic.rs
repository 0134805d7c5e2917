//! Diagnostics: what the parser and the checker tell a speaker about their deck.
//!
//! Owns the diagnostic type and its compiler-style text form. It does not decide what is wrong;
//! the parser and `check` do.

use std::fmt;

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something worth knowing; nothing is wrong.
    Info,
    /// The deck works, but something will not look or behave as meant.
    Warning,
    /// The deck cannot be shown as written.
    Error,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        })
    }
}

/// One thing the parser or checker noticed, with where and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// 1-based line in the deck file.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub hint: String,
    /// The deck's structure is broken from here on (an unclosed fence or comment swallows the
    /// rest): the deck shows, but not as meant, so a live reload keeps the last good one.
    #[serde(skip)]
    pub structural: bool,
    /// `line` is a page number (a PDF deck's problem), not a line.
    #[serde(skip)]
    pub page: bool,
    /// The file the problem is in, when it is not the deck itself (a PDF's `.pdfpc` sidecar).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at `line:column`.
    pub fn new(
        severity: Severity,
        line: usize,
        column: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self {
            severity,
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
            hint: hint.into(),
            structural: false,
            page: false,
            file: None,
        }
    }

    /// A problem on page `page` (1-based) of a PDF deck.
    pub fn on_page(
        severity: Severity,
        page: usize,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        let mut d = Self::new(severity, page, 1, message, hint);
        d.page = true;
        d
    }

    /// The same problem, placed in another file (at its `line`).
    pub fn in_file(mut self, file: impl Into<String>) -> Self {
        self.file = Some(file.into());
        self
    }

    /// Marks the problem as breaking the deck's structure (see [`Diagnostic::structural`]).
    pub fn structural(mut self) -> Self {
        self.structural = true;
        self
    }

    /// An error at the start of `line`.
    pub fn error(line: usize, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::new(Severity::Error, line, 1, message, hint)
    }

    /// Information at the start of `line`: nothing is wrong.
    pub fn info(line: usize, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::new(Severity::Info, line, 1, message, hint)
    }

    /// A warning at the start of `line`.
    pub fn warning(line: usize, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::new(Severity::Warning, line, 1, message, hint)
    }

    /// Compiler-style text: `deck.md:83:1: warning: message` and the hint on the next line.
    /// A PDF deck's problems read `talk.pdf: page 3: warning: …`.
    pub fn render(&self, file: &str) -> String {
        let file = self.file.as_deref().unwrap_or(file);
        let mut out = if self.page {
            format!(
                "{file}: page {}: {}: {}",
                self.line, self.severity, self.message
            )
        } else {
            format!(
                "{file}:{}:{}: {}: {}",
                self.line, self.column, self.severity, self.message
            )
        };
        if !self.hint.is_empty() {
            out.push_str("\n  hint: ");
            out.push_str(&self.hint);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_compiler_style_with_hint_line() {
        let d = Diagnostic::new(
            Severity::Warning,
            83,
            1,
            "image not found: a.png",
            "fix path",
        );
        assert_eq!(
            d.render("deck.md"),
            "deck.md:83:1: warning: image not found: a.png\n  hint: fix path"
        );
    }

    #[test]
    fn line_and_column_are_never_zero() {
        let d = Diagnostic::error(0, "x", "");
        assert_eq!((d.line, d.column), (1, 1));
        assert_eq!(d.render("f"), "f:1:1: error: x");
    }
}
