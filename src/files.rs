//! Writing user files safely. Owns the one way ltdeck replaces a file: never half-written, and
//! never leaving a temporary file behind.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes a file so that it is either the old one or the whole new one: a temporary file beside
/// it, written and synced to the disk, then a rename (atomic on one file system). Used for decks
/// from `convert`, notes, exports and rehearsal histories. The new file keeps the old one's
/// permissions. When anything fails (a full disk, a read-only folder) the temporary file is
/// removed and the old file is untouched.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_beside(path);
    let written = write_synced(&tmp, bytes, path).and_then(|()| std::fs::rename(&tmp, path));
    match written {
        Ok(()) => {
            sync_folder(path);
            Ok(())
        }
        Err(e) => {
            let _ = std::fs::remove_file(&tmp);
            Err(e)
        }
    }
}

/// `.NAME.ltdeck-PID.tmp` beside `path`.
fn temp_beside(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ltdeck".into());
    path.with_file_name(format!(".{name}.ltdeck-{}.tmp", std::process::id()))
}

/// Writes `bytes` to `tmp` with `path`'s permissions, on the disk before it returns: a crash
/// after the rename must not leave an empty file where the old one was.
fn write_synced(tmp: &Path, bytes: &[u8], path: &Path) -> std::io::Result<()> {
    let mut file = std::fs::File::create(tmp)?;
    file.write_all(bytes)?;
    // The new file keeps the old one's permissions (a history made read-only stays so).
    if let Ok(meta) = std::fs::metadata(path) {
        file.set_permissions(meta.permissions())?;
    }
    file.sync_all()
}

/// The rename itself reaches the disk (best effort: not every system can sync a folder).
fn sync_folder(path: &Path) {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if let Ok(dir) = std::fs::File::open(folder) {
        let _ = dir.sync_all();
    }
}

/// Whether `bytes` are a Git LFS pointer (`version https://git-lfs.github.com/spec/v1`): what a
/// repository cloned without `git lfs` holds in place of its PDFs and pictures.
pub fn is_lfs_pointer(bytes: &[u8]) -> bool {
    bytes.len() < 1024 && bytes.starts_with(b"version https://git-lfs.github.com/spec/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .expect("the folder lists")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".tmp"))
            .collect()
    }

    #[test]
    fn a_write_replaces_the_file_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("talk.md");
        std::fs::write(&path, "old").expect("written");
        write_atomically(&path, b"new text").expect("replaced");
        assert_eq!(std::fs::read_to_string(&path).expect("read"), "new text");
        assert!(leftovers(dir.path()).is_empty());
    }

    #[test]
    fn a_failed_write_removes_its_temporary_file_and_keeps_the_old_one() {
        let dir = tempfile::tempdir().expect("a temp dir");
        // The rename fails: a folder with something in it stands where the file goes.
        let path = dir.path().join("talk.rehearsals.json");
        std::fs::create_dir(&path).expect("a folder");
        std::fs::write(path.join("keep"), "mine").expect("written");
        assert!(write_atomically(&path, b"{}").is_err());
        assert!(
            leftovers(dir.path()).is_empty(),
            "{:?}",
            leftovers(dir.path())
        );
        assert_eq!(
            std::fs::read_to_string(path.join("keep")).expect("read"),
            "mine"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_full_disk_leaves_no_empty_temporary_file() {
        // /dev/full takes the open and fails every write with ENOSPC: the file that stands
        // for a full disk is the temporary file itself, so write into a folder where the temp
        // name is a symlink to it.
        let full = Path::new("/dev/full");
        if !full.exists() {
            panic!("/dev/full is part of every Linux system this test runs on");
        }
        let dir = tempfile::tempdir().expect("a temp dir");
        let path = dir.path().join("talk.rehearsals.json");
        std::os::unix::fs::symlink(full, temp_beside(&path)).expect("a symlink");
        let err = write_atomically(&path, &[b'x'; 4096]).expect_err("the disk is full");
        assert_eq!(err.raw_os_error(), Some(28), "ENOSPC: {err}");
        assert!(
            leftovers(dir.path()).is_empty(),
            "{:?}",
            leftovers(dir.path())
        );
        assert!(!path.exists());
    }
}
