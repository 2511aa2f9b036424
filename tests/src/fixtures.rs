//! The files an operator might pick, made by the tests themselves: nothing binary is committed
//! and nothing is downloaded. Two realistic-looking phone photos — a Kartu Keluarga (A4
//! landscape form on a desk, a little turned, as held by hand) and a KTP-el (light-blue card on
//! a table, stored sideways with EXIF Orientation 6, as a phone held upright-rotated writes it)
//! — drawn with ImageMagick and the DejaVu fonts; and one file for every way a pick goes wrong:
//! a PDF, an HEIC, text named `.jpg`, an empty `.jpg`, a JPEG cut at 60 %, a JPEG and a PNG whose
//! headers claim 60000×60000, and a file one byte over the 15 MB cap.
//!
//! Drawing two 12-megapixel photos takes a while on two cores, so they are made once into
//! `target/e2e-fixtures/<hash of this file>/` and reused by every test process until this file
//! changes (a new hash: a new folder).

use std::collections::hash_map::DefaultHasher;
use std::fmt::Write as _;
use std::fs;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::harness::target_dir;

/// The size of both phone photos as they are meant to be seen (a 12 MP phone camera).
pub const PHOTO_W: u32 = 4000;
pub const PHOTO_H: u32 = 3000;

/// The applicant both documents belong to (the same numbers as the intake test).
pub const NIK: &str = "1610014107950001";
pub const KK_NUMBER: &str = "1610010203150003";
pub const NAME: &str = "SITI AMINAH";

/// Where DejaVu lives on Debian/Ubuntu (package `fonts-dejavu-core`).
const FONT_DIRS: &[&str] = &[
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/dejavu",
    "/usr/share/fonts/TTF",
];

/// A file that must be refused, and the code the core refuses it with.
#[derive(Debug, Clone)]
pub struct BadFile {
    /// What it is, for messages.
    pub what: &'static str,
    pub path: PathBuf,
    /// The `data-code` the slot must show.
    pub code: &'static str,
}

/// The generated files, all in one folder.
#[derive(Debug)]
pub struct Fixtures {
    dir: PathBuf,
}

impl Fixtures {
    /// The fixtures for this test process: made on first use (or found from an earlier run of
    /// the same generator) under `target/e2e-fixtures/`.
    pub fn shared() -> &'static Fixtures {
        static SHARED: OnceLock<Fixtures> = OnceLock::new();
        SHARED.get_or_init(|| {
            let mut hasher = DefaultHasher::new();
            include_str!("fixtures.rs").hash(&mut hasher);
            let root = target_dir().join("e2e-fixtures");
            let dir = root.join(format!("{:016x}", hasher.finish()));
            if dir.join(DONE).is_file() {
                return Fixtures { dir };
            }
            // Made aside, then renamed into place: a half-made folder is never used.
            let work = root.join(format!(".making-{}", std::process::id()));
            let _ = fs::remove_dir_all(&work);
            fs::create_dir_all(&work).expect("create the fixtures folder");
            Fixtures::generate(&work);
            fs::write(work.join(DONE), b"ok").expect("mark the fixtures complete");
            if fs::rename(&work, &dir).is_err() {
                // Another process finished first: use its copy.
                let _ = fs::remove_dir_all(&work);
                assert!(dir.join(DONE).is_file(), "fixtures missing at {dir:?}");
            }
            // Folders of earlier generators are of no use any more.
            for old in fs::read_dir(&root).into_iter().flatten().flatten() {
                let name = old.file_name();
                let name = name.to_string_lossy();
                if old.path() != dir && !name.starts_with(".making-") {
                    let _ = fs::remove_dir_all(old.path());
                }
            }
            Fixtures { dir }
        })
    }

    /// Makes every fixture in `dir` (which must exist) and returns them.
    pub fn generate(dir: &Path) -> Fixtures {
        let started = std::time::Instant::now();
        let fx = Fixtures {
            dir: dir.to_path_buf(),
        };
        let fonts = Fonts::find();
        let scratch = dir.join("scratch");
        fs::create_dir_all(&scratch).expect("scratch folder");

        draw_kk(&fonts, &scratch, &fx.kk());
        draw_ktp(&fonts, &scratch, &fx.ktp());
        make_bad_files(&fx, &scratch);
        let _ = fs::remove_dir_all(&scratch);
        eprintln!(
            "e2e: fixtures made in {:.1} s in {}",
            started.elapsed().as_secs_f64(),
            dir.display()
        );
        fx
    }

    /// The folder holding the files.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A phone photo of a Kartu Keluarga: 4000×3000 JPEG, upright, no EXIF orientation.
    pub fn kk(&self) -> PathBuf {
        self.dir.join("IMG_20260312_091544.jpg")
    }

    /// A phone photo of a KTP-el: 3000×4000 sensor pixels with EXIF Orientation 6, so it is
    /// 4000×3000 and upright once turned.
    pub fn ktp(&self) -> PathBuf {
        self.dir.join("IMG_20260312_091610.jpg")
    }

    /// The Kartu Keluarga photographed again (turned a little, a new file), made in `dir`: the
    /// photo that replaces the first one after saving.
    pub fn kk_again(&self, dir: &Path) -> PathBuf {
        let out = dir.join("IMG_20260312_093002.jpg");
        run_imagemagick(
            "the KK photographed again",
            &[
                self.kk().display().to_string(),
                "-rotate".into(),
                "1.5".into(),
                "-quality".into(),
                "90".into(),
                out.display().to_string(),
            ],
        );
        out
    }

    /// Every file that must be refused, each with its code, in an order where the same code
    /// never follows itself.
    pub fn bad(&self) -> Vec<BadFile> {
        let bad = |what, name: &str, code| BadFile {
            what,
            path: self.dir.join(name),
            code,
        };
        vec![
            bad("a PDF", "scan-kk.pdf", "photo_pdf"),
            bad("an iPhone HEIC", "IMG_4512.HEIC", "photo_heic"),
            bad("text named .jpg", "catatan.jpg", "photo_unknown_format"),
            bad("an empty .jpg", "kosong.jpg", "photo_empty"),
            bad("a JPEG cut at 60 %", "terpotong.jpg", "photo_truncated"),
            bad(
                "a JPEG whose header says 60000×60000",
                "raksasa.jpg",
                "photo_dimensions_too_large",
            ),
            bad("a file of 15,000,001 bytes", "besar.jpg", "photo_too_large"),
            bad(
                "a PNG whose header says 60000×60000",
                "raksasa.png",
                "photo_dimensions_too_large",
            ),
        ]
    }
}

