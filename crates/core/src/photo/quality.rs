//! Can an operator read this photo? Measured once, at intake, on the upright preview that is
//! already decoded (no second decode): sharpness, exposure, glare, where the document lies in
//! the frame (its four corners), whether a corner is cut off, and how many pixels it spans in
//! the original. Each measure is a number; every threshold that turns a number into a
//! [`Problem`] is a constant in this file, chosen on the generated calibration set
//! ([`super::quality_set`], `cargo run --release -p sinkron-core --example photo_quality`).
//! A document found with confidence is also straightened: cropped to its corners and turned
//! upright, long side across.

use serde::Serialize;

use super::geometry::{self, area, convex_hull, reading_order, Homography, Point, Quad};
use super::raster::{fit, Raster};
use super::DocumentKind;

/// The long edge at which sharpness, exposure and glare are measured: half a 1600 px preview,
/// so a preview of any size is judged at the same scale and sensor noise counts less.
pub const MEASURE_EDGE: u32 = 800;
/// The long edge at which the document's outline is looked for.
pub const FIND_EDGE: u32 = 320;

/// Below this, the photo is blurred (the 90th percentile over textured tiles of the
/// Laplacian's energy over the tile's variance, at [`MEASURE_EDGE`]).
pub const SHARPNESS_MIN: f32 = 0.4;
/// The document's mean gray level (0–255; the whole photo's when no document is found) below
/// which it is too dark, and above which it is washed out.
pub const DARK_MEAN_MAX: f32 = 80.0;
pub const BRIGHT_MEAN_MIN: f32 = 240.0;
/// The whole photo's mean gray level above which it is washed out, whatever was found in it.
pub const FRAME_BRIGHT_MIN: f32 = 245.0;
/// A spot of clipped white on the document at least this share of the document is glare.
pub const GLARE_SHARE_MIN: f32 = 0.004;
/// Pixels across the found document (in the original) below which its smallest print cannot
/// be read: a KTP-el's NIK and a KK's table both need about this many.
pub const ACROSS_MIN_KTP: u32 = 500;
pub const ACROSS_MIN_KK: u32 = 1000;

/// A gray level at or below this is near-black; at or above [`WHITE`], near-white.
const BLACK: u8 = 16;
const WHITE: u8 = 250;
/// Glare: every channel at least this.
const GLARE_LEVEL: u8 = 250;
/// The document's lighter quarter at least this level: its paper is at the clip already, so
/// a glare spot cannot be told from it.
const PAPER_AT_CLIP: u8 = 238;
/// Sharpness tiles, in pixels at [`MEASURE_EDGE`], and the gray spread that makes one count.
const TILE: usize = 24;
const TILE_VARIANCE_MIN: f64 = 150.0;

/// Something an operator would have to ask the applicant to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Problem {
    Blurry,
    TooDark,
    TooBright,
    Glare,
    CutOff,
    TooSmall,
}

impl Problem {
    pub const ALL: [Problem; 6] = [
        Problem::Blurry,
        Problem::TooDark,
        Problem::TooBright,
        Problem::Glare,
        Problem::CutOff,
        Problem::TooSmall,
    ];

    /// As stored and sent: `blurry`, `too_dark`, …
    pub fn as_str(self) -> &'static str {
        match self {
            Problem::Blurry => "blurry",
            Problem::TooDark => "too_dark",
            Problem::TooBright => "too_bright",
            Problem::Glare => "glare",
            Problem::CutOff => "cut_off",
            Problem::TooSmall => "too_small",
        }
    }

    pub fn parse(s: &str) -> Option<Problem> {
        Problem::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// What is wrong and what to do, in the applicant's words.
    pub fn message(self) -> &'static str {
        match self {
            Problem::Blurry => "Foto buram — pegang kamera diam dan foto ulang",
            Problem::TooDark => "Foto terlalu gelap — foto di tempat yang lebih terang",
            Problem::TooBright => {
                "Foto terlalu terang — jauhkan dari lampu atau sinar matahari langsung"
            }
            Problem::Glare => {
                "Ada pantulan cahaya di atas tulisan — miringkan kartu sedikit dan foto ulang"
            }
            Problem::CutOff => "Dokumen terpotong — seluruh dokumen harus terlihat",
            Problem::TooSmall => "Dokumen terlalu kecil di foto — dekatkan kamera",
        }
    }

    /// The short mark an operator sees in the list and the detail view.
    pub fn mark(self) -> &'static str {
        match self {
            Problem::Blurry => "buram",
            Problem::TooDark => "gelap",
            Problem::TooBright => "terlalu terang",
            Problem::Glare => "pantulan cahaya",
            Problem::CutOff => "terpotong",
            Problem::TooSmall => "terlalu kecil",
        }
    }
}

