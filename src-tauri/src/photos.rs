//! Document photos between the operator's hands and the store. Photos picked or dropped but not
//! saved yet are held here in memory, per window, and dropped when the form is cleared; saved
//! photos are served to the webview through the `sinkron` URI scheme by an opaque id and a size
//! (never a file path, never base64 over IPC). Every check on the bytes is the core's.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;
use sinkron_core::photo::{
    assess_stored_blocking, preview_size, read_capped, straighten_stored_blocking, Outline,
};
use sinkron_core::store::{view_photo, Actor, DeskStore, PhotoRef, ReplacedPhoto};
use sinkron_core::{process_blocking, DocumentInfo, DocumentKind, ErrorPayload, ImageSize};
use sinkron_core::{PhotoError, ProcessedPhoto};
use tauri::http::{header, Request, Response, StatusCode};
use tauri::{Manager, Runtime, UriSchemeContext, UriSchemeResponder};

use crate::session::Need;
use crate::windows::{KIOSK_LABEL, MAIN_LABEL};
use crate::AppState;

/// The custom URI scheme that serves photos.
pub const SCHEME: &str = "sinkron";

/// Windows that may see stored documents. The kiosk is not one of them: it sees only the
/// thumbnails of the photos it just took (`serve_kiosk`).
const DOCUMENT_WINDOWS: &[&str] = &[MAIN_LABEL];

/// Test-only: when set, "picking" a file reads the path the dialog would have returned from the
/// file this variable names (empty file: the operator cancelled). End-to-end tests cannot drive
/// a native dialog; everything after the dialog is the real path.
pub const TEST_PICK_ENV: &str = "SINKRON_E2E_PICKED_PATH_FILE";

/// The one place a photo URL is built. WebView2 (Windows) reaches custom schemes as
/// `http://<scheme>.localhost/`, WebKitGTK and WKWebView as `<scheme>://localhost/`; the CSP's
/// `img-src` in `tauri.conf.json` names both.
pub fn url(path: &str) -> String {
    if cfg!(windows) {
        format!("http://{SCHEME}.localhost/{path}")
    } else {
        format!("{SCHEME}://localhost/{path}")
    }
}

/// A stored photo with the URLs of its three sizes, and what was found in it when it was taken.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhotoView {
    #[serde(flatten)]
    pub info: DocumentInfo,
    pub thumb_url: String,
    pub preview_url: String,
    pub original_url: String,
    /// The findings and the straightened document as kept with the photo; `None` for a photo
    /// taken before outlines were kept, which `photo_quality` measures again.
    pub quality: Option<StoredQuality>,
}

impl From<DocumentInfo> for PhotoView {
    fn from(info: DocumentInfo) -> Self {
        let at = |size: ImageSize| url(&format!("doc/{}/{}", info.id, size.as_str()));
        PhotoView {
            thumb_url: at(ImageSize::Thumb),
            preview_url: at(ImageSize::Preview),
            original_url: at(ImageSize::Original),
            quality: StoredQuality::kept(&info),
            info,
        }
    }
}

/// A replaced photo with the URLs of its thumbnail and preview (its original is not shown).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplacedView {
    #[serde(flatten)]
    pub info: ReplacedPhoto,
    pub thumb_url: String,
    pub preview_url: String,
}

impl From<ReplacedPhoto> for ReplacedView {
    fn from(info: ReplacedPhoto) -> Self {
        let at = |size: ImageSize| url(&format!("old/{}/{}", info.id, size.as_str()));
        ReplacedView {
            thumb_url: at(ImageSize::Thumb),
            preview_url: at(ImageSize::Preview),
            info,
        }
    }
}

/// A photo held for the form, as the slot shows it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HeldPhoto {
    pub kind: DocumentKind,
    pub width: u32,
    pub height: u32,
    pub byte_size: usize,
    pub mime: &'static str,
    /// The file's name as picked (no folder), to tell the operator which file it was.
    pub file_name: String,
    pub thumb_url: String,
    /// What the core's quality checks found (blurred, dark, glare, cut off, too small): shown
    /// beside the slot for the operator to decide on, never a refusal.
    pub warnings: Vec<QualityWarning>,
}

/// One quality check's finding, in the applicant's words, and where in the photo it is (shares
/// of the width and height) when it is one part of it.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QualityWarning {
    pub code: &'static str,
    pub message: &'static str,
    pub mark: &'static str,
    pub region: Option<sinkron_core::photo::quality::Region>,
}

