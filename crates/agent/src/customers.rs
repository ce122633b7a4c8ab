//! `customers list`: one page of customers, as the app's list shows them.

use tikbill_api::{CustomerFilter, CustomerStatus};
use tikbill_core::{customer, router};

use crate::cli::ListCustomersArgs;
use crate::output::{print_json, say};
use crate::{Agent, AgentError};

/// Prints the page (`CustomerPage`) as JSON and `Customers 1–50 of 120.` on stderr.
pub async fn list(agent: &Agent, args: &ListCustomersArgs) -> Result<(), AgentError> {
    let router_id = match &args.router {
        Some(name) => Some(router::by_name(&agent.ctx, name).await?.id),
        None => None,
    };
    let filter = CustomerFilter {
        search: args.search.clone(),
        status: args.status.as_deref().and_then(CustomerStatus::parse),
        router_id,
        profile_id: None,
        expiring_within_days: args.expiring_within_days,
        page: args.page,
        page_size: args.page_size,
    };
    let page = customer::list(&agent.ctx, &filter).await?;
    print_json(&page)?;
    let first = u64::from(page.page - 1) * u64::from(page.page_size);
    let shown = page.items.len() as u64;
    say(&if shown == 0 {
        format!("No customers on this page ({} match).", page.total)
    } else {
        format!(
            "Customers {}–{} of {}.",
            first + 1,
            first + shown,
            page.total
        )
    });
    Ok(())
}