/// The problems found in one photo when it was taken, as its document row keeps them: their
/// codes joined by commas, most serious first, and `""` when it reads well. The list marks a
/// request whose photo has any ("Cek foto").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Problems(pub Vec<Problem>);

/// A stored problem code this build does not know.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("kode masalah foto tidak dikenal: {0:?}")]
pub struct UnknownProblem(pub String);

impl Problems {
    /// The stored text: `blurry,glare`, or `""`.
    pub fn stored(&self) -> String {
        let codes: Vec<&str> = self.0.iter().map(|p| p.as_str()).collect();
        codes.join(",")
    }

    /// Reads a stored text back; an unknown code is an error, not dropped.
    pub fn parse(text: &str) -> Result<Problems, UnknownProblem> {
        if text.is_empty() {
            return Ok(Problems::default());
        }
        text.split(',')
            .map(|code| Problem::parse(code).ok_or_else(|| UnknownProblem(code.to_string())))
            .collect::<Result<Vec<_>, _>>()
            .map(Problems)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A part of the photo, as shares (0–1) of its width and height.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Region {
    pub x: f32,
    pub y: f32,
    pub width: f32,
    pub height: f32,
}

/// The document as found in the preview.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Found {
    /// Top-left, top-right, bottom-right, bottom-left, in preview pixels.
    pub corners: Quad,
    /// The share of the frame it covers.
    pub fill: f32,
    /// Pixels across its long side in the original photo.
    pub across: u32,
    /// It runs off the frame.
    pub cut: bool,
    /// A clean four-sided outline of a document's proportions, wholly in the frame.
    pub confident: bool,
}

/// Every measure of one photo.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quality {
    pub sharpness: f32,
    /// Mean gray level, 0–255, of the document (of the whole photo when none is found).
    pub mean: f32,
    /// Shares of near-black and near-white pixels in the same area.
    pub dark_share: f32,
    pub bright_share: f32,
    /// The whole photo's mean gray level.
    pub frame_mean: f32,
    /// The largest spot of clipped white on the document, as a share of the document.
    pub glare_share: f32,
    pub glare_at: Option<Region>,
    pub document: Option<Found>,
}

impl Quality {
    /// What would stop an operator reading this photo of `kind`, most serious first.
    pub fn problems(&self, kind: DocumentKind) -> Vec<Problem> {
        let mut out = Vec::new();
        let dark = self.mean < DARK_MEAN_MAX;
        let bright = self.mean > BRIGHT_MEAN_MIN || self.frame_mean > FRAME_BRIGHT_MIN;
        // In the dark or washed out, sharpness and the outline cannot be judged: the exposure
        // is what to fix first.
        if dark {
            return vec![Problem::TooDark];
        }
        if bright {
            return vec![Problem::TooBright];
        }
        if self.sharpness < SHARPNESS_MIN {
            out.push(Problem::Blurry);
        }
        if self.glare_share >= GLARE_SHARE_MIN {
            out.push(Problem::Glare);
        }
        if let Some(doc) = &self.document {
            if doc.cut {
                out.push(Problem::CutOff);
            } else if doc.confident {
                let min = match kind {
                    DocumentKind::Ktp => ACROSS_MIN_KTP,
                    DocumentKind::Kk => ACROSS_MIN_KK,
                };
                if doc.across < min {
                    out.push(Problem::TooSmall);
                }
            }
        }
        out
    }

    /// Where a problem lies, for the screen to mark; `None` when it is the whole photo.
    pub fn region(&self, problem: Problem, width: u32, height: u32) -> Option<Region> {
        match problem {
            Problem::Glare => self.glare_at,
            Problem::CutOff | Problem::TooSmall => self.document.as_ref().map(|d| {
                let xs = d.corners.map(|c| c.x.clamp(0.0, f64::from(width)));
                let ys = d.corners.map(|c| c.y.clamp(0.0, f64::from(height)));
                let (x0, x1) = (
                    xs.iter().copied().fold(f64::MAX, f64::min),
                    xs.iter().copied().fold(0.0, f64::max),
                );
                let (y0, y1) = (
                    ys.iter().copied().fold(f64::MAX, f64::min),
                    ys.iter().copied().fold(0.0, f64::max),
                );
                Region {
                    x: (x0 / f64::from(width)) as f32,
                    y: (y0 / f64::from(height)) as f32,
                    width: ((x1 - x0) / f64::from(width)) as f32,
                    height: ((y1 - y0) / f64::from(height)) as f32,
                }
            }),
            _ => None,
        }
    }
}

