//! Bulk activation on the Customers list: the boxes to tick, the bar that counts them, and what
//! the backend refused.

use std::rc::Rc;

use sycamore::prelude::*;
use tikbill_api::{BulkOutcome, BulkRefusal, CustomerPage, CustomerStatus};
use tikbill_ui::components::notice::Notice;
use tikbill_ui::pages::customers::{activation_report, BulkBar, BulkRefusals, Selection};

use crate::customers::{customer, table_with, tag_of};

fn page_of(n: i64) -> CustomerPage {
    CustomerPage {
        items: (1..=n)
            .map(|i| customer(i, &format!("user{i:02}"), CustomerStatus::Pending))
            .collect(),
        total: 120,
        page: 1,
        page_size: 50,
    }
}

fn ticked(tag: &str) -> bool {
    tag.contains(" checked")
}

#[test]
fn every_row_has_a_box_and_the_header_ticks_the_page() {
    let html = table_with(page_of(50), false, &[]);
    assert_eq!(
        html.matches("class=\"customer-select\"").count(),
        50,
        "one box per customer on the page: {html}"
    );
    for id in [1, 27, 50] {
        let tag = tag_of(&html, &format!("select-customer-{id}"));
        assert!(tag.contains("type=\"checkbox\""), "{tag}");
        assert!(!ticked(tag), "nothing is ticked at first: {tag}");
    }
    assert!(
        tag_of(&html, "select-customer-1").contains("aria-label=\"Select user01\""),
        "a screen reader says whose box it is"
    );
    assert!(
        !ticked(tag_of(&html, "select-page")),
        "the header's box starts clear"
    );

    let some = table_with(page_of(3), false, &[2]);
    assert!(ticked(tag_of(&some, "select-customer-2")), "{some}");
    assert!(!ticked(tag_of(&some, "select-customer-1")), "{some}");
    assert!(
        tag_of(&some, "customer-row-2").contains("customer-row selected"),
        "a ticked row stands out: {some}"
    );
    assert!(
        !ticked(tag_of(&some, "select-page")),
        "part of the page is not all of it"
    );

    let all = table_with(page_of(3), false, &[3, 1, 2]);
    assert!(
        ticked(tag_of(&all, "select-page")),
        "every row ticked ticks the header: {all}"
    );
}

#[test]
fn the_header_box_ticks_and_clears_the_page() {
    let _ = create_root(|| {
        let selection = Selection::new();
        let page = [4, 5, 6];
        selection.toggle(5);
        assert!(!selection.covers(&page), "one of three");
        selection.toggle_page(&page);
        assert_eq!(
            selection.ids_untracked(),
            vec![5, 4, 6],
            "ticks the rest, once each"
        );
        assert!(selection.covers(&page));
        selection.toggle_page(&page);
        assert_eq!(selection.count(), 0, "a second click clears the page");
        assert!(!selection.covers(&[]), "an empty page is never all ticked");

        selection.toggle_page(&page);
        selection.toggle(5);
        assert_eq!(selection.ids_untracked(), vec![4, 6], "a box unticks");
        selection.keep_only(&[6, 7]);
        assert_eq!(
            selection.ids_untracked(),
            vec![6],
            "after the page is read again, only who is still on it"
        );
        selection.clear();
        assert_eq!(selection.count(), 0);
    });
}

fn bar(count: usize, busy: bool) -> String {
    sycamore::render_to_string(move || {
        view! { BulkBar(count=count, busy=busy, on_activate=Rc::new(|| {}), on_clear=Rc::new(|| {})) }
    })
}

#[test]
fn the_bar_counts_the_selection_only_when_there_is_one() {
    let none = bar(0, false);
    assert!(
        !none.contains("bulk-actions") && !none.contains("activate-selected"),
        "no bar while nothing is ticked: {none}"
    );
    for (count, expect) in [
        (1, "1 selected"),
        (12, "12 selected"),
        (1200, "1,200 selected"),
    ] {
        let html = bar(count, false);
        assert!(html.contains("id=\"bulk-actions\""), "{html}");
        assert!(
            html.contains(&format!(">{expect}<")),
            "{count} ticked reads {expect:?}: {html}"
        );
        let button = tag_of(&html, "activate-selected");
        assert!(!button.contains("disabled"), "{button}");
        assert!(html.contains("Activate selected"), "{html}");
    }
    let busy = bar(3, true);
    assert!(
        tag_of(&busy, "activate-selected").contains("disabled"),
        "one activation at a time: {busy}"
    );
    assert!(busy.contains("Activating…"), "{busy}");
}

fn refusal(customer_id: i64, reason: &str) -> BulkRefusal {
    BulkRefusal {
        customer_id,
        reason: reason.into(),
    }
}

/// The notice and refusal lines for `outcome`, with `ayu` (1) and `budi` (2) on the page.
fn check(outcome: BulkOutcome, notice: Notice, lines: &[&str], why: &str) {
    let names = [(1, "ayu".to_string()), (2, "budi".to_string())];
    let report = activation_report(&outcome, &names);
    assert_eq!(report.notice, notice, "{why}");
    assert_eq!(report.refusals, lines, "{why}");
    let html = sycamore::render_to_string(move || view! { BulkRefusals(lines=report.refusals) });
    if lines.is_empty() {
        assert!(!html.contains("bulk-refusals"), "{why}: {html}");
    } else {
        assert!(html.contains("id=\"bulk-refusals\""), "{why}: {html}");
        assert_eq!(
            html.matches("class=\"bulk-refusal\"").count(),
            lines.len(),
            "{why}: one line per refusal: {html}"
        );
        for line in lines {
            assert!(html.contains(line), "{why}: shows {line:?}: {html}");
        }
    }
}

#[test]
fn the_outcome_says_how_many_and_who_was_refused_and_why() {
    check(
        BulkOutcome {
            changed: (1..=12).collect(),
            refused: Vec::new(),
        },
        Notice::Success("Activated 12 customers.".into()),
        &[],
        "all activated",
    );
    check(
        BulkOutcome {
            changed: vec![3],
            refused: Vec::new(),
        },
        Notice::Success("Activated 1 customer.".into()),
        &[],
        "one",
    );
    check(
        BulkOutcome {
            changed: vec![3, 4],
            refused: vec![
                refusal(
                    1,
                    "Ayu Lestari is already active until 2026-11-26 15:00 WIB. Extend the plan to add time.",
                ),
                refusal(
                    42,
                    "Customer #42 does not exist (it may have been deleted).",
                ),
            ],
        },
        Notice::Warning("Activated 2 customers; 2 refused.".into()),
        &[
            "ayu: Ayu Lestari is already active until 2026-11-26 15:00 WIB. Extend the plan to add time.",
            "#42: Customer #42 does not exist (it may have been deleted).",
        ],
        "a customer not on the page is named by id",
    );
    check(
        BulkOutcome {
            changed: Vec::new(),
            refused: vec![refusal(2, "budi's profile no longer exists.")],
        },
        Notice::Warning("No customers activated; 1 refused.".into()),
        &["budi: budi's profile no longer exists."],
        "nothing activated",
    );
}
