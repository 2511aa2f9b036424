//! The plane geometry a document photo needs: a point, a four-cornered shape, the projective map
//! (homography) between a document's own rectangle and where it lies in a photo, and a warp
//! that samples one through the other. Used both ways: to straighten a found document
//! ([`super::quality`]) and to draw the calibration set's documents into a scene
//! ([`super::quality_set`]), so the two agree on what a corner means.

/// A point in pixels; (0, 0) is the top-left corner of the top-left pixel.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub const fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    pub fn distance(self, other: Point) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

/// Four corners in the order top-left, top-right, bottom-right, bottom-left.
pub type Quad = [Point; 4];

/// Twice the signed area of a polygon (positive when clockwise on screen, y down).
pub fn signed_area2(points: &[Point]) -> f64 {
    let n = points.len();
    (0..n)
        .map(|i| {
            let (a, b) = (points[i], points[(i + 1) % n]);
            a.x * b.y - b.x * a.y
        })
        .sum()
}

/// The area of a polygon, whichever way round.
pub fn area(points: &[Point]) -> f64 {
    signed_area2(points).abs() / 2.0
}

/// The convex hull (Andrew's monotone chain), clockwise on screen, no repeated point.
pub fn convex_hull(mut points: Vec<Point>) -> Vec<Point> {
    points.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.y.total_cmp(&b.y)));
    points.dedup();
    if points.len() < 3 {
        return points;
    }
    let cross =
        |o: Point, a: Point, b: Point| (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
    let mut hull: Vec<Point> = Vec::with_capacity(points.len() * 2);
    for pass in 0..2 {
        let start = hull.len();
        let iter: Box<dyn Iterator<Item = &Point>> = if pass == 0 {
            Box::new(points.iter())
        } else {
            Box::new(points.iter().rev())
        };
        for &p in iter {
            while hull.len() >= start + 2
                && cross(hull[hull.len() - 2], hull[hull.len() - 1], p) <= 0.0
            {
                hull.pop();
            }
            hull.push(p);
        }
        hull.pop();
    }
    hull
}

/// Puts four corners in reading order: the long sides run across, and of the two ways that
/// allows, the one turning the document least; then top-left, top-right, bottom-right,
/// bottom-left.
pub fn reading_order(mut q: Quad) -> Quad {
    // Clockwise on screen first.
    if signed_area2(&q) < 0.0 {
        q.reverse();
    }
    let side = |q: &Quad, i: usize| q[i].distance(q[(i + 1) % 4]);
    // Start at each corner in turn: keep the start whose top side is a long side and whose
    // top side points most nearly to the right.
    (0..4)
        .filter(|&s| {
            side(&q, s) + side(&q, (s + 2) % 4) >= side(&q, (s + 1) % 4) + side(&q, (s + 3) % 4)
        })
        .map(|s| [q[s], q[(s + 1) % 4], q[(s + 2) % 4], q[(s + 3) % 4]])
        .max_by(|a, b| {
            let rightness = |c: &Quad| {
                let (dx, dy) = (c[1].x - c[0].x, c[1].y - c[0].y);
                dx / dx.hypot(dy).max(1e-9)
            };
            rightness(a).total_cmp(&rightness(b))
        })
        .unwrap_or(q)
}

/// A projective map of the plane: `(x, y) ↦ ((a·x + b·y + c) / w, (d·x + e·y + f) / w)` with
/// `w = g·x + h·y + 1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Homography([f64; 8]);

impl Homography {
    /// The map that sends each `from[i]` to `to[i]`; `None` when three of either lie on a line.
    pub fn between(from: &Quad, to: &Quad) -> Option<Homography> {
        let flat = |q: &Quad| {
            let size = area(q).max(1e-12);
            (0..4).any(|i| area(&[q[i], q[(i + 1) % 4], q[(i + 2) % 4]]) < 1e-9 * size)
        };
        if flat(from) || flat(to) {
            return None;
        }
        let mut m = [[0.0f64; 9]; 8];
        for i in 0..4 {
            let (x, y, u, v) = (from[i].x, from[i].y, to[i].x, to[i].y);
            m[2 * i] = [x, y, 1.0, 0.0, 0.0, 0.0, -u * x, -u * y, u];
            m[2 * i + 1] = [0.0, 0.0, 0.0, x, y, 1.0, -v * x, -v * y, v];
        }
        solve(m).map(Homography)
    }