/// Measures an upright preview whose original is `original_long` pixels on its long edge.
pub(crate) fn assess(preview: &Raster, original_long: u32) -> Result<Quality, super::PhotoError> {
    let (mw, mh) = fit(preview.width, preview.height, MEASURE_EDGE);
    let measured = preview.resized(mw, mh)?;
    let gray = gray_of(&measured);
    let (w, h) = (mw as usize, mh as usize);
    let sharpness = sharpness(&gray, w, h);
    let frame_mean =
        (gray.iter().map(|&v| u64::from(v)).sum::<u64>() as f64 / gray.len().max(1) as f64) as f32;

    let (fw, fh) = fit(mw, mh, FIND_EDGE);
    let small = measured.resized(fw, fh)?;
    let scale = f64::from(preview.width) / f64::from(fw);
    let document = find_document(&small).map(|(corners, cut, confident)| {
        let corners = corners.map(|c| Point::new(c.x * scale, c.y * scale));
        let frame = f64::from(preview.width) * f64::from(preview.height);
        let long = (corners[0].distance(corners[1]) + corners[3].distance(corners[2])) / 2.0;
        let per_preview = f64::from(original_long) / f64::from(preview.width.max(preview.height));
        Found {
            corners,
            fill: (area(&corners) / frame) as f32,
            across: (long * per_preview).round() as u32,
            cut,
            confident,
        }
    });

    // Glare is looked for on the document (or the whole frame when none is found).
    let to_measure = f64::from(mw) / f64::from(preview.width);
    let within = document.as_ref().filter(|d| d.confident || d.cut).map(|d| {
        d.corners
            .map(|c| Point::new(c.x * to_measure, c.y * to_measure))
    });
    let light = light(&measured, &gray, within.as_ref());
    Ok(Quality {
        sharpness: sharpness as f32,
        mean: light.mean,
        dark_share: light.dark_share,
        bright_share: light.bright_share,
        frame_mean,
        glare_share: light.glare_share,
        glare_at: light.glare_at,
        document,
    })
}

/// The exposure and glare measures of one area.
struct Light {
    mean: f32,
    dark_share: f32,
    bright_share: f32,
    glare_share: f32,
    glare_at: Option<Region>,
}

/// Exposure and glare within `within` (clockwise corners) or the whole picture.
fn light(r: &Raster, gray: &[u8], within: Option<&Quad>) -> Light {
    let (w, h) = (r.width as usize, r.height as usize);
    let ch = usize::from(r.channels);
    let mut mask = vec![false; w * h];
    let mut hist = [0u32; 256];
    let mut paper_hist = [0u32; 256];
    for y in 0..h {
        for x in 0..w {
            if within.is_some_and(|q| !inside(q, Point::new(x as f64 + 0.5, y as f64 + 0.5))) {
                continue;
            }
            let i = y * w + x;
            hist[usize::from(gray[i])] += 1;
            let px = &r.pixels[i * ch..(i + 1) * ch];
            mask[i] = px.iter().all(|&v| v >= GLARE_LEVEL);
            paper_hist[usize::from(*px.iter().min().unwrap_or(&0))] += 1;
        }
    }
    let total: u64 = hist.iter().map(|&c| u64::from(c)).sum::<u64>().max(1);
    let share = |range: std::ops::RangeInclusive<usize>| {
        (range.map(|v| u64::from(hist[v])).sum::<u64>() as f64 / total as f64) as f32
    };
    let mean = (hist
        .iter()
        .enumerate()
        .map(|(v, &c)| v as u64 * u64::from(c))
        .sum::<u64>() as f64
        / total as f64) as f32;
    let (glare_share, glare_at) = glare(&mut mask, w, h, &paper_hist, total);
    Light {
        mean,
        dark_share: share(0..=usize::from(BLACK)),
        bright_share: share(usize::from(WHITE)..=255),
        glare_share,
        glare_at,
    }
}

/// The largest 4-connected spot of clipped white in `mask`: its share of the `total` pixels
/// looked at and where it is; nothing when the paper itself is at the clip.
fn glare(
    mask: &mut [bool],
    w: usize,
    h: usize,
    paper_hist: &[u32; 256],
    total: u64,
) -> (f32, Option<Region>) {
    let mut seen = 0u64;
    let paper = (0..256)
        .find(|&v| {
            seen += u64::from(paper_hist[v]);
            seen * 4 >= total * 3
        })
        .unwrap_or(255);
    if paper >= usize::from(PAPER_AT_CLIP) {
        return (0.0, None);
    }
    let Some(blob) = largest_component(mask, w, h) else {
        return (0.0, None);
    };
    let region = Region {
        x: blob.x0 as f32 / w as f32,
        y: blob.y0 as f32 / h as f32,
        width: (blob.x1 + 1 - blob.x0) as f32 / w as f32,
        height: (blob.y1 + 1 - blob.y0) as f32 / h as f32,
    };
    (blob.count as f32 / total as f32, Some(region))
}

