//! The dependency rule, checked: nothing under crates/ may depend on Tauri, directly or through
//! another crate. Domain code must build and test without a window.

#[cfg(test)]
mod tests {
    use std::collections::{HashMap, HashSet};

    use serde_json::Value;

    use crate::process::{cargo, root};

    #[test]
    fn no_crate_under_crates_depends_on_tauri() {
        let out = cargo()
            .args(["metadata", "--format-version", "1", "--locked"])
            .current_dir(root())
            .output()
            .expect("cargo metadata runs");
        assert!(
            out.status.success(),
            "cargo metadata: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let meta: Value = serde_json::from_slice(&out.stdout).expect("metadata is JSON");
        let names: HashMap<&str, &str> = meta["packages"]
            .as_array()
            .expect("packages")
            .iter()
            .map(|p| {
                (
                    p["id"].as_str().unwrap_or(""),
                    p["name"].as_str().unwrap_or(""),
                )
            })
            .collect();
        let deps: HashMap<&str, Vec<&str>> = meta["resolve"]["nodes"]
            .as_array()
            .expect("a resolved graph")
            .iter()
            .map(|n| {
                let id = n["id"].as_str().unwrap_or("");
                let ds = n["deps"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            // Normal dependencies only: dev-dependencies do not ship.
                            .filter(|d| {
                                d["dep_kinds"]
                                    .as_array()
                                    .is_some_and(|k| k.iter().any(|k| k["kind"].is_null()))
                            })
                            .filter_map(|d| d["pkg"].as_str())
                            .collect()
                    })
                    .unwrap_or_default();
                (id, ds)
            })
            .collect();
        let crates_dir = root().join("crates");
        let domain: Vec<&Value> = meta["packages"]
            .as_array()
            .expect("packages")
            .iter()
            .filter(|p| {
                p["manifest_path"]
                    .as_str()
                    .is_some_and(|m| m.starts_with(crates_dir.to_string_lossy().as_ref()))
            })
            .collect();
        assert!(
            domain.len() >= 3,
            "api, core and routeros live under crates/"
        );
        for package in domain {
            let start = package["id"].as_str().unwrap_or("");
            let mut seen = HashSet::new();
            let mut stack = vec![(start, vec![names[start]])];
            while let Some((id, path)) = stack.pop() {
                if !seen.insert(id) {
                    continue;
                }
                for dep in deps.get(id).into_iter().flatten() {
                    let name = names.get(dep).copied().unwrap_or("?");
                    let mut via = path.clone();
                    via.push(name);
                    assert!(
                        !(name == "tauri" || name.starts_with("tauri-")),
                        "{} must not depend on Tauri, but does through {}",
                        names[start],
                        via.join(" -> ")
                    );
                    stack.push((dep, via));
                }
            }
        }
    }
}
