//! Saving a Settings section: the same steps for each form.

use sycamore::prelude::*;
use tikbill_api::command::{Command, WithInput};
use tikbill_api::FieldError;

use crate::components::notice::Notice;
use crate::ipc::invoke;
use crate::scope::PageScope;

/// What a section's form shares while it saves.
#[derive(Clone, Copy)]
pub struct Saving {
    pub scope: PageScope,
    pub busy: Signal<bool>,
    pub errors: Signal<Vec<FieldError>>,
    pub notice: Signal<Option<Notice>>,
}

impl Saving {
    /// Saves `input` through `C`: busy meanwhile, then `show` what was saved and say `done`, or
    /// the refused fields under their inputs and the message above.
    pub fn save<C, T>(self, input: T, done: &'static str, show: impl FnOnce(C::Output) + 'static)
    where
        C: Command<Args = WithInput<T>>,
        T: 'static,
    {
        batch(|| {
            self.busy.set(true);
            self.errors.set(Vec::new());
        });
        self.scope.spawn(async move {
            let answer = invoke::<C>(&WithInput { input }).await;
            self.busy.set(false);
            match answer {
                Ok(saved) => {
                    show(saved);
                    self.notice.set(Some(Notice::Success(done.into())));
                }
                Err(e) => {
                    self.errors.set(e.fields.clone());
                    self.notice.set(Some(Notice::Error(e.message)));
                }
            }
        });
    }
}