fn gray_of(r: &Raster) -> Vec<u8> {
    if r.channels == 1 {
        return r.pixels.clone();
    }
    r.pixels
        .chunks_exact(3)
        .map(|p| ((u32::from(p[0]) * 77 + u32::from(p[1]) * 150 + u32::from(p[2]) * 29) >> 8) as u8)
        .collect()
}

/// The 90th percentile, over tiles with enough spread to hold print, of the weakest of four
/// directional second derivatives' mean energy (across, down and both diagonals) over the
/// tile's variance: blur takes the fine detail and leaves the spread, and a shake takes it in
/// the direction of the shake while the others keep theirs.
fn sharpness(gray: &[u8], w: usize, h: usize) -> f64 {
    let mut ratios = Vec::new();
    let mut ty = 1;
    while ty + TILE < h {
        let mut tx = 1;
        while tx + TILE < w {
            let (mut sum, mut sq) = (0i64, 0i64);
            let mut energy = [0i64; 4];
            for y in ty..ty + TILE {
                let row = y * w;
                for x in tx..tx + TILE {
                    let at = |i: usize| i32::from(gray[i]);
                    let c = at(row + x);
                    let twice = 2 * c;
                    let d = [
                        at(row + x - 1) + at(row + x + 1) - twice,
                        at(row - w + x) + at(row + w + x) - twice,
                        at(row - w + x - 1) + at(row + w + x + 1) - twice,
                        at(row - w + x + 1) + at(row + w + x - 1) - twice,
                    ];
                    for (e, v) in energy.iter_mut().zip(d) {
                        *e += i64::from(v * v);
                    }
                    sum += i64::from(c);
                    sq += i64::from(c * c);
                }
            }
            let n = (TILE * TILE) as f64;
            let var = sq as f64 / n - (sum as f64 / n).powi(2);
            if var >= TILE_VARIANCE_MIN {
                // A diagonal step is √2 long: its second difference counts a quarter.
                let weakest = energy[0]
                    .min(energy[1])
                    .min(energy[2] / 4)
                    .min(energy[3] / 4);
                ratios.push(weakest as f64 / n / var);
            }
            tx += TILE;
        }
        ty += TILE;
    }
    if ratios.is_empty() {
        return 0.0;
    }
    ratios.sort_by(f64::total_cmp);
    ratios[(ratios.len() * 9 / 10).min(ratios.len() - 1)]
}

fn inside(q: &Quad, p: Point) -> bool {
    (0..4).all(|i| {
        let (a, b) = (q[i], q[(i + 1) % 4]);
        (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x) >= 0.0
    })
}

/// A connected set of pixels: how many, its bounding box, and which pixels.
struct Blob {
    count: usize,
    x0: usize,
    y0: usize,
    x1: usize,
    y1: usize,
    pixels: Vec<usize>,
}

/// The largest 4-connected component of `mask` (cleared as it is read).
fn largest_component(mask: &mut [bool], w: usize, h: usize) -> Option<Blob> {
    let mut best: Option<Blob> = None;
    let mut stack = Vec::new();
    for start in 0..mask.len() {
        if !mask[start] {
            continue;
        }
        mask[start] = false;
        stack.push(start);
        let mut blob = Blob {
            count: 0,
            x0: usize::MAX,
            y0: usize::MAX,
            x1: 0,
            y1: 0,
            pixels: Vec::new(),
        };
        while let Some(i) = stack.pop() {
            let (x, y) = (i % w, i / w);
            blob.count += 1;
            blob.pixels.push(i);
            blob.x0 = blob.x0.min(x);
            blob.x1 = blob.x1.max(x);
            blob.y0 = blob.y0.min(y);
            blob.y1 = blob.y1.max(y);
            let mut visit = |j: usize| {
                if mask[j] {
                    mask[j] = false;
                    stack.push(j);
                }
            };
            if x > 0 {
                visit(i - 1);
            }
            if x + 1 < w {
                visit(i + 1);
            }
            if y > 0 {
                visit(i - w);
            }
            if y + 1 < h {
                visit(i + w);
            }
        }
        if best.as_ref().is_none_or(|b| blob.count > b.count) {
            best = Some(blob);
        }
    }
    best
}

