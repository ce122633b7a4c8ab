use serde::{Deserialize, Serialize};

use crate::{ProfileId, RouterId};

pub type CustomerId = i64;

/// How a customer connects: a hotspot user or a PPPoE secret on their router.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceType {
    Hotspot,
    Pppoe,
}

impl ServiceType {
    pub const ALL: [ServiceType; 2] = [Self::Hotspot, Self::Pppoe];

    /// The stable name used in storage and in forms.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Hotspot => "hotspot",
            Self::Pppoe => "pppoe",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// Where a customer is in their life: created, paid up, run out, or switched off by the office.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerStatus {
    /// Created, never activated: no plan has started.
    Pending,
    /// Has service until `expires_at`.
    Active,
    /// The plan ran out.
    Expired,
    /// Switched off by the office; the expiry is kept.
    Disabled,
}

impl CustomerStatus {
    pub const ALL: [CustomerStatus; 4] =
        [Self::Pending, Self::Active, Self::Expired, Self::Disabled];

    /// The stable name used in storage.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pending => "pending",
            Self::Active => "active",
            Self::Expired => "expired",
            Self::Disabled => "disabled",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// A customer as the user typed it in the form. The core parses and validates every field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerInput {
    /// The hotspot / PPPoE user name on the router: no spaces, at most 64 characters.
    pub username: String,
    /// The hotspot / PPPoE password. `None` when editing means "keep the stored one".
    pub password: Option<String>,
    pub full_name: String,
    /// Empty for none.
    pub phone: String,
    /// Empty for none.
    pub email: String,
    /// One of `hotspot`, `pppoe`.
    pub service_type: String,
    /// `None` until a router is chosen.
    pub router_id: Option<RouterId>,
    /// `None` until a profile is chosen.
    pub profile_id: Option<ProfileId>,
}

/// A customer as the UI shows it. Times are RFC 3339 in UTC; the UI shows them in local time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerView {
    pub id: CustomerId,
    pub username: String,
    pub full_name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub service_type: ServiceType,
    pub router_id: RouterId,
    pub router_name: String,
    pub profile_id: ProfileId,
    pub profile_name: String,
    pub status: CustomerStatus,
    /// The first instant without service; `None` before the first activation.
    pub expires_at: Option<String>,
    pub created_at: String,
}

impl CustomerView {
    /// The form's contents to edit this customer (the password is kept unless retyped).
    pub fn to_input(&self) -> CustomerInput {
        CustomerInput {
            username: self.username.clone(),
            password: None,
            full_name: self.full_name.clone(),
            phone: self.phone.clone().unwrap_or_default(),
            email: self.email.clone().unwrap_or_default(),
            service_type: self.service_type.as_str().to_string(),
            router_id: Some(self.router_id),
            profile_id: Some(self.profile_id),
        }
    }
}

/// Which customers to list, and which page of them. Every criterion narrows the list; an empty
/// filter (the default) lists everyone, first page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CustomerFilter {
    /// A fragment of the user name, full name or phone number, in any letter case. Empty for all.
    pub search: String,
    pub status: Option<CustomerStatus>,
    pub router_id: Option<RouterId>,
    pub profile_id: Option<ProfileId>,
    /// Active customers whose plan ends within this many days (24 h each) from now.
    pub expiring_within_days: Option<u32>,
    /// 1-based; 0 is read as 1.
    pub page: u32,
    /// 0 means [`CustomerFilter::DEFAULT_PAGE_SIZE`]; more than
    /// [`CustomerFilter::MAX_PAGE_SIZE`] is read as the maximum.
    pub page_size: u32,
}

impl CustomerFilter {
    pub const DEFAULT_PAGE_SIZE: u32 = 50;
    pub const MAX_PAGE_SIZE: u32 = 200;
}

/// One page of customers, by user name, and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerPage {
    pub items: Vec<CustomerView>,
    /// Customers matching the filter, on every page.
    pub total: u64,
    /// The page shown (1-based) and its size, as applied.
    pub page: u32,
    pub page_size: u32,
}

/// How much time to add, as typed (`value` a whole number, `unit` one of `hours`, `days`,
/// `weeks`, `months`). The extend command takes `None` for "one period of the profile".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtendInput {
    pub value: String,
    pub unit: String,
}

/// The outcome of one change applied to many customers at once: who changed, and who was
/// refused and why (the others are not held back by a refusal).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkOutcome {
    pub changed: Vec<CustomerId>,
    pub refused: Vec<BulkRefusal>,
}

/// One customer a bulk change left alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkRefusal {
    pub customer_id: CustomerId,
    pub reason: String,
}
