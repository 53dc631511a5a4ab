//! Statistics of timed runs: medians, spreads and paired ratios.

/// The median of `values`, the mean of the two middle ones when their
/// number is even; `None` when there are none.
pub fn median(values: &[f64]) -> Option<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(sorted[n / 2]),
        _ => Some((sorted[n / 2 - 1] + sorted[n / 2]) / 2.0),
    }
}

/// What a set of timed runs comes to, in seconds.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    pub mean: f64,
    /// The sample standard deviation (over `n - 1`); 0 for a single run.
    pub stddev: f64,
    pub median: f64,
    pub min: f64,
    pub max: f64,
    pub runs: usize,
}

impl Summary {
    /// The summary of `times`; `None` when there are none.
    pub fn of(times: &[f64]) -> Option<Self> {
        let median = median(times)?;
        #[allow(clippy::cast_precision_loss)] // run counts are small
        let n = times.len() as f64;
        let mean = times.iter().sum::<f64>() / n;
        let stddev = if times.len() > 1 {
            (times.iter().map(|t| (t - mean).powi(2)).sum::<f64>() / (n - 1.0)).sqrt()
        } else {
            0.0
        };
        Some(Summary {
            mean,
            stddev,
            median,
            min: times.iter().copied().fold(f64::INFINITY, f64::min),
            max: times.iter().copied().fold(f64::NEG_INFINITY, f64::max),
            runs: times.len(),
        })
    }
}

/// A ratio measured in rounds: the median over the rounds of one
/// command's time over another's in the same round, and its range.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairedRatio {
    pub median: f64,
    pub min: f64,
    pub max: f64,
}

impl PairedRatio {
    /// The paired ratio of `pairs` (each a round's `(time, baseline
    /// time)`); `None` when there are none.
    pub fn of(pairs: impl IntoIterator<Item = (f64, f64)>) -> Option<Self> {
        let each: Vec<f64> = pairs.into_iter().map(|(a, b)| a / b).collect();
        Some(PairedRatio {
            median: median(&each)?,
            min: each.iter().copied().fold(f64::INFINITY, f64::min),
            max: each.iter().copied().fold(f64::NEG_INFINITY, f64::max),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_and_even_counts() {
        assert_eq!(median(&[3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(&[4.0, 1.0, 3.0, 2.0]), Some(2.5));
        assert_eq!(median(&[7.5]), Some(7.5));
        assert_eq!(median(&[]), None);
    }

    #[test]
    fn summary_uses_the_sample_deviation() {
        let s = Summary::of(&[2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0]).unwrap();
        assert_eq!(s.mean, 5.0);
        assert_eq!(s.median, 4.5);
        assert_eq!((s.min, s.max, s.runs), (2.0, 9.0, 8));
        // Sum of squares 32 over 7.
        assert!((s.stddev - (32.0_f64 / 7.0).sqrt()).abs() < 1e-12);
        assert_eq!(Summary::of(&[1.5]).unwrap().stddev, 0.0);
        assert_eq!(Summary::of(&[]), None);
    }

    #[test]
    fn paired_ratio_is_the_median_of_the_rounds() {
        let r = PairedRatio::of([(2.0, 1.0), (3.0, 2.0), (1.0, 1.0)]).unwrap();
        assert_eq!((r.median, r.min, r.max), (1.5, 1.0, 2.0));
        assert_eq!(PairedRatio::of([]), None);
    }
}
