//! Paper in the end-to-end run. WebKitGTK cannot print to a file, so what the window printed is
//! printed again by headless Chromium (the engine of WebView2, which prints on the office's
//! Windows PCs): the print root as the page holds it, with the page's own stylesheets, in a
//! document that keeps the page's `html` classes. The PDF is then read with poppler
//! (`pdftotext`, `pdfinfo`) and drawn as PNG (`pdftoppm`) for a person to look at.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::json;

use crate::harness::target_dir;
use crate::webdriver::Session;

/// Replaces the page's print dialog with a counter (`window.__printed`), so that a test can
/// press a print button and then take what would have been printed.
pub fn stub_print(s: &Session) {
    s.execute(
        "window.__printed = 0; window.print = () => { window.__printed += 1; };",
        json!([]),
    )
    .expect("print stub");
}

/// How many times the page asked for the print dialog since [`stub_print`].
pub fn printed(s: &Session) -> u64 {
    s.execute("return window.__printed || 0;", json!([]))
        .expect("printed")
        .as_u64()
        .unwrap_or(0)
}

/// What the page prints now, as a standalone document: `#print-root`, the page's stylesheets
/// (read from `ui/`, in the page's order) and the classes of its `html` element. A photo
/// (`img[data-kind]`) is served by the app's own protocol, which only its window can load, so
/// it is shown from `photos` (kind → the file the test attached), after checking that the
/// window itself drew it.
pub fn printed_document(s: &Session, photos: &[(&str, &Path)]) -> String {
    let map: serde_json::Map<String, serde_json::Value> = photos
        .iter()
        .map(|(kind, path)| {
            (
                kind.to_string(),
                json!(format!("file://{}", path.display())),
            )
        })
        .collect();
    let got = s
        .execute(
            "const root = document.getElementById('print-root'); \
             const copy = root ? root.cloneNode(true) : null; \
             const drawn = root ? [...root.querySelectorAll('img')] \
               .every((i) => i.complete && i.naturalWidth > 0) : true; \
             if (copy) copy.querySelectorAll('img[data-kind]').forEach((i) => \
               i.setAttribute('src', arguments[0][i.dataset.kind] || '')); \
             return { html: copy ? copy.outerHTML : '', drawn, \
               cls: document.documentElement.className, \
               sheets: [...document.querySelectorAll('link[rel=stylesheet]')] \
                 .map((l) => l.getAttribute('href')) };",
            json!([map]),
        )
        .expect("the print root");
    assert_eq!(
        got["drawn"],
        json!(true),
        "every picture drawn in the window"
    );
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("..").join("ui");
    let links: String = got["sheets"]
        .as_array()
        .expect("stylesheets")
        .iter()
        .filter_map(|href| href.as_str())
        .map(|href| {
            format!(
                "<link rel=\"stylesheet\" href=\"file://{}\">",
                ui.join(href).display()
            )
        })
        .collect();
    let html = got["html"].as_str().unwrap_or_default();
    assert!(!html.is_empty(), "nothing in #print-root");
    format!(
        "<!doctype html><html lang=\"id\" class=\"{}\"><head><meta charset=\"utf-8\">{links}\
         </head><body>{html}</body></html>",
        got["cls"].as_str().unwrap_or_default()
    )
}

/// Where the e2e run keeps its PDFs and pictures.
pub fn out_dir() -> PathBuf {
    let out = target_dir().join("e2e-screenshots");
    std::fs::create_dir_all(&out).expect("screenshots folder");
    out
}

/// Prints the HTML file `html` to `<out>/<name>.pdf` with headless Chromium; the PDF's path.
pub fn chromium_pdf(html: &Path, name: &str) -> PathBuf {
    let pdf = out_dir().join(format!("{name}.pdf"));
    let _ = std::fs::remove_file(&pdf);
    let profile = tempfile::tempdir().expect("chromium profile");
    let status = Command::new("chromium")
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--allow-file-access-from-files",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("chromium runs (apt-get install chromium)");
    assert!(status.success(), "chromium --print-to-pdf: {status}");
    let bytes = std::fs::read(&pdf).expect("the PDF");
    assert!(bytes.starts_with(b"%PDF"), "a real PDF");
    eprintln!("e2e: printed {}", pdf.display());
    pdf
}

