//! Reports: money, customers, routers, plans and cards over a range of the office's days, as
//! figures, charts and tables, exported as CSV or PDF; and the daily reports.

mod daily;
pub mod result;

use sycamore::prelude::*;
use tikbill_api::command::{
    ExportReportCsv, ListDailyReports, NoArgs, OpenExportedFile, PrintReport, RunReport, WithInput,
};
use tikbill_api::{
    DailyReportView, FieldError, ReportKind, ReportPeriod, ReportRequest, ReportView, RevenueBy,
};

pub use daily::{money_line, DailyReports};
pub use result::ReportResult;

use crate::components::field::{SelectField, TextField};
use crate::components::notice::{Notice, NoticeBar};
use crate::components::page_header::PageHeader;
use crate::ipc::invoke;
use crate::scope::PageScope;
use crate::state::{AppState, Page};

fn options<T: Copy>(
    all: &[T],
    value: fn(T) -> &'static str,
    text: fn(T) -> String,
) -> Vec<(String, String)> {
    all.iter()
        .map(|t| (value(*t).to_string(), text(*t)))
        .collect()
}

/// Today and the first of its month, `YYYY-MM-DD`, on this computer's clock.
#[cfg(target_arch = "wasm32")]
fn this_month() -> (String, String) {
    let now = js_sys::Date::new_0();
    let (y, m, d) = (now.get_full_year(), now.get_month() + 1, now.get_date());
    (format!("{y:04}-{m:02}-01"), format!("{y:04}-{m:02}-{d:02}"))
}

#[cfg(not(target_arch = "wasm32"))]
fn this_month() -> (String, String) {
    (String::new(), String::new())
}

#[derive(Clone, Copy)]
struct ReportsPageState {
    kind: Signal<String>,
    from: Signal<String>,
    to: Signal<String>,
    period: Signal<String>,
    by: Signal<String>,
    errors: Signal<Vec<FieldError>>,
    shown: Signal<Option<ReportView>>,
    busy: Signal<bool>,
    /// Which run is the newest: an older one finishing later is dropped.
    run_id: Signal<u32>,
    /// Why the last run gave nothing.
    failed: Signal<Option<String>>,
    daily: Signal<Vec<DailyReportView>>,
    notice: Signal<Option<Notice>>,
    scope: PageScope,
    app: AppState,
}

impl ReportsPageState {
    fn request(self) -> ReportRequest {
        ReportRequest {
            kind: ReportKind::parse(&self.kind.get_clone_untracked())
                .unwrap_or(ReportKind::Revenue),
            from: self.from.get_clone_untracked(),
            to: self.to.get_clone_untracked(),
            period: ReportPeriod::parse(&self.period.get_clone_untracked()).unwrap_or_default(),
            by: RevenueBy::parse(&self.by.get_clone_untracked()).unwrap_or_default(),
            theme: self.app.theme.get_untracked(),
        }
    }

    fn run(self) {
        let request = self.request();
        let id = self.run_id.get_untracked().wrapping_add(1);
        self.run_id.set(id);
        self.busy.set(true);
        self.scope.spawn(async move {
            let answer = invoke::<RunReport>(&WithInput { input: request }).await;
            if self.run_id.get_untracked() != id {
                return;
            }
            match answer {
                Ok(view) => {
                    self.errors.set(Vec::new());
                    self.failed.set(None);
                    self.shown.set(Some(view));
                }
                Err(e) => {
                    self.errors.set(e.fields.clone());
                    self.failed.set(Some(e.message.clone()));
                    self.notice.set(Some(Notice::Error(e.message)));
                }
            }
            self.busy.set(false);
        });
    }

    fn export(self, pdf: bool) {
        let request = self.request();
        self.scope.spawn(async move {
            let written = if pdf {
                invoke::<PrintReport>(&WithInput { input: request }).await
            } else {
                invoke::<ExportReportCsv>(&WithInput { input: request }).await
            };
            match written {
                Ok(file) => {
                    self.errors.set(Vec::new());
                    let opened = if pdf {
                        invoke::<OpenExportedFile>(&WithInput {
                            input: file.path.clone(),
                        })
                        .await
                        .is_ok()
                    } else {
                        false
                    };
                    let text = if opened {
                        format!("Saved {} — opened in the viewer.", file.path)
                    } else {
                        format!("Saved {} — open it from that folder.", file.path)
                    };
                    self.notice.set(Some(Notice::Success(text)));
                }
                Err(e) => {
                    self.errors.set(e.fields.clone());
                    self.notice.set(Some(Notice::Error(e.message)));
                }
            }
        });
    }

