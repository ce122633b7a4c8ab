//! The office's logo: PNG or JPEG bytes decoded, shrunk to what paper can show and flattened
//! onto white (receipt printers have no transparency).

use std::io::Cursor;

use image::imageops::FilterType;
use image::{ImageReader, Limits};
use printpdf::{RawImage, RawImageData, RawImageFormat};

use crate::error::PrintError;

/// The longest side kept: 600 px is 75 mm at a thermal printer's 203 dpi, more than a logo
/// is ever printed.
const MAX_SIDE: u32 = 600;

/// The most memory a logo may take to decode (a 4000 × 4000 RGBA picture fits).
const MAX_DECODE_BYTES: u64 = 64 * 1024 * 1024;

pub(crate) struct Logo {
    pub image: RawImage,
    /// Height over width.
    pub aspect: f32,
}

impl Logo {
    pub fn decode(bytes: &[u8]) -> Result<Logo, PrintError> {
        let mut reader = ImageReader::new(Cursor::new(bytes))
            .with_guessed_format()
            .map_err(|e| PrintError::Logo(e.to_string()))?;
        let mut limits = Limits::default();
        limits.max_alloc = Some(MAX_DECODE_BYTES);
        reader.limits(limits);
        let decoded = reader
            .decode()
            .map_err(|e| PrintError::Logo(e.to_string()))?;
        if decoded.width() == 0 || decoded.height() == 0 {
            return Err(PrintError::Logo("the image has no pixels".into()));
        }
        let decoded = if decoded.width().max(decoded.height()) > MAX_SIDE {
            decoded.resize(MAX_SIDE, MAX_SIDE, FilterType::Triangle)
        } else {
            decoded
        };
        let rgba = decoded.to_rgba8();
        let (width, height) = rgba.dimensions();
        let pixels = rgba
            .pixels()
            .flat_map(|p| {
                let [r, g, b, a] = p.0;
                let over_white = |c: u8| {
                    let c = u16::from(c) * u16::from(a) + 255 * (255 - u16::from(a));
                    // At most 255 × 255 / 255: always a u8.
                    u8::try_from(c / 255).unwrap_or(u8::MAX)
                };
                [over_white(r), over_white(g), over_white(b)]
            })
            .collect();
        Ok(Logo {
            image: RawImage {
                pixels: RawImageData::U8(pixels),
                width: width as usize,
                height: height as usize,
                data_format: RawImageFormat::RGB8,
                tag: Vec::new(),
            },
            aspect: height as f32 / width as f32,
        })
    }
}

impl Logo {
    /// The decoded logo as a PNG `data:` URI, for the SVG preview.
    pub fn data_uri(&self) -> Result<String, PrintError> {
        let RawImageData::U8(pixels) = &self.image.pixels else {
            return Err(PrintError::Logo("the decoded logo is not 8-bit".into()));
        };
        let (width, height) = (self.image.width as u32, self.image.height as u32);
        let image = image::RgbImage::from_raw(width, height, pixels.clone())
            .ok_or_else(|| PrintError::Logo("the decoded logo has the wrong size".into()))?;
        let mut png = Cursor::new(Vec::new());
        image
            .write_to(&mut png, image::ImageFormat::Png)
            .map_err(|e| PrintError::Logo(e.to_string()))?;
        Ok(format!(
            "data:image/png;base64,{}",
            crate::svg::base64(png.get_ref())
        ))
    }
}

/// Whether `bytes` is a logo a receipt can print (a PNG or JPEG that decodes within the
/// limits), so an office is told when it sets one rather than at every receipt.
pub fn check_logo(bytes: &[u8]) -> Result<(), PrintError> {
    Logo::decode(bytes).map(drop)
}
