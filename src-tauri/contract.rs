//! The typed command contract on the shell's side: a handler takes `Args<C>` (the whole
//! argument object, as `tikbill_api::command` declares it for command `C`) and answers
//! `Answer<C>`, so its arguments and result cannot drift from what the UI sends and expects.

use tauri::ipc::{CommandArg, CommandItem, InvokeBody, InvokeError};
use tauri::Runtime;
use tikbill_api::command::Command;
use tikbill_api::{ApiError, ErrorCode};

/// Command `C`'s arguments, read from the whole invoke payload.
pub struct Args<C: Command>(pub C::Args);

/// What command `C` answers.
pub type Answer<C> = Result<<C as Command>::Output, ApiError>;

impl<'de, R: Runtime, C: Command> CommandArg<'de, R> for Args<C> {
    fn from_command(item: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        let not_understood = |why: String| {
            InvokeError::from(ApiError::new(
                ErrorCode::Validation,
                format!("The request {} was not understood: {why}", C::NAME),
            ))
        };
        match item.message.payload() {
            InvokeBody::Json(value) => serde_json::from_value(value.clone())
                .map(Args)
                .map_err(|e| not_understood(e.to_string())),
            InvokeBody::Raw(_) => Err(not_understood("its arguments are not JSON".into())),
        }
    }
}