    fn load_daily(self) {
        self.scope.spawn(async move {
            if let Ok(list) = invoke::<ListDailyReports>(&NoArgs {}).await {
                self.daily.set(list);
            }
        });
    }
}

#[component]
pub fn ReportsPage() -> View {
    let app = use_context::<AppState>();
    let (first, today) = this_month();
    let page = ReportsPageState {
        kind: create_signal("revenue".to_string()),
        from: create_signal(first),
        to: create_signal(today),
        period: create_signal("day".to_string()),
        by: create_signal("time".to_string()),
        errors: create_signal(Vec::new()),
        shown: create_signal(None),
        busy: create_signal(false),
        run_id: create_signal(0),
        failed: create_signal(None),
        daily: create_signal(Vec::new()),
        notice: create_signal(None),
        scope: PageScope::current(),
        app,
    };
    let kinds = create_signal(options(&ReportKind::ALL, ReportKind::as_str, |k| {
        k.title().to_string()
    }));
    let periods = create_signal(options(&ReportPeriod::ALL, ReportPeriod::as_str, |p| {
        let s = p.as_str();
        format!("By {s}")
    }));
    let bys = create_signal(options(&RevenueBy::ALL, RevenueBy::as_str, |b| match b {
        RevenueBy::Time => "Over time".to_string(),
        other => format!("By {}", other.as_str()),
    }));
    page.run();
    page.load_daily();
    // Charts are drawn for the window's theme: a change of theme draws them again.
    create_effect(move || {
        let _ = app.theme.get();
        if page.shown.with_untracked(Option::is_some) {
            page.run();
        }
    });
    let is_revenue = move || page.kind.get_clone() == "revenue";
    let daily_list = move || {
        let reports = page.daily.get_clone();
        view! { DailyReports(reports=reports, notice=page.notice, scope=page.scope) }
    };
    view! {
        PageHeader(page=Page::Reports) {
            button(id="report-csv", on:click=move |_| page.export(false)) { "Export CSV" }
            button(id="report-pdf", on:click=move |_| page.export(true)) { "Export PDF" }
        }
        NoticeBar(notice=page.notice)
        section(class="card") {
            form(novalidate=true, on:submit=move |e: web_sys::SubmitEvent| { e.prevent_default(); page.run() }) {
                div(class="form-grid") {
                    SelectField(name="kind", label="Report", id="report-kind", value=page.kind, errors=*page.errors, options=*kinds)
                    TextField(name="from", label="From (YYYY-MM-DD)", value=page.from, errors=*page.errors, id="report-from", placeholder="2026-11-01")
                    TextField(name="to", label="To (YYYY-MM-DD)", value=page.to, errors=*page.errors, id="report-to", placeholder="2026-11-30")
                    SelectField(name="period", label="Grouped", id="report-period-select", value=page.period, errors=*page.errors, options=*periods)
                    (if is_revenue() {
                        view! { SelectField(name="by", label="Broken down", id="report-by", value=page.by, errors=*page.errors, options=*bys) }
                    } else {
                        view! {}
                    })
                }
                div(class="form-actions") {
                    button(r#type="submit", class="primary", id="report-run", disabled=page.busy.get()) {
                        (if page.busy.get() { "Working…" } else { "Show" })
                    }
                }
            }
        }
        (match (page.shown.get_clone(), page.failed.get_clone()) {
            (None, Some(why)) => view! { p(class="field-error", id="report-failed") { (why) } },
            (None, None) => view! { p(class="muted") { "Adding up…" } },
            (Some(report), _) => view! { ReportResult(report=report) },
        })
        section(class="card", id="daily-section") {
            h2 { "Daily reports" }
            (daily_list())
        }
    }
}
