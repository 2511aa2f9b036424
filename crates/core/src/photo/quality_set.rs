//! The labelled set the photo-quality thresholds are chosen on, drawn on the spot (no image is
//! committed): a KTP-el-like card or a KK-like sheet with rows of fine print, a 16-digit number
//! and (card) a portrait, laid on a table at a known position, turn and tilt, photographed at
//! 2000×1500 with sensor noise and saved as a JPEG; then one controlled defect: Gaussian or
//! motion blur at several strengths, under- or over-exposure, a specular highlight over the
//! print, the document partly out of frame, or small in the frame. Mild versions of each
//! (slight blur, slight exposure change, strong tilt, a tight scan) are labelled clean, so a
//! check that cries wolf shows. The same seed always draws the same photo.

use super::geometry::{reading_order, rectangle, Homography, Point, Quad};
use super::quality::Problem;
use super::raster::Raster;
use super::DocumentKind;

/// The photo's size.
pub const WIDTH: u32 = 2000;
pub const HEIGHT: u32 = 1500;

/// What was done to a photo.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Defect {
    /// Nothing: the document well in frame, turned and tilted a little.
    Clean,
    /// Strongly tilted (perspective), still wholly in frame.
    Tilted,
    /// The document fills the picture edge to edge, as a flatbed scan.
    Scan,
    /// Gaussian blur with this σ in pixels.
    Blur(f64),
    /// Motion blur over this many pixels.
    Motion(f64),
    /// Exposure multiplied by this gain.
    Exposure(f64),
    /// A specular highlight over the print.
    Glare,
    /// Partly out of frame.
    Cut,
    /// Small in the frame.
    Small,
}

impl Defect {
    /// The problem a good check reports for it (`None`: none should be reported).
    pub fn expected(self) -> Option<Problem> {
        match self {
            Defect::Clean | Defect::Tilted | Defect::Scan => None,
            Defect::Blur(s) if s >= 2.0 => Some(Problem::Blurry),
            Defect::Motion(l) if l >= 9.0 => Some(Problem::Blurry),
            Defect::Blur(_) | Defect::Motion(_) => None,
            Defect::Exposure(g) if g <= 0.3 => Some(Problem::TooDark),
            Defect::Exposure(g) if g >= 2.0 => Some(Problem::TooBright),
            Defect::Exposure(_) => None,
            Defect::Glare => Some(Problem::Glare),
            Defect::Cut => Some(Problem::CutOff),
            Defect::Small => Some(Problem::TooSmall),
        }
    }

    pub fn label(self) -> String {
        match self {
            Defect::Clean => "bersih".into(),
            Defect::Tilted => "miring".into(),
            Defect::Scan => "pindaian".into(),
            Defect::Blur(s) => format!("blur σ{s}"),
            Defect::Motion(l) => format!("gerak {l}px"),
            Defect::Exposure(g) => format!("eksposur ×{g}"),
            Defect::Glare => "pantulan".into(),
            Defect::Cut => "terpotong".into(),
            Defect::Small => "kecil".into(),
        }
    }
}

/// Every defect of the set, each to be drawn with several seeds.
pub const DEFECTS: [Defect; 20] = [
    Defect::Clean,
    Defect::Tilted,
    Defect::Scan,
    Defect::Blur(1.0),
    Defect::Blur(2.0),
    Defect::Blur(3.0),
    Defect::Blur(5.0),
    Defect::Motion(4.0),
    Defect::Motion(9.0),
    Defect::Motion(14.0),
    Defect::Motion(20.0),
    Defect::Exposure(0.2),
    Defect::Exposure(0.3),
    Defect::Exposure(0.5),
    Defect::Exposure(1.2),
    Defect::Exposure(2.0),
    Defect::Exposure(2.6),
    Defect::Glare,
    Defect::Cut,
    Defect::Small,
];

/// One drawn photo.
#[derive(Debug)]
pub struct Case {
    pub kind: DocumentKind,
    pub defect: Defect,
    /// The JPEG as a phone would save it.
    pub jpeg: Vec<u8>,
    /// Where the document's corners are, in reading order, in photo pixels.
    pub corners: Quad,
}

