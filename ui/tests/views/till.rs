use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::{CustomerStatus, FieldError, PaymentState, PdfFile, ReceiptPaper, StaffRole};
use tikbill_ui::components::shift_box::{difference_text, shift_line, ShiftOutcome, ShiftSummary};
use tikbill_ui::components::sidebar::Sidebar;
use tikbill_ui::components::take_payment::{CustomerResults, PaymentOutcome, TakePaymentDialog};
use tikbill_ui::pages::customers::{credit_text, CustomerMoney};
use tikbill_ui::pages::settings::{paper_options, ReceiptsCard, ReceiptsForm};
use tikbill_ui::state::{AppState, Page};
use tikbill_ui::till::Till;

use crate::customers::customer;
use crate::payments::{contains_all, payment, plan, shift};

/// The dialog as `prepare` leaves the till, for a cashier.
fn dialog(prepare: impl FnOnce(Till) + 'static) -> String {
    sycamore::render_to_string(move || {
        provide_context(AppState::signed_in_as(Page::Customers, StaffRole::Cashier));
        let till = Till::new();
        provide_context(till);
        prepare(till);
        view! { TakePaymentDialog {} }
    })
}

#[test]
fn take_payment_opens_on_the_search() {
    let closed = dialog(|_| {});
    assert!(!closed.contains("take-payment-dialog"), "closed: {closed}");
    let html = dialog(|till| till.take.step.set(Some(tikbill_ui::till::TakeStep::Search)));
    contains_all(
        &html,
        &[
            "id=\"take-payment-dialog\"",
            "role=\"dialog\"",
            "id=\"take-payment-search\"",
            "Type a user name, phone number or name",
        ],
        "the dialog opens on the search, focused",
    );
}

#[test]
fn the_results_mark_the_one_enter_picks() {
    let html = sycamore::render_to_string(|| {
        let results = vec![
            customer(3, "ayu", CustomerStatus::Active),
            customer(4, "ayub", CustomerStatus::Expired),
        ];
        view! { CustomerResults(results=results, highlighted=1, typed=true, on_pick=Rc::new(|_| {})) }
    });
    assert_eq!(html.matches("highlighted").count(), 1, "{html}");
    let second = html
        .find("id=\"take-payment-result-1\"")
        .expect("two results");
    let marked = html.find("search-result highlighted").expect("one marked");
    assert!(
        (second as isize - marked as isize).abs() < 80,
        "the second is marked: {html}"
    );
    assert!(
        html.contains("+62 812 3456 7890"),
        "the phone helps pick: {html}"
    );
    let none = sycamore::render_to_string(|| {
        view! { CustomerResults(results=Vec::new(), highlighted=0, typed=true, on_pick=Rc::new(|_| {})) }
    });
    assert!(none.contains("No customer matches."), "{none}");
}

#[test]
fn picking_a_customer_prefills_one_period_of_their_plan_in_cash() {
    let seen = Rc::new(std::cell::RefCell::new(None));
    let out = seen.clone();
    let html = dialog(move |till| {
        till.take.profiles.set(vec![plan()]);
        till.take
            .results
            .set(vec![customer(3, "ayu", CustomerStatus::Active)]);
        till.pick_highlighted();
        *out.borrow_mut() = Some((
            till.take.amount.get_clone_untracked(),
            till.take.currency.get_clone_untracked(),
            till.take.method.get_clone_untracked(),
            till.take.periods.get_clone_untracked(),
        ));
    });
    assert_eq!(
        seen.borrow().clone(),
        Some(("1500".into(), "KES".into(), "cash".into(), "1".into())),
        "the plan's price × 1 period, its currency, cash"
    );
    contains_all(
        &html,
        &[
            "Take payment from ayu",
            "Home 10M · KES 1,500.00 for 30 days",
            "id=\"take-payment-amount\"",
            "id=\"take-payment-currency\"",
            "id=\"take-payment-method\"",
            "id=\"take-payment-reference\"",
            "id=\"take-payment-confirm\"",
            "Mobile money",
        ],
        "the confirm step's fields",
    );
    assert!(
        !html.contains("Payment gateway"),
        "a gateway's payments are not taken at the counter: {html}"
    );
}

#[test]
fn field_errors_show_under_their_fields_and_a_missing_shift_offers_to_open_one() {
    let html = dialog(|till| {
        till.pick(customer(3, "ayu", CustomerStatus::Active));
        till.take.errors.set(vec![
            FieldError {
                field: "amount".into(),
                message: "1,000.00 is less than the plan's price".into(),
            },
            FieldError {
                field: "method".into(),
                message: "Open a shift first: cash goes into a cashier's drawer.".into(),
            },
        ]);
    });
    contains_all(
        &html,
        &[
            "id=\"error-amount\"",
            "less than the plan's price",
            "id=\"error-method\"",
            "id=\"take-payment-open-shift\"",
        ],
        "each error under its field, and the way out",
    );
}

