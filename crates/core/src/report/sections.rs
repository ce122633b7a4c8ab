//! One module per report: each fills a [`super::Report`] with its figures, charts and tables.

pub(crate) mod customers;
pub(crate) mod names;
pub(crate) mod plans;
pub(crate) mod revenue;
pub(crate) mod routers;
pub(crate) mod vouchers;
