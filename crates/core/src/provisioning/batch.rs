//! One batch of due jobs, coalesced by key: each key (kind and name, in the order of its first
//! job) with its job ids, and its target as the database has it now (read after the jobs, so it
//! includes every change they were written for). Jobs of a kind this version does not know are
//! set apart to be parked.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use sea_orm::ConnectionTrait;

use super::apply::Target;
use super::desired;
use super::target::Kind;
use crate::entity::router_job;
use crate::CoreResult;

/// A key and its job ids.
pub type KeyJobs = ((Kind, String), Vec<i64>);

/// The batch, ready to converge.
pub struct Batch {
    /// The keys, in order, each with its jobs.
    pub keys: Vec<KeyJobs>,
    /// Each key's target, in the same order.
    pub targets: Vec<Target>,
    /// Jobs whose kind this version does not know, with that kind.
    pub unknown: Vec<(i64, String)>,
}

/// Coalesces `jobs` (due, oldest first) and reads their targets.
pub async fn read(
    db: &impl ConnectionTrait,
    router_id: i64,
    jobs: &[router_job::Model],
) -> CoreResult<Batch> {
    let mut order: Vec<(Kind, String)> = Vec::new();
    let mut ids: BTreeMap<(Kind, String), Vec<i64>> = BTreeMap::new();
    let mut unknown = Vec::new();
    let mut adopting: BTreeSet<(Kind, String)> = BTreeSet::new();
    for job in jobs {
        let Some(kind) = Kind::parse(&job.kind) else {
            unknown.push((job.id, job.kind.clone()));
            continue;
        };
        let key = (kind, job.name.clone());
        if job.adopts_router_account {
            adopting.insert(key.clone());
        }
        let slot = ids.entry(key.clone()).or_default();
        if slot.is_empty() {
            order.push(key);
        }
        slot.push(job.id);
    }
    let mut names: BTreeMap<Kind, BTreeSet<String>> = BTreeMap::new();
    for (kind, name) in &order {
        names.entry(*kind).or_default().insert(name.clone());
    }
    let mut accounts = HashMap::new();
    let mut profiles = HashMap::new();
    for (kind, names) in &names {
        if kind.is_account() {
            for (name, mut account) in desired::accounts(db, router_id, *kind, names).await? {
                let key = (*kind, name);
                account.adopts_router_account = adopting.contains(&key);
                accounts.insert(key, account);
            }
        } else {
            for (name, spec) in desired::profiles(db, names).await? {
                profiles.insert((*kind, name), spec);
            }
        }
    }
    let mut keys = Vec::with_capacity(order.len());
    let mut targets = Vec::with_capacity(order.len());
    for key in order {
        let (kind, name) = key.clone();
        targets.push(if kind.is_account() {
            Target::Account {
                kind,
                want: accounts.remove(&key),
                name,
            }
        } else {
            Target::Profile {
                kind,
                want: profiles.remove(&key),
                name,
            }
        });
        let job_ids = ids.remove(&key).unwrap_or_default();
        keys.push((key, job_ids));
    }
    Ok(Batch {
        keys,
        targets,
        unknown,
    })
}
