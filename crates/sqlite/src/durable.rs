//! A file made beside another and renamed over it must be on the disk before the rename, and
//! the rename itself must reach the disk: both backups and the file's encryption rely on it,
//! so neither owns it.

use std::path::Path;

/// Flushes a file's content to the disk.
pub(crate) fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)?
        .sync_all()
}

/// Flushes a folder's entries (a rename in it) to the disk. Windows offers no such call through
/// std: NTFS journals the rename, which stays atomic but may reach the disk a moment later.
#[cfg(unix)]
pub(crate) fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
pub(crate) fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}
