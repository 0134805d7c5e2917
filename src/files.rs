//! Writing user files safely. Owns the one way ltdeck replaces a file: never half-written.

use std::path::Path;

/// Writes a file so that it is either the old one or the whole new one: a temporary file beside
/// it, then a rename (atomic on one file system). Used for decks from `convert` and
/// rehearsal histories. The new file keeps the old one's permissions.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "ltdeck".into());
    let tmp = path.with_file_name(format!(".{name}.ltdeck-{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes)?;
    // The new file keeps the old one's permissions (a history made read-only stays so).
    let kept = match std::fs::metadata(path) {
        Ok(meta) => std::fs::set_permissions(&tmp, meta.permissions()),
        Err(_) => Ok(()),
    };
    kept.and_then(|()| std::fs::rename(&tmp, path))
        .inspect_err(|_| {
            let _ = std::fs::remove_file(&tmp);
        })
}
