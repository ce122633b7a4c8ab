use thiserror::Error;

/// Why a document could not be made. Every input that is not a valid logo lays out; the other
/// variants mean the embedded font or the PDF writer failed, which is a bug worth reporting.
#[derive(Debug, Error)]
pub enum PrintError {
    /// The logo bytes are not a PNG or JPEG image that can be decoded.
    #[error("the logo is not a readable PNG or JPEG image: {0}")]
    Logo(String),
    /// The font shipped in this crate could not be read or subset.
    #[error("the embedded font could not be used: {0}")]
    Font(String),
    /// The PDF writer reported an error.
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
}
