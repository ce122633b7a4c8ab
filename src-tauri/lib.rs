//! The tikbill desktop shell: opens the database, then hands each UI request to the core.
//!
//! Architecture invariant: no business logic here. A command parses its arguments, calls one
//! core function and maps the error to `tikbill_api::ApiError`. Everything that decides anything
//! lives in `tikbill-core`, which tests without a window.

mod agent_sidecar;
mod commands;
mod contract;
mod database_choice;
mod money_watch;
mod notice_watch;
mod router_work;
mod state;
mod tray;

use tauri::{Manager, Runtime};

pub use database_choice::{database_url, secret_store};
pub use state::AppState;

/// Registers every command the UI may call. Shared by the real app and the IPC tests.
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.invoke_handler(tauri::generate_handler![
        commands::system::app_info,
        commands::system::dashboard_figures,
        commands::profiles::list_profiles,
        commands::profiles::create_profile,
        commands::profiles::update_profile,
        commands::profiles::delete_profile,
        commands::routers::list_routers,
        commands::routers::create_router,
        commands::routers::update_router,
        commands::routers::delete_router,
        commands::routers::test_router,
        commands::routers::check_routers,
        commands::routers::router_log,
        commands::routers::try_router,
        commands::routers::trust_router_certificate,
        commands::customers::list_customers,
        commands::customers::get_customer,
        commands::customers::create_customer,
        commands::customers::update_customer,
        commands::customers::delete_customer,
        commands::customers::activate_customer,
        commands::customers::activate_customers,
        commands::customers::extend_customer,
        commands::customers::disable_customer,
        commands::customers::enable_customer,
        commands::customers::customer_router,
        commands::customers::kick_customer,
        commands::provisioning::router_queues,
        commands::provisioning::sync_router,
        commands::provisioning::import_from_router,
        commands::provisioning::import_customers_csv,
        commands::provisioning::failed_jobs,
        commands::provisioning::retry_failed_jobs,
        commands::settings::office_settings,
        commands::settings::save_office_settings,
        commands::settings::agent_jobs,
        commands::settings::choose_secret_store,
        commands::staff::session,
        commands::staff::create_owner,
        commands::staff::sign_in,
        commands::staff::sign_out,
        commands::staff::change_own_password,
        commands::staff::list_staff,
        commands::staff::add_staff,
        commands::staff::set_staff_role,
        commands::staff::disable_staff,
        commands::staff::enable_staff,
        commands::staff::reset_staff_password,
        commands::audit::audit_log,
        commands::audit::audit_chain,
        commands::audit::audit_people,
        commands::audit::export_audit,
        commands::payments::list_payments,
        commands::payments::payment_totals,
        commands::payments::export_payments,
        commands::payments::get_payment,
        commands::payments::record_payment,
        commands::payments::assign_payment,
        commands::payments::reverse_payment,
        commands::payments::customer_credit,
        commands::payments::print_receipt,
        commands::shifts::current_shift,
        commands::shifts::open_shift,
        commands::shifts::close_shift,
        commands::shifts::list_shifts,
        commands::shifts::print_shift_report,
        commands::settings::receipt_settings,
        commands::settings::save_receipt_settings,
        commands::settings::set_office_logo,
        commands::online::apply_payment,
        commands::online::request_mpesa_push,
        commands::online::customer_pushes,
        commands::online::list_deliveries,
        commands::online::get_delivery,
        commands::online::process_delivery,
        commands::online::relay_settings,
        commands::online::save_relay_settings,
        commands::online::register_mpesa_urls,
        commands::vouchers::list_voucher_batches,
        commands::vouchers::generate_vouchers,
        commands::vouchers::list_vouchers,
        commands::vouchers::voucher_history,
        commands::vouchers::issue_vouchers,
        commands::vouchers::sell_vouchers,
        commands::vouchers::return_vouchers,
        commands::vouchers::revoke_vouchers,
        commands::vouchers::redeem_voucher,
        commands::vouchers::export_vouchers,
        commands::vouchers::refresh_vouchers,
        commands::vouchers::preview_vouchers,
        commands::vouchers::print_vouchers,
        commands::vouchers::set_router_hotspot,
        commands::vouchers::save_vouchers_as,
        commands::files::open_exported_file,
        commands::reports::dashboard_charts,
        commands::reports::run_report,
        commands::reports::export_report_csv,
        commands::reports::print_report,
        commands::reports::list_daily_reports,
        commands::reports::daily_report_pdf,
        commands::reports::list_notifications,
        commands::reports::mark_notifications_read,
        commands::reports::alert_settings,
        commands::reports::save_alert_settings,
        commands::reminders::sms_settings,
        commands::reminders::save_sms_settings,
        commands::reminders::expiring_customers,
        commands::reminders::sms_reminders,
    ])
}

/// Starts the desktop app.
pub fn run() {
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_store::Builder::default().build())
        .plugin(tauri_plugin_shell::init())
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .manage(agent_sidecar::AgentProcess::default())
        .setup(|app| {
            let url = database_url(app.handle())?;
            let (secrets, location) = secret_store(app.handle())?;
            let kind = secrets.kind();
            // Migrations run here, before the agent starts on the same database.
            let state = tauri::async_runtime::block_on(AppState::open(&url, secrets, location))?
                .with_export_dir(export_dir(app.handle()));
            money_watch::start(app.handle().clone(), state.itself());
            notice_watch::start(app.handle().clone(), state.itself());
            app.manage(state);
            agent_sidecar::start(app.handle(), &url, kind);
            tray::start(app.handle());
            Ok(())
        });
    let app = match with_commands(builder).build(tauri::generate_context!()) {
        Ok(app) => app,
        Err(e) => {
            eprintln!("tikbill could not start: {e}");
            std::process::exit(1);
        }
    };
    app.run(|handle, event| {
        if let tauri::RunEvent::Exit = event {
            agent_sidecar::stop(handle);
        }
    });
}

/// Where exports go: the Downloads folder, else the app's data folder.
fn export_dir<R: tauri::Runtime>(app: &tauri::AppHandle<R>) -> std::path::PathBuf {
    use tauri::Manager;
    app.path()
        .download_dir()
        .or_else(|_| app.path().app_data_dir())
        .unwrap_or_else(|_| std::env::temp_dir())
}
