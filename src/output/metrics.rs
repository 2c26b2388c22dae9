//! `bb metrics`: the queue, masters and workers in Prometheus's text
//! exposition format, encoded by the official `prometheus-client` crate
//! (HELP and TYPE lines, label values escaped as the format says) and
//! checked against `promtool check metrics` in the tests.

use std::collections::BTreeMap;

use prometheus_client::encoding::text::encode_registry;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::registry::Registry;

use crate::db::queue::Snapshot;

type Labels = Vec<(&'static str, String)>;

/// Gauges of one name, one series per label set.
fn family(registry: &mut Registry, name: &str, help: &str) -> Family<Labels, Gauge> {
    let family = Family::<Labels, Gauge>::default();
    registry.register(name, help, family.clone());
    family
}

/// The metrics of `snapshot`: every builder with incomplete work and every
/// master has its series, zeros included; `connected` is the number of
/// workers connected to each master, `size` the database's in bytes.
pub fn encode(snapshot: &Snapshot, connected: &BTreeMap<i64, i64>, size: i64) -> String {
    let at = snapshot.at;
    let mut registry = Registry::default();
    let pending = family(
        &mut registry,
        "buildbot_buildrequests_pending",
        "Build requests neither claimed nor complete, per builder",
    );
    let oldest = family(
        &mut registry,
        "buildbot_buildrequests_oldest_pending_seconds",
        "Age of the oldest pending build request, per builder (0 when none)",
    );
    let claimed = family(
        &mut registry,
        "buildbot_buildrequests_claimed",
        "Incomplete build requests claimed, per builder and master",
    );
    let running = family(
        &mut registry,
        "buildbot_builds_running",
        "Builds not complete, per builder",
    );
    let up = family(
        &mut registry,
        "buildbot_master_up",
        "1 when the master is running (active, checked in within 10 minutes)",
    );
    let last_active = family(
        &mut registry,
        "buildbot_master_last_active_seconds",
        "Seconds since the master last checked in",
    );
    let workers = family(
        &mut registry,
        "buildbot_workers_connected",
        "Workers connected, per master",
    );
    let database = Gauge::<i64>::default();
    registry.register(
        "buildbot_database_size_bytes",
        "Size of the master database in bytes",
        database.clone(),
    );

    let name_of = |masterid: i64| {
        snapshot
            .master(masterid)
            .map_or_else(|| masterid.to_string(), |m| m.name.clone())
    };
    for w in &snapshot.builders {
        let builder: Labels = vec![("builder", w.name.clone())];
        pending.get_or_create(&builder).set(w.pending);
        oldest
            .get_or_create(&builder)
            .set(w.oldest_pending_submitted_at.map_or(0, |t| (at - t).max(0)));
        running.get_or_create(&builder).set(w.running);
        // Every running master, and every master holding claims on it.
        let mut masters: Vec<i64> = snapshot
            .masters
            .iter()
            .filter(|m| m.is_running(at))
            .map(|m| m.masterid)
            .chain(w.claimed.keys().copied())
            .collect();
        masters.sort_unstable();
        masters.dedup();
        for masterid in masters {
            let labels: Labels = vec![("builder", w.name.clone()), ("master", name_of(masterid))];
            claimed
                .get_or_create(&labels)
                .set(w.claimed.get(&masterid).copied().unwrap_or(0));
        }
    }
    for m in &snapshot.masters {
        let labels: Labels = vec![("master", m.name.clone())];
        up.get_or_create(&labels).set(i64::from(m.is_running(at)));
        last_active
            .get_or_create(&labels)
            .set((at - m.last_active).max(0));
        workers
            .get_or_create(&labels)
            .set(connected.get(&m.masterid).copied().unwrap_or(0));
    }
    database.set(size);

    let mut text = String::new();
    encode_registry(&mut text, &registry).expect("writing to a String cannot fail");
    in_order(&text)
}

/// The encoder's text with each metric's samples sorted (its families
/// keep them in a hash map), so that one state always reads the same.
fn in_order(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut samples: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.starts_with('#') {
            samples.sort_unstable();
            for sample in samples.drain(..) {
                out.push_str(sample);
                out.push('\n');
            }
            out.push_str(line);
            out.push('\n');
        } else {
            samples.push(line);
        }
    }
    samples.sort_unstable();
    for sample in samples {
        out.push_str(sample);
        out.push('\n');
    }
    out
}
