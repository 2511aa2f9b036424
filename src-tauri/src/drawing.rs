//! How the desk's web view draws on Linux, chosen for each desk window as it opens.
//!
//! WebKitGTK draws in compositing mode by default: each frame's layers are painted and put
//! together through OpenGL. On a PC with no GPU for it (no DRM render node: an office PC with
//! only the basic display driver, a virtual machine, the CI's virtual display) that OpenGL is
//! Mesa's software rasteriser, and every frame pays for it. Measured with `cargo xtask
//! bench-ui` on such a machine (200,000 requests, release build, p90): a list action took
//! 115–220 ms composited and 25–65 ms drawn directly; a detail view 186 against 77 ms; the web
//! process held 540 MB against about 300 MB after 100 detail views. So where there is no render
//! node, the desk's web view is told never to composite (its hardware-acceleration policy).
//!
//! Only the desk's window: the kiosk (Anjungan) keeps WebKit's default. Drawn directly, the
//! kiosk's photo step stopped giving the page animation frames after a 12 MP photo was taken
//! (a frame waited 27 s in the kiosk e2e, long enough for the idle warning), and the kiosk has
//! no list to speed up. Where there is a render node, WebKit's own choice stands: the GPU does
//! the work there, and no machine here can measure that case. A choice the person made with
//! WebKit's own variables (`WEBKIT_DISABLE_COMPOSITING_MODE`, `WEBKIT_FORCE_COMPOSITING_MODE`)
//! wins either way.
//!
//! Windows draws through WebView2 (Chromium), which chooses for itself; nothing is set there.

use std::path::Path;

use tauri::{Runtime, WebviewWindow};

/// WebKitGTK's own switches; with either set, the person has chosen and Sinkron leaves it.
const WEBKIT_CHOICES: [&str; 2] = [
    "WEBKIT_DISABLE_COMPOSITING_MODE",
    "WEBKIT_FORCE_COMPOSITING_MODE",
];

/// Where the kernel lists DRM devices; a GPU that OpenGL can use has a `renderD*` node here.
const DRM_DIR: &str = "/dev/dri";

/// Whether a desk window draws without compositing: only when nobody chose already and there is
/// no GPU render node for WebKit's OpenGL to use.
fn draws_without_compositing(already_chosen: bool, has_render_node: bool) -> bool {
    !already_chosen && !has_render_node
}

/// Whether `dir` holds a DRM render node (`renderD128`…).
fn has_render_node(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    })
}

/// Makes the choice for a desk window just built (before its page has drawn a frame: the
/// change runs on the main thread, ahead of the page load's own work).
pub fn for_desk<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    let chosen = WEBKIT_CHOICES
        .iter()
        .any(|name| std::env::var_os(name).is_some());
    if cfg!(target_os = "linux")
        && draws_without_compositing(chosen, has_render_node(Path::new(DRM_DIR)))
    {
        never_composite(window)?;
    }
    Ok(())
}

#[cfg(target_os = "linux")]
fn never_composite<R: Runtime>(window: &WebviewWindow<R>) -> tauri::Result<()> {
    window.with_webview(|webview| {
        use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
        if let Some(settings) = WebViewExt::settings(&webview.inner()) {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    })
}

#[cfg(not(target_os = "linux"))]
fn never_composite<R: Runtime>(_window: &WebviewWindow<R>) -> tauri::Result<()> {
    Ok(())
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
