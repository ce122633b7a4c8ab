//! Running commands, loudly.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The workspace root (xtask lives one level below it).
pub fn root() -> PathBuf {
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| here.to_path_buf())
}

/// Where cargo puts what it builds: `CARGO_TARGET_DIR` (relative to the workspace root) if set,
/// else `target/`.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

/// Runs a command in the workspace root, echoing it, and fails if it fails.
pub fn run(cmd: &mut Command) -> Result<()> {
    cmd.current_dir(root());
    eprintln!("\n$ {}", describe(cmd));
    let status = cmd
        .status()
        .with_context(|| format!("could not start {}", describe(cmd)))?;
    if !status.success() {
        bail!("{} failed ({status})", describe(cmd));
    }
    Ok(())
}

/// Test counts summed over every `test result:` line cargo printed.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct TestTotals {
    pub passed: u64,
    pub failed: u64,
}

impl TestTotals {
    /// Adds the counts of one `test result: ok. 3 passed; 0 failed; …` line.
    pub fn add_line(&mut self, line: &str) {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            return;
        };
        for part in rest.split(';') {
            let words: Vec<&str> = part.split_whitespace().collect();
            if let [.., n, kind] = words.as_slice() {
                let n: u64 = n.parse().unwrap_or(0);
                match *kind {
                    "passed" => self.passed += n,
                    "failed" => self.failed += n,
                    _ => {}
                }
            }
        }
    }
}

/// Runs `cargo test`, echoing its output, and sums its results; fails if the command fails.
pub fn run_counting_tests(cmd: &mut Command) -> Result<TestTotals> {
    use std::io::{BufRead, BufReader};
    cmd.current_dir(root()).stdout(std::process::Stdio::piped());
    eprintln!("\n$ {}", describe(cmd));
    let mut child = cmd
        .spawn()
        .with_context(|| format!("could not start {}", describe(cmd)))?;
    let mut totals = TestTotals::default();
    if let Some(out) = child.stdout.take() {
        for line in BufReader::new(out).lines().map_while(std::io::Result::ok) {
            println!("{line}");
            totals.add_line(&line);
        }
    }
    let status = child.wait()?;
    if !status.success() {
        bail!(
            "{} failed ({status}): {} passed, {} failed",
            describe(cmd),
            totals.passed,
            totals.failed
        );
    }
    Ok(totals)
}

/// Whether a program answers on PATH.
pub fn has(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false)
}

/// The first line a command prints, if it runs.
pub fn first_line(cmd: &mut Command) -> Option<String> {
    let out = cmd.output().ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .trim()
            .to_string()
    })
}

pub fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

fn describe(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

#[cfg(test)]
mod tests {
    use super::TestTotals;

    #[test]
    fn sums_cargo_test_result_lines() {
        let mut t = TestTotals::default();
        for line in [
            "test result: ok. 21 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.10s",
            "running 3 tests",
            "test result: FAILED. 1 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.2s",
            "test result: ok. 0 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.00s",
        ] {
            t.add_line(line);
        }
        assert_eq!(
            t,
            TestTotals {
                passed: 22,
                failed: 2
            },
            "every result line counts, others do not"
        );
    }
}
