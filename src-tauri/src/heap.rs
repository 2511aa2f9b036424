//! The shell's heap on Linux: a large buffer held for a moment (a photo's bytes read for the
//! window, a 12 MP picture decoded, a preview encoded) goes back to the system once freed.
//!
//! glibc serves a block above its mmap threshold (128 KiB at start) from a mapping of its own,
//! unmapped when freed. But the threshold moves: each mapped block freed raises it to that
//! block's size (up to 32 MiB), so later blocks of that size come from the arenas, which keep
//! what is freed. Measured with `cargo xtask bench-ui` (release, 200,000 requests): the app's
//! own process held 175 MB after sign-in, 209 MB after 100 detail views and 209 MB after 200,
//! a plateau but 34 MB over the budget of 30; with the threshold held at 128 KiB, 180
//! MB after 100 and after 300. Holding it costs page faults each time a large block is taken
//! again: the detail view, the photo pick and the save each took 25–30 ms more in an A/B run
//! (p90 104, 131 and 109 ms, against budgets of 250, 300 and 500).
//!
//! Windows' heap and other C libraries choose for themselves; nothing is set there.

/// The mmap threshold held fixed: glibc's own starting value.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
const MMAP_THRESHOLD: libc::c_int = 128 * 1024;

/// Holds glibc's mmap threshold where it starts. Call it first thing, before any thread starts.
/// Whether the C library took the setting (false where there is none to set).
#[allow(unsafe_code)] // the project's one unsafe call: a C function with no pointer argument
pub fn keep_large_blocks_mapped() -> bool {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        // SAFETY: mallopt only sets the allocator's parameter; called before other threads.
        unsafe { libc::mallopt(libc::M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 }
    }
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    {
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    fn glibc_takes_the_fixed_threshold() {
        assert!(keep_large_blocks_mapped());
    }
}
