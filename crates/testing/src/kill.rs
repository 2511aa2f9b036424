//! Killed children: a test starts its own test binary again running one child test (which does
//! nothing unless its environment variable is set), waits until the child prints `ready`, lets it
//! work for a pseudo-random moment and kills it (SIGKILL on Unix), round after round. What the
//! kills left behind is then checked by the parent test.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

/// What the child prints once it is about to start the work that gets killed.
pub const READY: &str = "ready";

/// Runs `rounds` children: each is this test binary running only the test `child_test`, with
/// `env` set (and `SINKRON_KILL_ROUND` to the round's number), killed 5 ms to
/// `5 + spread_ms` ms after it said [`READY`]; the delays differ per round and per run.
pub fn kill_rounds(child_test: &str, env: &[(&str, &str)], rounds: u32, spread_ms: u64) {
    kill_rounds_then(child_test, env, rounds, spread_ms, |_| {});
}

/// As [`kill_rounds`], calling `after` with the round's number once each child is dead (to
/// check what it left and set up the next round).
pub fn kill_rounds_then(
    child_test: &str,
    env: &[(&str, &str)],
    rounds: u32,
    spread_ms: u64,
    mut after: impl FnMut(u32),
) {
    let exe = std::env::current_exe().expect("the test binary");
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15 ^ u64::from(std::process::id());
    for round in 0..rounds {
        let mut child = Command::new(&exe)
            .args(["--exact", child_test, "--nocapture", "--test-threads=1"])
            .envs(env.iter().copied())
            .env("SINKRON_KILL_ROUND", round.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the child");
        let mut out = BufReader::new(child.stdout.take().expect("the child's output"));
        let mut line = String::new();
        while !line.contains(READY) {
            line.clear();
            assert!(
                out.read_line(&mut line).expect("read the child") > 0,
                "round {round}: child died before {READY}"
            );
        }
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        std::thread::sleep(Duration::from_millis(5 + seed % spread_ms.max(1)));
        child.kill().expect("kill the child");
        child.wait().expect("reap the child");
        after(round);
    }
}

/// The round a child runs in (from [`kill_rounds`]), `0` outside one.
pub fn round() -> i64 {
    std::env::var("SINKRON_KILL_ROUND")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(0)
}
