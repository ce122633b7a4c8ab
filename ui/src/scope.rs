//! Where a page's background work lives.

use std::future::Future;

use sycamore::futures::spawn_local_scoped;
use sycamore::prelude::*;

/// The reactive scope of a page. Work spawned in it ends with the page, not with the part of
/// the page that started it: Sycamore runs an event handler in the scope of the element it is
/// on, and a handler that redraws its own element (a row that turns "busy", a list that gives
/// way to a customer's page) disposes that scope, so work spawned there afterwards would
/// belong to nothing (and Sycamore panics).
#[derive(Clone, Copy)]
pub struct PageScope(NodeHandle);

impl PageScope {
    /// The scope being built now: call it in the page component's body.
    pub fn current() -> Self {
        Self(use_current_scope())
    }

    /// Runs `f` now in the page's scope: for a browser listener, which runs outside any.
    pub fn run<T>(self, f: impl FnOnce() -> T) -> T {
        self.0.run_in(f)
    }

    /// Runs `task` in the page's scope; it is dropped if the page goes away first.
    pub fn spawn(self, task: impl Future<Output = ()> + 'static) {
        self.0.run_in(|| spawn_local_scoped(task));
    }
}
