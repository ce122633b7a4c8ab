//! Provisioning: routers follow the database through a durable job queue.
//!
//! Every customer or profile change writes, in its own transaction, a job per router key it
//! touches ([`enqueue`]): "make hotspot user `ayu` on router 3 match the database". A worker
//! ([`worker`]) takes a router's queue under a lease ([`lease`]), reads the due jobs in order,
//! coalesces them by key, reads each key's current target from the database ([`desired`]),
//! converges the router in pipelined batches ([`apply`]) and marks the jobs done once the
//! router confirmed. Jobs are level-triggered, so applying one twice, or late, or after a
//! crash, leaves the router as the database says. [`queue`] shows what waits.
//!
//! Each active account also gets a one-shot scheduler entry on the router at its expiry
//! instant ([`target::expiry_script`], timed by [`router_time`]), so the router itself switches
//! the customer off when no tikbill process runs.

pub mod apply;
pub mod batch;
pub mod desired;
pub mod enqueue;
pub mod failed;
pub mod job_status;
pub mod lease;
pub mod queue;
pub mod router_time;
pub mod target;
pub mod worker;

pub use failed::{failed_jobs, retry_failed};
pub use queue::{queues, waiting_for};
pub use target::Kind;
pub use tikbill_api::JobScope;
pub use worker::{drain_all, drain_router, DrainOutcome, DrainReport, WorkerOptions};

/// `router_jobs.status` values.
pub(crate) const PENDING: &str = "pending";
pub(crate) const DONE: &str = "done";
pub(crate) const FAILED: &str = "failed";
/// A job of a kind this version does not know (a newer tikbill wrote it): it waits for a
/// version that knows it, and is never retried here.
pub(crate) const PARKED: &str = "parked";
