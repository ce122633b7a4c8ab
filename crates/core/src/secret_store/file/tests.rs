use std::sync::Arc;

use super::*;

#[test]
fn keeps_replaces_and_forgets_passwords_in_a_private_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secrets.json");
    let store = FileSecretStore::new(path.clone());
    assert!(
        store.get("router-1").unwrap().is_none(),
        "nothing before the first save"
    );
    store.set("router-1", &Secret::new("s3cret")).unwrap();
    store.set("router-2", &Secret::new("other")).unwrap();
    store.set("router-1", &Secret::new("changed")).unwrap();
    let again = FileSecretStore::new(path.clone());
    assert_eq!(
        again
            .get("router-1")
            .unwrap()
            .map(|s| s.expose().to_string()),
        Some("changed".into()),
        "survives a restart"
    );
    again.delete("router-1").unwrap();
    assert!(again.get("router-1").unwrap().is_none());
    assert!(again.get("router-2").unwrap().is_some(), "others are kept");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "only the owner may read the passwords");
    }
}

#[test]
fn a_damaged_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secrets.json");
    std::fs::write(&path, b"{not json").unwrap();
    let err = FileSecretStore::new(path).get("router-1").unwrap_err();
    assert!(
        err.to_string().contains("secrets.json"),
        "names the file: {err}"
    );
}

/// Separate store instances on one file are what the app and the agent are: two processes,
/// each with its own in-process lock. Only the file lock keeps their writes from crossing.
#[test]
fn concurrent_writers_through_separate_stores_lose_no_password() {
    let dir = tempfile::tempdir().unwrap();
    let path = Arc::new(dir.path().join("secrets.json"));
    let (writers, each) = (8, 12);
    let threads: Vec<_> = (0..writers)
        .map(|w| {
            let path = Arc::clone(&path);
            std::thread::spawn(move || {
                let store = FileSecretStore::new(path.as_ref().clone());
                for n in 0..each {
                    store
                        .set(
                            &format!("router-{w}-{n}"),
                            &Secret::new(format!("pw-{w}-{n}")),
                        )
                        .map_err(|e| e.to_string())?;
                }
                Ok::<(), String>(())
            })
        })
        .collect();
    for thread in threads {
        assert_eq!(thread.join().unwrap(), Ok(()), "every write succeeds");
    }
    let store = FileSecretStore::new(path.as_ref().clone());
    let mut lost = Vec::new();
    for w in 0..writers {
        for n in 0..each {
            let kept = store.get(&format!("router-{w}-{n}")).unwrap();
            if kept.map(|s| s.expose().to_string()) != Some(format!("pw-{w}-{n}")) {
                lost.push(format!("router-{w}-{n}"));
            }
        }
    }
    assert_eq!(lost, Vec::<String>::new(), "no writer's password was lost");
}

#[cfg(unix)]
#[test]
fn a_password_file_that_is_a_symbolic_link_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let elsewhere = dir.path().join("elsewhere.json");
    std::fs::write(&elsewhere, br#"{"router-1":"planted"}"#).unwrap();
    let path = dir.path().join("secrets.json");
    std::os::unix::fs::symlink(&elsewhere, &path).unwrap();
    let store = FileSecretStore::new(path);
    let read = store.get("router-1");
    assert!(
        matches!(&read, Err(e) if e.to_string().contains("symbolic link")),
        "a link is not read through: {:?}",
        read.map(|s| s.map(|s| s.expose().to_string()))
    );
    assert!(
        store.set("router-1", &Secret::new("mine")).is_err(),
        "nor written through"
    );
    assert_eq!(
        std::fs::read_to_string(&elsewhere).unwrap(),
        r#"{"router-1":"planted"}"#,
        "the link's target is untouched"
    );
}

#[cfg(unix)]
#[test]
fn a_symbolic_link_at_the_temporary_file_is_not_written_through() {
    let dir = tempfile::tempdir().unwrap();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, b"keep me").unwrap();
    let path = dir.path().join("secrets.json");
    std::os::unix::fs::symlink(&victim, dir.path().join("secrets.json.tmp")).unwrap();
    let store = FileSecretStore::new(path.clone());
    store.set("router-1", &Secret::new("s3cret")).unwrap();
    assert_eq!(
        std::fs::read_to_string(&victim).unwrap(),
        "keep me",
        "the file a planted link points at is not overwritten"
    );
    assert!(
        !std::fs::symlink_metadata(&path)
            .unwrap()
            .file_type()
            .is_symlink(),
        "the password file is a file of its own"
    );
    assert_eq!(
        store
            .get("router-1")
            .unwrap()
            .map(|s| s.expose().to_string()),
        Some("s3cret".into())
    );
}
