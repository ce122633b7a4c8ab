//! The cashier's shift in the sidebar ("No shift open — Open shift", "Shift open since 08:02 ·
//! expected KES 3,520.00 — Close shift") and the dialogs that open and close one.

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::money::format_money;
use tikbill_api::{PdfFile, Permission, ShiftView};

use crate::components::field::TextField;
use crate::components::modal::{focus_on_mount, Modal};
use crate::format;
use crate::state::allowed;
use crate::till::{ShiftDialog, Till};

/// "Shift open since 08:02 · expected KES 3,520.00".
pub fn shift_line(shift: &ShiftView) -> String {
    format!(
        "Shift open since {} · expected {}",
        format::local_clock(&shift.opened_at),
        format_money(&shift.expected, &shift.currency)
    )
}

/// Whether the drawer was short, over or right: `(class, words)`.
pub fn difference_text(difference: &str, currency: &str) -> (&'static str, String) {
    let amount = format_money(difference, currency);
    let zero = difference
        .trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.');
    if zero {
        ("difference even", format!("{amount} (the drawer is right)"))
    } else if difference.starts_with('-') {
        ("difference short", format!("{amount} (short)"))
    } else {
        ("difference over", format!("{amount} (over)"))
    }
}

/// The shift as the sidebar shows it: `None` while it is read.
#[component(inline_props)]
pub fn ShiftSummary(
    #[prop(!optional)] shift: Option<Option<ShiftView>>,
    on_open: Rc<dyn Fn()>,
    on_close: Rc<dyn Fn(ShiftView)>,
) -> View {
    match shift {
        None => {
            view! { div(class="shift-box", id="shift-box") { span(class="shift-line") { "Reading the shift…" } } }
        }
        Some(None) => view! {
            div(class="shift-box", id="shift-box", data-testid="shift-closed") {
                span(class="shift-line", id="shift-line") { "No shift open" }
                button(class="small", id="open-shift", on:click=move |_| on_open()) { "Open shift" }
            }
        },
        Some(Some(shift)) => {
            let line = shift_line(&shift);
            view! {
                div(class="shift-box open", id="shift-box", data-testid="shift-open") {
                    span(class="shift-line", id="shift-line") { (line) }
                    button(class="small", id="close-shift", on:click=move |_| on_close(shift.clone())) { "Close shift" }
                }
            }
        }
    }
}

/// The sidebar's till: "Take payment" (F2) and the shift, for people who take payments.
#[component]
pub fn TillBox() -> View {
    let Some(till) = try_use_context::<Till>() else {
        return view! {};
    };
    view! {
        (if allowed(Permission::TakePayments) {
            let shift = till.shift.get_clone();
            view! {
                div(class="till-box") {
                    button(class="primary take-payment", id="take-payment", title="Take payment (F2)",
                        on:click=move |_| till.take_payment()) { "Take payment" span(class="key") { "F2" } }
                    ShiftSummary(
                        shift=shift,
                        on_open=Rc::new(move || till.open_shift_form()),
                        on_close=Rc::new(move |s: ShiftView| till.close_shift_form(s)),
                    )
                }
            }
        } else {
            view! {}
        })
    }
}

