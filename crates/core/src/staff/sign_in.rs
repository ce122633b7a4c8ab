//! Signing in, and a person changing their own password: both check a password against the
//! stored hash under the same rules. An unknown user name and a wrong password get the same
//! answer after the same work, so neither the words nor the timing tell which names exist;
//! wrong passwords in a row make the account wait (`lockout.rs`); a disabled account is told so
//! only once its password was right.
//!
//! Each attempt is recorded in the audit log: `staff.sign_in` by the account that signed in;
//! `staff.sign_in_failed` for a wrong password, in the transaction that counts it, or for an
//! unknown name (no entity then); `staff.sign_in_refused` while the account waits, or when it
//! is disabled. The name as typed is in `after` of the last two, since nobody is acting then.
//! Giving a wrong current password to change one's own is `staff.change_own_password_failed`
//! (or `_refused` during a wait).

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, Set};
use serde_json::json;
use tikbill_api::{FieldError, SignedIn, StaffId, StaffRole};

use super::{draft, find, find_by_username, find_for_update, lockout, password, view, ENTITY};
use crate::audit::{self, AuditEntry};
use crate::entity::staff_user;
use crate::{Actor, Context, CoreError, CoreResult};

/// Signs `username` in with `password`.
///
/// Refused with [`CoreError::Unauthenticated`] when the name or password is wrong (the same
/// message for both) or the account is disabled, and with [`CoreError::TooManyAttempts`]
/// while the account waits after too many wrong passwords (the password is not even tried
/// then). A right password ends the run of wrong ones, and a hash made with older parameters
/// is made again with the current ones.
pub async fn sign_in(ctx: &Context, username: &str, password: &str) -> CoreResult<SignedIn> {
    let Some(row) = (match draft::normalize_username(username) {
        Ok(name) => find_by_username(ctx.db(), &name).await?,
        Err(_) => None,
    }) else {
        password::verify_nobody(password)?;
        let txn = crate::db::begin_write(ctx.db()).await?;
        let entry = AuditEntry::by(ctx, Attempt::SignIn.failed(), ENTITY, None)
            .after(&json!({ "username": typed(username) }));
        audit::record(&txn, entry).await?;
        txn.commit().await?;
        return Err(wrong_name_or_password());
    };
    check(ctx, &row, password, Attempt::SignIn, username).await?;
    if !row.active {
        refuse(ctx, &row, Attempt::SignIn, username, json!("disabled")).await?;
        return Err(CoreError::Unauthenticated(format!(
            "The account '{}' is disabled: an owner can enable it again.",
            row.username
        )));
    }
    let saved = succeeded(ctx, row.id, password).await?;
    Ok(SignedIn { staff: view(saved) })
}

/// Which check of a password an attempt is, as the audit log names its failures.
#[derive(Clone, Copy)]
enum Attempt {
    SignIn,
    ChangeOwnPassword,
}

impl Attempt {
    /// A wrong password (or, signing in, an unknown name).
    fn failed(self) -> &'static str {
        match self {
            Self::SignIn => "staff.sign_in_failed",
            Self::ChangeOwnPassword => "staff.change_own_password_failed",
        }
    }

    /// Not even tried: the account waits, or is disabled.
    fn refused(self) -> &'static str {
        match self {
            Self::SignIn => "staff.sign_in_refused",
            Self::ChangeOwnPassword => "staff.change_own_password_refused",
        }
    }
}

/// A user name as typed, for the log: at most [`draft::NAME_MAX`] characters of it.
fn typed(username: &str) -> String {
    username.chars().take(draft::NAME_MAX).collect()
}