impl QualityWarning {
    /// `problem` in the applicant's words, marked at `region` when it is one part of the photo.
    pub fn of(
        problem: sinkron_core::photo::Problem,
        region: Option<sinkron_core::photo::quality::Region>,
    ) -> QualityWarning {
        QualityWarning {
            code: problem.as_str(),
            message: problem.message(),
            mark: problem.mark(),
            region,
        }
    }
}

/// The quality findings of `photo` as a photo of `kind`.
pub fn warnings_of(photo: &ProcessedPhoto, kind: DocumentKind) -> Vec<QualityWarning> {
    warnings_for(
        &photo.quality,
        kind,
        photo.preview.width,
        photo.preview.height,
    )
}

/// What the desk shows of a stored photo's quality: the findings, and its straightened
/// document when one was found (served at `doc/<id>/straight` while it is remembered).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StoredQuality {
    pub warnings: Vec<QualityWarning>,
    pub straight: Option<StraightView>,
}

#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StraightView {
    pub url: String,
    pub width: u32,
    pub height: u32,
}

impl StraightView {
    /// The straightened document of stored photo `id`, `width × height`.
    pub fn of(id: i64, (width, height): (u32, u32)) -> StraightView {
        StraightView {
            url: url(&format!("doc/{id}/straight")),
            width,
            height,
        }
    }
}

impl StoredQuality {
    /// What the photo's row kept when it was taken: its problems, and the document's corners,
    /// whose straightened size is known without decoding anything. `None` when the photo was
    /// taken before outlines were kept.
    pub fn kept(info: &DocumentInfo) -> Option<StoredQuality> {
        let straight = match info.outline {
            Outline::NotRecorded => return None,
            Outline::NotFound => None,
            Outline::Found(corners) => {
                let side = |v: i64| u32::try_from(v).unwrap_or(0);
                let (w, h) = preview_size(side(info.width), side(info.height));
                Some(StraightView::of(info.id, corners.straight_size(w, h)))
            }
        };
        let warnings = info
            .problems
            .0
            .iter()
            .map(|&p| QualityWarning::of(p, None))
            .collect();
        Some(StoredQuality { warnings, straight })
    }
}

/// The straightened documents made lately (the last few photos opened), by document id.
#[derive(Default)]
pub struct Straightened {
    made: Mutex<Vec<(i64, Arc<Vec<u8>>)>>,
}

impl std::fmt::Debug for Straightened {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Straightened").finish_non_exhaustive()
    }
}

impl Straightened {
    /// How many are remembered: the two photos of the last few requests opened.
    const KEEP: usize = 8;

    pub fn keep(&self, id: i64, jpeg: Vec<u8>) -> Arc<Vec<u8>> {
        let jpeg = Arc::new(jpeg);
        let mut made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        made.retain(|(d, _)| *d != id);
        made.push((id, jpeg.clone()));
        let over = made.len().saturating_sub(Self::KEEP);
        made.drain(..over);
        jpeg
    }

    pub fn get(&self, id: i64) -> Option<Arc<Vec<u8>>> {
        let made = self.made.lock().unwrap_or_else(|e| e.into_inner());
        made.iter().find(|(d, _)| *d == id).map(|(_, j)| j.clone())
    }
}

/// The findings of `quality` for a photo of `kind` whose preview is `width × height`.
pub fn warnings_for(
    quality: &sinkron_core::photo::Quality,
    kind: DocumentKind,
    width: u32,
    height: u32,
) -> Vec<QualityWarning> {
    quality
        .problems(kind)
        .into_iter()
        .map(|p| QualityWarning::of(p, quality.region(p, width, height)))
        .collect()
}

#[derive(Default)]
struct WindowPhotos {
    kk: Option<Held>,
    ktp: Option<Held>,
    /// What the OS dropped on this window last; the page says which slot it landed on.
    dropped: Vec<PathBuf>,
    /// Bumped on every change so a thumbnail URL is never reused for another photo.
    serial: u64,
}

struct Held {
    photo: Arc<ProcessedPhoto>,
    serial: u64,
}

/// Where a picked photo is held in a window: the intake form's two slots, or the one photo an
/// operator is choosing to replace a stored photo from the detail view (apart, so a half-filled
/// form is never touched by it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tray {
    Form,
    Replace,
}

