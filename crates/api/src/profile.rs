use serde::{Deserialize, Serialize};

pub type ProfileId = i64;

/// The unit of a plan's duration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DurationUnit {
    Hours,
    Days,
    Weeks,
    Months,
}

impl DurationUnit {
    pub const ALL: [DurationUnit; 4] = [Self::Hours, Self::Days, Self::Weeks, Self::Months];

    /// The stable name used in storage and in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hours => "hours",
            Self::Days => "days",
            Self::Weeks => "weeks",
            Self::Months => "months",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|u| u.as_str() == s)
    }

    /// "1 day", "3 days".
    pub fn describe(self, value: u32) -> String {
        let singular = match self {
            Self::Hours => "hour",
            Self::Days => "day",
            Self::Weeks => "week",
            Self::Months => "month",
        };
        if value == 1 {
            format!("1 {singular}")
        } else {
            format!("{value} {singular}s")
        }
    }
}

/// A profile (bandwidth plan) as the user typed it. The core parses and validates every field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileInput {
    pub name: String,
    /// RouterOS rate-limit syntax, upload/download: `10M/5M`, or with burst
    /// `10M/5M 20M/10M 8M/4M 16/16`.
    pub rate_limit: String,
    /// A decimal number such as `150000` or `9.99`.
    pub price: String,
    /// ISO 4217 code such as `IDR`, `USD`, `KES`.
    pub currency: String,
    pub duration_value: String,
    /// One of `hours`, `days`, `weeks`, `months`.
    pub duration_unit: String,
    /// Empty for unlimited, else a size such as `5G` or `500M` (binary units).
    pub data_limit: String,
    pub shared_users: String,
    /// How long one login may last, in RouterOS notation (`2h`, `30m`, `1d12h`); empty for no
    /// limit.
    #[serde(default)]
    pub session_timeout: String,
}

/// A profile as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    pub id: ProfileId,
    pub name: String,
    /// Canonical RouterOS rate-limit, e.g. `10M/5M`.
    pub rate_limit: String,
    /// Exact decimal as text, e.g. `150000` or `9.99`.
    pub price: String,
    pub currency: String,
    pub duration_value: u32,
    pub duration_unit: DurationUnit,
    /// e.g. `5 GiB`; `None` for unlimited.
    pub data_limit: Option<String>,
    pub shared_users: u32,
    /// e.g. `2h`; `None` for no limit.
    pub session_timeout: Option<String>,
    pub customer_count: u64,
}

impl ProfileView {
    /// The form's contents to edit this profile.
    pub fn to_input(&self) -> ProfileInput {
        ProfileInput {
            name: self.name.clone(),
            rate_limit: self.rate_limit.clone(),
            price: self.price.clone(),
            currency: self.currency.clone(),
            duration_value: self.duration_value.to_string(),
            duration_unit: self.duration_unit.as_str().to_string(),
            data_limit: self
                .data_limit
                .clone()
                .map(|s| s.replace(' ', "").replace("iB", ""))
                .unwrap_or_default(),
            shared_users: self.shared_users.to_string(),
            session_timeout: self.session_timeout.clone().unwrap_or_default(),
        }
    }
}