/// Otsu's threshold of a 256-bin histogram.
fn otsu(hist: &[u32; 256]) -> u8 {
    let total: f64 = hist.iter().map(|&c| f64::from(c)).sum();
    let sum_all: f64 = hist
        .iter()
        .enumerate()
        .map(|(i, &c)| i as f64 * f64::from(c))
        .sum();
    let (mut w0, mut sum0, mut best, mut at) = (0.0, 0.0, -1.0, 0u8);
    for (t, &c) in hist.iter().enumerate() {
        w0 += f64::from(c);
        sum0 += t as f64 * f64::from(c);
        let w1 = total - w0;
        if w0 == 0.0 || w1 == 0.0 {
            continue;
        }
        let between = w0 * w1 * (sum0 / w0 - (sum_all - sum0) / w1).powi(2);
        if between > best {
            best = between;
            at = t as u8;
        }
    }
    at
}

/// The document in a small RGB picture: its corners (picture pixels), whether it runs off the
/// picture, and whether the outline is a confident document outline. `None` when nothing
/// stands out from the background.
fn find_document(r: &Raster) -> Option<(Quad, bool, bool)> {
    let (w, h) = (r.width as usize, r.height as usize);
    let ch = usize::from(r.channels);
    if w < 16 || h < 16 {
        return None;
    }
    // The background: the median colour of a ring three pixels deep round the edge.
    let ring = 3;
    let mut samples: Vec<Vec<u8>> = vec![Vec::new(); ch];
    for y in 0..h {
        for x in 0..w {
            if x < ring || y < ring || x + ring >= w || y + ring >= h {
                let px = &r.pixels[(y * w + x) * ch..(y * w + x + 1) * ch];
                for (s, &v) in samples.iter_mut().zip(px) {
                    s.push(v);
                }
            }
        }
    }
    let background: Vec<i32> = samples
        .iter_mut()
        .map(|s| {
            s.sort_unstable();
            i32::from(s[s.len() / 2])
        })
        .collect();
    // How far each pixel is from it, split by Otsu's threshold (never below a plain difference).
    let distance: Vec<u8> = r
        .pixels
        .chunks_exact(ch)
        .map(|p| {
            p.iter()
                .zip(&background)
                .map(|(&v, &b)| (i32::from(v) - b).abs())
                .max()
                .unwrap_or(0)
                .min(255) as u8
        })
        .collect();
    let mut hist = [0u32; 256];
    for &d in &distance {
        hist[usize::from(d)] += 1;
    }
    let threshold = otsu(&hist).max(24);
    let mut mask: Vec<bool> = distance.iter().map(|&d| d > threshold).collect();
    mask = erode(&dilate(&mask, w, h), w, h);
    let blob = largest_component(&mut mask, w, h)?;
    if blob.count < w * h / 50 {
        return None;
    }
    let mut member = vec![false; w * h];
    for &i in &blob.pixels {
        member[i] = true;
    }
    // Its outline: where a member meets a non-member, half a pixel out from the member.
    let mut edge: Vec<Point> = Vec::new();
    let mut on_border = 0usize;
    for &i in &blob.pixels {
        let (x, y) = (i % w, i / w);
        let c = Point::new(x as f64 + 0.5, y as f64 + 0.5);
        if x == 0 || y == 0 || x + 1 == w || y + 1 == h {
            on_border += 1;
        }
        let steps: [(i64, i64); 4] = [(-1, 0), (1, 0), (0, -1), (0, 1)];
        for (dx, dy) in steps {
            let (nx, ny) = (x as i64 + dx, y as i64 + dy);
            let outside = nx < 0 || ny < 0 || nx >= w as i64 || ny >= h as i64;
            if outside || !member[ny as usize * w + nx as usize] {
                edge.push(Point::new(c.x + dx as f64 * 0.5, c.y + dy as f64 * 0.5));
            }
        }
    }
    let hull = convex_hull(edge.clone());
    if hull.len() < 4 {
        return None;
    }
    let hull_area = area(&hull);
    let rough = largest_quad(&simplified(hull.clone(), 48))?;
    let corners = reading_order(refined(rough, &edge).unwrap_or(rough));
    let margin = 1.0;
    let (fw, fh) = (w as f64, h as f64);
    let touches = on_border * 50 > 2 * (w + h)
        || corners
            .iter()
            .any(|c| c.x < margin || c.y < margin || c.x > fw - margin || c.y > fh - margin);
    let quad_area = area(&corners);
    let long = (corners[0].distance(corners[1]) + corners[3].distance(corners[2])) / 2.0;
    let short = (corners[1].distance(corners[2]) + corners[0].distance(corners[3])) / 2.0;
    let aspect = long / short.max(1.0);
    // The most any corner is off a right angle, as the cosine of its angle.
    let skew = (0..4)
        .map(|i| {
            let (a, b, c) = (corners[(i + 3) % 4], corners[i], corners[(i + 1) % 4]);
            let (u, v) = ((a.x - b.x, a.y - b.y), (c.x - b.x, c.y - b.y));
            ((u.0 * v.0 + u.1 * v.1) / (u.0.hypot(u.1) * v.0.hypot(v.1)).max(1e-9)).abs()
        })
        .fold(0.0, f64::max);
    let shaped = quad_area / hull_area > 0.93 && blob.count as f64 / hull_area > 0.6;
    // Edge to edge with a document's own proportions and square corners: framed tightly (a
    // scan, or cropped on the phone), not cut off.
    let tight = touches && shaped && (1.3..=1.75).contains(&aspect) && skew < 0.14;
    let cut = touches && !tight;
    let confident = !cut && !tight && shaped && (1.15..=2.2).contains(&aspect) && skew < 0.6;
    Some((corners, cut, confident))
}