    pub fn apply(&self, p: Point) -> Point {
        let h = &self.0;
        let w = h[6] * p.x + h[7] * p.y + 1.0;
        Point::new(
            (h[0] * p.x + h[1] * p.y + h[2]) / w,
            (h[3] * p.x + h[4] * p.y + h[5]) / w,
        )
    }
}

/// Gaussian elimination with partial pivoting on an 8×9 augmented matrix.
fn solve(mut m: [[f64; 9]; 8]) -> Option<[f64; 8]> {
    for col in 0..8 {
        let pivot = (col..8).max_by(|&a, &b| m[a][col].abs().total_cmp(&m[b][col].abs()))?;
        if m[pivot][col].abs() < 1e-12 {
            return None;
        }
        m.swap(col, pivot);
        for row in 0..8 {
            if row != col {
                let f = m[row][col] / m[col][col];
                if f != 0.0 {
                    let pivot_row = m[col];
                    for (v, p) in m[row].iter_mut().zip(pivot_row).skip(col) {
                        *v -= f * p;
                    }
                }
            }
        }
    }
    let mut out = [0.0; 8];
    for (i, v) in out.iter_mut().enumerate() {
        *v = m[i][8] / m[i][i];
    }
    Some(out)
}

/// The rectangle `width × height` as corners in reading order.
pub fn rectangle(width: f64, height: f64) -> Quad {
    [
        Point::new(0.0, 0.0),
        Point::new(width, 0.0),
        Point::new(width, height),
        Point::new(0.0, height),
    ]
}

/// Samples packed pixels (`channels` per pixel) at a point, bilinearly, clamped at the edges.
pub fn sample(pixels: &[u8], width: u32, height: u32, channels: usize, p: Point, out: &mut [u8]) {
    let (w, h) = (width as usize, height as usize);
    let x = (p.x - 0.5).clamp(0.0, (w - 1) as f64);
    let y = (p.y - 0.5).clamp(0.0, (h - 1) as f64);
    let (x0, y0) = (x.floor() as usize, y.floor() as usize);
    let (x1, y1) = ((x0 + 1).min(w - 1), (y0 + 1).min(h - 1));
    let (fx, fy) = (x - x0 as f64, y - y0 as f64);
    for (c, o) in out.iter_mut().enumerate().take(channels) {
        let at = |xx: usize, yy: usize| f64::from(pixels[(yy * w + xx) * channels + c]);
        let top = at(x0, y0) * (1.0 - fx) + at(x1, y0) * fx;
        let bottom = at(x0, y1) * (1.0 - fx) + at(x1, y1) * fx;
        *o = (top * (1.0 - fy) + bottom * fy).round().clamp(0.0, 255.0) as u8;
    }
}

/// A `width × height` picture whose pixel (u, v) is the source sampled (bilinearly, clamped
/// at the edges) at `map(u + ½, v + ½)`. Along a row the map's numerators and denominator
/// change by constants, so each pixel costs three additions and a division.
pub fn warp(
    pixels: &[u8],
    width: u32,
    height: u32,
    channels: usize,
    map: &Homography,
    out_width: u32,
    out_height: u32,
) -> Vec<u8> {
    match channels {
        1 => warp_n::<1>(pixels, width, height, map, out_width, out_height),
        _ => warp_n::<3>(pixels, width, height, map, out_width, out_height),
    }
}

