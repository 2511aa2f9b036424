//! How the web view draws on Linux, chosen before the first window opens.
//!
//! WebKitGTK draws in compositing mode by default: each frame's layers are painted and put
//! together through OpenGL. On a PC with no GPU for it (no DRM render node: an office PC with
//! only the basic display driver, a virtual machine, the CI's virtual display) that OpenGL is
//! Mesa's software rasteriser, and every frame pays for it. Measured with `cargo xtask
//! bench-ui` on such a machine (200,000 requests, release build, p90): a list action took
//! 120–220 ms composited and 45–90 ms drawn directly; a detail view 186 against 106 ms; the web
//! process held 540 MB against 290 MB after ten detail views. So where there is no render node,
//! Sinkron asks WebKitGTK to draw without compositing (`WEBKIT_DISABLE_COMPOSITING_MODE`).
//! Where there is one, WebKit's own choice stands: the GPU does the work there, and this
//! machine cannot measure that case. A value the person already set wins either way.
//!
//! Windows draws through WebView2 (Chromium), which chooses for itself; nothing is set there.

use std::path::Path;

/// WebKitGTK's own switch: any value turns compositing off.
pub const COMPOSITING_OFF_ENV: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// Where the kernel lists DRM devices; a GPU that OpenGL can use has a `renderD*` node here.
const DRM_DIR: &str = "/dev/dri";

/// Whether Sinkron turns compositing off: only when nobody chose already and there is no GPU
/// render node for WebKit's OpenGL to use.
pub fn draws_without_compositing(already_chosen: bool, has_render_node: bool) -> bool {
    !already_chosen && !has_render_node
}

/// Whether `dir` holds a DRM render node (`renderD128`…).
pub fn has_render_node(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// Makes the choice for this process. Call it first thing in `main`, before any thread starts:
/// it sets an environment variable, which is only sound while the process has one thread.
pub fn choose() {
    if cfg!(target_os = "linux") {
        let chosen = std::env::var_os(COMPOSITING_OFF_ENV).is_some();
        if draws_without_compositing(chosen, has_render_node(Path::new(DRM_DIR))) {
            std::env::set_var(COMPOSITING_OFF_ENV, "1");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn without_a_render_node_compositing_is_turned_off() {
        assert!(draws_without_compositing(false, false));
    }

    #[test]
    fn with_a_render_node_webkit_chooses() {
        assert!(!draws_without_compositing(false, true));
    }

    #[test]
    fn a_choice_already_made_is_kept() {
        assert!(!draws_without_compositing(true, false));
        assert!(!draws_without_compositing(true, true));
    }

    #[test]
    fn a_render_node_is_found_among_the_drm_devices() {
        let dir = tempfile::tempdir().expect("a scratch folder");
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("card0"), b"").expect("a card");
        assert!(!has_render_node(dir.path()));
        std::fs::write(dir.path().join("renderD128"), b"").expect("a render node");
        assert!(has_render_node(dir.path()));
        assert!(!has_render_node(&dir.path().join("missing")));
    }
}
