//! Editing a slide's notes in the console and saving them where they came from: into the
//! deck's Markdown (through `deck::edit`, only the note's bytes change) or, for a PDF deck, into
//! its pdfpc notes file.
//!
//! Owns the draft: the text being edited, the file and bytes it was begun against, and what
//! happens when that file changed meanwhile (nothing is overwritten until the speaker says so).
//! The write itself is atomic; the deck is read again at once, and the watcher's report of the
//! same write is recognised and ignored.

use std::path::{Path, PathBuf};

use crate::deck::{self, PageRef, Slide};

/// Where a slide's notes are saved.
#[derive(Debug, Clone)]
pub enum Target {
    /// A Markdown file: the deck's, or one it imports.
    Markdown {
        /// The file.
        path: PathBuf,
        /// Where the slide's content ends in it (its `Origin::end`).
        end: usize,
    },
    /// A PDF deck's pdfpc notes file (made when there is none).
    Sidecar {
        /// The `.pdfpc` file.
        path: PathBuf,
        /// The slide's pages.
        page: PageRef,
    },
}

impl Target {
    /// Where `slide` of the deck at `deck_path` keeps its notes.
    pub fn of(deck_path: &Path, slide: &Slide) -> Result<Self, String> {
        if let Some(page) = &slide.page {
            return Ok(Target::Sidecar {
                path: deck::pdf::sidecar_path(deck_path),
                page: page.clone(),
            });
        }
        let origin = slide
            .origin
            .as_ref()
            .ok_or_else(|| deck::edit::EditError::NoPlace.to_string())?;
        Ok(Target::Markdown {
            path: origin
                .file
                .clone()
                .unwrap_or_else(|| deck_path.to_path_buf()),
            end: origin.end,
        })
    }

    /// The file written.
    pub fn path(&self) -> &Path {
        match self {
            Target::Markdown { path, .. } | Target::Sidecar { path, .. } => path,
        }
    }

    /// The file's new bytes with the notes set to `text`; `bytes` is the file as it is (`None`:
    /// there is none yet, which only a sidecar may be).
    pub fn rewrite(&self, bytes: Option<&[u8]>, text: &str) -> Result<Vec<u8>, String> {
        match self {
            Target::Markdown { path, end } => {
                let bytes = bytes.ok_or_else(|| format!("{} is gone", path.display()))?;
                deck::edit::rewrite(bytes, &deck::base_dir(path), *end, text)
                    .map_err(|e| e.to_string())
            }
            Target::Sidecar { page, .. } => deck::pdf::rewrite_sidecar(bytes, page, text),
        }
    }
}

/// Why a draft is still here after the speaker ended editing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The file changed on disk since editing began: nothing was written.
    Changed,
    /// Saving failed; the reason.
    Failed(String),
}

/// A slide's notes being edited, or kept after a save that could not be made.
#[derive(Debug, Clone)]
pub struct Draft {
    /// The slide (from 0).
    pub slide: usize,
    /// The text in the editor.
    pub text: String,
    /// The notes when editing began.
    pub original: String,
    /// Where they are saved.
    pub target: Target,
    /// The target file's bytes when editing began (`None`: no file yet).
    pub base: Option<Vec<u8>>,
    /// Set when the speaker ended editing and the notes could not be saved.
    pub problem: Option<Problem>,
    /// The editor has had the keyboard focus once (it asks for it on its first frame).
    pub focused: bool,
}

/// What saving a draft did.
#[derive(Debug, PartialEq, Eq)]
pub enum Saved {
    /// The text was the notes already: nothing written.
    Unchanged,
    /// Written: the file and the bytes now in it.
    Written(PathBuf, Vec<u8>),
}

impl Draft {
    /// Begins editing `slide` (at `index`) of the deck at `deck_path`.
    pub fn begin(deck_path: &Path, index: usize, slide: &Slide) -> Result<Self, String> {
        let target = Target::of(deck_path, slide)?;
        let base = read(target.path())?;
        if base.is_none() && matches!(target, Target::Markdown { .. }) {
            return Err(format!("{} is gone", target.path().display()));
        }
        let original = slide.notes_markdown();
        Ok(Self {
            slide: index,
            text: original.clone(),
            original,
            target,
            base,
            problem: None,
            focused: false,
        })
    }

    /// Points the draft at `slide` as the file now holds it (to save over a change made on disk
    /// meanwhile: the edit goes into the file as it is, keeping that change too).
    pub fn retarget(&mut self, deck_path: &Path, slide: &Slide) -> Result<(), String> {
        self.target = Target::of(deck_path, slide)?;
        self.base = read(self.target.path())?;
        self.original = slide.notes_markdown();
        Ok(())
    }

    /// Saves the text, unless the file changed since editing began: then nothing is written
    /// ([`Problem::Changed`]).
    pub fn save(&mut self) -> Result<Saved, Problem> {
        if self.text.trim() == self.original.trim() {
            return Ok(Saved::Unchanged);
        }
        let now = read(self.target.path()).map_err(Problem::Failed)?;
        if now != self.base {
            return Err(Problem::Changed);
        }
        let out = self
            .target
            .rewrite(now.as_deref(), &self.text)
            .map_err(Problem::Failed)?;
        if now.as_deref() == Some(out.as_slice()) {
            return Ok(Saved::Unchanged);
        }
        crate::files::write_atomically(self.target.path(), &out).map_err(|e| {
            Problem::Failed(format!(
                "cannot write {}: {e}",
                self.target.path().display()
            ))
        })?;
        Ok(Saved::Written(self.target.path().to_path_buf(), out))
    }
}

/// A file's bytes; `None` when it does not exist.
fn read(path: &Path) -> Result<Option<Vec<u8>>, String> {
    match std::fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}
