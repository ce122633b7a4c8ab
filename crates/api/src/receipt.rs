//! Receipts: what the office prints on them and on which paper.

use serde::{Deserialize, Serialize};

use crate::PaymentId;

/// The paper a receipt is printed on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptPaper {
    /// An 80 mm thermal roll.
    #[default]
    Thermal80,
    /// A 58 mm thermal roll.
    Thermal58,
    /// An A5 sheet.
    A5,
}

impl ReceiptPaper {
    pub const ALL: [ReceiptPaper; 3] = [Self::Thermal80, Self::Thermal58, Self::A5];

    /// The stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Thermal80 => "thermal80",
            Self::Thermal58 => "thermal58",
            Self::A5 => "a5",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// As a person says it: "80 mm roll".
    pub fn label(self) -> &'static str {
        match self {
            Self::Thermal80 => "80 mm roll",
            Self::Thermal58 => "58 mm roll",
            Self::A5 => "A5 sheet",
        }
    }
}

/// The office's receipt header and paper.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptSettings {
    /// Printed at the top: "Nairobi Net".
    pub office_name: String,
    /// Address, phone…: at most 4 lines.
    #[serde(default)]
    pub lines: Vec<String>,
    /// Printed at the bottom: "Thank you!".
    #[serde(default)]
    pub footer: String,
    #[serde(default)]
    pub paper: ReceiptPaper,
    /// Whether a logo is set (it is set and removed on its own: [`LogoInput`]).
    #[serde(default)]
    pub has_logo: bool,
}

/// The office logo as a PNG or JPEG file's bytes, base64 (standard alphabet); `None` removes it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LogoInput {
    #[serde(default)]
    pub base64: Option<String>,
}

/// Which receipt to print, and on what.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptRequest {
    pub payment_id: PaymentId,
    /// `None`: the office's paper.
    #[serde(default)]
    pub paper: Option<ReceiptPaper>,
}

/// A PDF written for the office to open or print.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PdfFile {
    /// Where it was written.
    pub path: String,
    pub bytes: u64,
}
