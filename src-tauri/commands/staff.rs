//! Signing in and out on this app, the first owner account, and the owner's staff page.

use tauri::State;
use tikbill_api::command::{
    AddStaff, ChangeOwnPassword, CreateOwner, DisableStaff, EnableStaff, GetSession, ListStaff,
    ResetStaffPassword, SetStaffRole, SignIn, SignOut,
};
use tikbill_api::SessionView;
use tikbill_core::{settings, staff, CoreResult};

use crate::contract::{Answer, Args};
use crate::AppState;

/// Who is signed in here (and whether the owner account must still be made).
async fn session_view(state: &AppState) -> CoreResult<SessionView> {
    let ctx = state.ctx().await?;
    Ok(SessionView {
        needs_owner: !staff::any_exists(&ctx).await?,
        staff: staff::own_view(&ctx).await?,
        idle_lock_minutes: settings::idle_lock(&ctx).await?,
    })
}

#[tauri::command]
pub async fn session(state: State<'_, AppState>, _args: Args<GetSession>) -> Answer<GetSession> {
    Ok(session_view(&state).await?)
}

#[tauri::command]
pub async fn create_owner(
    state: State<'_, AppState>,
    args: Args<CreateOwner>,
) -> Answer<CreateOwner> {
    let owner = staff::create_owner(state.anonymous(), &args.0.input).await?;
    state.sign_in(owner.id);
    Ok(session_view(&state).await?)
}

#[tauri::command]
pub async fn sign_in(state: State<'_, AppState>, args: Args<SignIn>) -> Answer<SignIn> {
    let input = args.0.input;
    // A sign-in replaces whoever was signed in ("Switch user"), even when it fails.
    end_session(&state).await;
    let signed = staff::sign_in(state.anonymous(), &input.username, &input.password).await?;
    state.sign_in(signed.staff.id);
    Ok(session_view(&state).await?)
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>, _args: Args<SignOut>) -> Answer<SignOut> {
    end_session(&state).await;
    Ok(session_view(&state).await?)
}

/// Ends the session at once, then records the sign-out in the audit log: a log that cannot be
/// written must not keep anyone signed in.
async fn end_session(state: &AppState) {
    let Ok(ctx) = state.ctx().await else {
        state.sign_out();
        return;
    };
    if state.sign_out().is_some() {
        if let Err(e) = staff::record_sign_out(&ctx).await {
            eprintln!("tikbill: the sign-out was not recorded in the audit log: {e}");
        }
    }
}

#[tauri::command]
pub async fn change_own_password(
    state: State<'_, AppState>,
    args: Args<ChangeOwnPassword>,
) -> Answer<ChangeOwnPassword> {
    let ctx = state.ctx().await?;
    let input = args.0.input;
    match ctx.actor().staff_id() {
        // A person signed in with a temporary password may do this, and only this.
        Some(id) => {
            staff::change_own_password(&ctx, id, &input.current_password, &input.password).await?;
        }
        None => ctx.actor().require_signed_in()?,
    }
    Ok(session_view(&state).await?)
}

#[tauri::command]
pub async fn list_staff(state: State<'_, AppState>, _args: Args<ListStaff>) -> Answer<ListStaff> {
    Ok(staff::list(&state.ctx().await?).await?)
}

#[tauri::command]
pub async fn add_staff(state: State<'_, AppState>, args: Args<AddStaff>) -> Answer<AddStaff> {
    Ok(staff::add(&state.ctx().await?, &args.0.input).await?)
}

#[tauri::command]
pub async fn set_staff_role(
    state: State<'_, AppState>,
    args: Args<SetStaffRole>,
) -> Answer<SetStaffRole> {
    let Args(edit) = args;
    Ok(staff::set_role(&state.ctx().await?, edit.id, edit.input).await?)
}

#[tauri::command]
pub async fn disable_staff(
    state: State<'_, AppState>,
    args: Args<DisableStaff>,
) -> Answer<DisableStaff> {
    Ok(staff::disable(&state.ctx().await?, args.0.id).await?)
}

#[tauri::command]
pub async fn enable_staff(
    state: State<'_, AppState>,
    args: Args<EnableStaff>,
) -> Answer<EnableStaff> {
    Ok(staff::enable(&state.ctx().await?, args.0.id).await?)
}

#[tauri::command]
pub async fn reset_staff_password(
    state: State<'_, AppState>,
    args: Args<ResetStaffPassword>,
) -> Answer<ResetStaffPassword> {
    let Args(edit) = args;
    Ok(staff::reset_password(&state.ctx().await?, edit.id, &edit.input).await?)
}
