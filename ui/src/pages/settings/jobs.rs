use sycamore::prelude::*;
use tikbill_api::JobRunView;

use crate::format;

/// What a job of the agent does, for the names it is known to use.
pub fn job_purpose(name: &str) -> &'static str {
    match name {
        "health" => "Checks that every router answers",
        "expiry" => "Ends the plans that ran out",
        "provisioning" => "Sends waiting changes to the routers",
        _ => "",
    }
}

/// The agent's scheduled jobs and when each last finished a run, in local time.
#[component(inline_props)]
pub fn JobList(jobs: Vec<JobRunView>) -> View {
    let body = if jobs.is_empty() {
        view! { p(class="muted", id="no-jobs") { "The agent has not reported any jobs yet." } }
    } else {
        let rows = jobs
            .into_iter()
            .map(|j| {
                let last = j
                    .last_run
                    .as_deref()
                    .map(format::local_time)
                    .unwrap_or_else(|| "never".into());
                let purpose = job_purpose(&j.name);
                let (data_job, name) = (j.name.clone(), j.name);
                view! {
                    tr(class="job-row", data-job=data_job) {
                        td(class="name stack") {
                            (name)
                            span(class="sub") { (purpose) }
                        }
                        td(class="job-last-run") { (last) }
                    }
                }
            })
            .collect::<Vec<_>>();
        view! {
            table(id="jobs-table", class="log-table") {
                thead { tr { th { "Job" } th { "Last run" } } }
                tbody { (rows) }
            }
        }
    };
    view! {
        section(class="card", id="agent-jobs") {
            h2 { "Scheduled jobs" }
            p(class="muted") { "The tikbill agent runs these in the background while the app (or the agent on a server) is running." }
            (body)
        }
    }
}
