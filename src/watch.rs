//! Watching the deck and its images for saves (notify), as messages the UI polls.
//!
//! Owns the watcher. Editors save by writing a temporary file and renaming it over the deck, so
//! the deck's folder is watched, not the file; events are filtered to the paths of interest.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};

use notify::{RecommendedWatcher, RecursiveMode, Watcher};

/// What changed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The deck file was written, replaced or removed.
    Deck,
    /// An image the deck uses changed.
    Image(PathBuf),
}

/// A running watcher; dropping it stops watching.
pub struct DeckWatcher {
    watcher: RecommendedWatcher,
    rx: Receiver<Change>,
    images: Arc<Mutex<HashSet<PathBuf>>>,
    folders: HashSet<PathBuf>,
}

impl DeckWatcher {
    /// Watches `deck`; `wake` is called from the watcher thread on every change.
    pub fn new(deck: &Path, wake: impl Fn() + Send + 'static) -> notify::Result<Self> {
        let (tx, rx) = channel();
        let deck_path = absolute(deck);
        let images: Arc<Mutex<HashSet<PathBuf>>> = Arc::default();
        let watched = Arc::clone(&images);
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            let Ok(event) = event else { return };
            if event.kind.is_access() {
                return;
            }
            for path in &event.paths {
                let change = if path == &deck_path {
                    Some(Change::Deck)
                } else if watched.lock().is_ok_and(|set| set.contains(path)) {
                    Some(Change::Image(path.clone()))
                } else {
                    None
                };
                if let Some(change) = change
                    && tx.send(change).is_ok()
                {
                    wake();
                }
            }
        })?;
        let mut w = Self {
            watcher,
            rx,
            images,
            folders: HashSet::new(),
        };
        w.watch_folder(deck)?;
        Ok(w)
    }

    fn watch_folder(&mut self, file: &Path) -> notify::Result<()> {
        let folder = absolute(file)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        if self.folders.insert(folder.clone()) {
            self.watcher.watch(&folder, RecursiveMode::NonRecursive)?;
        }
        Ok(())
    }

    /// Also watches these image files (their folders).
    pub fn watch_images<'a>(&mut self, paths: impl IntoIterator<Item = &'a Path>) {
        for path in paths {
            if let Ok(mut set) = self.images.lock() {
                set.insert(absolute(path));
            }
            // An image folder that cannot be watched only loses live reload of that image.
            let _ = self.watch_folder(path);
        }
    }

    /// Changes since the last call, without duplicates.
    pub fn changes(&self) -> Vec<Change> {
        let mut out: Vec<Change> = Vec::new();
        while let Ok(c) = self.rx.try_recv() {
            if !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// Everything reported up to and including the first `want`, or `None` after 5 s.
    fn wait_for(w: &DeckWatcher, want: &Change) -> Option<Vec<Change>> {
        let end = Instant::now() + Duration::from_secs(5);
        let mut seen = Vec::new();
        while Instant::now() < end {
            for change in w.changes() {
                let found = &change == want;
                seen.push(change);
                if found {
                    return Some(seen);
                }
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }

    #[test]
    fn a_save_by_rename_and_an_image_change_are_seen() {
        let dir = tempfile::tempdir().expect("tempdir");
        let deck = dir.path().join("talk.md");
        std::fs::write(&deck, "# A").expect("write");
        let image = dir.path().join("a.png");
        let sentinel = dir.path().join("b.png");
        std::fs::write(&image, "x").expect("write");
        std::fs::write(&sentinel, "x").expect("write");
        let mut w = DeckWatcher::new(&deck, || {}).expect("watch");
        w.watch_images([image.as_path(), sentinel.as_path()]);
        let tmp = dir.path().join(".talk.md.swp");
        std::fs::write(&tmp, "# B").expect("write");
        std::fs::rename(&tmp, &deck).expect("rename");
        assert!(wait_for(&w, &Change::Deck).is_some());
        let image_change = Change::Image(absolute(&image));
        std::fs::write(&image, "y").expect("write");
        assert!(wait_for(&w, &image_change).is_some());
        // Events arrive in the order the files were written. One write can raise several events,
        // so more changes of `a.png` may still be queued, but anything else reported before the
        // sentinel's change could only have come from the unrelated file.
        std::fs::write(dir.path().join("other.txt"), "z").expect("write");
        std::fs::write(&sentinel, "y").expect("write");
        let sentinel_change = Change::Image(absolute(&sentinel));
        let seen = wait_for(&w, &sentinel_change).expect("the sentinel's write is seen");
        assert!(
            seen.iter()
                .all(|c| c == &image_change || c == &sentinel_change),
            "unrelated files are not reported: {seen:?}"
        );
    }
}