fn dilate(mask: &[bool], w: usize, h: usize) -> Vec<bool> {
    morph(mask, w, h, true)
}

fn erode(mask: &[bool], w: usize, h: usize) -> Vec<bool> {
    morph(mask, w, h, false)
}

/// 3×3 dilation (any neighbour set) or erosion (every neighbour set; outside counts as set).
fn morph(mask: &[bool], w: usize, h: usize, grow: bool) -> Vec<bool> {
    let mut out = vec![false; w * h];
    for y in 0..h {
        for x in 0..w {
            let mut any = false;
            let mut all = true;
            for ny in y.saturating_sub(1)..(y + 2).min(h) {
                for nx in x.saturating_sub(1)..(x + 2).min(w) {
                    let v = mask[ny * w + nx];
                    any |= v;
                    all &= v;
                }
            }
            out[y * w + x] = if grow { any } else { all };
        }
    }
    out
}

/// A convex polygon cut down to at most `keep` corners, dropping each time the corner whose
/// triangle with its neighbours is smallest.
fn simplified(mut poly: Vec<Point>, keep: usize) -> Vec<Point> {
    while poly.len() > keep {
        let n = poly.len();
        let (drop, _) = (0..n)
            .map(|i| {
                (
                    i,
                    area(&[poly[(i + n - 1) % n], poly[i], poly[(i + 1) % n]]),
                )
            })
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .unwrap_or((0, 0.0));
        poly.remove(drop);
    }
    poly
}

/// The four corners of a convex polygon that enclose the most area.
fn largest_quad(poly: &[Point]) -> Option<Quad> {
    let n = poly.len();
    if n < 4 {
        return None;
    }
    let tri = |a: Point, b: Point, c: Point| {
        ((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)).abs()
    };
    let mut best = (0.0, None);
    for i in 0..n {
        for j in i + 2..n {
            let left = (i + 1..j)
                .map(|k| (tri(poly[i], poly[k], poly[j]), k))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            let right = (j + 1..n + i)
                .filter(|&k| k % n != i)
                .map(|k| (tri(poly[i], poly[k % n], poly[j]), k % n))
                .max_by(|a, b| a.0.total_cmp(&b.0));
            if let (Some((a, k)), Some((b, l))) = (left, right) {
                if a + b > best.0 {
                    best = (a + b, Some([poly[i], poly[k], poly[j], poly[l]]));
                }
            }
        }
    }
    best.1
}

/// The corners moved to where the outline's sides, fitted as straight lines to the outline
/// points near each side, meet; `None` when a side has too few points to fit.
fn refined(q: Quad, outline: &[Point]) -> Option<Quad> {
    let mut lines = Vec::with_capacity(4);
    for i in 0..4 {
        let (a, b) = (q[i], q[(i + 1) % 4]);
        let len = a.distance(b).max(1e-9);
        let (dx, dy) = ((b.x - a.x) / len, (b.y - a.y) / len);
        let near: Vec<Point> = outline
            .iter()
            .copied()
            .filter(|p| {
                let t = (p.x - a.x) * dx + (p.y - a.y) * dy;
                let d = ((p.x - a.x) * dy - (p.y - a.y) * dx).abs();
                d < 2.5 && t > 0.1 * len && t < 0.9 * len
            })
            .collect();
        if near.len() < 8 {
            return None;
        }
        lines.push(fit_line(&near));
    }
    let mut out = q;
    for (i, corner) in out.iter_mut().enumerate() {
        *corner = meet(lines[(i + 3) % 4], lines[i])?;
        if corner.distance(q[i]) > 6.0 {
            return None;
        }
    }
    Some(out)
}

