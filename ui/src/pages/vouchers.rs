//! The Vouchers page: batches (generate, print with a live preview, export), the cards (search
//! by code, filter by state, reprint, revoke) and the counter (issue, sell, return, redeem).

mod batches;
mod cards;
mod counter;
mod generate;
mod print;

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::command::{
    ById, ExportVouchers, ListProfiles, ListRouters, ListVoucherBatches, ListVouchers, NoArgs,
    RefreshVouchers, RevokeVouchers, WithInput,
};
use tikbill_api::{
    Permission, ProfileView, RouterView, VoucherBatchView, VoucherCodes, VoucherFilter,
    VoucherPage, VoucherState,
};

use crate::components::notice::{Notice, NoticeBar};
use crate::components::page_header::PageHeader;
use crate::ipc::invoke;
use crate::scope::PageScope;
use crate::state::{allowed, Page};

pub use batches::{in_state, state_summary, BatchAction, BatchTable};
pub use cards::{revocable, CardAction, CardTable};
pub use counter::codes_in;
pub use print::{layout_title, PrintWhat};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    Batches,
    Cards,
    Counter,
}

#[derive(Clone, Copy)]
struct VouchersPage {
    batches: Signal<Option<Vec<VoucherBatchView>>>,
    plans: Signal<Vec<ProfileView>>,
    routers: Signal<Vec<RouterView>>,
    cards: Signal<Option<VoucherPage>>,
    filter: Signal<VoucherFilter>,
    printing: Signal<Option<PrintWhat>>,
    generating: Signal<bool>,
    /// A batch is being stored (kept here, not in the form: see `GenerateForm`).
    storing: Signal<bool>,
    progress: Signal<(u32, u32)>,
    refreshing: Signal<bool>,
    tab: Signal<Tab>,
    notice: Signal<Option<Notice>>,
    scope: PageScope,
}