/// Written last into a complete fixtures folder.
const DONE: &str = ".complete";

/// The three faces used, as font files (ImageMagick takes a path).
struct Fonts {
    regular: String,
    bold: String,
    mono_bold: String,
}

impl Fonts {
    fn find() -> Fonts {
        let find = |file: &str| -> String {
            FONT_DIRS
                .iter()
                .map(|d| Path::new(d).join(file))
                .find(|p| p.is_file())
                .unwrap_or_else(|| {
                    panic!(
                        "E2E CANNOT RUN: font {file} not found in {FONT_DIRS:?} \
                         (apt-get install fonts-dejavu-core)"
                    )
                })
                .display()
                .to_string()
        };
        Fonts {
            regular: find("DejaVuSans.ttf"),
            bold: find("DejaVuSans-Bold.ttf"),
            mono_bold: find("DejaVuSansMono-Bold.ttf"),
        }
    }
}

/// ImageMagick 6 (`convert`) or 7 (`magick`).
fn imagemagick() -> Command {
    for name in ["convert", "magick"] {
        let found = std::env::var_os("PATH")
            .map(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
            .unwrap_or(false);
        if found {
            return Command::new(name);
        }
    }
    panic!("E2E CANNOT RUN: ImageMagick is not installed (apt-get install imagemagick)");
}

fn run_imagemagick(what: &str, args: &[String]) {
    let started = std::time::Instant::now();
    let out = imagemagick()
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run ImageMagick for {what}: {e}"));
    assert!(
        out.status.success(),
        "ImageMagick failed drawing {what} ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    eprintln!(
        "e2e: ImageMagick drew {what} in {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// A list of ImageMagick drawing arguments, built up one primitive at a time.
struct Draw {
    args: Vec<String>,
}

impl Draw {
    fn new(first: &[&str]) -> Draw {
        Draw {
            args: first.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn arg(&mut self, a: impl Into<String>) -> &mut Draw {
        self.args.push(a.into());
        self
    }

    /// Text with its baseline's left end at (x, y).
    fn text(&mut self, x: i32, y: i32, size: u32, font: &str, fill: &str, s: &str) -> &mut Draw {
        self.args.extend(
            [
                "-stroke",
                "none",
                "-font",
                font,
                "-pointsize",
                &size.to_string(),
                "-fill",
                fill,
                "-annotate",
                &format!("+{x}+{y}"),
                s,
            ]
            .map(str::to_string),
        );
        self
    }

    /// Text centred horizontally on `cx`, baseline at `y` (gravity North places the top of the
    /// text, so the ascent, about 0.93 em in DejaVu, is taken off).
    #[allow(clippy::too_many_arguments)]
    fn centred(
        &mut self,
        canvas_w: i32,
        cx: i32,
        y: i32,
        size: u32,
        font: &str,
        fill: &str,
        s: &str,
    ) -> &mut Draw {
        let dx = cx - canvas_w / 2;
        let top = y - (size as i32 * 93 / 100);
        let offset = format!("{}{}{top:+}", if dx < 0 { "-" } else { "+" }, dx.abs());
        self.args.extend([
            "-gravity".into(),
            "North".into(),
            "-stroke".into(),
            "none".into(),
            "-font".into(),
            font.into(),
            "-pointsize".into(),
            size.to_string(),
            "-fill".into(),
            fill.into(),
            "-annotate".into(),
            offset,
            s.into(),
            "+gravity".into(),
        ]);
        self
    }

    /// A vector primitive (`line`, `rectangle`, `bezier` …) with the given stroke and fill.
    fn shape(&mut self, stroke: &str, width: f32, fill: &str, primitive: &str) -> &mut Draw {
        self.args.extend(
            [
                "-stroke",
                stroke,
                "-strokewidth",
                &width.to_string(),
                "-fill",
                fill,
                "-draw",
                primitive,
            ]
            .map(str::to_string),
        );
        self
    }

    fn finish(&mut self, what: &str) {
        run_imagemagick(what, &self.args);
    }
}

/// One family member on the KK: the first table's columns, then the second's.
struct Member {
    name: &'static str,
    nik: &'static str,
    sex: &'static str,
    born_at: &'static str,
    born_on: &'static str,
    religion: &'static str,
    education: &'static str,
    work: &'static str,
    married: &'static str,
    relation: &'static str,
    father: &'static str,
    mother: &'static str,
}

const FAMILY: &[Member] = &[
    Member {
        name: "AHMAD FAUZI",
        nik: "1610010505900002",
        sex: "LAKI-LAKI",
        born_at: "PALEMBANG",
        born_on: "05-05-1990",
        religion: "ISLAM",
        education: "SLTA/SEDERAJAT",
        work: "WIRASWASTA",
        married: "KAWIN",
        relation: "KEPALA KELUARGA",
        father: "ABDUL ROHIM",
        mother: "MARIAM",
    },
    Member {
        name: NAME,
        nik: NIK,
        sex: "PEREMPUAN",
        born_at: "INDRALAYA",
        born_on: "01-07-1995",
        religion: "ISLAM",
        education: "DIPLOMA III",
        work: "KARYAWAN SWASTA",
        married: "KAWIN",
        relation: "ISTRI",
        father: "SULAIMAN",
        mother: "RAHMAWATI",
    },
    Member {
        name: "MUHAMMAD RIZKI",
        nik: "1610011203180001",
        sex: "LAKI-LAKI",
        born_at: "INDRALAYA",
        born_on: "12-03-2018",
        religion: "ISLAM",
        education: "BELUM SEKOLAH",
        work: "PELAJAR",
        married: "BELUM KAWIN",
        relation: "ANAK",
        father: "AHMAD FAUZI",
        mother: "SITI AMINAH",
    },
    Member {
        name: "NUR AISYAH",
        nik: "1610015509210002",
        sex: "PEREMPUAN",
        born_at: "INDRALAYA",
        born_on: "15-09-2021",
        religion: "ISLAM",
        education: "TIDAK/BLM SEKOLAH",
        work: "BELUM/TIDAK BEKERJA",
        married: "BELUM KAWIN",
        relation: "ANAK",
        father: "AHMAD FAUZI",
        mother: "SITI AMINAH",
    },
];

/// Rows a KK form has room for; the rest stay empty.
const KK_ROWS: usize = 6;

/// Draws a table: a header row (grey) with one or two label lines per column, a row of column
/// numbers, then `rows` rows, with `cell(row, column)` filling them.
#[allow(clippy::too_many_arguments)]
fn table(
    d: &mut Draw,
    fonts: &Fonts,
    x0: i32,
    y0: i32,
    widths: &[i32],
    heads: &[&str],
    rows: usize,
    cell: impl Fn(usize, usize) -> String,
) -> i32 {
    const HEAD_H: i32 = 90;
    const NUM_H: i32 = 38;
    const ROW_H: i32 = 60;
    let total: i32 = widths.iter().sum();
    let y_num = y0 + HEAD_H;
    let y_rows = y_num + NUM_H;
    let y_end = y_rows + ROW_H * rows as i32;
    let ink = "#2b2b33";
    d.shape(
        "none",
        0.0,
        "#e4e4e0",
        &format!("rectangle {x0},{y0} {},{y_num}", x0 + total),
    );
    let mut x = x0;
    for (i, (w, head)) in widths.iter().zip(heads).enumerate() {
        let lines: Vec<&str> = head.split('|').collect();
        for (k, line) in lines.iter().enumerate() {
            let y = if lines.len() == 1 {
                y0 + 55
            } else {
                y0 + 40 + 32 * k as i32
            };
            d.centred(W_PAPER, x + w / 2, y, 24, &fonts.bold, ink, line);
        }
        d.centred(
            W_PAPER,
            x + w / 2,
            y_num + 28,
            20,
            &fonts.regular,
            "#555",
            &format!("({})", i + 1),
        );
        for r in 0..rows {
            let text = cell(r, i);
            if !text.is_empty() {
                let y = y_rows + ROW_H * r as i32 + 41;
                if i == 0 {
                    d.centred(W_PAPER, x + w / 2, y, 27, &fonts.regular, ink, &text);
                } else {
                    d.text(x + 12, y, 27, &fonts.regular, ink, &text);
                }
            }
        }
        x += w;
    }
    // Grid: outer box, column rules, row rules.
    let mut x = x0;
    for w in widths {
        d.shape(
            "#3a3a40",
            2.0,
            "none",
            &format!("line {x},{y0} {x},{y_end}"),
        );
        x += w;
    }
    d.shape(
        "#3a3a40",
        2.0,
        "none",
        &format!("line {x},{y0} {x},{y_end}"),
    );
    for y in [y0, y_num, y_rows]
        .into_iter()
        .chain((1..=rows as i32).map(|r| y_rows + ROW_H * r))
    {
        d.shape(
            "#3a3a40",
            2.0,
            "none",
            &format!("line {x0},{y} {},{y}", x0 + total),
        );
    }
    y_end
}

/// The KK sheet's size in pixels: A4 landscape at about 11.4 px/mm.
const W_PAPER: i32 = 3400;
const H_PAPER: i32 = 2404;

fn draw_kk(fonts: &Fonts, scratch: &Path, out: &Path) {
    let paper = scratch.join("kk-paper.png");
    let ink = "#24242c";
    let mut d = Draw::new(&["-size", &format!("{W_PAPER}x{H_PAPER}"), "xc:#f7f5ec"]);
    // A faint security tint behind the title, like the printed form's.
    d.shape(
        "none",
        0.0,
        "#eef0e4",
        "roundrectangle 1000,60 2400,290 40,40",
    );
    d.centred(
        W_PAPER,
        W_PAPER / 2,
        165,
        84,
        &fonts.bold,
        ink,
        "KARTU KELUARGA",
    );
    d.centred(
        W_PAPER,
        W_PAPER / 2,
        245,
        52,
        &fonts.bold,
        ink,
        &format!("No. {KK_NUMBER}"),
    );
    let left = [
        ("Nama Kepala Keluarga", "AHMAD FAUZI"),
        ("Alamat", "JL. LINTAS TIMUR NO. 12"),
        ("RT/RW", "003/002"),
        ("Desa/Kelurahan", "MUARA KUANG"),
    ];
    let right = [
        ("Kecamatan", "MUARA KUANG"),
        ("Kabupaten/Kota", "OGAN ILIR"),
        ("Kode Pos", "30865"),
        ("Provinsi", "SUMATERA SELATAN"),
    ];
    for (i, ((l, lv), (r, rv))) in left.iter().zip(right.iter()).enumerate() {
        let y = 400 + 56 * i as i32;
        d.text(110, y, 32, &fonts.regular, ink, l);
        d.text(560, y, 32, &fonts.regular, ink, &format!(": {lv}"));
        d.text(2000, y, 32, &fonts.regular, ink, r);
        d.text(2360, y, 32, &fonts.regular, ink, &format!(": {rv}"));
    }
    let end = table(
        &mut d,
        fonts,
        110,
        660,
        &[80, 520, 430, 260, 330, 290, 200, 420, 630],
        &[
            "No",
            "Nama Lengkap",
            "NIK",
            "Jenis|Kelamin",
            "Tempat Lahir",
            "Tanggal|Lahir",
            "Agama",
            "Pendidikan",
            "Jenis Pekerjaan",
        ],
        KK_ROWS,
        |r, c| {
            let Some(m) = FAMILY.get(r) else {
                return String::new();
            };
            match c {
                0 => (r + 1).to_string(),
                1 => m.name.into(),
                2 => m.nik.into(),
                3 => m.sex.into(),
                4 => m.born_at.into(),
                5 => m.born_on.into(),
                6 => m.religion.into(),
                7 => m.education.into(),
                _ => m.work.into(),
            }
        },
    );
    let end = table(
        &mut d,
        fonts,
        110,
        end + 80,
        &[80, 380, 330, 520, 340, 330, 330, 450, 450],
        &[
            "No",
            "Status|Perkawinan",
            "Tanggal|Perkawinan",
            "Status Hubungan|Dalam Keluarga",
            "Kewarga-|negaraan",
            "No. Paspor",
            "No. KITAS/|KITAP",
            "Nama Ayah",
            "Nama Ibu",
        ],
        KK_ROWS,
        |r, c| {
            let Some(m) = FAMILY.get(r) else {
                return String::new();
            };
            match c {
                0 => (r + 1).to_string(),
                1 => m.married.into(),
                2 => {
                    if m.married == "KAWIN" {
                        "14-02-2015".into()
                    } else {
                        "-".into()
                    }
                }
                3 => m.relation.into(),
                4 => "WNI".into(),
                5 | 6 => "-".into(),
                7 => m.father.into(),
                _ => m.mother.into(),
            }
        },
    );
    let y = end + 90;
    d.text(
        110,
        y,
        28,
        &fonts.regular,
        ink,
        "Dikeluarkan Tanggal : 02-03-2015",
    );
    d.centred(
        W_PAPER,
        700,
        y + 60,
        28,
        &fonts.regular,
        ink,
        "KEPALA KELUARGA",
    );
    d.shape(
        "#1d2a6b",
        4.0,
        "none",
        &format!(
            "bezier 560,{a} 620,{b} 660,{c} 720,{a} 780,{b} 800,{c} 860,{d}",
            a = y + 210,
            b = y + 130,
            c = y + 240,
            d = y + 170
        ),
    );
    d.centred(W_PAPER, 700, y + 260, 28, &fonts.bold, ink, "AHMAD FAUZI");
    d.centred(
        W_PAPER,
        2650,
        y + 20,
        26,
        &fonts.regular,
        ink,
        "KEPALA DINAS KEPENDUDUKAN DAN",
    );
    d.centred(
        W_PAPER,
        2650,
        y + 56,
        26,
        &fonts.regular,
        ink,
        "PENCATATAN SIPIL KAB. OGAN ILIR",
    );
    // The office stamp (a blue ring) over the signature.
    d.shape(
        "#3a55b0",
        6.0,
        "none",
        &format!("circle 2380,{} 2380,{}", y + 150, y + 70),
    );
    d.shape(
        "#1d2a6b",
        4.0,
        "none",
        &format!(
            "bezier 2520,{a} 2580,{b} 2640,{c} 2700,{a} 2760,{b} 2780,{c} 2820,{d}",
            a = y + 200,
            b = y + 120,
            c = y + 230,
            d = y + 150
        ),
    );
    d.centred(
        W_PAPER,
        2650,
        y + 260,
        28,
        &fonts.bold,
        ink,
        "Drs. H. CONTOH PEJABAT, M.Si",
    );
    d.centred(
        W_PAPER,
        2650,
        y + 300,
        24,
        &fonts.regular,
        ink,
        "NIP. 19700101 199503 1 001",
    );
    // A fold across the middle, as a KK kept in a folder has.
    d.shape(
        "#e2dfd2",
        3.0,
        "none",
        &format!("line {},0 {},{H_PAPER}", W_PAPER / 2, W_PAPER / 2 + 6),
    );
    d.arg(paper.display().to_string());
    d.finish("the KK sheet");

    // The photo: a wooden desk, the sheet a little turned and skewed with its shadow, light
    // falling off towards the corners, sensor noise, JPEG as a phone saves it.
    let (w, h) = (PHOTO_W as i32, PHOTO_H as i32);
    let args: Vec<String> = [
        "-size",
        &format!("{h}x{w}"),
        "gradient:#a27d56-#6e4f33",
        "-rotate",
        "90",
        // Wood grain: noise in a narrow strip stretched sideways into streaks (a motion blur
        // looks the same and takes a minute and a half on two cores).
        "(",
        "-size",
        &format!("40x{h}"),
        "xc:gray50",
        "-seed",
        "11",
        "-attenuate",
        "1.6",
        "+noise",
        "Gaussian",
        "-resize",
        &format!("{w}x{h}!"),
        "-blur",
        "0x1.5",
        ")",
        "-compose",
        "overlay",
        "-composite",
        "-compose",
        "over",
        "-seed",
        "12",
        "-attenuate",
        "0.4",
        "+noise",
        "Gaussian",
        "(",
        &paper.display().to_string(),
        "-background",
        "none",
        "-virtual-pixel",
        "transparent",
        "-distort",
        "Perspective",
        &format!(
            "0,0 30,40  {W_PAPER},0 {},0  0,{H_PAPER} 0,{H_PAPER}  {W_PAPER},{H_PAPER} {},{}",
            W_PAPER - 20,
            W_PAPER - 45,
            H_PAPER - 12
        ),
        "-rotate",
        "-2.6",
        // The shadow is blurred at an eighth of the size: the same look in a quarter the time.
        "(",
        "+clone",
        "-resize",
        "12.5%",
        "-background",
        "black",
        "-shadow",
        "55x3.5+4+5.5",
        "-resize",
        "800%",
        ")",
        "+swap",
        "-background",
        "none",
        "-layers",
        "merge",
        "+repage",
        ")",
        "-gravity",
        "center",
        "-geometry",
        "+40+25",
        "-compose",
        "over",
        "-composite",
        "(",
        "-size",
        &format!("{w}x{h}"),
        "radial-gradient:#ffffff-#9a9a9a",
        ")",
        "-compose",
        "multiply",
        "-composite",
        "-compose",
        "over",
        "-attenuate",
        "0.25",
        "+noise",
        "Gaussian",
        "-strip",
        "-sampling-factor",
        "2x2",
        "-quality",
        "88",
        &out.display().to_string(),
    ]
    .map(str::to_string)
    .to_vec();
    run_imagemagick("the KK photo", &args);
}

fn draw_ktp(fonts: &Fonts, scratch: &Path, out: &Path) {
    // ID-1 card proportions (85.6 × 54 mm) at 28 px/mm.
    const CW: i32 = 2400;
    const CH: i32 = 1514;
    let card = scratch.join("ktp-card.png");
    let ink = "#1b1f2a";
    let mut d = Draw::new(&["-size", &format!("{CW}x{CH}"), "xc:none"]);
    d.shape(
        "#8fc3e0",
        3.0,
        "#cfe9f7",
        &format!("roundrectangle 2,2 {},{} 90,90", CW - 3, CH - 3),
    );
    // The guilloche: pale rings and waves across the card.
    for i in 0..14 {
        let r = 180 + i * 70;
        d.shape(
            "#b8def3",
            3.0,
            "none",
            &format!("ellipse 1250,800 {r},{} 200,340", r * 2 / 3),
        );
    }
    for i in 0..6 {
        let y = 300 + i * 190;
        d.shape(
            "#bfe2f5",
            4.0,
            "none",
            &format!(
                "bezier 60,{y} 500,{} 900,{} 1300,{y} 1700,{} 2100,{} 2340,{y}",
                y - 120,
                y + 120,
                y - 120,
                y + 120
            ),
        );
    }
    d.centred(
        CW,
        CW / 2,
        120,
        82,
        &fonts.bold,
        ink,
        "PROVINSI SUMATERA SELATAN",
    );
    d.centred(CW, CW / 2, 222, 82, &fonts.bold, ink, "KABUPATEN OGAN ILIR");
    d.text(90, 372, 78, &fonts.bold, ink, "NIK");
    d.text(560, 372, 86, &fonts.mono_bold, ink, &format!(": {NIK}"));
    let fields = [
        ("Nama", NAME.to_string()),
        ("Tempat/Tgl Lahir", "INDRALAYA, 01-07-1995".into()),
        ("Jenis Kelamin", "PEREMPUAN     Gol. Darah : O".into()),
        ("Alamat", "JL. LINTAS TIMUR NO. 12".into()),
        ("  RT/RW", "003/002".into()),
        ("  Kel/Desa", "MUARA KUANG".into()),
        ("  Kecamatan", "MUARA KUANG".into()),
        ("Agama", "ISLAM".into()),
        ("Status Perkawinan", "KAWIN".into()),
        ("Pekerjaan", "KARYAWAN SWASTA".into()),
        ("Kewarganegaraan", "WNI".into()),
        ("Berlaku Hingga", "SEUMUR HIDUP".into()),
    ];
    for (i, (label, value)) in fields.iter().enumerate() {
        let y = 470 + 76 * i as i32;
        // The address's parts are indented under "Alamat", as on the card.
        let (x, label) = match label.strip_prefix("  ") {
            Some(part) => (150, part),
            None => (90, *label),
        };
        d.text(x, y, 44, &fonts.regular, ink, label);
        d.text(560, y, 44, &fonts.regular, ink, &format!(": {value}"));
    }
    // The photo: a grey placeholder with a head and shoulders.
    d.shape("#6f7277", 3.0, "#a3a6ab", "rectangle 1830,300 2290,900");
    d.shape("none", 0.0, "#7d8086", "ellipse 2060,900 200,190 180,360");
    d.shape("none", 0.0, "#7d8086", "ellipse 2060,560 105,135 0,360");
    d.centred(CW, 2060, 975, 40, &fonts.regular, ink, "OGAN ILIR");
    d.centred(CW, 2060, 1027, 40, &fonts.regular, ink, "02-03-2015");
    d.shape(
        "#1b2a66",
        5.0,
        "none",
        "bezier 1900,1200 1960,1100 2010,1240 2060,1140 2110,1080 2150,1230 2230,1130",
    );
    d.arg(card.display().to_string());
    d.finish("the KTP card");

    // The photo as seen: a dark cloth, the card turned by hand, a soft shadow. Then stored the
    // way a phone held sideways stores it: pixels turned a quarter anticlockwise, EXIF says 6.
    let (w, h) = (PHOTO_W as i32, PHOTO_H as i32);
    let shot = scratch.join("ktp-stored.jpg");
    let args: Vec<String> = [
        "-size",
        &format!("{w}x{h}"),
        "gradient:#4a5560-#262d33",
        "-seed",
        "23",
        "-attenuate",
        "0.5",
        "+noise",
        "Gaussian",
        "(",
        &card.display().to_string(),
        "-background",
        "none",
        "-rotate",
        "4.2",
        "(",
        "+clone",
        "-resize",
        "12.5%",
        "-background",
        "black",
        "-shadow",
        "70x3.75+4+5",
        "-resize",
        "800%",
        ")",
        "+swap",
        "-background",
        "none",
        "-layers",
        "merge",
        "+repage",
        "-resize",
        "125%",
        ")",
        "-gravity",
        "center",
        "-geometry",
        "-60+40",
        "-compose",
        "over",
        "-composite",
        "(",
        "-size",
        &format!("{w}x{h}"),
        "radial-gradient:#ffffff-#a0a0a0",
        ")",
        "-compose",
        "multiply",
        "-composite",
        "-compose",
        "over",
        "-attenuate",
        "0.25",
        "+noise",
        "Gaussian",
        "-rotate",
        "-90",
        "-strip",
        "-sampling-factor",
        "2x2",
        "-quality",
        "88",
        &shot.display().to_string(),
    ]
    .map(str::to_string)
    .to_vec();
    run_imagemagick("the KTP photo", &args);
    let stored = fs::read(&shot).expect("read the KTP photo");
    fs::write(out, with_exif_orientation(&stored, 6)).expect("write the KTP photo");
}

/// The JPEG with an `Exif` APP1 segment holding only IFD0 → Orientation, placed right after
/// SOI the way phones place it. Big-endian TIFF, one SHORT entry.
pub fn with_exif_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    assert!(jpeg.starts_with(&[0xFF, 0xD8]), "not a JPEG");
    let mut tiff = Vec::new();
    tiff.extend_from_slice(b"MM\0\x2A");
    tiff.extend_from_slice(&8u32.to_be_bytes()); // IFD0 right after the header
    tiff.extend_from_slice(&1u16.to_be_bytes()); // one entry
    tiff.extend_from_slice(&0x0112u16.to_be_bytes()); // Orientation
    tiff.extend_from_slice(&3u16.to_be_bytes()); // SHORT
    tiff.extend_from_slice(&1u32.to_be_bytes()); // count 1
    tiff.extend_from_slice(&orientation.to_be_bytes());
    tiff.extend_from_slice(&[0, 0]); // value padded to 4 bytes
    tiff.extend_from_slice(&0u32.to_be_bytes()); // no IFD1
    let len = u16::try_from(2 + 6 + tiff.len()).expect("small segment");
    let mut out = Vec::with_capacity(jpeg.len() + 64);
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// Rewrites the frame size in a JPEG's SOF header (the pixels stay those of the small image).
fn with_jpeg_frame_size(jpeg: &[u8], width: u16, height: u16) -> Vec<u8> {
    let mut out = jpeg.to_vec();
    let mut pos = 2;
    loop {
        assert!(pos + 4 <= out.len(), "no SOF marker found");
        assert_eq!(out[pos], 0xFF, "JPEG segment walk lost at {pos}");
        let marker = out[pos + 1];
        let len = usize::from(u16::from_be_bytes([out[pos + 2], out[pos + 3]]));
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            out[pos + 5..pos + 7].copy_from_slice(&height.to_be_bytes());
            out[pos + 7..pos + 9].copy_from_slice(&width.to_be_bytes());
            return out;
        }
        pos += 2 + len;
    }
}

/// Rewrites a PNG's IHDR width and height, with a correct CRC, so the header is well formed.
fn with_png_size(png: &[u8], width: u32, height: u32) -> Vec<u8> {
    assert_eq!(&png[12..16], b"IHDR", "IHDR comes first");
    let mut out = png.to_vec();
    out[16..20].copy_from_slice(&width.to_be_bytes());
    out[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&out[12..29]); // type + 13 data bytes
    out[29..33].copy_from_slice(&crc.to_be_bytes());
    out
}

/// CRC-32 (IEEE), as PNG chunks use.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

fn make_bad_files(fx: &Fixtures, scratch: &Path) {
    let path = |what: &str| {
        fx.bad()
            .into_iter()
            .find(|b| b.code == what || b.what == what)
            .unwrap_or_else(|| panic!("no bad file {what}"))
            .path
    };
    let write = |p: PathBuf, bytes: &[u8]| {
        fs::write(&p, bytes).unwrap_or_else(|e| panic!("write {}: {e}", p.display()))
    };

    // A one-page PDF, as a scanner app exports (xref offsets computed, so it is well formed).
    let mut pdf = String::from("%PDF-1.4\n%\u{e2}\u{e3}\u{cf}\u{d3}\n");
    let objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 842 595] >>",
    ];
    let mut offsets = Vec::new();
    for (i, o) in objects.iter().enumerate() {
        offsets.push(pdf.len());
        let _ = write!(pdf, "{} 0 obj\n{o}\nendobj\n", i + 1);
    }
    let xref = pdf.len();
    let _ = write!(pdf, "xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1);
    for o in offsets {
        let _ = writeln!(pdf, "{o:010} 00000 n ");
    }
    let _ = write!(
        pdf,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        objects.len() + 1
    );
    write(path("photo_pdf"), pdf.as_bytes());

    // An iPhone HEIC: the ftyp box, then the start of a meta box.
    let mut heic = Vec::new();
    heic.extend_from_slice(&0x18u32.to_be_bytes());
    heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    heic.extend_from_slice(&0x22u32.to_be_bytes());
    heic.extend_from_slice(b"meta\0\0\0\0\0\0\0\x21hdlr\0\0\0\0\0\0\0\0pict");
    heic.resize(4096, 0);
    write(path("photo_heic"), &heic);

    write(
        path("photo_unknown_format"),
        b"Catatan: foto KK menyusul lewat WhatsApp.\r\nNIK 1610014107950001\r\n",
    );
    write(path("photo_empty"), b"");

    // A real JPEG (the KK photo), cut at 60 % as a broken transfer leaves it.
    let kk = fs::read(fx.kk()).expect("the KK photo");
    write(path("photo_truncated"), &kk[..kk.len() * 6 / 10]);

    // Small real images whose headers then claim 60000×60000.
    let small_jpg = scratch.join("small.jpg");
    let small_png = scratch.join("small.png");
    let kk_path = fx.kk().display().to_string();
    for small in [&small_jpg, &small_png] {
        run_imagemagick(
            "a small copy",
            &[
                kk_path.clone(),
                "-resize".into(),
                "640x480".into(),
                "-strip".into(),
                small.display().to_string(),
            ],
        );
    }
    let jpeg = fs::read(&small_jpg).expect("small JPEG");
    write(
        path("a JPEG whose header says 60000×60000"),
        &with_jpeg_frame_size(&jpeg, 60_000, 60_000),
    );
    let png = fs::read(&small_png).expect("small PNG");
    write(
        path("a PNG whose header says 60000×60000"),
        &with_png_size(&png, 60_000, 60_000),
    );

    // One byte over the cap, starting like a JPEG (the rest is sparse zeros).
    let big = path("photo_too_large");
    let mut head = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    head.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    write(big.clone(), &head);
    fs::OpenOptions::new()
        .write(true)
        .open(&big)
        .and_then(|f| f.set_len(15_000_001))
        .expect("grow the large file");
}
