//! Who is acting: the person signed in, nobody, or tikbill itself (the agent's scheduled work,
//! a command run on the server). The actor travels in the [`crate::Context`] like the clock
//! does; services ask it for a [`Permission`] before they change or reveal anything, and the
//! audit log names it beside every change.

use tikbill_api::{Access, Permission, StaffId, StaffRole};

use crate::{CoreError, CoreResult};

/// The one acting in a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    /// Nobody is signed in: only what anyone may do (sign in, make the first owner).
    Nobody,
    /// A signed-in staff member, with the role they had when the call began. While
    /// `must_change_password` (they signed in with a temporary password an owner set), they
    /// may only choose their own password or sign out.
    Staff {
        id: StaffId,
        username: String,
        role: StaffRole,
        must_change_password: bool,
    },
    /// tikbill itself, not a person: the agent's own work (`agent@host`), a command given on
    /// the server's command line (`cli@host`), the app's background work. It may do anything
    /// a command of its own asks.
    System { label: String },
}

impl Actor {
    /// A signed-in staff member.
    pub fn staff(id: StaffId, username: impl Into<String>, role: StaffRole) -> Self {
        Self::Staff {
            id,
            username: username.into(),
            role,
            must_change_password: false,
        }
    }

    /// The same person, signed in with a temporary password: refused everything but choosing
    /// their own password.
    pub fn with_temporary_password(self) -> Self {
        match self {
            Self::Staff {
                id, username, role, ..
            } => Self::Staff {
                id,
                username,
                role,
                must_change_password: true,
            },
            other => other,
        }
    }

    /// The agent on this computer: `agent@<host>`.
    pub fn agent() -> Self {
        Self::System {
            label: format!("agent@{}", host_name()),
        }
    }

    /// A command on this computer's command line: `cli@<host>`.
    pub fn command_line() -> Self {
        Self::System {
            label: format!("cli@{}", host_name()),
        }
    }

    /// How the audit log names the actor: `staff:ayu`, `agent@host`, `nobody`.
    pub fn label(&self) -> String {
        match self {
            Self::Nobody => "nobody".into(),
            Self::Staff { username, .. } => format!("staff:{username}"),
            Self::System { label } => label.clone(),
        }
    }

    /// The staff account acting, if a person is.
    pub fn staff_id(&self) -> Option<StaffId> {
        match self {
            Self::Staff { id, .. } => Some(*id),
            _ => None,
        }
    }

    /// The signed-in person's role, if a person is signed in.
    pub fn role(&self) -> Option<StaffRole> {
        match self {
            Self::Staff { role, .. } => Some(*role),
            _ => None,
        }
    }

    /// Refuses unless the actor has `permission`: `unauthenticated` when nobody is signed in,
    /// `forbidden` when the person's role lacks it. tikbill itself has every permission.
    pub fn require(&self, permission: Permission) -> CoreResult<()> {
        self.require_access(Access::Needs(permission))
            .map_err(|refusal| match refusal {
                Refusal::NotSignedIn => not_signed_in(),
                Refusal::TemporaryPassword => temporary_password(),
                Refusal::Role(role) => CoreError::Forbidden(format!(
                    "{} may not {}: ask {}.",
                    role_with_article(role),
                    permission.describe(),
                    if permission.allows(StaffRole::Manager) {
                        "an owner or a manager"
                    } else {
                        "an owner"
                    }
                )),
            })
    }

    /// Refuses with `unauthenticated` unless someone (or tikbill itself) is acting; a person
    /// who must still choose their own password is refused too (`forbidden`).
    pub fn require_signed_in(&self) -> CoreResult<()> {
        match self {
            Self::Nobody => Err(not_signed_in()),
            Self::Staff {
                must_change_password: true,
                ..
            } => Err(temporary_password()),
            _ => Ok(()),
        }
    }

    /// Refuses unless tikbill itself acts: work no person asks for directly (the expiry pass,
    /// applying the router queue, recording sessions and job runs).
    pub fn require_system(&self) -> CoreResult<()> {
        match self {
            Self::System { .. } => Ok(()),
            Self::Nobody => Err(not_signed_in()),
            Self::Staff { .. } => Err(CoreError::Forbidden(
                "Only tikbill itself does this (the agent, or the app's background work).".into(),
            )),
        }
    }

    fn require_access(&self, access: Access) -> Result<(), Refusal> {
        match self {
            Self::System { .. } => Ok(()),
            Self::Nobody if access.allows(None) => Ok(()),
            Self::Nobody => Err(Refusal::NotSignedIn),
            Self::Staff {
                must_change_password: true,
                ..
            } => Err(Refusal::TemporaryPassword),
            Self::Staff { role, .. } if access.allows(Some(*role)) => Ok(()),
            Self::Staff { role, .. } => Err(Refusal::Role(*role)),
        }
    }
}

enum Refusal {
    NotSignedIn,
    TemporaryPassword,
    Role(StaffRole),
}

fn not_signed_in() -> CoreError {
    CoreError::Unauthenticated("Sign in first: nobody is signed in.".into())
}

fn temporary_password() -> CoreError {
    CoreError::Forbidden(
        "Choose your own password first: you signed in with a temporary one an owner set.".into(),
    )
}

fn role_with_article(role: StaffRole) -> &'static str {
    match role {
        StaffRole::Owner => "An owner",
        StaffRole::Manager => "A manager",
        StaffRole::Cashier => "A cashier",
        StaffRole::Viewer => "A viewer",
    }
}

/// This computer's name (the OS's, through `gethostname`), for `agent@<host>`, "app on <host>"
/// and the router workers' lease owners (`unknown` when it has none that reads as text).
pub fn host_name() -> String {
    gethostname::gethostname()
        .into_string()
        .ok()
        .filter(|name| !name.is_empty())
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nobody_is_unauthenticated_and_a_cashier_is_forbidden_to_edit_plans() {
        let nobody = Actor::Nobody.require(Permission::ViewPlans);
        assert!(matches!(nobody, Err(CoreError::Unauthenticated(_))));
        let cashier = Actor::staff(2, "sari", StaffRole::Cashier);
        assert!(cashier.require(Permission::ViewPlans).is_ok());
        let refused = cashier.require(Permission::EditPlans);
        let Err(CoreError::Forbidden(message)) = refused else {
            panic!("expected forbidden, got {refused:?}");
        };
        assert_eq!(
            message,
            "A cashier may not change plans: ask an owner or a manager."
        );
        assert!(Actor::agent().require(Permission::ManageStaff).is_ok());
        assert!(Actor::agent().label().starts_with("agent@"));
        assert_eq!(cashier.label(), "staff:sari");
    }
}
