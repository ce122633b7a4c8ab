//! Printing cards: the layout, an optional note, the QR code on or off, the live preview (the
//! first page as the PDF will print it, drawn from the same layout) and "Save PDF".

use sycamore::prelude::*;
use tikbill_api::command::{
    OpenExportedFile, PreviewVouchers, PrintVouchers, SaveVouchersAs, WithInput,
};
use tikbill_api::{VoucherPreview, VoucherPrintRequest, VOUCHER_LAYOUTS};

use crate::components::notice::Notice;
use crate::ipc::invoke;
use crate::scope::PageScope;

/// What to print: a batch, or cards by code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PrintWhat {
    Batch(i64),
    Cards(Vec<String>),
    /// Every card made on this day (`2026-11-27`, the office's clock).
    Day(String),
}

/// A layout's name as people read it.
pub fn layout_title(name: &str) -> &'static str {
    match name {
        "a4" => "A4 sheet",
        "letter" => "US Letter sheet",
        "avery-l7160" => "Avery L7160 labels (3 × 7)",
        "avery-5160" => "Avery 5160 labels (3 × 10)",
        "thermal-58" => "58 mm thermal roll",
        "thermal-80" => "80 mm thermal roll",
        _ => "layout",
    }
}

#[component(inline_props)]
pub fn PrintPanel(
    what: PrintWhat,
    notice: Signal<Option<Notice>>,
    on_close: std::rc::Rc<dyn Fn()>,
) -> View {
    let layout = create_signal("a4".to_string());
    let note = create_signal(String::new());
    let qr = create_signal(true);
    let preview = create_signal(None::<VoucherPreview>);
    let problem = create_signal(None::<String>);
    let saving = create_signal(false);
    let saved = create_signal(None::<String>);
    let scope = PageScope::current();
    let title = match &what {
        PrintWhat::Batch(id) => format!("Print batch #{id}"),
        PrintWhat::Cards(codes) if codes.len() == 1 => format!("Print card {}", codes[0]),
        PrintWhat::Cards(codes) => format!("Print {} cards", codes.len()),
        PrintWhat::Day(day) => format!("Print the cards made on {day}"),
    };
    let request = move |what: &PrintWhat| {
        let (batch_id, codes, made_on) = match what {
            PrintWhat::Batch(id) => (Some(*id), Vec::new(), None),
            PrintWhat::Cards(codes) => (None, codes.clone(), None),
            PrintWhat::Day(day) => (None, Vec::new(), Some(day.clone())),
        };
        let note = note.get_clone_untracked();
        VoucherPrintRequest {
            batch_id,
            codes,
            made_on,
            layout: layout.get_clone_untracked(),
            note: (!note.trim().is_empty()).then_some(note),
            qr: qr.get_untracked(),
        }
    };
    // Answers may come back out of order (layouts switched quickly): only the latest shows.
    let asked = create_signal(0u32);
    let refresh = {
        let what = what.clone();
        move || {
            let input = request(&what);
            asked.update(|n| *n = n.wrapping_add(1));
            let mine = asked.get_untracked();
            scope.spawn(async move {
                let answer = invoke::<PreviewVouchers>(&WithInput { input }).await;
                if asked.get_untracked() != mine {
                    return;
                }
                match answer {
                    Ok(p) => {
                        problem.set(None);
                        preview.set(Some(p));
                    }
                    Err(e) => problem.set(Some(e.message)),
                }
            });
        }
    };
    refresh();
    let options = VOUCHER_LAYOUTS
        .into_iter()
        .map(|name| {
            let selected = name == "a4";
            view! { option(value=name, selected=selected) { (layout_title(name)) } }
        })
        .collect::<Vec<_>>();
    let (on_layout, on_qr, on_note) = (refresh.clone(), refresh.clone(), refresh.clone());
    let save = {
        let what = what.clone();
        move |_| {
            let input = request(&what);
            saving.set(true);
            scope.spawn(async move {
                let result = invoke::<PrintVouchers>(&WithInput { input }).await;
                saving.set(false);
                match result {
                    Ok(file) => {
                        notice.set(Some(Notice::Success(format!(
                            "Saved the cards as {} ({} KB): open it to print.",
                            file.path,
                            file.bytes.div_ceil(1024)
                        ))));
                        saved.set(Some(file.path));
                    }
                    Err(e) => problem.set(Some(e.message)),
                }
            });
        }
    };
    let save_as = {
        let what = what.clone();
        move |_| {
            if saving.get_untracked() {
                return;
            }
            let input = request(&what);
            saving.set(true);
            scope.spawn(async move {
                let answer = invoke::<SaveVouchersAs>(&WithInput { input }).await;
                saving.set(false);
                match answer {
                    Ok(Some(file)) => {
                        notice.set(Some(Notice::Success(format!(
                            "Saved the cards as {}.",
                            file.path
                        ))));
                    }
                    Ok(None) => {}
                    Err(e) => problem.set(Some(e.message)),
                }
            });
        }
    };
    let open = move |_| {
        let Some(path) = saved.get_clone_untracked() else {
            return;
        };
        scope.spawn(async move {
            match invoke::<OpenExportedFile>(&WithInput { input: path }).await {
                Ok(said) => notice.set(Some(Notice::Success(said))),
                Err(e) => problem.set(Some(e.message)),
            }
        });
    };
    let shown = move || match preview.get_clone() {
        None => view! { p(class="muted") { "Drawing the preview…" } },
        Some(p) => {
            let said = format!(
                "{} {} on {} {} — the first page:",
                p.cards,
                if p.cards == 1 { "card" } else { "cards" },
                p.pages,
                if p.pages == 1 { "page" } else { "pages" }
            );
            let svg = p.svg.clone();
            view! {
                p(class="muted", id="voucher-preview-summary") { (said) }
                div(class="voucher-preview", id="voucher-preview", dangerously_set_inner_html=svg) {}
            }
        }
    };
    view! {
        section(class="card form-card", id="print-vouchers") {
            h2 { (title) }
            div(class="form-grid") {
                label(class="field") {
                    span(class="field-label") { "Layout" }
                    select(id="print-layout", bind:value=layout, on:change=move |_| on_layout()) { (options) }
                }
                label(class="field") {
                    span(class="field-label") { "Note on every card" }
                    input(id="print-note", bind:value=note, on:change=move |_| on_note(), placeholder="Connect to Office-WiFi")
                }
                label(class="check") {
                    input(r#type="checkbox", id="print-qr", bind:checked=qr, on:change=move |_| on_qr())
                    "Auto-login QR code (routers with a hotspot address)"
                }
            }
            (move || match problem.get_clone() {
                Some(m) => view! { p(class="field-error", id="print-error") { (m) } },
                None => view! {},
            })
            (shown)
            (move || match saved.get_clone() {
                Some(path) => view! {
                    p(class="saved-file", id="print-saved") {
                        "Saved: " (path) " "
                        button(class="small", id="print-open", on:click=open) { "Open to print" }
                    }
                },
                None => view! {},
            })
            div(class="form-actions") {
                button(class="primary", id="print-save", disabled=move || saving.get(), on:click=save) { "Save PDF" }
                button(id="print-save-as", disabled=move || saving.get(), on:click=save_as) { "Save as…" }
                button(id="print-close", on:click=move |_| on_close()) { "Close" }
            }
        }
    }
}