/// A line as a point on it and its direction (total least squares).
fn fit_line(points: &[Point]) -> (Point, (f64, f64)) {
    let n = points.len() as f64;
    let cx = points.iter().map(|p| p.x).sum::<f64>() / n;
    let cy = points.iter().map(|p| p.y).sum::<f64>() / n;
    let (mut sxx, mut sxy, mut syy) = (0.0, 0.0, 0.0);
    for p in points {
        let (x, y) = (p.x - cx, p.y - cy);
        sxx += x * x;
        sxy += x * y;
        syy += y * y;
    }
    let angle = 0.5 * (2.0 * sxy).atan2(sxx - syy);
    (Point::new(cx, cy), (angle.cos(), angle.sin()))
}

fn meet(a: (Point, (f64, f64)), b: (Point, (f64, f64))) -> Option<Point> {
    let ((p, d), (q, e)) = (a, b);
    let det = d.0 * e.1 - d.1 * e.0;
    if det.abs() < 1e-6 {
        return None;
    }
    let t = ((q.x - p.x) * e.1 - (q.y - p.y) * e.0) / det;
    Some(Point::new(p.x + t * d.0, p.y + t * d.1))
}

/// The size of the document straightened from `corners`: its long side as long as in the
/// preview, across; the proportions from its sides, within a card's and a KK's.
pub(crate) fn straight_size(corners: &Quad) -> (u32, u32) {
    let long = (corners[0].distance(corners[1]) + corners[3].distance(corners[2])) / 2.0;
    let short = (corners[1].distance(corners[2]) + corners[0].distance(corners[3])) / 2.0;
    let aspect = (long / short.max(1.0)).clamp(1.3, 1.75);
    let width = long.round().max(1.0);
    let height = (width / aspect).round().max(1.0);
    (width as u32, height as u32)
}

