//! Time passing on the emulated router: when a test moves the clock forward, everything that
//! falls due on the way happens at its own moment, in time order, with the clock showing that
//! moment: scheduler runs (`scheduler.rs`) and hotspot sessions reaching their user's
//! `limit-uptime` or their profile's `session-timeout` (`hotspot.rs`); between them active
//! sessions gain uptime. At the same second a session ends before an entry runs.
//!
//! A clock moved back passes no time: it is set, and the one-shot entries whose start it
//! reached run at once.

use super::clock::{DateStyle, Moment};
use super::scheduler::ScheduledRun;
use super::state::RouterState;

/// What happens next as time passes.
enum Event {
    /// Hotspot session `id` reaches a limit (the reason RouterOS logs).
    SessionEnd { id: String, reason: &'static str },
    /// Scheduler entry `id` runs.
    Entry { id: String },
}

impl RouterState {
    /// Sets the date and/or the time, then runs what fell due on the way. A readable clock
    /// keeps the date spelling it was given (`2025-01-31`, or `jan/31/2025` as a router before
    /// 7.10 prints it) with a two-digit `13:45:00`; an unreadable one is kept as given and runs
    /// nothing.
    pub(crate) fn move_clock(
        &mut self,
        date: Option<&str>,
        time: Option<&str>,
    ) -> Vec<ScheduledRun> {
        let before = self.clock();
        if let Some(date) = date {
            self.date = date.to_owned();
        }
        if let Some(time) = time {
            self.time = time.to_owned();
        }
        match self.clock() {
            Some(target) => self.pass_until(before, target),
            None => Vec::new(),
        }
    }

    /// Sets the clock to `target`, in the date spelling it already has, then runs what fell
    /// due on the way.
    pub(crate) fn set_moment(&mut self, target: Moment) -> Vec<ScheduledRun> {
        let before = self.clock();
        self.pass_until(before, target)
    }

    /// The clock, if it holds a readable date and time.
    pub(crate) fn clock(&self) -> Option<Moment> {
        Moment::parse(&self.date, &self.time)
    }

    pub(crate) fn date_style(&self) -> DateStyle {
        DateStyle::of(&self.date)
    }

    fn show(&mut self, at: Moment, style: DateStyle) {
        self.date = at.date(style);
        self.time = at.time();
    }

    fn pass_until(&mut self, before: Option<Moment>, target: Moment) -> Vec<ScheduledRun> {
        let style = self.date_style();
        let mut now = before.filter(|b| *b <= target).unwrap_or(target);
        self.show(now, style);
        let mut runs = Vec::new();
        while let Some((at, event)) = self.next_event(now).filter(|(at, _)| *at <= target) {
            self.sessions_pass(now.seconds_until(at));
            now = at;
            self.show(at, style);
            match event {
                Event::SessionEnd { id, reason } => self.end_session(&id, reason),
                Event::Entry { id } => runs.extend(self.run_entry(&id)),
            }
        }
        self.sessions_pass(now.seconds_until(target));
        self.show(target, style);
        runs
    }

    fn next_event(&self, now: Moment) -> Option<(Moment, Event)> {
        let session = self
            .next_session_end(now)
            .map(|(at, id, reason)| (at, Event::SessionEnd { id, reason }));
        let entry = self
            .next_entry(now)
            .map(|due| (due.at, Event::Entry { id: due.id }));
        match (session, entry) {
            (Some(s), Some(e)) if e.0 < s.0 => Some(e),
            (Some(s), _) => Some(s),
            (None, e) => e,
        }
    }
}