impl VouchersPage {
    fn reload(self) {
        self.scope.spawn(async move {
            match invoke::<ListVoucherBatches>(&NoArgs {}).await {
                Ok(list) => self.batches.set(Some(list)),
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
        if self.tab.get_untracked() == Tab::Cards {
            self.load_cards();
        }
    }

    fn load_form_choices(self) {
        self.scope.spawn(async move {
            match (
                invoke::<ListProfiles>(&NoArgs {}).await,
                invoke::<ListRouters>(&NoArgs {}).await,
            ) {
                (Ok(plans), Ok(routers)) => {
                    self.plans.set(plans);
                    self.routers.set(routers);
                    self.generating.set(true);
                }
                (Err(e), _) | (_, Err(e)) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    fn load_cards(self) {
        let input = self.filter.get_clone_untracked();
        self.scope.spawn(async move {
            match invoke::<ListVouchers>(&WithInput { input }).await {
                Ok(page) => self.cards.set(Some(page)),
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    /// The next page of cards, after those shown.
    fn more_cards(self) {
        let Some(after) = self
            .cards
            .with_untracked(|c| c.as_ref().and_then(|p| p.next))
        else {
            return;
        };
        let mut input = self.filter.get_clone_untracked();
        input.after = Some(after);
        self.scope.spawn(async move {
            match invoke::<ListVouchers>(&WithInput { input }).await {
                Ok(more) => self.cards.update(|shown| {
                    if let Some(page) = shown {
                        page.cards.extend(more.cards);
                        page.next = more.next;
                    }
                }),
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    fn batch_action(self, action: BatchAction) {
        match action {
            BatchAction::Print(id) => self.printing.set(Some(PrintWhat::Batch(id))),
            BatchAction::Cards(id) => {
                self.filter.set(VoucherFilter {
                    batch_id: Some(id),
                    ..Default::default()
                });
                self.tab.set(Tab::Cards);
                self.load_cards();
            }
            BatchAction::Export(id) => self.scope.spawn(async move {
                match invoke::<ExportVouchers>(&ById { id }).await {
                    Ok(said) => self.notice.set(Some(Notice::Success(said))),
                    Err(e) => self.notice.set(Some(Notice::Error(e.message))),
                }
            }),
        }
    }

    fn card_action(self, action: CardAction) {
        match action {
            CardAction::Reprint(code) => {
                self.tab.set(Tab::Batches);
                self.printing.set(Some(PrintWhat::Cards(vec![code])));
            }
            CardAction::Revoke(code) => self.scope.spawn(async move {
                let input = VoucherCodes {
                    codes: vec![code.clone()],
                    reason: Some("revoked on the vouchers page".into()),
                };
                match invoke::<RevokeVouchers>(&WithInput { input }).await {
                    Ok(_) => {
                        self.notice.set(Some(Notice::Success(format!(
                            "Card {code} is revoked: it leaves the routers."
                        ))));
                        self.reload();
                    }
                    Err(e) => self.notice.set(Some(Notice::Error(e.message))),
                }
            }),
        }
    }

    fn refresh_from_routers(self) {
        if self.refreshing.get_untracked() {
            return;
        }
        self.refreshing.set(true);
        self.scope.spawn(async move {
            let answer = invoke::<RefreshVouchers>(&NoArgs {}).await;
            self.refreshing.set(false);
            match answer {
                Ok(said) => {
                    self.notice.set(Some(Notice::Success(said)));
                    self.reload();
                }
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }
}

/// The states the cards filter offers: `(value, text)`.
fn state_options() -> Vec<(String, String)> {
    std::iter::once((String::new(), "Every state".to_string()))
        .chain(
            VoucherState::ALL
                .into_iter()
                .map(|s| (s.as_str().to_string(), s.label().to_string())),
        )
        .collect()
}

#[component]
pub fn VouchersPage() -> View {
    let page = VouchersPage {
        batches: create_signal(None),
        plans: create_signal(Vec::new()),
        routers: create_signal(Vec::new()),
        cards: create_signal(None),
        filter: create_signal(VoucherFilter::default()),
        printing: create_signal(None),
        generating: create_signal(false),
        storing: create_signal(false),
        progress: create_signal((0, 0)),
        refreshing: create_signal(false),
        tab: create_signal(Tab::Batches),
        notice: create_signal(None),
        scope: PageScope::current(),
    };
    page.reload();
    let tabs = move || {
        [
            (Tab::Batches, "Batches", "tab-batches"),
            (Tab::Cards, "Cards", "tab-cards"),
            (Tab::Counter, "Counter", "tab-counter"),
        ]
        .into_iter()
        .filter(|(t, _, _)| {
            *t != Tab::Counter
                || allowed(Permission::SellVouchers)
                || allowed(Permission::ManageVouchers)
        })
        .map(|(t, title, id)| {
            let class = if page.tab.get() == t {
                "tab active"
            } else {
                "tab"
            };
            view! {
                button(class=class, id=id, role="tab", on:click=move |_| {
                    page.tab.set(t);
                    if t == Tab::Cards {
                        page.load_cards();
                    }
                }) { (title) }
            }
        })
        .collect::<Vec<_>>()
    };
    let code = create_signal(String::new());
    let print_day = create_signal(String::new());
    let state = create_signal(String::new());
    let states = create_signal(state_options());
    let search = move |e: web_sys::SubmitEvent| {
        e.prevent_default();
        page.filter.update(|f| {
            let typed = code.get_clone_untracked();
            f.code = (!typed.trim().is_empty()).then_some(typed);
            f.state = VoucherState::parse(&state.get_clone_untracked());
            f.after = None;
        });
        page.load_cards();
    };
    view! {
        PageHeader(page=Page::Vouchers) {
            (if allowed(Permission::ManageVouchers) {
                view! { button(class="primary", id="vouchers-generate", disabled=move || page.storing.get() || page.generating.get(), on:click=move |_| page.load_form_choices()) { "Generate vouchers" } }
            } else {
                view! {}
            })
            button(id="vouchers-refresh", disabled=move || page.refreshing.get(), on:click=move |_| page.refresh_from_routers()) {
                (if page.refreshing.get() { "Reading the routers…" } else { "Refresh from routers" })
            }
        }
        NoticeBar(notice=page.notice)
        div(class="tabs", role="tablist") { (tabs) }
        (move || match page.tab.get() {
            Tab::Batches => view! {
                (if page.generating.get() {
                    let plans = page.plans.get_clone();
                    let routers = page.routers.get_clone();
                    view! {
                        generate::GenerateForm(plans=plans, routers=routers, busy=page.storing, progress=page.progress, scope=page.scope,
                            on_cancel=Rc::new(move || page.generating.set(false)),
                            on_made=Rc::new(move |made: tikbill_api::GeneratedBatch| {
                            page.generating.set(false);
                            page.notice.set(Some(Notice::Success(format!(
                                "Batch #{} made: {} cards, on their way to {}.",
                                made.batch.id,
                                made.batch.count,
                                made.batch.routers.join(", ")
                            ))));
                            page.printing.set(Some(PrintWhat::Batch(made.batch.id)));
                            page.reload();
                        }))
                    }
                } else {
                    view! {}
                })
                (if allowed(Permission::ManageVouchers) {
                    view! {
                        form(class="filters", id="print-day", on:submit=move |e: web_sys::SubmitEvent| {
                            e.prevent_default();
                            let day = print_day.get_clone_untracked();
                            if !day.trim().is_empty() {
                                page.printing.set(Some(PrintWhat::Day(day.trim().to_string())));
                            }
                        }) {
                            input(id="print-day-date", placeholder="2026-11-27", bind:value=print_day)
                            button(r#type="submit", id="print-day-submit") { "Print a day's cards" }
                        }
                    }
                } else {
                    view! {}
                })
                (match page.printing.get_clone() {
                    Some(what) => view! {
                        print::PrintPanel(what=what, notice=page.notice, on_close=Rc::new(move || page.printing.set(None)))
                    },
                    None => view! {},
                })
                (match page.batches.get_clone() {
                    None => view! { p(class="muted") { "Loading batches…" } },
                    Some(list) => view! {
                        BatchTable(batches=list, on_action=Rc::new(move |a| page.batch_action(a)))
                    },
                })
            },
            Tab::Cards => view! {
                form(class="filters", id="cards-filter", on:submit=search) {
                    input(id="cards-code", placeholder="Code or its start", bind:value=code)
                    select(id="cards-state", bind:value=state) {
                        (states.get_clone().into_iter().map(|(v, t)| view! { option(value=v) { (t) } }).collect::<Vec<_>>())
                    }
                    button(r#type="submit", id="cards-search") { "Search" }
                    (if allowed(Permission::ManageVouchers) {
                        view! {
                            button(r#type="button", id="cards-print", on:click=move |_| {
                                let codes: Vec<String> = page
                                    .cards
                                    .with_untracked(|c| c.as_ref().map(|p| p.cards.iter().map(|c| c.code.clone()).collect()))
                                    .unwrap_or_default();
                                if !codes.is_empty() {
                                    page.printing.set(Some(PrintWhat::Cards(codes)));
                                    page.tab.set(Tab::Batches);
                                }
                            }) { "Print these cards" }
                        }
                    } else {
                        view! {}
                    })
                }
                (match page.filter.with(|f| f.batch_id) {
                    Some(batch) => view! {
                        button(class="small", id="cards-batch-clear", on:click=move |_| {
                            page.filter.update(|f| {
                                f.batch_id = None;
                                f.after = None;
                            });
                            page.load_cards();
                        }) { (format!("Batch #{batch} only ✕")) }
                    },
                    None => view! {},
                })
                (match page.cards.get_clone() {
                    None => view! { p(class="muted") { "Loading cards…" } },
                    Some(found) => {
                        let more = found.next.is_some();
                        view! {
                            CardTable(cards=found.cards, on_action=Rc::new(move |a| page.card_action(a)))
                            (if more {
                                view! { button(id="cards-more", on:click=move |_| page.more_cards()) { "More cards" } }
                            } else {
                                view! {}
                            })
                        }
                    }
                })
            },
            Tab::Counter => view! {
                counter::Counter(notice=page.notice, on_changed=Rc::new(move || page.reload()))
            },
        })
    }
}
