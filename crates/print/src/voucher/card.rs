//! What a sheet of vouchers prints: the cards, and what every card of the sheet shares.

/// One prepaid hotspot card. Every value is already formatted by the caller.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VoucherCard {
    /// The hotspot user name the customer types, e.g. "K7QX2M".
    pub code: String,
    /// The password, when it is not the code itself (a card whose password equals its code
    /// prints the code only).
    pub password: Option<String>,
    /// e.g. "1 Day 5 Mbps".
    pub plan: String,
    /// e.g. "KES 50.00".
    pub price: String,
    /// e.g. "24 hours".
    pub validity: String,
    /// e.g. "2 GB"; none for an unlimited plan.
    pub data_cap: Option<String>,
    /// The card's number in its batch, e.g. "B12-000345".
    pub serial: String,
    /// The hotspot's auto-login URL, whole, e.g.
    /// `http://10.5.50.1/login?username=K7QX2M&password=K7QX2M`; printed as a QR code.
    /// A card without one has no QR code.
    pub login_url: Option<String>,
    /// A short note, e.g. "Connect to Kilimani-WiFi".
    pub note: Option<String>,
}

impl VoucherCard {
    /// The password to print: none when it is missing or the same as the code.
    pub(crate) fn printed_password(&self) -> Option<&str> {
        self.password
            .as_deref()
            .filter(|password| *password != self.code)
    }
}

/// What every card of a sheet shows alike.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SheetInput {
    /// e.g. "Kilimani Fibre Networks".
    pub office_name: String,
    /// PNG or JPEG bytes of the office's logo.
    pub logo: Option<Vec<u8>>,
}
