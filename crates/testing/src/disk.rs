//! A small disk for the full-disk tests: a tmpfs of a few MB mounted in a temporary folder
//! (root only, as the CI machine is). Where the machine refuses, the test says so loudly and
//! does not run; it never pretends to pass.

use std::path::PathBuf;
use std::process::{Command, Stdio};

/// A mounted tmpfs, unmounted on drop.
#[derive(Debug)]
pub struct SmallDisk {
    pub path: PathBuf,
    _dir: tempfile::TempDir,
}

impl SmallDisk {
    /// Mounts `kib` KiB; `None`, after a loud message, where mounting is not allowed.
    pub fn mount(kib: u32) -> Option<SmallDisk> {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("disk");
        std::fs::create_dir_all(&path).expect("mount point");
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={kib}k"), "tmpfs"])
            .arg(&path)
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !mounted {
            eprintln!(
                "\n*** SKIPPED: cannot mount a small tmpfs here (not root?); disk-full test not run ***\n"
            );
            return None;
        }
        Some(SmallDisk { path, _dir: dir })
    }

    /// Grows (or shrinks) the disk to `kib` KiB, keeping what is on it: space freed.
    pub fn resize(&self, kib: u32) {
        let ok = Command::new("mount")
            .args(["-o", &format!("remount,size={kib}k")])
            .arg(&self.path)
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "remount {} to {kib} KiB", self.path.display());
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.path).status();
    }
}