impl Tray {
    /// From a command's `replace` flag.
    pub fn of(replace: Option<bool>) -> Tray {
        if replace == Some(true) {
            Tray::Replace
        } else {
            Tray::Form
        }
    }

    /// The key its photos are held under.
    fn key(self, window: &str) -> String {
        match self {
            Tray::Form => window.to_string(),
            Tray::Replace => format!("{window}#ganti"),
        }
    }

    /// The first segment of its thumbnails' URLs.
    fn path(self) -> &'static str {
        match self {
            Tray::Form => "pending",
            Tray::Replace => "swap",
        }
    }
}

/// Photos picked but not yet saved, per window label.
#[derive(Default)]
pub struct Pending {
    windows: Mutex<HashMap<String, WindowPhotos>>,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pending")
            .field("windows", &self.lock().len())
            .finish()
    }
}

impl Pending {
    fn lock(&self) -> MutexGuard<'_, HashMap<String, WindowPhotos>> {
        // A panic while holding the lock cannot leave the map half-written: recover it.
        self.windows.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Holds `photo` in `kind`'s slot of `window`'s form, replacing what was there.
    pub fn hold(
        &self,
        window: &str,
        kind: DocumentKind,
        photo: ProcessedPhoto,
        file_name: String,
    ) -> HeldPhoto {
        self.hold_in(Tray::Form, window, kind, photo, file_name)
    }

    /// Holds `photo` in `kind`'s slot of `window`'s `tray`, replacing what was there.
    pub fn hold_in(
        &self,
        tray: Tray,
        window: &str,
        kind: DocumentKind,
        photo: ProcessedPhoto,
        file_name: String,
    ) -> HeldPhoto {
        let mut map = self.lock();
        let slots = map.entry(tray.key(window)).or_default();
        slots.serial += 1;
        let held = Held {
            photo: Arc::new(photo),
            serial: slots.serial,
        };
        let view = HeldPhoto {
            warnings: warnings_of(&held.photo, kind),
            kind,
            width: held.photo.width,
            height: held.photo.height,
            byte_size: held.photo.original.len(),
            mime: held.photo.mime,
            file_name,
            thumb_url: url(&format!(
                "{}/{}/{}",
                tray.path(),
                kind.as_str(),
                held.serial
            )),
        };
        match kind {
            DocumentKind::Kk => slots.kk = Some(held),
            DocumentKind::Ktp => slots.ktp = Some(held),
        }
        view
    }

    /// Empties one slot.
    pub fn remove(&self, window: &str, kind: DocumentKind) {
        if let Some(slots) = self.lock().get_mut(window) {
            match kind {
                DocumentKind::Kk => slots.kk = None,
                DocumentKind::Ktp => slots.ktp = None,
            }
        }
    }

    /// Forgets everything held for `window` (the form was cleared or saved).
    pub fn clear(&self, window: &str) {
        self.lock().remove(window);
    }

    /// Forgets the photo held to replace a stored one (saved, or the dialog closed).
    pub fn clear_replace(&self, window: &str) {
        self.lock().remove(&Tray::Replace.key(window));
    }

    /// The photo held in `window` to replace the stored photo of `kind`, if any.
    pub fn replacement(&self, window: &str, kind: DocumentKind) -> Option<Arc<ProcessedPhoto>> {
        let (kk, ktp) = self.both(&Tray::Replace.key(window));
        match kind {
            DocumentKind::Kk => kk,
            DocumentKind::Ktp => ktp,
        }
    }

    /// Both slots of `window`, as they are now.
    pub fn both(&self, window: &str) -> (Option<Arc<ProcessedPhoto>>, Option<Arc<ProcessedPhoto>>) {
        self.lock().get(window).map_or((None, None), |s| {
            (
                s.kk.as_ref().map(|h| h.photo.clone()),
                s.ktp.as_ref().map(|h| h.photo.clone()),
            )
        })
    }

    /// Remembers what the OS dropped on `window`.
    pub fn dropped(&self, window: &str, paths: Vec<PathBuf>) {
        self.lock().entry(window.to_string()).or_default().dropped = paths;
    }

    /// Takes the first file of the last drop on `window`, if any.
    pub fn take_dropped(&self, window: &str) -> Option<PathBuf> {
        let mut map = self.lock();
        let slots = map.get_mut(window)?;
        let first = slots.dropped.drain(..).next();
        first
    }

