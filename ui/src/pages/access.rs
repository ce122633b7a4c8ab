//! Who may use the app: the first start ("Create the owner account"), signing in (also over a
//! locked page), a password chosen by its owner, and the idle lock.

mod first_run;
mod idle;
mod new_password;
mod own_password;
mod sign_in;
mod strength;

pub use first_run::FirstRunPage;
pub use idle::{lock, should_lock, signed_out, watch_idle};
pub use own_password::OwnPasswordForm;
pub use sign_in::{wait_message, SignInForm};
pub use strength::{strength, Strength};
