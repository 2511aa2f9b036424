//! How fast a document photo is taken in, next to libvips doing the same two
//! files. Generates a 12 MP phone-like JPEG (4000×3000 sensor pixels, EXIF
//! orientation 6), makes the 1600 px preview and the 320 px thumbnail through
//! `photo::process` (one decode at a reduced DCT scale, SHA-256 included), and
//! runs `vipsthumbnail -s 320` and `-s 1600` on the same file as a person
//! would. `cargo bench -p sinkron-core --bench photo`. Prints medians and the
//! ratio of the totals; asserts nothing. Needs `vipsthumbnail` (Debian
//! `libvips-tools`) for the comparison, and skips it when absent.

use std::hint::black_box;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use sinkron_core::photo::{self, sample};

const RUNS: usize = 11;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn time<T>(mut f: impl FnMut() -> T) -> Duration {
    black_box(f()); // warm up
    median(
        (0..RUNS)
            .map(|_| {
                let t = Instant::now();
                black_box(f());
                t.elapsed()
            })
            .collect(),
    )
}

/// CPU seconds used so far by this process and by its waited-for children
/// (Linux, from /proc/self/stat at 100 ticks a second): a figure that other
/// work on a busy machine does not inflate the way it inflates wall time.
fn cpu_seconds() -> Option<(f64, f64)> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<f64> = stat
        .rsplit_once(')')?
        .1
        .split_whitespace()
        .skip(11)
        .take(4)
        .map(|f| f.parse().ok())
        .collect::<Option<_>>()?;
    Some((
        (fields[0] + fields[1]) / 100.0,
        (fields[2] + fields[3]) / 100.0,
    ))
}

/// CPU time per run of `f`, own and children's together.
fn cpu_per_run(runs: u32, mut f: impl FnMut()) -> Option<f64> {
    let (own0, kids0) = cpu_seconds()?;
    for _ in 0..runs {
        f();
    }
    let (own1, kids1) = cpu_seconds()?;
    Some((own1 - own0 + kids1 - kids0) * 1000.0 / f64::from(runs))
}

fn vips(input: &Path, size: &str, out: &Path) -> bool {
    Command::new("vipsthumbnail")
        .arg(input)
        .args(["-s", size, "-o"])
        .arg(out)
        .status()
        .is_ok_and(|s| s.success())
}

fn main() {
    let jpeg = sample::phone_photo(3000, 4000, 6);
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("in.jpg");
    std::fs::write(&input, &jpeg).expect("write input");
    let done = photo::process(&jpeg).expect("sample photo is accepted");
    println!(
        "input: 4000x3000 JPEG q90 + EXIF orientation 6, {:.1} MB -> upright {}x{}; \
         preview {}x{} ({} KB), thumbnail {}x{} ({} KB); {} runs, medians",
        jpeg.len() as f64 / 1e6,
        done.width,
        done.height,
        done.preview.width,
        done.preview.height,
        done.preview.jpeg.len() / 1000,
        done.thumbnail.width,
        done.thumbnail.height,
        done.thumbnail.jpeg.len() / 1000,
        RUNS,
    );

    let ours = time(|| photo::process(&jpeg).expect("accepted"));
    println!(
        "{:<52} {:>8.1} ms",
        "sinkron photo::process (preview + thumbnail + sha256)",
        ms(ours)
    );

    let thumb_out = dir.path().join("t.jpg");
    let preview_out = dir.path().join("p.jpg");
    if !vips(&input, "320", &thumb_out) {
        println!("vipsthumbnail not found or failed: apt-get install libvips-tools to compare");
    } else {
        let thumb = time(|| vips(&input, "320", &thumb_out));
        let preview = time(|| vips(&input, "1600", &preview_out));
        let both = time(|| vips(&input, "320", &thumb_out) && vips(&input, "1600", &preview_out));
        println!("{:<52} {:>8.1} ms", "vipsthumbnail -s 320", ms(thumb));
        println!("{:<52} {:>8.1} ms", "vipsthumbnail -s 1600", ms(preview));
        println!("{:<52} {:>8.1} ms", "vipsthumbnail, both files", ms(both));
        println!(
            "{:<52} {:>8.2}x   (target <= 0.30x)",
            "ratio sinkron / vips (totals)",
            ms(ours) / ms(both)
        );
        let runs = 30;
        let ours_cpu = cpu_per_run(runs, || {
            black_box(photo::process(&jpeg).expect("accepted"));
        });
        let vips_cpu = cpu_per_run(runs, || {
            black_box(vips(&input, "320", &thumb_out) && vips(&input, "1600", &preview_out));
        });
        if let (Some(o), Some(v)) = (ours_cpu, vips_cpu) {
            println!(
                "{:<52} {:>8.1} ms vs {:.1} ms = {:.2}x",
                "CPU time per run, sinkron vs vips (both files)",
                o,
                v,
                o / v
            );
        }
    }

    // Other shapes of input, for the record.
    let small = sample::phone_photo(1200, 1600, 1);
    let t = time(|| photo::process(&small).expect("accepted"));
    println!(
        "{:<52} {:>8.1} ms",
        "1200x1600 JPEG (no DCT scaling)",
        ms(t)
    );
    let png = screenshot_png(1080, 2400);
    let t = time(|| photo::process(&png).expect("accepted"));
    println!(
        "{:<52} {:>8.1} ms",
        format!("1080x2400 PNG screenshot ({} KB)", png.len() / 1000),
        ms(t)
    );
    let refused = {
        let mut bomb = sample::jpeg(&sample::document_rgb(256, 256), 256, 256, 80);
        // Rewrite the SOF size to 60000x60000.
        let sof = bomb
            .windows(2)
            .position(|w| w == [0xFF, 0xC0])
            .expect("SOF0");
        bomb[sof + 5..sof + 9].copy_from_slice(&[0xEA, 0x60, 0xEA, 0x60]);
        bomb
    };
    let t = time(|| photo::process(&refused).unwrap_err());
    println!("{:<52} {:>8.3} ms", "60000x60000 header refused", ms(t));
}

fn screenshot_png(width: u32, height: u32) -> Vec<u8> {
    let rgb = sample::document_rgb(width, height);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgb);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().expect("png header");
    writer.write_image_data(&rgb).expect("png data");
    writer.finish().expect("png end");
    out
}