/// The document cut out along `corners` and turned upright, long side across, at the size its
/// long side has in the preview; proportions from its sides, within a card's and a KK's.
pub(crate) fn straightened(preview: &Raster, corners: &Quad) -> Option<Raster> {
    let (width, height) = straight_size(corners);
    let (width, height) = (f64::from(width), f64::from(height));
    let map = Homography::between(&geometry::rectangle(width, height), corners)?;
    let pixels = geometry::warp(
        &preview.pixels,
        preview.width,
        preview.height,
        usize::from(preview.channels),
        &map,
        width as u32,
        height as u32,
    );
    Some(Raster {
        pixels,
        width: width as u32,
        height: height as u32,
        channels: preview.channels,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_problem_has_a_code_that_parses_back() {
        for p in Problem::ALL {
            assert_eq!(Problem::parse(p.as_str()), Some(p));
            assert!(!p.message().is_empty());
        }
    }

    #[test]
    fn stored_problems_read_back_in_their_order() {
        let found = Problems(vec![Problem::Blurry, Problem::Glare]);
        assert_eq!(found.stored(), "blurry,glare");
        assert_eq!(Problems::parse("blurry,glare"), Ok(found));
        assert_eq!(Problems::parse(""), Ok(Problems::default()));
        assert_eq!(Problems::default().stored(), "");
    }

    #[test]
    fn an_unknown_stored_problem_is_an_error() {
        assert_eq!(
            Problems::parse("blurry,smudged"),
            Err(UnknownProblem("smudged".into()))
        );
    }

    #[test]
    fn otsu_splits_two_levels_between_them() {
        let mut hist = [0u32; 256];
        hist[40] = 500;
        hist[200] = 500;
        let t = otsu(&hist);
        assert!((40..200).contains(&t), "{t}");
    }

    use crate::photo::quality_set::{case, Defect};
    use crate::photo::{process, DocumentKind};

    /// What the intake reports for one photo of the calibration set.
    fn reported(kind: DocumentKind, defect: Defect, seed: u64) -> (Vec<Problem>, Quality, Quad) {
        let c = case(kind, defect, seed);
        let done = process(&c.jpeg).unwrap();
        (done.problems(kind), done.quality, c.corners)
    }

    #[test]
    fn a_clean_card_passes_and_its_corners_are_found_within_a_few_pixels() {
        let (problems, q, truth) = reported(DocumentKind::Ktp, Defect::Clean, 1);
        assert_eq!(problems, vec![]);
        let doc = q.document.expect("found");
        assert!(doc.confident);
        let scale = 1600.0 / f64::from(crate::photo::quality_set::WIDTH);
        for (found, drawn) in doc.corners.iter().zip(truth) {
            let drawn = Point::new(drawn.x * scale, drawn.y * scale);
            assert!(found.distance(drawn) < 6.0, "{found:?} vs {drawn:?}");
        }
    }

    #[test]
    fn a_shaken_photo_is_blurry() {
        let (problems, _, _) = reported(DocumentKind::Ktp, Defect::Motion(14.0), 2);
        assert_eq!(problems, vec![Problem::Blurry]);
    }

    #[test]
    fn a_dark_photo_is_too_dark_and_nothing_else() {
        let (problems, _, _) = reported(DocumentKind::Kk, Defect::Exposure(0.2), 3);
        assert_eq!(problems, vec![Problem::TooDark]);
    }

    #[test]
    fn a_highlight_over_the_card_is_glare_and_marked_where_it_is() {
        let (problems, q, _) = reported(DocumentKind::Ktp, Defect::Glare, 4);
        assert_eq!(problems, vec![Problem::Glare]);
        let at = q.region(Problem::Glare, 1600, 1200).expect("where");
        assert!(at.width > 0.0 && at.width < 0.3, "{at:?}");
    }

    #[test]
    fn a_sheet_running_off_the_photo_is_cut_off_and_not_straightened() {
        let c = case(DocumentKind::Kk, Defect::Cut, 5);
        let done = process(&c.jpeg).unwrap();
        assert_eq!(done.problems(DocumentKind::Kk), vec![Problem::CutOff]);
        let shown = crate::photo::assess_stored(&done.preview.jpeg, done.width.max(done.height));
        assert!(shown.unwrap().straight.is_none());
    }

    #[test]
    fn a_tight_scan_is_not_cut_off() {
        let (problems, _, _) = reported(DocumentKind::Kk, Defect::Scan, 6);
        assert_eq!(problems, vec![]);
    }

    #[test]
    fn a_card_far_from_the_camera_is_too_small_to_read() {
        let (problems, q, _) = reported(DocumentKind::Ktp, Defect::Small, 7);
        assert_eq!(problems, vec![Problem::TooSmall]);
        assert!(q.document.unwrap().across < ACROSS_MIN_KTP);
    }

    #[test]
    fn the_straightened_card_is_upright_landscape_at_the_card_s_proportions() {
        let c = case(DocumentKind::Ktp, Defect::Tilted, 8);
        let done = process(&c.jpeg).unwrap();
        let shown = crate::photo::assess_stored(&done.preview.jpeg, done.width.max(done.height));
        let s = shown.unwrap().straight.expect("straightened");
        let aspect = f64::from(s.width) / f64::from(s.height);
        assert!((1.45..1.72).contains(&aspect), "{}x{}", s.width, s.height);
    }

    #[test]
    fn a_saved_preview_measured_again_finds_the_same_document() {
        let c = case(DocumentKind::Kk, Defect::Clean, 9);
        let done = process(&c.jpeg).unwrap();
        let again = crate::photo::assess_stored(&done.preview.jpeg, 2000).unwrap();
        assert_eq!(again.quality.problems(DocumentKind::Kk), vec![]);
        assert!(again.straight.is_some());
        let (first, second) = (
            done.quality.document.unwrap(),
            again.quality.document.unwrap(),
        );
        for (a, b) in first.corners.iter().zip(second.corners) {
            assert!(a.distance(b) < 3.0, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn a_saved_photo_straightens_along_its_kept_corners_as_when_measured() {
        let c = case(DocumentKind::Ktp, Defect::Clean, 4);
        let done = process(&c.jpeg).unwrap();
        let crate::photo::Outline::Found(corners) =
            crate::photo::Outline::parse(Some(&done.stored_outline())).unwrap()
        else {
            panic!("a clean card is found and kept");
        };
        let (w, h) = (done.preview.width, done.preview.height);
        // The desk knows the straightened size from the row alone, before any decode.
        assert_eq!(crate::photo::preview_size(done.width, done.height), (w, h));
        let kept = crate::photo::straighten_stored(&done.preview.jpeg, corners).unwrap();
        assert_eq!((kept.width, kept.height), corners.straight_size(w, h));
        let again = crate::photo::assess_stored(&done.preview.jpeg, 2000)
            .unwrap()
            .straight
            .unwrap();
        assert!(
            kept.width.abs_diff(again.width) <= 4 && kept.height.abs_diff(again.height) <= 4,
            "{}x{} against {}x{} measured again",
            kept.width,
            kept.height,
            again.width,
            again.height
        );
    }

    #[test]
    fn the_largest_quad_of_a_rectangle_is_the_rectangle() {
        let mut poly = geometry::rectangle(100.0, 60.0).to_vec();
        poly.insert(1, Point::new(50.0, 0.0));
        poly.insert(3, Point::new(100.0, 30.0));
        let q = largest_quad(&poly).unwrap();
        assert!((area(&q) - 6000.0).abs() < 1e-9);
    }
}