#[test]
fn after_recording_the_receipt_number_expiry_and_credit_show_with_print() {
    let mut paid = payment(9, PaymentState::Applied);
    paid.credit_added = "500".into();
    let mut now = customer(3, "ayu", CustomerStatus::Active);
    now.expires_at = Some("2027-01-23T08:00:00+00:00".into());
    let file = PdfFile {
        path: "/receipts/R-000042.pdf".into(),
        bytes: 1_024,
    };
    let html = sycamore::render_to_string(move || {
        view! {
            PaymentOutcome(payment=paid, customer=Some(now), receipt=Some(Ok(file)),
                on_print=Rc::new(|| {}), on_another=Rc::new(|| {}), on_close=Rc::new(|| {}))
        }
    });
    contains_all(
        &html,
        &[
            "R-000042: KES 1,500.00 by mobile money for ayu.",
            "id=\"take-payment-expiry\"",
            "Until 2027-01-23 08:00 UTC",
            "id=\"take-payment-credit\"",
            "KES 500.00",
            "id=\"print-receipt\"",
            "id=\"receipt-path\"",
            "/receipts/R-000042.pdf",
        ],
        "what recording did, with the receipt",
    );
    assert!(
        !html.contains("take-payment-credit-used"),
        "no credit used, no line: {html}"
    );
}

#[test]
fn the_shift_box_says_whether_a_shift_is_open() {
    let render = |state: Option<Option<tikbill_api::ShiftView>>| {
        sycamore::render_to_string(move || {
            view! { ShiftSummary(shift=state, on_open=Rc::new(|| {}), on_close=Rc::new(|_| {})) }
        })
    };
    let none = render(Some(None));
    assert!(
        none.contains("No shift open") && none.contains("id=\"open-shift\""),
        "{none}"
    );
    let open = render(Some(Some(shift(2, 1, false))));
    assert!(
        open.contains("Shift open since 08:02 UTC · expected KES 3,520.00"),
        "{open}"
    );
    assert!(open.contains("id=\"close-shift\""), "{open}");
    assert_eq!(
        shift_line(&shift(2, 1, false)),
        "Shift open since 08:02 UTC · expected KES 3,520.00"
    );
}

#[test]
fn a_closed_shift_shows_expected_counted_and_the_difference() {
    let html = sycamore::render_to_string(|| {
        view! { ShiftOutcome(shift=shift(2, 1, true), report=None, on_print=Rc::new(|| {})) }
    });
    contains_all(
        &html,
        &[
            "id=\"shift-expected\"",
            "KES 3,520.00",
            "id=\"shift-counted-amount\"",
            "KES 3,500.00",
            "id=\"shift-difference\"",
            "KES -20.00 (short)",
            "Cash: KES 1,520.00 (2 payments)",
            "id=\"print-shift-report\"",
        ],
        "a closed shift's count",
    );
    for (difference, class) in [
        ("-20", "difference short"),
        ("15.5", "difference over"),
        ("0.00", "difference even"),
    ] {
        assert_eq!(difference_text(difference, "KES").0, class, "{difference}");
    }
}

#[test]
fn the_sidebar_offers_take_payment_and_the_shift_to_those_who_take_payments() {
    let sidebar = |role: StaffRole| {
        sycamore::render_to_string(move || {
            provide_context(AppState::signed_in_as(Page::Dashboard, role));
            let till = Till::new();
            till.shift.set(Some(None));
            provide_context(till);
            view! { Sidebar {} }
        })
    };
    let cashier = sidebar(StaffRole::Cashier);
    contains_all(
        &cashier,
        &[
            "id=\"take-payment\"",
            "F2",
            "id=\"open-shift\"",
            "nav-payments",
        ],
        "the till's buttons",
    );
    let viewer = sidebar(StaffRole::Viewer);
    assert!(
        viewer.contains("nav-payments"),
        "a viewer sees payments: {viewer}"
    );
    assert!(
        !viewer.contains("id=\"take-payment\"") && !viewer.contains("shift-box"),
        "a viewer takes none: {viewer}"
    );
}

#[test]
fn a_customers_page_shows_their_credit_and_payments() {
    let html = sycamore::render_to_string(|| {
        provide_context(AppState::signed_in_as(Page::Customers, StaffRole::Cashier));
        let credit = vec![("KES".to_string(), "500".to_string())];
        let payments = vec![payment(9, PaymentState::Applied)];
        view! {
            CustomerMoney(credit=Some(Ok(credit)), payments=Some(Ok(payments)),
                on_take=Rc::new(|| {}), on_open=Rc::new(|_| {}))
        }
    });
    contains_all(
        &html,
        &[
            "id=\"customer-payments\"",
            "id=\"customer-credit\"",
            "KES 500.00",
            "id=\"customer-take-payment\"",
            "id=\"customer-payments-table\"",
            "R-000042",
        ],
        "their money on their page",
    );
    assert_eq!(
        credit_text(&[("KES".into(), "0".into())]),
        "None",
        "no credit held"
    );
    assert_eq!(
        credit_text(&[("KES".into(), "500".into()), ("USD".into(), "2".into())]),
        "KES 500.00 · USD 2.00"
    );
}

#[test]
fn receipt_settings_offer_the_header_footer_paper_and_logo() {
    let html = sycamore::render_to_string(|| {
        provide_context(AppState::signed_in_as(Page::Settings, StaffRole::Owner));
        let form = ReceiptsForm::new(create_signal(None));
        form.has_logo.set(true);
        view! { ReceiptsCard(form=form) }
    });
    contains_all(
        &html,
        &[
            "id=\"receipt-office-name\"",
            "id=\"receipt-line-1\"",
            "id=\"receipt-line-4\"",
            "id=\"receipt-footer\"",
            "id=\"receipt-paper\"",
            "80 mm roll",
            "58 mm roll",
            "A5 sheet",
            "id=\"receipt-logo-file\"",
            "id=\"receipt-logo-remove\"",
            "id=\"save-receipts\"",
        ],
        "every receipt setting",
    );
    assert_eq!(
        paper_options().first().map(|(v, _)| v.as_str()),
        Some(ReceiptPaper::Thermal80.as_str())
    );
}