/// Records an attempt on `row` refused before its password counted (`reason`), in a
/// transaction of its own (nothing else changes).
async fn refuse(
    ctx: &Context,
    row: &staff_user::Model,
    attempt: Attempt,
    username: &str,
    reason: serde_json::Value,
) -> CoreResult<()> {
    let txn = crate::db::begin_write(ctx.db()).await?;
    let entry = AuditEntry::by(ctx, attempt.refused(), ENTITY, Some(row.id))
        .after(&json!({ "username": typed(username), "refused": reason }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(())
}

/// A person sets a password of their own, giving the current one (after a reset: the
/// temporary one); this clears "must change password". A wrong current password is refused
/// on `current_password` and counts as a wrong password for the account's wait.
pub async fn change_own_password(
    ctx: &Context,
    staff_id: StaffId,
    current: &str,
    new: &str,
) -> CoreResult<tikbill_api::StaffView> {
    match ctx.actor() {
        // Their own (a temporary password is replaced here).
        Actor::Staff { id, .. } if *id == staff_id => {}
        Actor::System { .. } => {}
        Actor::Nobody => ctx.actor().require_signed_in()?,
        Actor::Staff { .. } => {
            return Err(CoreError::Forbidden(
                "You can change only your own password: an owner resets other people's.".into(),
            ))
        }
    }
    let row = find(ctx.db(), staff_id).await?;
    match check(
        ctx,
        &row,
        current,
        Attempt::ChangeOwnPassword,
        &row.username,
    )
    .await
    {
        Err(CoreError::Unauthenticated(_)) => {
            return Err(refused(
                "current_password",
                "This is not your current password.",
            ))
        }
        other => other?,
    }
    if !row.active {
        return Err(CoreError::Unauthenticated(format!(
            "The account '{}' is disabled.",
            row.username
        )));
    }
    password::check_rule(new, "password")
        .map_err(|refusal| CoreError::invalid("password", vec![refusal]))?;
    if new == current {
        return Err(refused(
            "password",
            "Choose a password other than the current one.",
        ));
    }
    let hash = password::hash(new, ctx.random())?;
    let txn = crate::db::begin_write(ctx.db()).await?;
    let row = find_for_update(&txn, staff_id).await?;
    let before = view(row.clone());
    let mut change: staff_user::ActiveModel = row.into();
    change.password_hash = Set(hash);
    change.must_change_password = Set(false);
    change.failed_attempts = Set(0);
    change.locked_until = Set(None);
    change.updated_at = Set(ctx.now());
    let after = view(change.update(&txn).await?);
    let entry = AuditEntry::by(ctx, "staff.change_own_password", ENTITY, Some(staff_id))
        .before(&before)
        .after(&after);
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(after)
}

/// Whether `password` is the account's; a wrong one is counted (and may start a wait), and
/// nothing is tried while a wait lasts. Both are recorded as `attempt`'s, naming `username` as
/// typed.
async fn check(
    ctx: &Context,
    row: &staff_user::Model,
    password: &str,
    attempt: Attempt,
    username: &str,
) -> CoreResult<()> {
    if let Some(secs) = lockout::seconds_left(row.locked_until, ctx.now()) {
        let reason = json!({ "too_many_attempts": { "retry_after_secs": secs } });
        refuse(ctx, row, attempt, username, reason).await?;
        return Err(CoreError::TooManyAttempts {
            retry_after_secs: secs,
        });
    }
    if password::verify(password, &row.password_hash)? {
        return Ok(());
    }
    match failed(ctx, row.id, attempt, username).await? {
        Some(secs) => Err(CoreError::TooManyAttempts {
            retry_after_secs: secs,
        }),
        None => Err(wrong_name_or_password()),
    }
}

/// Counts a wrong password and records it, in one transaction; returns the wait it starts, in
/// seconds, if any.
async fn failed(
    ctx: &Context,
    id: StaffId,
    attempt: Attempt,
    username: &str,
) -> CoreResult<Option<u64>> {
    let now = ctx.now();
    let txn = crate::db::begin_write(ctx.db()).await?;
    let row = find_for_update(&txn, id).await?;
    let failures = u32::try_from(row.failed_attempts)
        .unwrap_or(0)
        .saturating_add(1);
    let until: Option<DateTime<Utc>> = lockout::wait_after(failures).map(|wait| now + wait);
    let mut change: staff_user::ActiveModel = row.into();
    change.failed_attempts = Set(i32::try_from(failures).unwrap_or(i32::MAX));
    change.locked_until = Set(until);
    change.update(&txn).await?;
    let wait = lockout::seconds_left(until, now);
    let entry = AuditEntry::by(ctx, attempt.failed(), ENTITY, Some(id)).after(&json!({
        "username": typed(username),
        "failed_attempts": failures,
        "wait_secs": wait,
    }));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(wait)
}

/// Records a right password: the run of wrong ones ends, the sign-in time is kept, and a hash
/// made otherwise than today's is made again while the password is at hand; the audit entry
/// `staff.sign_in` names the account as the one acting.
async fn succeeded(ctx: &Context, id: StaffId, password: &str) -> CoreResult<staff_user::Model> {
    let now = ctx.now();
    let stored = find(ctx.db(), id).await?;
    let rehashed = if password::needs_rehash(&stored.password_hash) {
        Some(password::hash(password, ctx.random())?)
    } else {
        None
    };
    let txn = crate::db::begin_write(ctx.db()).await?;
    let row = find_for_update(&txn, id).await?;
    let mut change: staff_user::ActiveModel = row.into();
    change.failed_attempts = Set(0);
    change.locked_until = Set(None);
    change.last_login_at = Set(Some(now));
    if let Some(hash) = rehashed {
        change.password_hash = Set(hash);
        change.updated_at = Set(now);
    }
    let saved = change.update(&txn).await?;
    let role = StaffRole::parse(&saved.role).unwrap_or(StaffRole::Viewer);
    let by = ctx.acting_as(Actor::staff(saved.id, saved.username.clone(), role));
    let entry = AuditEntry::by(&by, "staff.sign_in", ENTITY, Some(id)).after(&view(saved.clone()));
    audit::record(&txn, entry).await?;
    txn.commit().await?;
    Ok(saved)
}

fn wrong_name_or_password() -> CoreError {
    CoreError::Unauthenticated("The user name or password is wrong.".into())
}

fn refused(field: &str, message: &str) -> CoreError {
    CoreError::invalid(
        "password",
        vec![FieldError {
            field: field.into(),
            message: message.into(),
        }],
    )
}
