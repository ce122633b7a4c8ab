use std::rc::Rc;

use sycamore::prelude::*;
use sycamore::web::wasm_bindgen::JsValue;
use tikbill_api::{CustomerId, CustomerPage, CustomerStatus, CustomerView, ServiceType};

use super::bulk::Selection;
use crate::format;

/// What a row (or its button) does with its customer.
pub type CustomerRowAction = Rc<dyn Fn(CustomerView)>;

pub fn status_label(status: CustomerStatus) -> &'static str {
    match status {
        CustomerStatus::Pending => "Pending",
        CustomerStatus::Active => "Active",
        CustomerStatus::Expired => "Expired",
        CustomerStatus::Disabled => "Disabled",
    }
}

/// `Active` in a coloured pill (`badge status-active`).
pub fn status_badge(status: CustomerStatus) -> View {
    let class = format!("badge status-{}", status.as_str());
    view! { span(class=class) { (status_label(status)) } }
}

pub fn service_label(service: ServiceType) -> &'static str {
    match service {
        ServiceType::Hotspot => "Hotspot",
        ServiceType::Pppoe => "PPPoE",
    }
}

/// Clicks in a cell with a checkbox tick it; they do not open the row's customer.
fn keep_in_cell(e: web_sys::MouseEvent) {
    e.stop_propagation();
}

/// One page of customers with Prev/Next, or why there is nothing to show. `narrowed` says
/// whether a search or filter is in force (then an empty page means "no match"). Each row has
/// a box to tick it into `selection`; the header's box ticks or clears the whole page.
#[component(inline_props)]
pub fn CustomerTable(
    page: CustomerPage,
    narrowed: bool,
    selection: Selection,
    on_open: CustomerRowAction,
    on_edit: CustomerRowAction,
    on_delete: CustomerRowAction,
    /// Asks for another page (1-based).
    on_page: Rc<dyn Fn(u32)>,
) -> View {
    let can_edit = crate::state::allowed(tikbill_api::Permission::EditCustomers);
    let can_delete = crate::state::allowed(tikbill_api::Permission::DeleteCustomers);
    if page.total == 0 {
        return if narrowed {
            view! {
                section(class="card empty-state", id="customers-none") {
                    h2 { "No customers match" }
                    p { "Nobody matches this search and these filters. Change them, or use Clear to see everyone." }
                }
            }
        } else {
            view! {
                section(class="card empty-state", id="customers-empty") {
                    h2 { "No customers yet" }
                    p { "Add the first customer with New customer, import a CSV file, or import the users a router already has (Routers page)." }
                }
            }
        };
    }
    let range = format::range(page.page, page.page_size, page.items.len(), page.total);
    let current = page.page.max(1);
    let has_prev = current > 1;
    let shown_to = u64::from(current - 1) * u64::from(page.page_size) + page.items.len() as u64;
    let has_next = shown_to < page.total && !page.items.is_empty();
    let page_ids = create_signal(page.items.iter().map(|c| c.id).collect::<Vec<CustomerId>>());
    let rows = page
        .items
        .into_iter()
        .map(|c| {
            let (open, edit, delete) = (on_open.clone(), on_edit.clone(), on_delete.clone());
            let (co, ce, cd) = (c.clone(), c.clone(), c.clone());
            let expires = c
                .expires_at
                .as_deref()
                .map(format::local_time)
                .unwrap_or_else(|| "not started".into());
            let id = c.id;
            let (row_id, select_id, open_id, edit_id, delete_id) = (
                format!("customer-row-{}", c.id),
                format!("select-customer-{}", c.id),
                format!("open-customer-{}", c.id),
                format!("edit-customer-{}", c.id),
                format!("delete-customer-{}", c.id),
            );
            let (service, badge) = (service_label(c.service_type), status_badge(c.status));
            let CustomerView {
                username,
                full_name,
                phone,
                router_name,
                profile_name,
                ..
            } = c;
            let phone = phone.unwrap_or_else(|| "—".into());
            let data_username = username.clone();
            let select_label = format!("Select {username}");
            let row_class = move || {
                if selection.contains(id) {
                    "customer-row selected"
                } else {
                    "customer-row"
                }
            };
            view! {
                tr(class=row_class, id=row_id, data-username=data_username, on:click=move |_| open(co.clone())) {
                    td(class="select", on:click=keep_in_cell) {
                        label(class="select-hit") {
                            // `checked` for the first draw, the property once the box was clicked.
                            input(r#type="checkbox", class="customer-select", id=select_id, aria-label=select_label,
                                checked=selection.contains(id),
                                prop:checked=JsValue::from_bool(selection.contains(id)),
                                on:change=move |_| selection.toggle(id))
                        }
                    }
                    td(class="name stack") {
                        // The click reaches the row, which opens the customer; the button
                        // makes that reachable from the keyboard.
                        button(class="link customer-open", id=open_id) { (username) }
                        span(class="sub") { (full_name) }
                    }
                    td { (phone) }
                    td { (service) }
                    td { (router_name) }
                    td { (profile_name) }
                    td { (badge) }
                    td(class="expires") { (expires) }
                    td(class="actions") {
                        div(class="row-actions") {
                            (if can_edit {
                                let (edit, ce, edit_id) = (edit.clone(), ce.clone(), edit_id.clone());
                                view! {
                                    button(class="small", id=edit_id, on:click=move |e: web_sys::MouseEvent| {
                                        e.stop_propagation();
                                        edit(ce.clone())
                                    }) { "Edit" }
                                }
                            } else {
                                view! {}
                            })
                            (if can_delete {
                                let (delete, cd, delete_id) = (delete.clone(), cd.clone(), delete_id.clone());
                                view! {
                                    button(class="small danger-outline", id=delete_id, on:click=move |e: web_sys::MouseEvent| {
                                        e.stop_propagation();
                                        delete(cd.clone())
                                    }) { "Delete" }
                                }
                            } else {
                                view! {}
                            })
                        }
                    }
                }
            }
        })
        .collect::<Vec<_>>();
    let (prev, next) = (on_page.clone(), on_page);
    // The header's box: ticked when the whole page is, half-ticked when part of it is.
    let all = move || page_ids.with(|ids| selection.covers(ids));
    let some = move || selection.count() > 0 && !all();
    view! {
        section(class="card table-card") {
            table(id="customers-table") {
                thead {
                    tr {
                        th(class="select", on:click=keep_in_cell) {
                            label(class="select-hit") {
                                // The ids are copied out: updating a signal while another's value is
                                // borrowed panics (they share one arena).
                                input(r#type="checkbox", id="select-page", aria-label="Select every customer on this page",
                                    checked=all(),
                                    prop:checked=JsValue::from_bool(all()),
                                    prop:indeterminate=JsValue::from_bool(some()),
                                    on:change=move |_| selection.toggle_page(&page_ids.get_clone_untracked()))
                            }
                        }
                        th { "Customer" }
                        th { "Phone" }
                        th { "Service" }
                        th { "Router" }
                        th { "Profile" }
                        th { "Status" }
                        th { "Expires" }
                        th {}
                    }
                }
                tbody { (rows) }
            }
            div(class="pager") {
                span(class="muted", id="customers-range") { (range) }
                div(class="row-actions") {
                    button(class="small", id="customers-prev", disabled=!has_prev, on:click=move |_| prev(current - 1)) { "Prev" }
                    button(class="small", id="customers-next", disabled=!has_next, on:click=move |_| next(current + 1)) { "Next" }
                }
            }
        }
    }
}