    /// The thumbnail of a held photo, if `serial` is still the one in the slot.
    fn thumbnail(&self, window: &str, kind: DocumentKind, serial: u64) -> Option<Vec<u8>> {
        self.held(window, kind, serial)
            .map(|photo| photo.thumbnail.jpeg.clone())
    }

    /// The 1600 px preview of a held photo (the kiosk shows it large, so the applicant can see
    /// whether the writing is readable), if `serial` is still the one in the slot.
    fn preview(&self, window: &str, kind: DocumentKind, serial: u64) -> Option<Vec<u8>> {
        self.held(window, kind, serial)
            .map(|photo| photo.preview.jpeg.clone())
    }

    fn held(&self, window: &str, kind: DocumentKind, serial: u64) -> Option<Arc<ProcessedPhoto>> {
        let map = self.lock();
        let slots = map.get(window)?;
        let held = match kind {
            DocumentKind::Kk => slots.kk.as_ref(),
            DocumentKind::Ktp => slots.ktp.as_ref(),
        }?;
        (held.serial == serial).then(|| held.photo.clone())
    }
}

/// Reads and checks a file on a blocking thread: the size cap before reading, then the core's
/// whole intake (format, bounds, decode with panics caught, orientation, renditions).
async fn load(path: PathBuf, kind: DocumentKind) -> Result<ProcessedPhoto, ErrorPayload> {
    let bytes = tauri::async_runtime::spawn_blocking(move || read_capped(&path))
        .await
        .map_err(|e| PhotoError::Failed(e.to_string()).payload_for(kind))?
        .map_err(|e| {
            eprintln!("sinkron: photo not read: {e}");
            e.payload_for(kind)
        })?;
    process_blocking(bytes).await.map_err(|e| {
        eprintln!("sinkron: photo refused: {e}");
        e.payload_for(kind)
    })
}

/// Reads, checks and holds a picked or dropped file in `kind`'s slot of `window`'s `tray`: the
/// one path both the picker and a drop take, for a new request's photo and for a replacement.
pub async fn hold_file(
    pending: &Pending,
    tray: Tray,
    window: &str,
    kind: DocumentKind,
    path: PathBuf,
) -> Result<HeldPhoto, ErrorPayload> {
    let name = file_name(&path);
    let photo = load(path, kind).await?;
    Ok(pending.hold_in(tray, window, kind, photo, name))
}

/// The file name to show for a path (never the folder).
pub fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// What the test seam says the dialog returned; `None` when the seam is not set.
pub fn test_pick() -> Option<Option<PathBuf>> {
    let file = std::env::var_os(TEST_PICK_ENV)?;
    let text = std::fs::read_to_string(file).unwrap_or_default();
    let path = text.trim();
    Some((!path.is_empty()).then(|| PathBuf::from(path)))
}

/// What a URL asks for.
#[derive(Debug, PartialEq, Eq)]
enum Asked {
    Stored(PhotoRef, ImageSize),
    Held(Tray, DocumentKind, u64),
    /// A stored photo's straightened document, as made for the desk lately.
    Straight(i64),
}

/// Reads `doc/<id>/<size>`, `old/<id>/<size>` (a replaced photo), `pending/<kind>/<serial>` or
/// `swap/<kind>/<serial>` (a photo chosen to replace a stored one); anything else is `None`.
fn asked(path: &str) -> Option<Asked> {
    let parts: Vec<&str> = path.trim_start_matches('/').split('/').collect();
    let held = |tray, kind: &str, serial: &str| {
        Some(Asked::Held(
            tray,
            DocumentKind::parse(kind)?,
            serial.parse().ok()?,
        ))
    };
    match parts.as_slice() {
        ["doc", id, "straight"] => Some(Asked::Straight(id.parse().ok()?)),
        ["doc", id, size] => Some(Asked::Stored(
            PhotoRef::Current(id.parse().ok()?),
            ImageSize::parse(size)?,
        )),
        ["old", id, size] => Some(Asked::Stored(
            PhotoRef::Replaced(id.parse().ok()?),
            ImageSize::parse(size)?,
        )),
        ["pending", kind, serial] => held(Tray::Form, kind, serial),
        ["swap", kind, serial] => held(Tray::Replace, kind, serial),
        _ => None,
    }
}