/// What the window printed now, as `<out>/<name>.pdf` (`photos`: see [`printed_document`]).
pub fn print_to_pdf(s: &Session, name: &str, photos: &[(&str, &Path)]) -> PathBuf {
    let html = out_dir().join(format!("{name}.html"));
    std::fs::write(&html, printed_document(s, photos)).expect("the printed document");
    chromium_pdf(&html, name)
}

fn poppler(program: &str, args: &[&str], pdf: &Path) -> String {
    let out = Command::new(program)
        .args(args)
        .arg(pdf)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("{program} runs (apt-get install poppler-utils): {e}"));
    assert!(out.status.success(), "{program} {}", pdf.display());
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The PDF's text, in reading order, with every run of white space (line ends included) as one
/// space, so a sentence reads the same whatever the paper's width.
pub fn pdf_text(pdf: &Path) -> String {
    poppler("pdftotext", &[], pdf)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A PDF's page count and first page's size in millimetres.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PdfPages {
    pub count: u32,
    pub width_mm: f64,
    pub height_mm: f64,
}

/// The page count and size, from `pdfinfo`.
pub fn pdf_pages(pdf: &Path) -> PdfPages {
    let out = Command::new("pdfinfo")
        .arg(pdf)
        .output()
        .expect("pdfinfo runs (apt-get install poppler-utils)");
    let info = String::from_utf8_lossy(&out.stdout).into_owned();
    let field = |name: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(name))
            .map(str::trim)
            .unwrap_or_else(|| panic!("pdfinfo has no {name}: {info}"))
            .to_string()
    };
    let count = field("Pages:").parse().expect("page count");
    // "164.4 x 510.2 pts"
    let size = field("Page size:");
    let mut nums = size
        .split_whitespace()
        .filter_map(|w| w.parse::<f64>().ok());
    let pt = 25.4 / 72.0;
    PdfPages {
        count,
        width_mm: nums.next().expect("width") * pt,
        height_mm: nums.next().expect("height") * pt,
    }
}

/// Every word's text and its left and right edge in millimetres (`pdftotext -bbox`).
pub fn pdf_words(pdf: &Path) -> Vec<(String, f64, f64)> {
    let html = poppler("pdftotext", &["-bbox"], pdf);
    let pt = 25.4 / 72.0;
    html.lines()
        .filter(|l| l.trim_start().starts_with("<word "))
        .filter_map(|l| {
            let attr = |name: &str| -> Option<f64> {
                let at = l.find(&format!("{name}=\""))? + name.len() + 2;
                l[at..].split('"').next()?.parse().ok()
            };
            let text = l.split('>').nth(1)?.split('<').next()?.to_string();
            Some((text, attr("xMin")? * pt, attr("xMax")? * pt))
        })
        .collect()
}

/// The PDF's first page as a JPEG at `dpi`, as a camera held over the paper would see it:
/// `<out>/<name>-photo.jpg`.
pub fn pdf_photo(pdf: &Path, name: &str, dpi: u32) -> PathBuf {
    let prefix = out_dir().join(format!("{name}-photo"));
    let status = Command::new("pdftoppm")
        .args(["-jpeg", "-singlefile", "-r", &dpi.to_string()])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs (apt-get install poppler-utils)");
    assert!(status.success(), "pdftoppm {}", pdf.display());
    prefix.with_extension("jpg")
}

/// Draws each page as `<out>/<name>-<n>.png` (150 dpi) for a person to look at.
pub fn pdf_png(pdf: &Path, name: &str) {
    let prefix = out_dir().join(name);
    let status = Command::new("pdftoppm")
        .args(["-png", "-r", "150"])
        .arg(pdf)
        .arg(&prefix)
        .status()
        .expect("pdftoppm runs (apt-get install poppler-utils)");
    assert!(status.success(), "pdftoppm {}", pdf.display());
}
