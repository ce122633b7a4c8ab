//! Files the app writes for the office to open: into the export folder (Downloads, or the
//! app's data folder when there is none).

use tikbill_api::{ApiError, ErrorCode, PdfFile};

use crate::AppState;

/// Writes `bytes` as `name` in the export folder, whole or not at all (a temporary file
/// renamed into place), and says where.
pub fn write_pdf(state: &AppState, name: &str, bytes: &[u8]) -> Result<PdfFile, ApiError> {
    let folder = state.export_dir.clone();
    let failed = |why: String| {
        ApiError::new(
            ErrorCode::Internal,
            format!("The PDF was not written: {why}"),
        )
    };
    std::fs::create_dir_all(&folder).map_err(|e| failed(format!("{}: {e}", folder.display())))?;
    let path = folder.join(name);
    let partial = folder.join(format!(".{name}.part"));
    std::fs::write(&partial, bytes).map_err(|e| failed(format!("{}: {e}", partial.display())))?;
    std::fs::rename(&partial, &path).map_err(|e| {
        let _ = std::fs::remove_file(&partial);
        failed(format!("{}: {e}", path.display()))
    })?;
    Ok(PdfFile {
        path: path.display().to_string(),
        bytes: bytes.len() as u64,
    })
}
