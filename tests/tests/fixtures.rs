//! The generated fixtures are what the window tests say they are, checked against the core's
//! own intake without any window: the two phone photos pass (the KTP-el stored sideways and
//! turned upright by its EXIF), and every bad file is refused with the code the slot tests
//! expect. If ImageMagick or the fonts draw something else one day, this fails first and says
//! which file, instead of a window test failing for a reason that is not the app's.

use sinkron_core::photo::{process, read_capped};
use sinkron_e2e::Fixtures;

/// The frame size in a JPEG's SOF header, as stored (before any EXIF orientation).
fn stored_size(jpeg: &[u8]) -> (u32, u32) {
    let mut pos = 2;
    loop {
        assert_eq!(jpeg[pos], 0xFF, "segment walk lost at {pos}");
        let marker = jpeg[pos + 1];
        let len = usize::from(u16::from_be_bytes([jpeg[pos + 2], jpeg[pos + 3]]));
        if matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC) {
            let h = u16::from_be_bytes([jpeg[pos + 5], jpeg[pos + 6]]);
            let w = u16::from_be_bytes([jpeg[pos + 7], jpeg[pos + 8]]);
            return (u32::from(w), u32::from(h));
        }
        pos += 2 + len;
    }
}

#[test]
fn phone_photos_pass_the_core_upright() {
    let fx = Fixtures::shared();
    eprintln!("fixtures in {}", fx.dir().display());

    let kk = read_capped(&fx.kk()).expect("KK photo readable");
    assert!(
        kk.len() > 500_000,
        "a 12 MP phone JPEG is megabytes, got {}",
        kk.len()
    );
    assert_eq!(stored_size(&kk), (4000, 3000));
    let kk = process(&kk).expect("KK photo passes the intake");
    assert_eq!((kk.width, kk.height), (4000, 3000));
    assert_eq!(kk.mime, "image/jpeg");
    assert_eq!((kk.preview.width, kk.preview.height), (1600, 1200));

    let ktp = read_capped(&fx.ktp()).expect("KTP photo readable");
    assert_eq!(&ktp[2..4], &[0xFF, 0xE1], "EXIF APP1 right after SOI");
    assert_eq!(&ktp[6..12], b"Exif\0\0");
    assert_eq!(stored_size(&ktp), (3000, 4000), "stored sideways");
    let ktp = process(&ktp).expect("KTP photo passes the intake");
    assert_eq!(
        (ktp.width, ktp.height),
        (4000, 3000),
        "upright after EXIF 6"
    );
    assert_eq!((ktp.preview.width, ktp.preview.height), (1600, 1200));
    assert_eq!((ktp.thumbnail.width, ktp.thumbnail.height), (320, 240));
    assert_ne!(kk.sha256, ktp.sha256);
}

#[test]
fn every_bad_file_is_refused_with_its_code() {
    let fx = Fixtures::shared();
    let bad = fx.bad();
    assert_eq!(bad.len(), 8);
    for b in &bad {
        let refused = read_capped(&b.path).and_then(|bytes| process(&bytes).map(|_| ()));
        let code = refused
            .err()
            .unwrap_or_else(|| panic!("{} ({}) was accepted", b.what, b.path.display()))
            .code();
        assert_eq!(code, b.code, "{} ({})", b.what, b.path.display());
    }
    let size = |code: &str| {
        let b = bad.iter().find(|b| b.code == code).unwrap();
        std::fs::metadata(&b.path).unwrap().len()
    };
    assert_eq!(size("photo_too_large"), 15_000_001);
    assert_eq!(size("photo_empty"), 0);
    let cut = size("photo_truncated");
    let whole = std::fs::metadata(fx.kk()).unwrap().len();
    assert_eq!(cut, whole * 6 / 10, "cut at 60 %");
}