/// A tiny xorshift generator: the same seed, the same photo.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    /// Uniform in [lo, hi).
    fn range(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// The document's own size in its pixels.
fn doc_size(kind: DocumentKind) -> (u32, u32) {
    match kind {
        DocumentKind::Ktp => (856, 540),
        DocumentKind::Kk => (1188, 840),
    }
}

/// Draws a made-up glyph (5×7 dots, `dot` pixels each) with its top-left at (x, y).
fn glyph(px: &mut [u8], w: usize, x: usize, y: usize, dot: usize, bits: u64, ink: [u8; 3]) {
    for gy in 0..7 {
        for gx in 0..5 {
            if bits >> (gy * 5 + gx) & 1 == 1 {
                for yy in y + gy * dot..y + (gy + 1) * dot {
                    for xx in x + gx * dot..x + (gx + 1) * dot {
                        let i = (yy * w + xx) * 3;
                        if i + 3 <= px.len() {
                            px[i..i + 3].copy_from_slice(&ink);
                        }
                    }
                }
            }
        }
    }
}

/// A row of `count` glyphs from (x, y).
#[allow(clippy::too_many_arguments)]
fn print_row(
    px: &mut [u8],
    w: usize,
    x: usize,
    y: usize,
    dot: usize,
    count: usize,
    rng: &mut Rng,
    ink: [u8; 3],
) {
    for i in 0..count {
        let bits = rng.next() & rng.next() | rng.next() & 0x0842_1084_2108;
        glyph(px, w, x + i * 6 * dot, y, dot, bits, ink);
    }
}

fn fill_rect(px: &mut [u8], w: usize, x0: usize, y0: usize, x1: usize, y1: usize, c: [u8; 3]) {
    for y in y0..y1 {
        for x in x0..x1 {
            let i = (y * w + x) * 3;
            px[i..i + 3].copy_from_slice(&c);
        }
    }
}

/// The document flat, in its own pixels.
fn draw_document(kind: DocumentKind, rng: &mut Rng) -> Raster {
    let (w, h) = doc_size(kind);
    let (wu, hu) = (w as usize, h as usize);
    let mut px = vec![0u8; wu * hu * 3];
    for y in 0..hu {
        for x in 0..wu {
            let c = match kind {
                DocumentKind::Ktp => [
                    (165 + x * 25 / wu) as u8,
                    (200 + y * 20 / hu) as u8,
                    (228 + x * 15 / wu) as u8,
                ],
                DocumentKind::Kk => [238, 238, (228 + y * 8 / hu) as u8],
            };
            px[(y * wu + x) * 3..(y * wu + x) * 3 + 3].copy_from_slice(&c);
        }
    }
    let ink = [35, 35, 45];
    match kind {
        DocumentKind::Ktp => {
            print_row(&mut px, wu, 250, 24, 3, 14, rng, ink);
            print_row(&mut px, wu, 40, 80, 4, 16, rng, ink);
            for row in 0..9 {
                print_row(
                    &mut px,
                    wu,
                    40,
                    140 + row * 40,
                    2,
                    12 + row % 4 * 4,
                    rng,
                    ink,
                );
            }
            fill_rect(&mut px, wu, 640, 120, 800, 330, [200, 45, 45]);
            fill_rect(&mut px, wu, 680, 160, 760, 330, [60, 50, 45]);
            fill_rect(&mut px, wu, 695, 175, 745, 240, [205, 160, 130]);
        }
        DocumentKind::Kk => {
            print_row(&mut px, wu, 380, 30, 4, 16, rng, ink);
            print_row(&mut px, wu, 420, 90, 3, 16, rng, ink);
            for row in 0..4 {
                print_row(&mut px, wu, 40, 150 + row * 26, 2, 20, rng, ink);
            }
            let (tx0, tx1, ty0, rows, row_h) = (30usize, 1158usize, 270usize, 10usize, 44usize);
            for r in 0..=rows {
                fill_rect(
                    &mut px,
                    wu,
                    tx0,
                    ty0 + r * row_h,
                    tx1,
                    ty0 + r * row_h + 2,
                    ink,
                );
            }
            let cols = [30usize, 80, 330, 560, 640, 780, 900, 1040, 1158];
            for &c in &cols {
                fill_rect(&mut px, wu, c, ty0, c + 2, ty0 + rows * row_h + 2, ink);
            }
            for r in 0..rows {
                for pair in cols.windows(2) {
                    let space = (pair[1] - pair[0]).saturating_sub(12) / 12;
                    print_row(
                        &mut px,
                        wu,
                        pair[0] + 6,
                        ty0 + r * row_h + 14,
                        2,
                        space.min(16),
                        rng,
                        ink,
                    );
                }
            }
        }
    }
    Raster {
        pixels: px,
        width: w,
        height: h,
        channels: 3,
    }
}

/// A table top: one of wood, dark desk, green cloth, or a light beige counter.
fn table(rng: &mut Rng) -> impl Fn(f64, f64) -> [f64; 3] {
    let which = rng.next() % 4;
    let phase = rng.range(0.0, 6.0);
    move |x, y| match which {
        0 => {
            let s = ((x * 0.02 + (y * 0.004).sin() * 3.0 + phase).sin() * 0.5 + 0.5) * 30.0;
            [110.0 + s, 72.0 + s * 0.6, 45.0 + s * 0.3]
        }
        1 => [58.0, 58.0, 64.0],
        2 => [48.0, 92.0 + ((x + y) * 0.01).sin() * 6.0, 62.0],
        _ => [196.0, 182.0, 158.0],
    }
}

/// Where the document's corners go for a defect, in photo pixels (not yet in reading order).
fn placement(kind: DocumentKind, defect: Defect, rng: &mut Rng) -> Quad {
    let (dw, dh) = doc_size(kind);
    let (fw, fh) = (f64::from(WIDTH), f64::from(HEIGHT));
    if defect == Defect::Scan {
        let aspect = f64::from(dw) / f64::from(dh);
        let h = fw / aspect;
        let top = (fh - h) / 2.0;
        let _ = rng.next();
        return [
            Point::new(0.0, top.max(0.0)),
            Point::new(fw, top.max(0.0)),
            Point::new(fw, (top + h).min(fh)),
            Point::new(0.0, (top + h).min(fh)),
        ];
    }
    let share = match defect {
        Defect::Small => match kind {
            DocumentKind::Ktp => rng.range(0.14, 0.22),
            DocumentKind::Kk => rng.range(0.25, 0.4),
        },
        Defect::Cut => rng.range(0.6, 0.8),
        _ => rng.range(0.6, 0.82),
    };
    let long = share * fw;
    let scale = long / f64::from(dw);
    let (hw, hh) = (long / 2.0, f64::from(dh) * scale / 2.0);
    let turn = rng.range(-0.2, 0.2);
    let tilt = if defect == Defect::Tilted { 0.16 } else { 0.04 };
    let mut corners = [(-hw, -hh), (hw, -hh), (hw, hh), (-hw, hh)].map(|(x, y)| {
        let (s, c) = turn.sin_cos();
        let jx = rng.range(-tilt, tilt) * hw * 2.0;
        let jy = rng.range(-tilt, tilt) * hh * 2.0;
        Point::new(x * c - y * s + jx, x * s + y * c + jy)
    });
    // Shrunk until it fits the frame with its margin, turned and tilted as it is.
    let margin = 30.0;
    loop {
        let xs = corners.map(|p| p.x);
        let ys = corners.map(|p| p.y);
        let span_x = xs.iter().copied().fold(f64::MIN, f64::max)
            - xs.iter().copied().fold(f64::MAX, f64::min);
        let span_y = ys.iter().copied().fold(f64::MIN, f64::max)
            - ys.iter().copied().fold(f64::MAX, f64::min);
        if span_x <= fw - 2.0 * margin - 2.0 && span_y <= fh - 2.0 * margin - 2.0 {
            break;
        }
        corners = corners.map(|p| Point::new(p.x * 0.95, p.y * 0.95));
    }
    let xs = corners.map(|p| p.x);
    let ys = corners.map(|p| p.y);
    let (minx, maxx) = (
        xs.iter().copied().fold(f64::MAX, f64::min),
        xs.iter().copied().fold(f64::MIN, f64::max),
    );
    let (miny, maxy) = (
        ys.iter().copied().fold(f64::MAX, f64::min),
        ys.iter().copied().fold(f64::MIN, f64::max),
    );
    let (cx, cy) = if defect == Defect::Cut {
        // Pushed over one edge so a fifth to a third of it is outside.
        let out = rng.range(0.2, 0.35);
        match rng.next() % 4 {
            0 => (-minx - (maxx - minx) * out, fh / 2.0),
            1 => (fw - maxx + (maxx - minx) * out, fh / 2.0),
            2 => (fw / 2.0, -miny - (maxy - miny) * out),
            _ => (fw / 2.0, fh - maxy + (maxy - miny) * out),
        }
    } else {
        (
            rng.range(margin - minx, (fw - margin - maxx).max(margin - minx + 1.0)),
            rng.range(margin - miny, (fh - margin - maxy).max(margin - miny + 1.0)),
        )
    };
    for p in &mut corners {
        p.x += cx;
        p.y += cy;
    }
    corners
}

/// Draws one photo of the set.
pub fn case(kind: DocumentKind, defect: Defect, seed: u64) -> Case {
    let mut rng = Rng::new(seed * 31 + kind as u64 * 7 + 1);
    let doc = draw_document(kind, &mut rng);
    let corners = placement(kind, defect, &mut rng);
    let (dw, dh) = (f64::from(doc.width), f64::from(doc.height));
    let to_doc = Homography::between(&corners, &rectangle(dw, dh)).expect("a placed document");
    let table = table(&mut rng);
    let (w, h) = (WIDTH as usize, HEIGHT as usize);
    let light = (rng.range(0.9, 1.05), rng.range(-0.12, 0.12));
    let mut scene = vec![0f64; w * h * 3];
    let mut px = [0u8; 3];
    for y in 0..h {
        for x in 0..w {
            let p = Point::new(x as f64 + 0.5, y as f64 + 0.5);
            let d = to_doc.apply(p);
            let c = if d.x >= 0.0 && d.y >= 0.0 && d.x < dw && d.y < dh {
                super::geometry::sample(&doc.pixels, doc.width, doc.height, 3, d, &mut px);
                px.map(f64::from)
            } else {
                table(p.x, p.y)
            };
            // A soft light from one side.
            let shade = light.0 + light.1 * (x as f64 / w as f64 - 0.5);
            for k in 0..3 {
                scene[(y * w + x) * 3 + k] = c[k] * shade;
            }
        }
    }
    match defect {
        Defect::Blur(sigma) => gaussian(&mut scene, w, h, sigma),
        Defect::Motion(len) => motion(&mut scene, w, h, len, rng.range(0.0, std::f64::consts::PI)),
        Defect::Exposure(gain) => scene.iter_mut().for_each(|v| *v *= gain),
        Defect::Glare => {
            // Over the print: a point in the document's upper-left half, a spot ~5–8 % of it.
            let at = Homography::between(&rectangle(dw, dh), &corners)
                .expect("a placed document")
                .apply(Point::new(
                    dw * rng.range(0.15, 0.6),
                    dh * rng.range(0.2, 0.7),
                ));
            let size = corners[0].distance(corners[1]) * rng.range(0.04, 0.07);
            for y in 0..h {
                for x in 0..w {
                    let r2 = (x as f64 - at.x).powi(2) + (y as f64 - at.y).powi(2);
                    let add = 420.0 * (-r2 / (2.0 * size * size)).exp();
                    if add > 0.5 {
                        for k in 0..3 {
                            scene[(y * w + x) * 3 + k] += add;
                        }
                    }
                }
            }
        }
        _ => {}
    }
    let pixels: Vec<u8> = scene
        .iter()
        .map(|&v| {
            let noise = (rng.next() % 13) as f64 - 6.0;
            (v + noise).round().clamp(0.0, 255.0) as u8
        })
        .collect();
    let jpeg = Raster {
        pixels,
        width: WIDTH,
        height: HEIGHT,
        channels: 3,
    }
    .jpeg(90)
    .expect("the set's photo encodes");
    Case {
        kind,
        defect,
        jpeg,
        corners: reading_order(corners),
    }
}

/// Gaussian blur in place, separable, σ in pixels.
fn gaussian(px: &mut [f64], w: usize, h: usize, sigma: f64) {
    let r = (sigma * 3.0).ceil() as i64;
    let kernel: Vec<f64> = (-r..=r)
        .map(|i| (-((i * i) as f64) / (2.0 * sigma * sigma)).exp())
        .collect();
    let total: f64 = kernel.iter().sum();
    let kernel: Vec<f64> = kernel.iter().map(|k| k / total).collect();
    let pass = |src: &[f64], horizontal: bool| -> Vec<f64> {
        let mut out = vec![0f64; src.len()];
        for y in 0..h as i64 {
            for x in 0..w as i64 {
                for k in 0..3 {
                    let mut acc = 0.0;
                    for (j, kv) in kernel.iter().enumerate() {
                        let o = j as i64 - r;
                        let (sx, sy) = if horizontal {
                            ((x + o).clamp(0, w as i64 - 1), y)
                        } else {
                            (x, (y + o).clamp(0, h as i64 - 1))
                        };
                        acc += kv * src[(sy as usize * w + sx as usize) * 3 + k];
                    }
                    out[(y as usize * w + x as usize) * 3 + k] = acc;
                }
            }
        }
        out
    };
    let once = pass(px, true);
    let twice = pass(&once, false);
    px.copy_from_slice(&twice);
}

/// Motion blur in place: the mean along a line `len` pixels long at `angle`.
fn motion(px: &mut [f64], w: usize, h: usize, len: f64, angle: f64) {
    let steps = len.round().max(1.0) as i64;
    let (dx, dy) = (angle.cos(), angle.sin());
    let offsets: Vec<(i64, i64)> = (0..steps)
        .map(|i| {
            let t = i as f64 - (steps - 1) as f64 / 2.0;
            ((t * dx).round() as i64, (t * dy).round() as i64)
        })
        .collect();
    let src = px.to_vec();
    for y in 0..h as i64 {
        for x in 0..w as i64 {
            for k in 0..3 {
                let acc: f64 = offsets
                    .iter()
                    .map(|&(ox, oy)| {
                        let sx = (x + ox).clamp(0, w as i64 - 1) as usize;
                        let sy = (y + oy).clamp(0, h as i64 - 1) as usize;
                        src[(sy * w + sx) * 3 + k]
                    })
                    .sum();
                px[(y as usize * w + x as usize) * 3 + k] = acc / steps as f64;
            }
        }
    }
}