/// The kiosk: its own held photos (at preview size), nothing stored.
fn serve_kiosk(state: &AppState, window: &str, path: &str) -> Response<Vec<u8>> {
    match asked(path) {
        Some(Asked::Held(Tray::Form, kind, serial)) => {
            match state.pending.preview(window, kind, serial) {
                Some(jpeg) => respond(StatusCode::OK, "image/jpeg", jpeg),
                None => refuse(StatusCode::NOT_FOUND),
            }
        }
        Some(Asked::Held(Tray::Replace, ..)) => refuse(StatusCode::FORBIDDEN),
        Some(Asked::Stored(..) | Asked::Straight(_)) => refuse(StatusCode::FORBIDDEN),
        None => refuse(StatusCode::NOT_FOUND),
    }
}

fn respond(status: StatusCode, mime: &str, body: Vec<u8>) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header(header::CONTENT_TYPE, mime)
        .header(header::CACHE_CONTROL, "no-store")
        .header("X-Content-Type-Options", "nosniff")
        .body(body)
        .unwrap_or_else(|_| Response::new(Vec::new()))
}

fn refuse(status: StatusCode) -> Response<Vec<u8>> {
    respond(status, "text/plain; charset=utf-8", Vec::new())
}

/// The `sinkron` URI scheme: answers off the main thread so a large original never blocks the
/// window.
pub fn protocol<R: Runtime>(
    ctx: UriSchemeContext<'_, R>,
    request: Request<Vec<u8>>,
    responder: UriSchemeResponder,
) {
    let app = ctx.app_handle().clone();
    let window = ctx.webview_label().to_string();
    let path = request.uri().path().to_string();
    tauri::async_runtime::spawn(async move {
        let state = app.state::<AppState>();
        responder.respond(serve(&state, &window, &path).await);
    });
}

pub(crate) async fn serve(state: &AppState, window: &str, path: &str) -> Response<Vec<u8>> {
    if window == KIOSK_LABEL {
        return serve_kiosk(state, window, path);
    }
    if !DOCUMENT_WINDOWS.contains(&window) {
        return refuse(StatusCode::FORBIDDEN);
    }
    let Ok(store) = state.store() else {
        return refuse(StatusCode::SERVICE_UNAVAILABLE);
    };
    // Photos are population data: only a signed-in, unlocked operator sees them.
    let actor = match state
        .sessions
        .require(window, Need::Operator, &store, chrono::Utc::now())
        .await
    {
        Ok(actor) => actor,
        Err(_) => return refuse(StatusCode::FORBIDDEN),
    };
    match asked(path) {
        None => refuse(StatusCode::NOT_FOUND),
        Some(Asked::Held(tray, kind, serial)) => {
            match state.pending.thumbnail(&tray.key(window), kind, serial) {
                Some(jpeg) => respond(StatusCode::OK, "image/jpeg", jpeg),
                None => refuse(StatusCode::NOT_FOUND),
            }
        }
        Some(Asked::Straight(id)) => match straight(state, &**store, &actor, id).await {
            Ok(Some(jpeg)) => respond(StatusCode::OK, "image/jpeg", jpeg.to_vec()),
            Ok(None) => refuse(StatusCode::NOT_FOUND),
            Err(e) => {
                eprintln!("sinkron: photo {id} not straightened: {e}");
                refuse(StatusCode::INTERNAL_SERVER_ERROR)
            }
        },
        Some(Asked::Stored(id, size)) => {
            // A preview or an original is shown only once its view is in the audit log (on the
            // server, recorded by the server itself).
            let read = view_photo(&**store, &actor, id, size, chrono::Utc::now()).await;
            match read {
                Ok(Some((mime, bytes))) => match image_mime(&mime) {
                    Some(mime) => respond(StatusCode::OK, mime, bytes),
                    None => {
                        eprintln!("sinkron: photo {id:?} stored as {mime:?}, not served");
                        refuse(StatusCode::UNSUPPORTED_MEDIA_TYPE)
                    }
                },
                Ok(None) => refuse(StatusCode::NOT_FOUND),
                Err(e) => {
                    eprintln!("sinkron: photo {id:?} not served: {e}");
                    refuse(StatusCode::INTERNAL_SERVER_ERROR)
                }
            }
        }
    }
}

