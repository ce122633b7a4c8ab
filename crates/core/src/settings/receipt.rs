//! What the office prints on receipts: its name, up to four lines (address, phone…), a footer,
//! the paper, and a logo (PNG or JPEG, kept base64 in the `settings` table so every computer
//! sharing the database prints the same). Changes are audited as `settings.receipt` and
//! `settings.logo` (the logo's size and digest, not its bytes).

use base64::Engine;
use sea_orm::ConnectionTrait;
use sha2::{Digest, Sha256};
use tikbill_api::{FieldError, LogoInput, Permission, ReceiptPaper, ReceiptSettings};

use super::{read, remove, write};
use crate::audit::{self, AuditEntry};
use crate::{Context, CoreError, CoreResult};

const NAME: &str = "receipt.office_name";
const LINES: &str = "receipt.lines";
const FOOTER: &str = "receipt.footer";
const PAPER: &str = "receipt.paper";
const LOGO: &str = "receipt.logo";

/// At most this many header lines, each at most [`TEXT_MAX`] characters.
pub const LINES_MAX: usize = 4;
const TEXT_MAX: usize = 80;
/// The largest logo file kept.
pub const LOGO_MAX_BYTES: usize = 512 * 1024;

/// The receipt settings (anyone signed in: a cashier prints receipts).
pub async fn receipt_settings(ctx: &Context) -> CoreResult<ReceiptSettings> {
    ctx.actor().require_signed_in()?;
    stored(ctx.db()).await
}

pub(crate) async fn stored(db: &impl ConnectionTrait) -> CoreResult<ReceiptSettings> {
    let lines = read(db, LINES)
        .await?
        .and_then(|text| serde_json::from_str::<Vec<String>>(&text).ok())
        .unwrap_or_default();
    Ok(ReceiptSettings {
        office_name: read(db, NAME).await?.unwrap_or_default(),
        lines,
        footer: read(db, FOOTER).await?.unwrap_or_default(),
        paper: read(db, PAPER)
            .await?
            .and_then(|p| ReceiptPaper::parse(&p))
            .unwrap_or_default(),
        has_logo: read(db, LOGO).await?.is_some(),
    })
}

/// The logo's bytes, if one is set.
pub(crate) async fn logo(db: &impl ConnectionTrait) -> CoreResult<Option<Vec<u8>>> {
    match read(db, LOGO).await? {
        Some(text) => base64::engine::general_purpose::STANDARD
            .decode(text)
            .map(Some)
            .map_err(|e| CoreError::Internal(format!("the stored logo: {e}"))),
        None => Ok(None),
    }
}

/// Saves the receipt header, footer and paper (the logo is set on its own).
pub async fn save_receipt_settings(
    ctx: &Context,
    input: &ReceiptSettings,
) -> CoreResult<ReceiptSettings> {
    ctx.require(Permission::EditSettings)?;
    let mut fields = Vec::new();
    let name = input.office_name.trim();
    if name.chars().count() > TEXT_MAX {
        fields.push(too_long("office_name"));
    }
    let lines: Vec<String> = input
        .lines
        .iter()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    if lines.len() > LINES_MAX {
        fields.push(FieldError {
            field: "lines".into(),
            message: format!("A receipt has at most {LINES_MAX} header lines."),
        });
    }
    if lines.iter().any(|l| l.chars().count() > TEXT_MAX) {
        fields.push(too_long("lines"));
    }
    let footer = input.footer.trim();
    if footer.chars().count() > TEXT_MAX {
        fields.push(too_long("footer"));
    }
    if !fields.is_empty() {
        return Err(CoreError::invalid("receipt settings", fields));
    }
    let txn = crate::db::begin_write(ctx.db()).await?;
    let before = stored(&txn).await?;
    let now = ctx.now();
    let lines_json = serde_json::to_string(&lines)
        .map_err(|e| CoreError::Internal(format!("receipt lines: {e}")))?;
    write(&txn, NAME, name, now).await?;
    write(&txn, LINES, &lines_json, now).await?;
    write(&txn, FOOTER, footer, now).await?;
    write(&txn, PAPER, input.paper.as_str(), now).await?;
    let after = stored(&txn).await?;
    audit::record(
        &txn,
        AuditEntry::by(ctx, "settings.receipt", "settings", None)
            .before(&before)
            .after(&after),
    )
    .await?;
    txn.commit().await?;
    Ok(after)
}

fn too_long(field: &str) -> FieldError {
    FieldError {
        field: field.into(),
        message: format!("At most {TEXT_MAX} characters."),
    }
}

/// Sets (a PNG or JPEG file) or removes the office logo.
pub async fn set_logo(ctx: &Context, input: &LogoInput) -> CoreResult<ReceiptSettings> {
    ctx.require(Permission::EditSettings)?;
    let refuse = |message: &str| {
        CoreError::invalid(
            "logo",
            vec![FieldError {
                field: "logo".into(),
                message: message.into(),
            }],
        )
    };
    let bytes = match input.base64.as_deref().map(str::trim) {
        Some(text) => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(text)
                .map_err(|_| refuse("The logo did not arrive whole: choose the file again."))?;
            if bytes.len() > LOGO_MAX_BYTES {
                return Err(refuse(
                    "The logo is larger than 512 KB: use a smaller image.",
                ));
            }
            if !is_png(&bytes) && !is_jpeg(&bytes) {
                return Err(refuse("The logo must be a PNG or JPEG image."));
            }
            if tikbill_print::check_logo(&bytes).is_err() {
                return Err(refuse(
                    "The logo could not be read as an image (damaged or too large): use \
                     another file.",
                ));
            }
            Some(bytes)
        }
        None => None,
    };
    let txn = crate::db::begin_write(ctx.db()).await?;
    let before = logo_summary(logo(&txn).await?.as_deref());
    match &bytes {
        Some(bytes) => {
            let text = base64::engine::general_purpose::STANDARD.encode(bytes);
            write(&txn, LOGO, &text, ctx.now()).await?;
        }
        None => remove(&txn, LOGO).await?,
    }
    audit::record(
        &txn,
        AuditEntry::by(ctx, "settings.logo", "settings", None)
            .before(&before)
            .after(&logo_summary(bytes.as_deref())),
    )
    .await?;
    let after = stored(&txn).await?;
    txn.commit().await?;
    Ok(after)
}

fn is_png(bytes: &[u8]) -> bool {
    bytes.starts_with(b"\x89PNG\r\n\x1a\n")
}

fn is_jpeg(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0xFF, 0xD8, 0xFF])
}

/// What the audit log keeps of a logo: its size and SHA-256.
fn logo_summary(bytes: Option<&[u8]>) -> serde_json::Value {
    match bytes {
        Some(bytes) => serde_json::json!({
            "bytes": bytes.len(),
            "sha256": Sha256::digest(bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect::<String>(),
        }),
        None => serde_json::Value::Null,
    }
}
