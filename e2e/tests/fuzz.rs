//! Stateful fuzzing ([`lst_e2e::fuzz`]) of the deployable contracts: each
//! generated call sequence runs on the Stylus wasm in the in-process
//! devnode **and** on the ink! `.polkavm` in the in-process pallet-revive
//! chain, every invariant checked after every step on each; then the two
//! runs must agree step by step (success, named error, events) and end in
//! the same state.
//!
//! Each platform runs in a worker thread of its own, which deploys and
//! observes the suite once and forks that chain for every sequence; the
//! sequences are split over two test functions (shards), each with its own
//! pair of workers, so the ink! side — most of the time — runs on both
//! cores. `LST_FUZZ_CASES` sets the number of sequences (`scripts/fuzz.sh`
//! runs long ones). A failure is shrunk by proptest and
//! printed as the list of calls; its seed is kept in
//! `tests/fuzz.proptest-regressions` and replayed first by every later run.
#![allow(missing_docs, clippy::panic)]

use lst_devnode::InProcess;
use lst_e2e::fuzz::{diff, run_sequence, Action, Model, Run, Suite, Trace};
use lst_revive_chain::InkChain;
use proptest::test_runner::{Config, FileFailurePersistence};
use proptest_state_machine::ReferenceStateMachine;
use std::sync::mpsc::{channel, Receiver, Sender};

const CHAIN_ID: u64 = 412_346;
/// Sequences when `LST_FUZZ_CASES` is not set: the CI budget (see
/// docs/auditing.md for the measured throughput behind it).
const DEFAULT_CASES: u32 = 2_000;
/// The test functions the sequences are split over (one per core here).
const SHARDS: u32 = 2;
/// The longest sequence.
const MAX_STEPS: usize = 50;

fn config() -> Config {
    let cases = std::env::var("LST_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(DEFAULT_CASES);
    // scripts/fuzz-faults.sh sets LST_FUZZ_NO_PERSIST: the failures a
    // planted fault causes are not kept for later runs.
    let failure_persistence: Option<Box<dyn proptest::test_runner::FailurePersistence>> =
        match std::env::var_os("LST_FUZZ_NO_PERSIST") {
            Some(_) => None,
            None => Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        };
    // Each of the two shards below runs half.
    Config { cases: cases.div_ceil(SHARDS), failure_persistence, ..Config::default() }
}

/// A thread that runs sequences on its own chain, forked per sequence
/// from one deployment.
struct Worker {
    jobs: Sender<Vec<Action>>,
    results: Receiver<Result<Trace, String>>,
}

impl Worker {
    fn spawn<C: lst_client::Chain + 'static>(
        name: &'static str,
        template: fn() -> lst_client::Result<C>,
        fork: fn(&mut C) -> lst_client::Result<C>,
    ) -> Self {
        let (jobs, inbox) = channel::<Vec<Action>>();
        let (outbox, results) = channel();
        std::thread::Builder::new()
            .name(name.into())
            .spawn(move || {
                let started = template().and_then(|mut chain| {
                    let suite = Suite::deploy(&mut chain)?;
                    Run::new(chain, suite)
                });
                let mut start = match started {
                    Ok(run) => run,
                    Err(e) => {
                        let _ = outbox.send(Err(format!("{name}: deploying the suite: {e}")));
                        return;
                    }
                };
                for actions in inbox {
                    let result = fork(&mut start.chain)
                        .and_then(|forked| run_sequence(&start, forked, &actions))
                        .map_err(|e| format!("{name}: {e}"));
                    if outbox.send(result).is_err() {
                        return;
                    }
                }
            })
            .unwrap_or_else(|e| panic!("{name} worker: {e}"));
        Self { jobs, results }
    }

    fn start(&self, actions: &[Action]) {
        self.jobs.send(actions.to_vec()).unwrap_or_else(|e| panic!("a worker stopped: {e}"));
    }

    fn finish(&self) -> Result<Trace, String> {
        self.results.recv().unwrap_or_else(|e| Err(format!("a worker stopped: {e}")))
    }
}

thread_local! {
    static WORKERS: (Worker, Worker) = (
        Worker::spawn("stylus", || InProcess::new(CHAIN_ID), |c| c.fork()),
        Worker::spawn("ink", || InkChain::new(CHAIN_ID), |c| c.fork()),
    );
}

/// Runs one generated sequence on both platforms and compares them step by
/// step and at the end. `seen` counts the steps run (for proptest's
/// shrinking, which may remove any of them).
fn check_sequence(
    actions: &[Action],
    seen: Option<std::sync::Arc<std::sync::atomic::AtomicUsize>>,
) -> Result<(), proptest::test_runner::TestCaseError> {
    if let Some(seen) = seen {
        seen.fetch_add(actions.len(), std::sync::atomic::Ordering::SeqCst);
    }
    let (on_stylus, on_ink) = WORKERS.with(|(stylus, ink)| {
        stylus.start(actions);
        ink.start(actions);
        (stylus.finish(), ink.finish())
    });
    let on_stylus = on_stylus.map_err(proptest::test_runner::TestCaseError::fail)?;
    let on_ink = on_ink.map_err(proptest::test_runner::TestCaseError::fail)?;
    for (i, ((s, k), action)) in on_stylus.steps.iter().zip(&on_ink.steps).zip(actions).enumerate() {
        proptest::prop_assert_eq!(s, k, "step {} ({:?}) differs: Stylus, then ink!", i + 1, action);
    }
    proptest::prop_assert!(
        on_stylus.end == on_ink.end,
        "the final state differs (Stylus → ink!):\n{}",
        diff(&on_stylus.end, &on_ink.end)
    );
    Ok(())
}

// Two shards of the same property, each half of the sequences: the test
// harness runs them on two threads, each with its own pair of workers (the
// workers are per thread), so the ink! side — five sixths of the time —
// runs on both cores instead of one.
proptest::proptest! {
    #![proptest_config(config())]

    #[test]
    fn call_sequences_keep_every_invariant_and_end_the_same_on_stylus_and_ink(
        (_, actions, seen) in Model::sequential_strategy(1..MAX_STEPS)
    ) {
        check_sequence(&actions, seen)?;
    }

    #[test]
    fn call_sequences_keep_every_invariant_and_end_the_same_on_stylus_and_ink_second_shard(
        (_, actions, seen) in Model::sequential_strategy(1..MAX_STEPS)
    ) {
        check_sequence(&actions, seen)?;
    }
}
