//! What receipts show: the office's name, up to four header lines, a footer, the paper, and
//! the logo (a PNG or JPEG file chosen on this computer).

use sycamore::prelude::*;
use tikbill_api::command::{
    GetReceiptSettings, NoArgs, SaveReceiptSettings, SetOfficeLogo, WithInput,
};
use tikbill_api::{FieldError, LogoInput, Permission, ReceiptPaper, ReceiptSettings};

use crate::components::field::{FieldMessage, SelectField, TextField};
use crate::components::notice::Notice;
use crate::ipc::invoke;
use crate::scope::PageScope;
use crate::state::allowed;

/// Header lines a receipt has room for.
pub const HEADER_LINES: usize = 4;

/// `bytes` in standard base64 with padding (RFC 4648).
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> shift) as usize & 63]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The papers as the form offers them: `(value, text)`.
pub fn paper_options() -> Vec<(String, String)> {
    ReceiptPaper::ALL
        .into_iter()
        .map(|p| (p.as_str().to_string(), p.label().to_string()))
        .collect()
}

/// The receipts form as typed.
#[derive(Clone, Copy)]
pub struct ReceiptsForm {
    pub office_name: Signal<String>,
    pub lines: [Signal<String>; HEADER_LINES],
    pub footer: Signal<String>,
    /// A [`ReceiptPaper`] name.
    pub paper: Signal<String>,
    pub has_logo: Signal<bool>,
    pub errors: Signal<Vec<FieldError>>,
    pub busy: Signal<bool>,
    notice: Signal<Option<Notice>>,
    scope: PageScope,
}

impl ReceiptsForm {
    /// `notice` is where the page says how a save went.
    pub fn new(notice: Signal<Option<Notice>>) -> Self {
        Self {
            office_name: create_signal(String::new()),
            lines: std::array::from_fn(|_| create_signal(String::new())),
            footer: create_signal(String::new()),
            paper: create_signal(ReceiptPaper::default().as_str().to_string()),
            has_logo: create_signal(false),
            errors: create_signal(Vec::new()),
            busy: create_signal(false),
            notice,
            scope: PageScope::current(),
        }
    }

    fn show(self, saved: ReceiptSettings) {
        batch(|| {
            self.office_name.set(saved.office_name);
            for (i, line) in self.lines.iter().enumerate() {
                line.set(saved.lines.get(i).cloned().unwrap_or_default());
            }
            self.footer.set(saved.footer);
            self.paper.set(saved.paper.as_str().to_string());
            self.has_logo.set(saved.has_logo);
        });
    }

    pub fn load(self) {
        self.scope.spawn(async move {
            match invoke::<GetReceiptSettings>(&NoArgs {}).await {
                Ok(saved) => self.show(saved),
                Err(e) => self.notice.set(Some(Notice::Error(e.message))),
            }
        });
    }

    /// The settings as typed: empty header lines left out.
    pub fn settings(self) -> ReceiptSettings {
        ReceiptSettings {
            office_name: self.office_name.get_clone_untracked().trim().to_string(),
            lines: self
                .lines
                .iter()
                .map(|l| l.get_clone_untracked().trim().to_string())
                .filter(|l| !l.is_empty())
                .collect(),
            footer: self.footer.get_clone_untracked().trim().to_string(),
            paper: ReceiptPaper::parse(&self.paper.get_clone_untracked()).unwrap_or_default(),
            has_logo: self.has_logo.get_untracked(),
        }
    }

    pub fn save(self) {
        let input = self.settings();
        self.busy.set(true);
        self.errors.set(Vec::new());
        self.scope.spawn(async move {
            let answer = invoke::<SaveReceiptSettings>(&WithInput { input }).await;
            self.busy.set(false);
            match answer {
                Ok(saved) => {
                    self.show(saved);
                    self.notice.set(Some(Notice::Success(
                        "Saved: receipts print this from now on.".into(),
                    )));
                }
                Err(e) => {
                    self.errors.set(e.fields.clone());
                    self.notice.set(Some(Notice::Error(e.message)));
                }
            }
        });
    }

