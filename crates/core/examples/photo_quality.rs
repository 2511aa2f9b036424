//! The photo-quality checks measured on the generated, labelled set (`photo::quality_set`):
//! each photo goes through the real intake (`photo::process`), and for each check this prints
//! precision and recall, the cases it got wrong, how far the found corners are from the drawn
//! ones, and how long the quality step takes per photo.
//! `cargo run --release -p sinkron-core --example photo_quality [-- seeds] [--verbose]`.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use sinkron_core::photo::quality_set::{self, Defect, DEFECTS};
use sinkron_core::photo::{self, DocumentKind, Problem};

struct Outcome {
    kind: DocumentKind,
    defect: Defect,
    seed: u64,
    found: Vec<Problem>,
    /// The worst corner's distance from the drawn one, in preview pixels, when the document
    /// was found with confidence.
    corner_error: Option<f64>,
    confident: bool,
    measures: String,
}

/// The quality measures and the straightening alone, on the decoded preview the intake
/// measures, with nothing else running: the median of five runs of each.
fn time_steps(kind: DocumentKind, defect: Defect) -> (Duration, Duration) {
    let case = quality_set::case(kind, defect, 0);
    let (preview, long) = photo::Preview::decode(&case.jpeg).expect("decodes");
    let median = |mut runs: Vec<Duration>| {
        runs.sort();
        runs[runs.len() / 2]
    };
    let quality = photo::measure(&preview, long).expect("measures");
    let measures = median(
        (0..5)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(photo::measure(&preview, long).expect("measures"));
                started.elapsed()
            })
            .collect(),
    );
    let straightening = median(
        (0..5)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(photo::straighten(&preview, &quality).expect("straightens"));
                started.elapsed()
            })
            .collect(),
    );
    (measures, straightening)
}

