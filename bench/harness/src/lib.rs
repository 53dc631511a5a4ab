//! The harness the workspace's benches share (`harness = false`, no
//! criterion).
//!
//! A bench builds [`Stage`]s, each a closure that runs a given number of
//! iterations and returns the time they took (so that it can keep its setup
//! out of the timed region: see [`timed`] and [`timed_fresh`]). [`run`]
//! warms every stage up and calibrates its batch, then runs the stages in
//! interleaved rounds, one timed batch of each per round with the order
//! rotated every round, so that drift on a shared machine hits them all
//! alike. It stops once every stage has spent its [`Budget`] in timed
//! batches and the minimum of rounds has run. [`report`] prints the median
//! time per iteration, the 10th and 90th percentiles and their spread;
//! what to compare between runs are ratios of medians
//! ([`Stage::median`]), taken in the same run.
//!
//! Under `cargo bench` ([`is_bench_run`]) each stage gets `BENCH_SECS`
//! seconds (default 2) and at least 15 rounds; otherwise (`cargo test
//! --benches`, `--all-targets`) every stage runs once, as a smoke test.

#![warn(missing_docs)]

use std::time::{Duration, Instant};

/// Whether the bench was started by `cargo bench`, which passes `--bench`
/// (`cargo test --benches` does not).
#[must_use]
pub fn is_bench_run() -> bool {
    std::env::args().any(|a| a == "--bench")
}

/// How long every stage is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Budget {
    /// Time in timed batches per stage; zero runs one iteration per batch,
    /// without a warm-up.
    pub per_stage: Duration,
    /// Rounds run at least.
    pub min_rounds: usize,
}

impl Budget {
    /// Under `cargo bench`, `BENCH_SECS` seconds per stage (default 2, and
    /// for a value that is not a positive number) and at least 15 rounds.
    /// Otherwise it says so on standard output and every stage runs once.
    #[must_use]
    pub fn from_env() -> Budget {
        if !is_bench_run() {
            println!("(not run by `cargo bench`: every stage runs once, as a test)");
            return Budget::rounds(1);
        }
        let secs = std::env::var("BENCH_SECS")
            .ok()
            .and_then(|s| s.parse::<f64>().ok())
            .filter(|s| *s > 0.0 && s.is_finite())
            .unwrap_or(2.0);
        Budget {
            per_stage: Duration::from_secs_f64(secs),
            min_rounds: 15,
        }
    }

    /// Exactly `rounds` rounds of one iteration per stage, for stages that
    /// are long enough to time one at a time.
    #[must_use]
    pub fn rounds(rounds: usize) -> Budget {
        Budget {
            per_stage: Duration::ZERO,
            min_rounds: rounds,
        }
    }
}

/// A timed batch lasts at least about this long (one iteration when that is
/// longer).
pub const BATCH: Duration = Duration::from_millis(25);

/// Runs `f` `n` times and returns the time taken.
pub fn timed(n: u64, mut f: impl FnMut()) -> Duration {
    let start = Instant::now();
    for _ in 0..n {
        f();
    }
    start.elapsed()
}

/// Builds `n` inputs with `make`, outside the timed region, then returns the
/// time `f` takes to consume them, one per iteration: for work that uses up
/// its input.
pub fn timed_fresh<I>(n: u64, make: impl FnMut() -> I, mut f: impl FnMut(I)) -> Duration {
    let inputs: Vec<I> = std::iter::repeat_with(make)
        .take(usize::try_from(n).unwrap_or(usize::MAX))
        .collect();
    let start = Instant::now();
    for input in inputs {
        f(input);
    }
    start.elapsed()
}

type Run<'a> = Box<dyn FnMut(u64) -> Duration + 'a>;

/// One measured stage: `run(n)` performs `n` iterations and returns the time
/// they took.
pub struct Stage<'a> {
    label: &'static str,
    run: Run<'a>,
    batch: u64,
    spent: Duration,
    /// Nanoseconds per iteration, one entry per timed batch.
    samples: Vec<f64>,
}

impl<'a> Stage<'a> {
    /// A stage named `label` (in reports) that runs `run`.
    pub fn new(label: &'static str, run: impl FnMut(u64) -> Duration + 'a) -> Self {
        Stage {
            label,
            run: Box::new(run),
            batch: 1,
            spent: Duration::ZERO,
            samples: Vec::new(),
        }
    }

    /// The stage's name.
    #[must_use]
    pub fn label(&self) -> &'static str {
        self.label
    }

    /// Nanoseconds per iteration, one entry per timed batch, in the order
    /// they were taken.
    #[must_use]
    pub fn samples(&self) -> &[f64] {
        &self.samples
    }

    /// Warms up for at least `warmup` and sets the batch size.
    fn calibrate(&mut self, warmup: Duration) {
        if warmup.is_zero() {
            self.batch = 1;
            return;
        }
        let mut n = 1;
        let mut total = Duration::ZERO;
        let mut iterations = 0;
        while total < warmup {
            total += (self.run)(n);
            iterations += n;
            n *= 2;
        }
        let per_iteration = total.as_secs_f64() / iterations as f64;
        self.batch = ((BATCH.as_secs_f64() / per_iteration).ceil() as u64).max(1);
    }

    fn sample(&mut self) {
        let elapsed = (self.run)(self.batch);
        self.spent += elapsed;
        self.samples
            .push(elapsed.as_nanos() as f64 / self.batch as f64);
    }

    fn sorted(&self) -> Vec<f64> {
        let mut s = self.samples.clone();
        s.sort_by(f64::total_cmp);
        s
    }

    /// The median nanoseconds per iteration.
    ///
    /// # Panics
    ///
    /// Before [`run`] has taken a sample.
    #[must_use]
    pub fn median(&self) -> f64 {
        percentile(&self.sorted(), 0.5)
    }
}

