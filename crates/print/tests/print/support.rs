use std::path::{Path, PathBuf};
use std::process::Command;

/// Where the tests leave their PDFs and PNGs: `target/tmp/print/`.
pub fn out_dir() -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("print");
    std::fs::create_dir_all(&dir).expect("the output dir can be made");
    dir
}

/// A PDF written to the output dir as `name.pdf`, read back.
pub struct Rendered {
    /// One PNG per page, rendered at 100 dpi.
    pub pages: Vec<PathBuf>,
    /// The text poppler extracts, in UTF-8.
    pub text: String,
    /// Every word poppler finds, with its box.
    pub words: Vec<Word>,
}

/// A word as `pdftotext -bbox` reports it: in points from the page's top-left corner.
#[derive(Debug)]
pub struct Word {
    pub page: usize,
    pub text: String,
    pub x_min: f32,
    pub x_max: f32,
    pub y_min: f32,
    /// The width of its page.
    pub page_width: f32,
}

impl Rendered {
    pub fn new(name: &str, pdf: &[u8]) -> Rendered {
        let dir = out_dir();
        let path = dir.join(format!("{name}.pdf"));
        std::fs::write(&path, pdf).expect("the PDF is written");
        for old in pngs(&dir, name) {
            std::fs::remove_file(old).expect("an old PNG is removed");
        }
        let status = Command::new("pdftoppm")
            .args(["-png", "-r", "100"])
            .arg(&path)
            .arg(dir.join(name))
            .status()
            .expect("pdftoppm runs (install poppler-utils)");
        assert!(status.success(), "pdftoppm renders {name}.pdf");
        let out = Command::new("pdftotext")
            .args(["-enc", "UTF-8"])
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext runs (install poppler-utils)");
        assert!(out.status.success(), "pdftotext reads {name}.pdf");
        let bbox = Command::new("pdftotext")
            .args(["-enc", "UTF-8", "-bbox"])
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext runs");
        assert!(bbox.status.success(), "pdftotext -bbox reads {name}.pdf");
        Rendered {
            pages: pngs(&dir, name),
            text: String::from_utf8(out.stdout).expect("pdftotext writes UTF-8"),
            words: words(&String::from_utf8(bbox.stdout).expect("pdftotext writes UTF-8")),
        }
    }

    /// How many lines of text page `page` (from 0) has: words are on one line when their tops
    /// are within a point of each other.
    pub fn lines(&self, page: usize) -> usize {
        let mut tops: Vec<f32> = self
            .words
            .iter()
            .filter(|w| w.page == page)
            .map(|w| w.y_min)
            .collect();
        tops.sort_by(f32::total_cmp);
        tops.dedup_by(|a, b| (*a - *b).abs() < 1.0);
        tops.len()
    }

    /// Every word lies between `margin` mm from the left and right edges of its page.
    pub fn assert_within(&self, margin_mm: f32, what: &str) {
        let margin = margin_mm / 25.4 * 72.0 - 0.5;
        assert!(!self.words.is_empty(), "{what}: there is text");
        for word in &self.words {
            assert!(
                word.x_min >= margin && word.x_max <= word.page_width - margin,
                "{what}: {:?} ({}..{} pt) is within {margin_mm} mm of the page's edges ({} pt)",
                word.text,
                word.x_min,
                word.x_max,
                word.page_width
            );
        }
    }

    /// Every word of `text` is in the extracted text, in order (line breaks may fall anywhere
    /// between them).
    pub fn has_words(&self, text: &str) -> bool {
        let found: Vec<&str> = self.text.split_whitespace().collect();
        let wanted: Vec<&str> = text.split_whitespace().collect();
        found.windows(wanted.len()).any(|w| w == wanted.as_slice())
    }
}

/// The words of `pdftotext -bbox` output (XHTML with one `<word>` element a line).
fn words(xhtml: &str) -> Vec<Word> {
    let attr = |line: &str, name: &str| -> f32 {
        let start = line
            .find(&format!("{name}=\""))
            .expect("the attribute is there")
            + name.len()
            + 2;
        let len = line[start..].find('"').expect("the attribute ends");
        line[start..start + len].parse().expect("a number")
    };
    let mut words = Vec::new();
    let mut page = None;
    let mut page_width = 0.0;
    for line in xhtml.lines().map(str::trim) {
        if line.starts_with("<page ") {
            page = Some(page.map_or(0, |p| p + 1));
            page_width = attr(line, "width");
        } else if let Some(rest) = line.strip_prefix("<word ") {
            let text = rest[rest.find('>').expect("a word has text") + 1..]
                .trim_end_matches("</word>")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&apos;", "'")
                .replace("&amp;", "&");
            words.push(Word {
                page: page.expect("words are on a page"),
                text,
                x_min: attr(line, "xMin"),
                x_max: attr(line, "xMax"),
                y_min: attr(line, "yMin"),
                page_width,
            });
        }
    }
    words
}

/// The PNGs pdftoppm made for `name` (`name-1.png`, `name-2.png`…, or `name-01.png`…), in
/// page order.
fn pngs(dir: &Path, name: &str) -> Vec<PathBuf> {
    let mut pages: Vec<(u32, PathBuf)> = std::fs::read_dir(dir)
        .expect("the output dir can be read")
        .filter_map(|entry| {
            let path = entry.ok()?.path();
            let stem = path.file_stem()?.to_str()?;
            let page = stem.strip_prefix(name)?.strip_prefix('-')?.parse().ok()?;
            (path.extension()? == "png").then_some((page, path))
        })
        .collect();
    pages.sort();
    pages.into_iter().map(|(_, path)| path).collect()
}

/// A PNG's width and height in pixels, from its header.
pub fn png_size(path: &Path) -> (u32, u32) {
    let bytes = std::fs::read(path).expect("the PNG can be read");
    assert_eq!(&bytes[1..4], b"PNG", "{} is a PNG", path.display());
    let be =
        |at: usize| u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]]);
    (be(16), be(20))
}

/// `mm` at 100 dpi, in whole pixels as pdftoppm counts them (it may round either way).
pub fn assert_px(px: u32, mm: f32, what: &str) {
    let expect = mm / 25.4 * 100.0;
    assert!(
        (px as f32 - expect).abs() <= 1.0,
        "{what}: {mm} mm at 100 dpi is {expect:.1} px, got {px}"
    );
}
