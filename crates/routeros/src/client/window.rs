//! How many commands of one batch to keep awaiting a reply: start small, grow while replies come
//! back well within the time limit (fast while they come at network speed), shrink when they
//! take more than half of it, halve after a timeout, never above the caller's window.

use std::time::Duration;

use tokio::time::Instant;

/// The window a batch starts with (or the caller's window, if smaller).
pub(crate) const START: usize = 16;

/// The adaptive window of one `run_many` batch.
#[derive(Debug)]
pub(crate) struct Window {
    size: usize,
    limit: usize,
    timeout: Duration,
    /// When it last halved: the timeouts of commands sent before then belong to the same stall
    /// and do not halve it again.
    halved_at: Option<Instant>,
}

impl Window {
    /// A window of at most `limit` (at least one) for commands limited to `timeout` each.
    pub(crate) fn new(limit: usize, timeout: Duration) -> Self {
        let limit = limit.max(1);
        Self {
            size: START.min(limit),
            limit,
            timeout,
            halved_at: None,
        }
    }

    /// How many commands may await a reply now.
    pub(crate) fn size(&self) -> usize {
        self.size
    }

    /// A command's reply came `waited` after it was sent. Within a fiftieth of the time limit
    /// (200 ms of the default 10 s: the router answers at network speed) the window grows by
    /// three (it quadruples each round trip); within a quarter, by one (it doubles each round
    /// trip); past half it shrinks by one.
    pub(crate) fn answered(&mut self, waited: Duration) {
        if waited <= self.timeout / 50 {
            self.size = (self.size + 3).min(self.limit);
        } else if waited <= self.timeout / 4 {
            self.size = (self.size + 1).min(self.limit);
        } else if waited > self.timeout / 2 {
            self.size = (self.size - 1).max(1);
        }
    }

    /// A command sent at `sent_at` timed out at `now`: the window halves, once per stall.
    pub(crate) fn timed_out(&mut self, sent_at: Instant, now: Instant) {
        if self.halved_at.is_some_and(|halved| sent_at <= halved) {
            return;
        }
        self.size = (self.size / 2).max(1);
        self.halved_at = Some(now);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMIT: Duration = Duration::from_secs(10);

    /// What happened to one command, `at` milliseconds into the batch.
    enum Event {
        Answered { waited_ms: u64 },
        TimedOut { sent_ms: u64, at_ms: u64 },
    }
    use Event::*;

    fn check(limit: usize, events: &[Event], expect: usize, why: &str) {
        let start = Instant::now();
        let at = |ms: u64| start + Duration::from_millis(ms);
        let mut window = Window::new(limit, LIMIT);
        for event in events {
            match *event {
                Answered { waited_ms } => window.answered(Duration::from_millis(waited_ms)),
                TimedOut { sent_ms, at_ms } => window.timed_out(at(sent_ms), at(at_ms)),
            }
        }
        assert_eq!(window.size(), expect, "{why}");
    }

    #[test]
    fn the_window_follows_how_fast_replies_come_back() {
        check(2048, &[], 16, "a batch starts with 16 in flight");
        check(4, &[], 4, "never above the caller's window");
        check(0, &[], 1, "a window of 0 still sends one at a time");
        let quick: Vec<Event> = (0..40).map(|_| Answered { waited_ms: 20 }).collect();
        check(2048, &quick, 136, "a reply at network speed adds three");
        let queued: Vec<Event> = (0..40).map(|_| Answered { waited_ms: 300 }).collect();
        check(
            2048,
            &queued,
            56,
            "a reply within a quarter of the limit adds one",
        );
        check(20, &quick, 20, "growth stops at the caller's window");
        check(
            2048,
            &[Answered { waited_ms: 2_600 }, Answered { waited_ms: 5_000 }],
            16,
            "between a quarter and half of the limit the window holds",
        );
        check(
            2048,
            &[Answered { waited_ms: 5_001 }, Answered { waited_ms: 9_000 }],
            14,
            "past half the limit it shrinks by one per reply",
        );
        check(
            2048,
            &[TimedOut {
                sent_ms: 0,
                at_ms: 10_000,
            }],
            8,
            "a timeout halves it",
        );
        check(
            2048,
            &[
                TimedOut {
                    sent_ms: 0,
                    at_ms: 10_000,
                },
                TimedOut {
                    sent_ms: 5,
                    at_ms: 10_005,
                },
                TimedOut {
                    sent_ms: 10_001,
                    at_ms: 20_001,
                },
            ],
            4,
            "commands sent before the halving are the same stall; a later one halves again",
        );
        let one: Vec<Event> = (0..5)
            .map(|n| TimedOut {
                sent_ms: n * 20_000,
                at_ms: n * 20_000 + 10_000,
            })
            .collect();
        check(2048, &one, 1, "it never drops below one");
    }
}