/// The value at fraction `p` (0 to 1) of sorted samples: the nearest rank,
/// no interpolation.
///
/// # Panics
///
/// When `sorted` is empty.
#[must_use]
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    let i = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[i]
}

/// Calibrates every stage, then runs interleaved rounds until every stage
/// has spent its budget in timed batches and the minimum of rounds ran.
pub fn run(stages: &mut [Stage<'_>], budget: Budget) {
    let warmup = if budget.per_stage.is_zero() {
        Duration::ZERO
    } else {
        (budget.per_stage / 5).max(Duration::from_millis(100))
    };
    for stage in stages.iter_mut() {
        stage.calibrate(warmup);
    }
    let mut round = 0;
    while round < budget.min_rounds || stages.iter().any(|s| s.spent < budget.per_stage) {
        let k = stages.len();
        for i in 0..k {
            stages[(i + round) % k].sample();
        }
        round += 1;
    }
}

/// Prints a table of the stages: median, 10th and 90th percentile per
/// iteration divided by `per` (the calls one iteration makes, to report
/// per call), the spread from p10 to p90 as a share of the median, and the
/// number of timed batches.
pub fn report(stages: &[Stage<'_>], per: usize) {
    println!(
        "   {:<26} {:>12} {:>12} {:>12} {:>8} {:>8}",
        "stage", "median", "p10", "p90", "spread", "batches"
    );
    for s in stages {
        let sorted = s.sorted();
        let (p10, p50, p90) = (
            percentile(&sorted, 0.1),
            percentile(&sorted, 0.5),
            percentile(&sorted, 0.9),
        );
        let per = per as f64;
        println!(
            "   {:<26} {:>12} {:>12} {:>12} {:>7.1}% {:>8}",
            s.label,
            human(p50 / per),
            human(p10 / per),
            human(p90 / per),
            100.0 * (p90 - p10) / p50,
            sorted.len()
        );
    }
}

/// Nanoseconds, in a readable unit.
#[must_use]
pub fn human(ns: f64) -> String {
    if ns >= 1e6 {
        format!("{:.2} ms", ns / 1e6)
    } else if ns >= 1e3 {
        format!("{:.2} µs", ns / 1e3)
    } else {
        format!("{ns:.1} ns")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::{Cell, RefCell};

    /// A stage that reports `per_iteration` for each iteration it is asked
    /// to run, without taking that long: the harness sees only durations.
    fn fake<'a>(label: &'static str, per_iteration: Duration, calls: &'a Cell<u64>) -> Stage<'a> {
        Stage::new(label, move |n| {
            calls.set(calls.get() + n);
            per_iteration * u32::try_from(n).unwrap()
        })
    }

    #[test]
    fn rounds_rotate_the_order_of_the_stages() {
        let order = RefCell::new(String::new());
        let stage = |name: &'static str| {
            let order = &order;
            Stage::new(name, move |n| {
                order.borrow_mut().push_str(name);
                Duration::from_nanos(n)
            })
        };
        let mut stages = vec![stage("a"), stage("b"), stage("c")];
        run(&mut stages, Budget::rounds(4));
        assert_eq!(*order.borrow(), "abcbcacababc");
        assert!(stages.iter().all(|s| s.samples() == [1.0; 4]));
    }

    #[test]
    fn batches_are_calibrated_and_the_budget_is_spent() {
        let (fast_calls, slow_calls) = (Cell::new(0), Cell::new(0));
        let mut stages = vec![
            fake("fast", Duration::from_micros(120), &fast_calls),
            fake("slow", Duration::from_millis(40), &slow_calls),
        ];
        let budget = Budget {
            per_stage: Duration::from_secs(1),
            min_rounds: 15,
        };
        run(&mut stages, budget);
        // Batches of at least `BATCH`: 209 iterations of 120 µs; one of
        // 40 ms. The slow stage needs 25 rounds to spend its second, the
        // fast one 40, and both run as many rounds.
        assert_eq!(stages[0].samples().len(), 40);
        assert_eq!(stages[1].samples().len(), 40);
        assert_eq!(stages[0].median(), 120_000.0);
        assert_eq!(stages[1].median(), 40_000_000.0);
        // The warm-up (200 ms, doubling from one iteration) comes on top.
        assert_eq!(fast_calls.get(), 40 * 209 + 2047);
        assert_eq!(slow_calls.get(), 40 + 7);
    }

    #[test]
    fn fresh_inputs_are_made_before_the_clock_starts() {
        let made = Cell::new(0);
        let mut seen = Vec::new();
        timed_fresh(
            3,
            || {
                made.set(made.get() + 1);
                made.get()
            },
            |input| {
                assert_eq!(made.get(), 3);
                seen.push(input);
            },
        );
        assert_eq!(seen, [1, 2, 3]);
    }

    #[test]
    fn percentiles_take_the_nearest_rank() {
        let sorted: Vec<f64> = (1..=11).map(f64::from).collect();
        assert_eq!(percentile(&sorted, 0.5), 6.0);
        assert_eq!(percentile(&sorted, 0.1), 2.0);
        assert_eq!(percentile(&sorted, 0.9), 10.0);
        assert_eq!(percentile(&[7.0], 0.9), 7.0);
    }

    #[test]
    fn durations_read_in_their_unit() {
        assert_eq!(human(12.34), "12.3 ns");
        assert_eq!(human(1_234.0), "1.23 µs");
        assert_eq!(human(26_400_000.0), "26.40 ms");
    }
}