/// What a closed shift came to: expected, counted and the difference, with its report.
#[component(inline_props)]
pub fn ShiftOutcome(
    shift: ShiftView,
    #[prop(!optional)] report: Option<Result<PdfFile, String>>,
    on_print: Rc<dyn Fn()>,
) -> View {
    let money = |amount: &Option<String>| {
        amount
            .as_deref()
            .map(|a| format_money(a, &shift.currency))
            .unwrap_or_else(|| "—".into())
    };
    let expected = format_money(&shift.expected, &shift.currency);
    let counted = money(&shift.counted);
    let (class, difference) = match &shift.difference {
        Some(d) => difference_text(d, &shift.currency),
        None => ("difference", "—".to_string()),
    };
    let taken = shift
        .by_method
        .iter()
        .map(|t| {
            let line = format!(
                "{}: {} ({})",
                crate::till::method_label(t.method),
                format_money(&t.total, &t.currency),
                format::plural(u64::from(t.count), "payment", "payments")
            );
            view! { li { (line) } }
        })
        .collect::<Vec<_>>();
    let taken = if taken.is_empty() {
        view! {}
    } else {
        view! { ul(class="shift-methods") { (taken) } }
    };
    let print = create_node_ref();
    focus_on_mount(print);
    view! {
        div(id="shift-outcome") {
            dl(class="facts") {
                dt { "Cashier" } dd { (shift.cashier.clone()) }
                dt { "Float" } dd { (format_money(&shift.float, &shift.currency)) }
                dt { "Expected" } dd(id="shift-expected") { (expected) }
                dt { "Counted" } dd(id="shift-counted-amount") { (counted) }
                dt { "Difference" } dd(id="shift-difference", class=class) { (difference) }
            }
            (taken)
            ReportLine(report=report, id="shift-report-path")
            div(class="form-actions") {
                button(class="primary", id="print-shift-report", r#ref=print, on:click=move |_| on_print()) { "Print shift report" }
            }
        }
    }
}

/// Where a printed PDF was saved, or why it was not.
#[component(inline_props)]
pub fn ReportLine(
    #[prop(!optional)] report: Option<Result<PdfFile, String>>,
    id: &'static str,
) -> View {
    match report {
        None => view! {},
        Some(Ok(file)) => view! {
            p(class="notice success saved-path") {
                span { "Saved to " code(id=id) { (file.path) } }
            }
        },
        Some(Err(message)) => view! { p(class="notice error") { (message) } },
    }
}

/// The open and close dialogs, over whatever page is shown.
#[component]
pub fn ShiftDialogs() -> View {
    let till = use_context::<Till>();
    let forms = till.shifts;
    let close: Rc<dyn Fn()> = Rc::new(move || forms.dialog.set(None));
    view! {
        (match forms.dialog.get_clone() {
            None => view! {},
            Some(ShiftDialog::Open) => {
                let close = close.clone();
                view! {
                    Modal(id="open-shift-dialog", title="Open shift".to_string(), on_close=close) { OpenShiftForm {} }
                }
            }
            Some(ShiftDialog::Close(shift)) => {
                let title = format!("Close {}'s shift", shift.cashier);
                let close = close.clone();
                view! { Modal(id="close-shift-dialog", title=title, on_close=close) { CloseShiftForm(shift=shift) } }
            }
            Some(ShiftDialog::Closed(shift)) => {
                let (report, id, close) = (forms.report.get_clone(), shift.id, close.clone());
                view! {
                    Modal(id="shift-closed-dialog", title="Shift closed".to_string(), on_close=close) {
                        ShiftOutcome(shift=shift, report=report, on_print=Rc::new(move || till.print_shift_report(id, forms.report)))
                    }
                }
            }
        })
    }
}

/// The backend's message about a whole form, if any.
#[component(inline_props)]
pub fn FormMessage(message: Signal<Option<String>>, id: &'static str) -> View {
    view! {
        (match message.get_clone() {
            Some(m) => view! { p(class="field-error", id=id) { (m) } },
            None => view! {},
        })
    }
}

#[component]
fn OpenShiftForm() -> View {
    let till = use_context::<Till>();
    let forms = till.shifts;
    let float = create_node_ref();
    focus_on_mount(float);
    view! {
        form(novalidate=true, on:submit=move |e: web_sys::SubmitEvent| { e.prevent_default(); till.open_shift() }) {
            p(class="muted") { "Count the cash already in the drawer: the shift expects it back at the close, with the cash taken." }
            div(class="form-grid two") {
                label(class="field") {
                    span(class="field-label") { "Float (cash in the drawer)" }
                    input(id="shift-float", name="float", inputmode="decimal", placeholder="2000", r#ref=float, bind:value=forms.float)
                    crate::components::field::FieldMessage(name="float", errors=*forms.errors)
                }
                TextField(name="currency", label="Currency", value=forms.currency, errors=*forms.errors, id="shift-currency",
                    placeholder="KES", hint="The drawer's currency: cash in another is not counted into it")
            }
            FormMessage(message=forms.message, id="open-shift-error")
            div(class="form-actions") {
                button(r#type="submit", class="primary", id="open-shift-confirm", disabled=forms.busy.get()) { "Open shift" }
            }
        }
    }
}

#[component(inline_props)]
fn CloseShiftForm(shift: ShiftView) -> View {
    let till = use_context::<Till>();
    let forms = till.shifts;
    let counted = create_node_ref();
    focus_on_mount(counted);
    let expected = format_money(&shift.expected, &shift.currency);
    let since = format::local_time(&shift.opened_at);
    let id = shift.id;
    view! {
        form(novalidate=true, on:submit=move |e: web_sys::SubmitEvent| { e.prevent_default(); till.close_shift(id) }) {
            dl(class="facts") {
                dt { "Open since" } dd { (since) }
                dt { "Payments" } dd { (shift.payments) }
                dt { "Expected in the drawer" } dd(id="close-shift-expected") { (expected) }
            }
            div(class="form-grid two") {
                label(class="field") {
                    span(class="field-label") { (format!("Cash counted ({})", shift.currency)) }
                    input(id="shift-counted", name="counted", inputmode="decimal", r#ref=counted, bind:value=forms.counted)
                    crate::components::field::FieldMessage(name="counted", errors=*forms.errors)
                }
                TextField(name="note", label="Note", value=forms.note, errors=*forms.errors, id="shift-note",
                    hint="Why the drawer is short or over, or why you close another's shift")
            }
            FormMessage(message=forms.message, id="close-shift-error")
            div(class="form-actions") {
                button(r#type="submit", class="primary", id="close-shift-confirm", disabled=forms.busy.get()) { "Close shift" }
            }
        }
    }
}