fn warp_n<const C: usize>(
    pixels: &[u8],
    width: u32,
    height: u32,
    map: &Homography,
    out_width: u32,
    out_height: u32,
) -> Vec<u8> {
    let h = map.0.map(|v| v as f32);
    let (w, hh) = (width as usize, height as usize);
    let (max_x, max_y) = ((w - 1) as f32, (hh - 1) as f32);
    let stride = w * C;
    let mut out = vec![0u8; out_width as usize * out_height as usize * C];
    for (v, row) in out.chunks_exact_mut(out_width as usize * C).enumerate() {
        let (u0, vv) = (0.5f32, v as f32 + 0.5);
        let mut nx = h[0] * u0 + h[1] * vv + h[2];
        let mut ny = h[3] * u0 + h[4] * vv + h[5];
        let mut d = h[6] * u0 + h[7] * vv + 1.0;
        for px in row.chunks_exact_mut(C) {
            let r = 1.0 / d;
            let x = (nx * r - 0.5).clamp(0.0, max_x);
            let y = (ny * r - 0.5).clamp(0.0, max_y);
            nx += h[0];
            ny += h[3];
            d += h[6];
            let (x0, y0) = (x as usize, y as usize);
            // Weights in 1/256ths; at the last column or row the next one has weight 0.
            let fx = ((x - x0 as f32) * 256.0) as u32;
            let fy = ((y - y0 as f32) * 256.0) as u32;
            let dx = if x0 + 1 < w { C } else { 0 };
            let dy = if y0 + 1 < hh { stride } else { 0 };
            let a = y0 * stride + x0 * C;
            let p = |i: usize| -> [u8; C] { pixels[i..i + C].try_into().unwrap_or([0; C]) };
            let (tl, tr, bl, br) = (p(a), p(a + dx), p(a + dy), p(a + dy + dx));
            for k in 0..C {
                let t = u32::from(tl[k]) * (256 - fx) + u32::from(tr[k]) * fx;
                let b = u32::from(bl[k]) * (256 - fx) + u32::from(br[k]) * fx;
                px[k] = ((t * (256 - fy) + b * fy + (1 << 15)) >> 16) as u8;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_homography_sends_each_corner_where_it_was_asked() {
        let from = rectangle(856.0, 540.0);
        let to = [
            Point::new(120.0, 80.0),
            Point::new(900.0, 140.0),
            Point::new(860.0, 700.0),
            Point::new(90.0, 620.0),
        ];
        let h = Homography::between(&from, &to).unwrap();
        for (a, b) in from.iter().zip(&to) {
            assert!(h.apply(*a).distance(*b) < 1e-6);
        }
    }

    #[test]
    fn three_corners_on_a_line_have_no_homography() {
        let from = rectangle(10.0, 10.0);
        let to = [
            Point::new(0.0, 0.0),
            Point::new(5.0, 5.0),
            Point::new(10.0, 10.0),
            Point::new(0.0, 10.0),
        ];
        assert!(Homography::between(&from, &to).is_none());
    }

    #[test]
    fn the_hull_of_a_square_with_inner_points_is_its_corners() {
        let mut pts = rectangle(4.0, 4.0).to_vec();
        pts.push(Point::new(2.0, 2.0));
        pts.push(Point::new(1.0, 3.0));
        let hull = convex_hull(pts);
        assert_eq!(hull.len(), 4);
        assert!((area(&hull) - 16.0).abs() < 1e-9);
    }

    #[test]
    fn reading_order_puts_the_long_side_on_top_from_the_left() {
        // A landscape card turned a little clockwise, corners given from the bottom-right.
        let q = [
            Point::new(900.0, 650.0),
            Point::new(100.0, 600.0),
            Point::new(130.0, 100.0),
            Point::new(930.0, 150.0),
        ];
        let r = reading_order(q);
        assert_eq!(r[0], Point::new(130.0, 100.0));
        assert_eq!(r[1], Point::new(930.0, 150.0));
        assert_eq!(r[3], Point::new(100.0, 600.0));
        // Held upright in a portrait photo: the long side still goes across.
        let tall = [
            Point::new(100.0, 100.0),
            Point::new(400.0, 100.0),
            Point::new(400.0, 600.0),
            Point::new(100.0, 600.0),
        ];
        let r = reading_order(tall);
        assert!((r[0].distance(r[1]) - 500.0).abs() < 1e-9);
    }
}