/// Stored photo `id`'s document straightened. Its preview is read as a view of it (audited like
/// any view), then cut along the corners kept with it, or for a photo taken before they were
/// kept, along the corners found again; `None` when there is no such photo or no document in
/// it. The cut is remembered for the last few photos: a replaced photo gets a new id, so a
/// remembered cut never shows an old photo.
async fn straight(
    state: &AppState,
    store: &dyn DeskStore,
    actor: &Actor,
    id: i64,
) -> Result<Option<Arc<Vec<u8>>>, String> {
    let Some(info) = store.document_info(id).await.map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    // Nothing to cut: no view to record either.
    if info.outline == Outline::NotFound {
        return Ok(None);
    }
    let now = chrono::Utc::now();
    let read = view_photo(store, actor, PhotoRef::Current(id), ImageSize::Preview, now).await;
    let Some((_, preview)) = read.map_err(|e| e.to_string())? else {
        return Ok(None);
    };
    if let Some(made) = state.straightened.get(id) {
        return Ok(Some(made));
    }
    let made = match info.outline {
        Outline::Found(corners) => Some(straighten_stored_blocking(preview, corners).await),
        _ => {
            let long = u32::try_from(info.width.max(info.height)).unwrap_or(0);
            let found = assess_stored_blocking(preview, long).await;
            found.map(|done| done.straight).transpose()
        }
    };
    match made {
        Some(made) => {
            let made = made.map_err(|e| e.to_string())?;
            Ok(Some(state.straightened.keep(id, made.jpeg)))
        }
        None => Ok(None),
    }
}

/// The content type the scheme answers with: only ever a JPEG or a PNG, whatever a row says.
fn image_mime(stored: &str) -> Option<&'static str> {
    match stored {
        "image/jpeg" => Some("image/jpeg"),
        "image/png" => Some("image/png"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scheme_answers_only_jpeg_or_png() {
        assert_eq!(image_mime("image/jpeg"), Some("image/jpeg"));
        assert_eq!(image_mime("image/png"), Some("image/png"));
        assert_eq!(image_mime("text/html"), None);
        assert_eq!(image_mime("image/svg+xml"), None);
    }

    #[test]
    fn urls_name_the_scheme_for_this_platform() {
        let u = url("doc/7/thumb");
        if cfg!(windows) {
            assert_eq!(u, "http://sinkron.localhost/doc/7/thumb");
        } else {
            assert_eq!(u, "sinkron://localhost/doc/7/thumb");
        }
    }

    #[test]
    fn a_stored_photo_url_is_an_id_and_a_size() {
        assert_eq!(
            asked("/doc/12/preview"),
            Some(Asked::Stored(PhotoRef::Current(12), ImageSize::Preview))
        );
        assert_eq!(
            asked("/old/4/thumb"),
            Some(Asked::Stored(PhotoRef::Replaced(4), ImageSize::Thumb))
        );
        assert_eq!(
            asked("/pending/ktp/3"),
            Some(Asked::Held(Tray::Form, DocumentKind::Ktp, 3))
        );
        assert_eq!(
            asked("/swap/kk/5"),
            Some(Asked::Held(Tray::Replace, DocumentKind::Kk, 5))
        );
    }

    #[test]
    fn anything_that_looks_like_a_path_is_refused() {
        for bad in [
            "/etc/passwd",
            "/doc/../../etc/passwd",
            "/doc/12/huge",
            "/doc/x/thumb",
            "/pending/kk/1/extra",
            "/pending/passport/1",
            "/swap/kk/x",
            "/old/1/../thumb",
            "",
        ] {
            assert_eq!(asked(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_replaced_photo_gets_a_new_url_and_the_old_one_stops_serving() {
        let pending = Pending::default();
        let photo = || {
            sinkron_core::photo::process(&sinkron_core::photo::sample::phone_photo(400, 300, 1))
                .unwrap()
        };
        let first = pending.hold(MAIN_LABEL, DocumentKind::Kk, photo(), "a.jpg".into());
        let second = pending.hold(MAIN_LABEL, DocumentKind::Kk, photo(), "b.jpg".into());
        assert_ne!(first.thumb_url, second.thumb_url);
        assert!(pending.thumbnail(MAIN_LABEL, DocumentKind::Kk, 1).is_none());
        assert!(pending.thumbnail(MAIN_LABEL, DocumentKind::Kk, 2).is_some());
        assert!(pending
            .thumbnail(KIOSK_LABEL, DocumentKind::Kk, 2)
            .is_none());
        pending.clear(MAIN_LABEL);
        assert!(pending.thumbnail(MAIN_LABEL, DocumentKind::Kk, 2).is_none());
    }
}