    /// Sets the logo to the file chosen in `input`, or removes it (`None`).
    fn set_logo(self, input: Option<NodeRef>) {
        // The element itself, before anything redraws.
        let input = input.map(|node| node.try_get());
        self.busy.set(true);
        self.errors.set(Vec::new());
        self.scope.spawn(async move {
            let base64 = match input {
                None => None,
                Some(node) => match crate::file::chosen_bytes(node).await {
                    Ok(Some(bytes)) => Some(base64(&bytes)),
                    Ok(None) => {
                        self.busy.set(false);
                        return;
                    }
                    Err(message) => {
                        self.busy.set(false);
                        self.notice.set(Some(Notice::Error(message)));
                        return;
                    }
                },
            };
            let removing = base64.is_none();
            let answer = invoke::<SetOfficeLogo>(&WithInput {
                input: LogoInput { base64 },
            })
            .await;
            self.busy.set(false);
            match answer {
                Ok(saved) => {
                    self.has_logo.set(saved.has_logo);
                    let said = if removing {
                        "The logo was removed from receipts."
                    } else {
                        "The logo is printed on receipts from now on."
                    };
                    self.notice.set(Some(Notice::Success(said.into())));
                }
                Err(e) => {
                    self.errors.set(e.fields.clone());
                    self.notice.set(Some(Notice::Error(e.message)));
                }
            }
        });
    }
}

/// The Receipts section of Settings.
#[component(inline_props)]
pub fn ReceiptsCard(form: ReceiptsForm) -> View {
    let errors = *form.errors;
    let papers = create_signal(paper_options());
    let editable = allowed(Permission::EditSettings);
    let file = create_node_ref();
    const LINE_IDS: [&str; HEADER_LINES] = [
        "receipt-line-1",
        "receipt-line-2",
        "receipt-line-3",
        "receipt-line-4",
    ];
    let lines = form
        .lines
        .iter()
        .zip(LINE_IDS)
        .enumerate()
        .map(|(i, (line, id))| {
            let placeholder = ["Moi Avenue 12, Nairobi", "+254 700 000 000", "", ""][i];
            view! {
                label(class="field") {
                    span(class="field-label") { (format!("Header line {}", i + 1)) }
                    input(id=id, name="lines", placeholder=placeholder, bind:value=*line)
                }
            }
        })
        .collect::<Vec<_>>();
    // The file input is made once: redrawing it (while busy, say) would drop the chosen file.
    let logo_input = if editable {
        view! {
            input(id="receipt-logo-file", r#type="file", accept="image/png,image/jpeg", r#ref=file,
                disabled=form.busy.get(), on:change=move |_| form.set_logo(Some(file)))
        }
    } else {
        view! {}
    };
    let remove = move || {
        if editable && form.has_logo.get() {
            view! {
                button(r#type="button", class="small", id="receipt-logo-remove", disabled=form.busy.get(),
                    on:click=move |_| form.set_logo(None)) { "Remove logo" }
            }
        } else {
            view! {}
        }
    };
    let logo = view! {
        div(class="logo-row", id="receipt-logo") {
            span(id="receipt-logo-state") { (if form.has_logo.get() { "A logo is set." } else { "No logo." }) }
            (logo_input)
            (remove())
        }
    };
    view! {
        section(class="card form-card", id="receipt-settings") {
            h2 { "Receipts" }
            p(class="muted") { "What every receipt shows above and below the payment, and the paper it is printed on." }
            form(novalidate=true, on:submit=move |e: web_sys::SubmitEvent| { e.prevent_default(); form.save() }) {
                div(class="form-grid") {
                    TextField(name="office_name", label="Office name", value=form.office_name, errors=errors,
                        id="receipt-office-name", placeholder="Nairobi Net")
                    SelectField(name="paper", label="Paper", id="receipt-paper", value=form.paper, errors=errors, options=*papers)
                    TextField(name="footer", label="Footer", value=form.footer, errors=errors,
                        id="receipt-footer", placeholder="Thank you!")
                    div {}
                    (lines)
                }
                div { FieldMessage(name="lines", errors=errors, hint="Up to four lines: address, phone, tax number…") }
                div { FieldMessage(name="logo", errors=errors, hint="The logo: a PNG or JPEG file, printed at the top") }
                (logo)
                (if editable {
                    view! {
                        div(class="form-actions") {
                            button(r#type="submit", class="primary", id="save-receipts", disabled=form.busy.get()) { "Save" }
                        }
                    }
                } else {
                    view! {}
                })
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_follows_rfc_4648() {
        for (input, expect) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expect, "base64({input:?})");
        }
        assert_eq!(
            base64(&[0xff, 0xfe, 0x00]),
            "//4A",
            "the alphabet's last two"
        );
    }
}
