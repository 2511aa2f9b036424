//! The largest photos Sinkron accepts (50 megapixels, within 15 MB) are decoded within a memory
//! cap: a 50 MP RGBA PNG and a 50 MP progressive JPEG (whose decoder keeps every coefficient of
//! the image) each grow a fresh process's peak resident memory by less than 256 MB, so two photos
//! taken at once on a 4 GB kiosk PC cannot exhaust it. Measured, not assumed: the test writes the
//! two files, re-runs its own binary once per file as a child process, and reads the child's peak
//! resident memory (VmHWM) before and after `photo::process`. Linux only (it reads /proc).
//! The figures are printed.

#![cfg(target_os = "linux")]

use std::path::Path;
use std::process::Command;

use sinkron_core::photo;

const CHILD: &str = "SINKRON_PHOTO_PEAK_CHILD";
const TEST: &str = "the_largest_accepted_photos_decode_within_256_mb";
const LIMIT_KB: u64 = 256 * 1024;
const WIDTH: u32 = 8_000;
const HEIGHT: u32 = 6_250;

fn vm_hwm_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM line")
}

/// A document-like picture: paper gradients, dark text rows, the corner marks.
fn pixel(x: u32, y: u32) -> [u8; 3] {
    if (y / 40) % 3 == 1 && (x / 25) % 7 != 6 && x > 400 && x < WIDTH - 400 {
        [40, 40, 45]
    } else {
        [
            (235 - x * 40 / WIDTH) as u8,
            (230 - y * 30 / HEIGHT) as u8,
            210,
        ]
    }
}

fn rgba_png() -> Vec<u8> {
    let mut rgba = Vec::with_capacity((WIDTH * HEIGHT * 4) as usize);
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            rgba.extend_from_slice(&pixel(x, y));
            rgba.push(if x < 200 { 128 } else { 255 });
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, WIDTH, HEIGHT);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&rgba).unwrap();
    writer.finish().unwrap();
    out
}

fn progressive_jpeg() -> Vec<u8> {
    let mut rgb = Vec::with_capacity((WIDTH * HEIGHT * 3) as usize);
    for y in 0..HEIGHT {
        for x in 0..WIDTH {
            rgb.extend_from_slice(&pixel(x, y));
        }
    }
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 85);
    encoder.set_progressive(true);
    encoder
        .encode(
            &rgb,
            WIDTH as u16,
            HEIGHT as u16,
            jpeg_encoder::ColorType::Rgb,
        )
        .unwrap();
    out
}

/// In the child: one file through the intake, then one line the parent reads.
fn child(path: &Path) {
    let bytes = std::fs::read(path).expect("the photo");
    let baseline = vm_hwm_kb();
    let photo = photo::process(&bytes).expect("accepted");
    let peak = vm_hwm_kb();
    assert_eq!((photo.width, photo.height), (WIDTH, HEIGHT));
    // On a line of its own: the harness prints "test … " before it.
    println!("\nPROBE baseline_kb={baseline} peak_kb={peak}");
}

/// The child's peak growth in kB for `file`.
fn measured(file: &Path) -> u64 {
    let out = Command::new(std::env::current_exe().unwrap())
        .args([TEST, "--exact", "--nocapture", "--test-threads", "1"])
        .env(CHILD, file)
        .output()
        .expect("re-run the test binary");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "child failed: {:?}\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("PROBE ").map(|(_, rest)| rest))
        .unwrap_or_else(|| panic!("no PROBE line in:\n{stdout}"));
    let field = |name: &str| -> u64 {
        line.split_whitespace()
            .find_map(|kv| kv.strip_prefix(name))
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| panic!("{name} in {line}"))
    };
    field("peak_kb=").saturating_sub(field("baseline_kb="))
}

#[test]
fn the_largest_accepted_photos_decode_within_256_mb() {
    if let Some(path) = std::env::var_os(CHILD) {
        child(Path::new(&path));
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in [
        ("rgba.png", rgba_png()),
        ("progressive.jpg", progressive_jpeg()),
    ] {
        assert!(
            bytes.len() <= photo::MAX_BYTES,
            "{name}: {} bytes",
            bytes.len()
        );
        let file = dir.path().join(name);
        std::fs::write(&file, &bytes).unwrap();
        drop(bytes);
        let growth = measured(&file);
        println!(
            "{name} ({WIDTH}×{HEIGHT}): peak RSS grew by {} MB while decoding",
            growth / 1024
        );
        assert!(
            growth < LIMIT_KB,
            "{name}: decoding grew the peak RSS by {growth} kB (limit {LIMIT_KB} kB)"
        );
    }
}
