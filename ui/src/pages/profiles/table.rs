use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::ProfileView;

use crate::format::money;

/// What a row's button does with its profile.
pub type ProfileAction = Rc<dyn Fn(ProfileView)>;

/// The list of profiles, or a friendly empty state.
#[component(inline_props)]
pub fn ProfileTable(
    profiles: Vec<ProfileView>,
    on_edit: ProfileAction,
    on_delete: ProfileAction,
) -> View {
    if profiles.is_empty() {
        return view! {
            section(class="card empty-state", id="profiles-empty") {
                h2 { "No profiles yet" }
                p { "A profile is a plan customers buy: a speed, a price and how long it lasts. Create the first one with New profile." }
            }
        };
    }
    let can_edit = crate::state::allowed(tikbill_api::Permission::EditPlans);
    let count = profiles.len();
    let rows = profiles
        .into_iter()
        .map(|p| {
            let (edit, delete) = (on_edit.clone(), on_delete.clone());
            let (for_edit, for_delete) = (p.clone(), p.clone());
            let customers = match p.customer_count {
                0 => "none".to_string(),
                n => n.to_string(),
            };
            view! {
                tr(id=format!("profile-row-{}", p.id)) {
                    td(class="name") { (p.name.clone()) }
                    td { code(class="rate") { (p.rate_limit.clone()) } }
                    td(class="num") { (money(&p.price, &p.currency)) }
                    td { (p.duration_unit.describe(p.duration_value)) }
                    td { (p.data_limit.clone().unwrap_or_else(|| "Unlimited".to_string())) }
                    td(class="num") { (p.shared_users) }
                    td(class="num customers") { (customers) }
                    td(class="actions") {
                        div(class="row-actions") {
                            (if can_edit {
                                let (edit, delete, for_edit, for_delete) = (edit.clone(), delete.clone(), for_edit.clone(), for_delete.clone());
                                view! {
                                    button(class="small", on:click=move |_| edit(for_edit.clone())) { "Edit" }
                                    button(class="small danger-outline", on:click=move |_| delete(for_delete.clone())) { "Delete" }
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
    view! {
        section(class="card table-card") {
            table(id="profiles-table") {
                thead {
                    tr {
                        th { "Name" }
                        th { "Speed (up/down)" }
                        th(class="num") { "Price" }
                        th { "Duration" }
                        th { "Data" }
                        th(class="num") { "Devices" }
                        th(class="num") { "Customers" }
                        th {}
                    }
                }
                tbody { (rows) }
            }
            p(class="table-foot muted") { (if count == 1 { "1 profile".to_string() } else { format!("{count} profiles") }) }
        }
    }
}
