//! An image bomb (a small file whose header claims 60000×60000 pixels) must be
//! refused before the decoder allocates for it: without explicit limits the
//! usual decode path would try to allocate 10 GB and abort the process. This
//! is measured, not assumed: the test re-runs its own binary as a child
//! process, feeds it the bombs, and reads the child's peak resident memory
//! (VmHWM) against its baseline. Linux only (it reads /proc).

#![cfg(target_os = "linux")]

use std::process::Command;

use sinkron_core::photo::{self, sample};

const CHILD: &str = "SINKRON_PHOTO_MEMORY_CHILD";
const TEST: &str = "image_bombs_are_refused_within_64_mb_of_memory";
const LIMIT_KB: u64 = 64 * 1024;

fn vm_hwm_kb() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").expect("/proc/self/status");
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM line")
}

fn jpeg_claiming(width: u16, height: u16, sof: u8) -> Vec<u8> {
    let mut jpeg = sample::jpeg(&sample::document_rgb(256, 256), 256, 256, 80);
    let at = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    jpeg[at + 1] = sof;
    jpeg[at + 5..at + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[at + 7..at + 9].copy_from_slice(&width.to_be_bytes());
    jpeg
}

fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 256, 256);
    encoder.set_color(png::ColorType::Rgb);
    let mut writer = encoder.write_header().unwrap();
    writer
        .write_image_data(&sample::document_rgb(256, 256))
        .unwrap();
    writer.finish().unwrap();
    out[16..20].copy_from_slice(&width.to_be_bytes());
    out[20..24].copy_from_slice(&height.to_be_bytes());
    out
}

/// In the child: the bombs, then one line the parent reads.
fn child() {
    let bombs = [
        jpeg_claiming(60_000, 60_000, 0xC0),
        jpeg_claiming(60_000, 60_000, 0xC2), // progressive: whole-image coefficient buffers
        png_claiming(60_000, 60_000),
    ];
    let baseline = vm_hwm_kb();
    for bomb in &bombs {
        let e = photo::process(bomb).expect_err("bomb refused");
        assert_eq!(e.code(), "photo_dimensions_too_large");
    }
    let peak = vm_hwm_kb();
    // On a line of its own: the harness prints "test … " before it.
    println!("\nPROBE baseline_kb={baseline} peak_kb={peak}");
}

#[test]
fn image_bombs_are_refused_within_64_mb_of_memory() {
    if std::env::var_os(CHILD).is_some() {
        child();
        return;
    }
    let out = Command::new(std::env::current_exe().unwrap())
        .args([TEST, "--exact", "--nocapture", "--test-threads", "1"])
        .env(CHILD, "1")
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
    let (baseline, peak) = (field("baseline_kb="), field("peak_kb="));
    let growth = peak.saturating_sub(baseline);
    println!("bombs: peak RSS {peak} kB, baseline {baseline} kB, growth {growth} kB");
    assert!(
        growth < LIMIT_KB,
        "refusing the bombs grew the peak RSS by {growth} kB (limit {LIMIT_KB} kB)"
    );
}
