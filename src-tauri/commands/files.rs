//! Files the app writes for the office to open: into the export folder (Downloads, or the
//! app's data folder when there is none), whole or not at all.

use tikbill_api::{ApiError, ErrorCode, PdfFile};

use crate::AppState;

/// Writes `bytes` (a PDF, a CSV) as `name` in the export folder, whole or not at all (a temporary file
/// renamed into place), and says where.
pub fn write_pdf(state: &AppState, name: &str, bytes: &[u8]) -> Result<PdfFile, ApiError> {
    let folder = state.export_dir.clone();
    let failed = |why: String| {
        ApiError::new(
            ErrorCode::Internal,
            format!("The file was not written: {why}"),
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

/// Writes an export named `name` through `write` (which gets the file, buffered, and answers
/// how many rows it wrote): the file appears whole under its name or not at all. Answers the
/// rows and where the file is.
pub async fn write_export<F, Fut>(
    state: &AppState,
    name: &str,
    write: F,
) -> Result<(u64, String), ApiError>
where
    F: FnOnce(std::io::BufWriter<std::fs::File>) -> Fut,
    Fut: std::future::Future<Output = tikbill_core::CoreResult<u64>>,
{
    let folder = state.export_dir.clone();
    let failed = |why: String| {
        ApiError::new(
            ErrorCode::Internal,
            format!("The export was not written: {why}"),
        )
    };
    std::fs::create_dir_all(&folder).map_err(|e| failed(format!("{}: {e}", folder.display())))?;
    let path = folder.join(name);
    let partial = folder.join(format!(".{name}.part"));
    let file = std::fs::File::create(&partial)
        .map_err(|e| failed(format!("{}: {e}", partial.display())))?;
    match write(std::io::BufWriter::new(file)).await {
        Ok(rows) => {
            std::fs::rename(&partial, &path).map_err(|e| {
                let _ = std::fs::remove_file(&partial);
                failed(format!("{}: {e}", path.display()))
            })?;
            Ok((rows, path.display().to_string()))
        }
        Err(e) => {
            // A refused or failed export leaves no half-written file behind.
            let _ = std::fs::remove_file(&partial);
            Err(e.into())
        }
    }
}

/// Opens a file tikbill wrote to its export folder (a receipt, a voucher sheet) in the
/// system's viewer, from which it prints. Only files in the export folder: a path from the
/// window never opens anything else.
#[tauri::command]
pub async fn open_exported_file<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    state: tauri::State<'_, AppState>,
    args: crate::contract::Args<tikbill_api::command::OpenExportedFile>,
) -> crate::contract::Answer<tikbill_api::command::OpenExportedFile> {
    use tauri::Manager;
    state.ctx().await?.actor().require_signed_in()?;
    let refused = |why: &str| {
        ApiError::new(
            ErrorCode::Validation,
            format!("That file was not opened: {why}."),
        )
    };
    let folder = std::fs::canonicalize(&state.export_dir)
        .map_err(|_| refused("tikbill has exported nothing yet"))?;
    let path =
        std::fs::canonicalize(&args.0.input).map_err(|_| refused("it is not there any more"))?;
    // Only what tikbill itself writes there: `tikbill-….pdf` or `.csv`, directly in the folder
    // (the folder is Downloads: anything else in it, a program included, is not tikbill's).
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    let ours = name.starts_with("tikbill-")
        && (name.ends_with(".pdf") || name.ends_with(".csv"))
        && path.parent() == Some(folder.as_path());
    if !ours || !path.is_file() {
        return Err(refused("tikbill only opens the files it exported"));
    }
    let opener = app
        .try_state::<tauri_plugin_opener::Opener<R>>()
        .ok_or_else(|| ApiError::new(ErrorCode::Internal, "No file viewer is available here."))?;
    opener
        .open_path(path.display().to_string(), None::<&str>)
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("The file did not open: {e}")))?;
    Ok(format!("Opened {}.", path.display()))
}
