//! Feeds files to the photo intake the way the app does and prints what it
//! made (or the refusal, as a screen would show it), how long it took, and how
//! much the process's peak memory grew (Linux). For trying real phone photos:
//! `cargo run --release -p sinkron-core --example photo_probe -- a.jpg b.heic`.
//! With no argument it tries a generated 12 MP phone photo. Also prints the quality measures
//! and what they would report for each document kind.

use std::time::Instant;

use sinkron_core::photo::{self, sample};

fn vm_hwm_kb() -> Option<u64> {
    std::fs::read_to_string("/proc/self/status")
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

fn main() {
    let inputs: Vec<(String, Vec<u8>)> = match std::env::args().skip(1).collect::<Vec<_>>() {
        names if names.is_empty() => vec![(
            "generated 4000x3000 phone photo, orientation 6".to_string(),
            sample::phone_photo(3000, 4000, 6),
        )],
        names => names
            .into_iter()
            .map(|n| {
                let bytes = std::fs::read(&n).unwrap_or_else(|e| panic!("{n}: {e}"));
                (n, bytes)
            })
            .collect(),
    };
    for (name, bytes) in inputs {
        let before = vm_hwm_kb();
        let t = Instant::now();
        let outcome = photo::process(&bytes);
        let took = t.elapsed();
        let growth = before
            .zip(vm_hwm_kb())
            .map(|(b, a)| format!("{} kB", a.saturating_sub(b)))
            .unwrap_or_else(|| "n/a".into());
        match outcome {
            Ok(p) => {
                println!(
                    "{name}: {} {}x{} {} bytes sha256 {}; preview {}x{} {} bytes; thumbnail \
                     {}x{} {} bytes; {took:.1?}; peak RSS growth {growth}",
                    p.mime,
                    p.width,
                    p.height,
                    p.original.len(),
                    p.sha256,
                    p.preview.width,
                    p.preview.height,
                    p.preview.jpeg.len(),
                    p.thumbnail.width,
                    p.thumbnail.height,
                    p.thumbnail.jpeg.len(),
                );
                let problems = |kind| {
                    p.problems(kind)
                        .iter()
                        .map(|x| x.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                };
                println!(
                    "  quality: {:?}\n  as a KK: [{}]; as a KTP-el: [{}]; straightened: {}",
                    p.quality,
                    problems(photo::DocumentKind::Kk),
                    problems(photo::DocumentKind::Ktp),
                    photo::assess_stored(&p.preview.jpeg, p.width.max(p.height))
                        .ok()
                        .and_then(|a| a.straight)
                        .map_or("no".to_string(), |s| format!("{}x{}", s.width, s.height)),
                );
            }
            Err(e) => {
                let payload = e.payload();
                println!(
                    "{name}: refused {} ({e}): {}; {took:.1?}; peak RSS growth {growth}",
                    payload.code, payload.message
                )
            }
        }
    }
}