fn run(kind: DocumentKind, defect: Defect, seed: u64) -> Outcome {
    let case = quality_set::case(kind, defect, seed);
    let done = photo::process(&case.jpeg).expect("the set's photos are accepted");
    let q = &done.quality;
    let scale = f64::from(done.preview.width) / f64::from(quality_set::WIDTH);
    let doc = q.document.as_ref();
    let confident = doc.is_some_and(|d| d.confident);
    let corner_error = doc.filter(|d| d.confident).map(|d| {
        d.corners
            .iter()
            .zip(case.corners.iter())
            .map(|(a, b)| a.distance(photo::geometry::Point::new(b.x * scale, b.y * scale)))
            .fold(0.0, f64::max)
    });
    let measures = format!(
        "sharp {:.2} mean {:.0} dark {:.2} bright {:.2} glare {:.4} doc {}",
        q.sharpness,
        q.mean,
        q.dark_share,
        q.bright_share,
        q.glare_share,
        doc.map_or("-".to_string(), |d| format!(
            "fill {:.2} across {} cut {} conf {}",
            d.fill, d.across, d.cut, d.confident
        )),
    );
    Outcome {
        kind,
        defect,
        seed,
        found: done.problems(kind),
        corner_error,
        confident,
        measures,
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let verbose = args.iter().any(|a| a == "--verbose");
    let seeds: u64 = args.iter().find_map(|a| a.parse().ok()).unwrap_or(10);
    let mut jobs = Vec::new();
    for kind in DocumentKind::ALL {
        for defect in DEFECTS {
            for seed in 0..seeds {
                jobs.push((kind, defect, seed));
            }
        }
    }
    let started = Instant::now();
    let threads = std::thread::available_parallelism().map_or(2, |n| n.get());
    let chunks: Vec<Vec<(DocumentKind, Defect, u64)>> = (0..threads)
        .map(|t| jobs.iter().skip(t).step_by(threads).copied().collect())
        .collect();
    let mut outcomes: Vec<Outcome> = std::thread::scope(|s| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                s.spawn(move || {
                    chunk
                        .into_iter()
                        .map(|(k, d, n)| run(k, d, n))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a worker"))
            .collect()
    });
    outcomes.sort_by_key(|o| {
        (
            o.kind as u8,
            DEFECTS.iter().position(|d| *d == o.defect),
            o.seed,
        )
    });
    println!(
        "{} photos ({} seeds × {} defects × 2 documents, {}×{}), drawn and checked in {:.0} s\n",
        outcomes.len(),
        seeds,
        DEFECTS.len(),
        quality_set::WIDTH,
        quality_set::HEIGHT,
        started.elapsed().as_secs_f64()
    );

    println!("| check | TP | FP | FN | precision | recall |");
    println!("|---|---|---|---|---|---|");
    for problem in Problem::ALL {
        let (mut tp, mut fp, mut fnn) = (0, 0, 0);
        for o in &outcomes {
            let expected = o.defect.expected() == Some(problem);
            let got = o.found.contains(&problem);
            match (expected, got) {
                (true, true) => tp += 1,
                (false, true) => fp += 1,
                (true, false) => fnn += 1,
                _ => {}
            }
        }
        let ratio = |a: i32, b: i32| {
            if b == 0 {
                "–".to_string()
            } else {
                format!("{:.3}", f64::from(a) / f64::from(b))
            }
        };
        println!(
            "| {} | {tp} | {fp} | {fnn} | {} | {} |",
            problem.as_str(),
            ratio(tp, tp + fp),
            ratio(tp, tp + fnn)
        );
    }

    println!("\nWhat each defect drew (share of photos with each problem reported):\n");
    println!("| document | defect | expected | reported |");
    println!("|---|---|---|---|");
    let mut groups: BTreeMap<(u8, usize), Vec<&Outcome>> = BTreeMap::new();
    for o in &outcomes {
        let at = DEFECTS.iter().position(|d| *d == o.defect).unwrap_or(0);
        groups.entry((o.kind as u8, at)).or_default().push(o);
    }
    for ((_, at), group) in &groups {
        let defect = DEFECTS[*at];
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for o in group {
            for p in &o.found {
                *counts.entry(p.as_str()).or_default() += 1;
            }
        }
        let reported = if counts.is_empty() {
            "—".to_string()
        } else {
            counts
                .iter()
                .map(|(p, n)| format!("{p} {n}/{}", group.len()))
                .collect::<Vec<_>>()
                .join(", ")
        };
        println!(
            "| {} | {} | {} | {} |",
            group[0].kind.as_str(),
            defect.label(),
            defect.expected().map_or("—", |p| p.as_str()),
            reported
        );
    }

    println!("\nCorners (preview pixels, 1600 px long edge), documents wholly in frame and exposed well enough to look for them:\n");
    println!("| document | defects | found with confidence | median worst-corner error | worst |");
    println!("|---|---|---|---|---|");
    for kind in DocumentKind::ALL {
        let in_frame: Vec<&Outcome> = outcomes
            .iter()
            .filter(|o| {
                o.kind == kind
                    && !matches!(o.defect, Defect::Cut | Defect::Scan)
                    && !matches!(
                        o.defect.expected(),
                        Some(Problem::TooDark | Problem::TooBright)
                    )
            })
            .collect();
        let mut errors: Vec<f64> = in_frame.iter().filter_map(|o| o.corner_error).collect();
        errors.sort_by(f64::total_cmp);
        let confident = in_frame.iter().filter(|o| o.confident).count();
        println!(
            "| {} | all but cut, scan, too dark and too bright | {confident}/{} | {:.1} | {:.1} |",
            kind.as_str(),
            in_frame.len(),
            errors.get(errors.len() / 2).copied().unwrap_or(f64::NAN),
            errors.last().copied().unwrap_or(f64::NAN),
        );
    }

    let mut steps: Vec<(Duration, Duration)> = DocumentKind::ALL
        .iter()
        .flat_map(|&k| DEFECTS.iter().map(move |&d| time_steps(k, d)))
        .collect();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!("\nOne photo per defect and document, 1600×1200 preview, median of 5 runs each, one thread:\n");
    println!("| step | median | p90 | worst |");
    println!("|---|---|---|---|");
    for (name, pick) in [
        ("measures (sharpness, exposure, glare, outline)", 0),
        ("straightening with its JPEG (when found)", 1),
    ] {
        steps.sort_by_key(|s| if pick == 0 { s.0 } else { s.1 });
        let at = |i: usize| {
            let s = steps[i.min(steps.len() - 1)];
            ms(if pick == 0 { s.0 } else { s.1 })
        };
        println!(
            "| {name} | {:.1} ms | {:.1} ms | {:.1} ms |",
            at(steps.len() / 2),
            at(steps.len() * 9 / 10),
            at(steps.len() - 1)
        );
    }

    println!("\nWrong calls:");
    for o in &outcomes {
        let expected = o.defect.expected();
        let wrong = o.found.iter().any(|p| Some(*p) != expected)
            || expected.is_some_and(|p| !o.found.contains(&p));
        let off = o.corner_error.is_some_and(|e| e > 12.0);
        if wrong || off || verbose {
            println!(
                "  {} {} #{}: expected {}, got [{}]; corner error {}; {}",
                o.kind.as_str(),
                o.defect.label(),
                o.seed,
                expected.map_or("—", |p| p.as_str()),
                o.found
                    .iter()
                    .map(|p| p.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
                o.corner_error
                    .map_or("-".to_string(), |e| format!("{e:.1}")),
                o.measures
            );
        }
    }
}
