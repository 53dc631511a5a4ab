//! When a failed attempt is tried again, and after how long.

use std::time::Duration;

use http::header::RETRY_AFTER;
use http::{HeaderMap, Method};

/// When and how often a client tries a request again.
///
/// - `429 Too Many Requests` is retried for every method: the request was
///   turned away, not applied. So is `503 Service Unavailable` with a
///   `Retry-After` header. Both wait as long as `Retry-After` says, or back
///   off when it is absent.
/// - A request that could not connect is retried for every method: it was
///   never sent.
/// - Server errors that may be passing (`500`, `502`, `503` without
///   `Retry-After`, `504`), timeouts and connections lost mid-way are
///   retried only for idempotent methods (`GET`, `HEAD`, `PUT`, `DELETE`,
///   `OPTIONS`, `TRACE`): sending those again cannot apply them twice, while
///   a `POST` that may have created a message is never sent twice.
/// - Nothing else is retried: other `4xx` and `5xx` answers (`501`, `505`,
///   …) say the request itself is at fault, and a `2xx` or `3xx` is the
///   answer.
///
/// Twilio's own SDKs retry `429` alone; retrying passing server errors of
/// reads as well, as the large cloud SDKs do, spares callers a retry loop
/// of their own for the failures they would retry anyway, and costs
/// nothing for writes, which are never sent twice.
///
/// Backoff is exponential with jitter: attempt *n* waits between half and
/// all of `initial_backoff × 2ⁿ`, at most `max_backoff`. Retries stop after
/// `max_retries`, or when the next wait would end after `max_elapsed` from
/// the first attempt; the last answer is then returned as it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    max_retries: u32,
    max_elapsed: Duration,
    initial_backoff: Duration,
    max_backoff: Duration,
}

impl Default for RetryPolicy {
    /// 3 retries within 60 s, backing off from 500 ms up to 10 s.
    fn default() -> Self {
        RetryPolicy {
            max_retries: 3,
            max_elapsed: Duration::from_secs(60),
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(10),
        }
    }
}

/// What an attempt came back with, as far as retrying is concerned.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Answer<'a> {
    /// A response with this status and these headers.
    Status(u16, &'a HeaderMap),
    /// The request was never sent (no connection could be made).
    NotSent,
    /// The request may have reached the server (a timeout, a connection
    /// lost after sending).
    MaybeSent,
}

impl RetryPolicy {
    /// Never retries.
    #[must_use]
    pub fn none() -> Self {
        RetryPolicy {
            max_retries: 0,
            ..RetryPolicy::default()
        }
    }

    /// At most this many retries after the first attempt.
    #[must_use]
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// No retry whose wait would end later than this after the first
    /// attempt began.
    #[must_use]
    pub fn max_elapsed(mut self, elapsed: Duration) -> Self {
        self.max_elapsed = elapsed;
        self
    }

    /// The wait before the first retry, doubled for each further one.
    #[must_use]
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The longest backoff between two attempts (a `Retry-After` may ask
    /// for more, up to `max_elapsed`).
    #[must_use]
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// How long to wait before trying again after `answer`, or `None` to
    /// stop. `retries` is the number of retries already made, `elapsed` the
    /// time since the first attempt began.
    pub(crate) fn delay(
        &self,
        method: &Method,
        answer: Answer<'_>,
        retries: u32,
        elapsed: Duration,
    ) -> Option<Duration> {
        if retries >= self.max_retries {
            return None;
        }
        let wait = match answer {
            Answer::Status(429, headers) => {
                retry_after(headers).unwrap_or_else(|| self.backoff(retries))
            }
            Answer::Status(503, headers) if headers.contains_key(RETRY_AFTER) => {
                retry_after(headers).unwrap_or_else(|| self.backoff(retries))
            }
            Answer::Status(500 | 502..=504, _) | Answer::MaybeSent if idempotent(method) => {
                self.backoff(retries)
            }
            Answer::NotSent => self.backoff(retries),
            Answer::Status(..) | Answer::MaybeSent => return None,
        };
        (elapsed.saturating_add(wait) <= self.max_elapsed).then_some(wait)
    }

    /// Exponential backoff with equal jitter.
    fn backoff(&self, retries: u32) -> Duration {
        let full = self
            .initial_backoff
            .saturating_mul(1u32.checked_shl(retries).unwrap_or(u32::MAX))
            .min(self.max_backoff);
        let half = full / 2;
        let nanos = u64::try_from((full - half).as_nanos()).unwrap_or(u64::MAX);
        half + Duration::from_nanos(fastrand::u64(0..=nanos))
    }
}

fn idempotent(method: &Method) -> bool {
    [
        Method::GET,
        Method::HEAD,
        Method::PUT,
        Method::DELETE,
        Method::OPTIONS,
        Method::TRACE,
    ]
    .contains(method)
}

/// The wait a `Retry-After` header asks for: delay-seconds, or an HTTP date
/// (a date already past asks for no wait).
pub(crate) fn retry_after(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let date = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let at = std::time::UNIX_EPOCH + Duration::from_secs(u64::try_from(date.timestamp()).ok()?);
    Some(
        at.duration_since(std::time::SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn headers(retry_after: Option<&'static str>) -> HeaderMap {
        let mut headers = HeaderMap::new();
        if let Some(value) = retry_after {
            headers.insert(RETRY_AFTER, HeaderValue::from_static(value));
        }
        headers
    }

    const ZERO: Duration = Duration::ZERO;

    #[test]
    fn rate_limits_are_retried_for_every_method_after_retry_after() {
        let policy = RetryPolicy::default();
        let h = headers(Some("2"));
        for method in [Method::GET, Method::POST] {
            assert_eq!(
                policy.delay(&method, Answer::Status(429, &h), 0, ZERO),
                Some(Duration::from_secs(2))
            );
            assert_eq!(
                policy.delay(&method, Answer::Status(503, &h), 0, ZERO),
                Some(Duration::from_secs(2))
            );
        }
    }

    #[test]
    fn what_may_have_been_applied_is_retried_only_when_idempotent() {
        let policy = RetryPolicy::default();
        let none = headers(None);
        for answer in [
            Answer::Status(500, &none),
            Answer::Status(502, &none),
            Answer::Status(503, &none),
            Answer::Status(504, &none),
            Answer::MaybeSent,
        ] {
            assert!(policy.delay(&Method::GET, answer, 0, ZERO).is_some());
            assert!(policy.delay(&Method::DELETE, answer, 0, ZERO).is_some());
            assert_eq!(policy.delay(&Method::POST, answer, 0, ZERO), None);
        }
        assert!(policy
            .delay(&Method::POST, Answer::NotSent, 0, ZERO)
            .is_some());
        for status in [200, 201, 204, 302, 400, 401, 404, 501, 505] {
            assert_eq!(
                policy.delay(&Method::GET, Answer::Status(status, &none), 0, ZERO),
                None,
                "{status}"
            );
        }
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let policy = RetryPolicy::default()
            .max_retries(20)
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(1000))
            .max_elapsed(Duration::from_secs(3600));
        let none = headers(None);
        for retries in 0..12 {
            let full =
                Duration::from_millis(100 * (1 << retries.min(4))).min(Duration::from_secs(1));
            for _ in 0..50 {
                let wait = policy
                    .delay(&Method::GET, Answer::Status(429, &none), retries, ZERO)
                    .unwrap();
                assert!(wait >= full / 2 && wait <= full, "{retries}: {wait:?}");
            }
        }
        // Jitter: 50 waits are not all the same.
        let waits: std::collections::BTreeSet<Duration> =
            (0..50).map(|_| policy.backoff(3)).collect();
        assert!(waits.len() > 1);
    }

    #[test]
    fn retries_are_bounded_in_count_and_time() {
        let policy = RetryPolicy::default()
            .max_retries(2)
            .max_elapsed(Duration::from_secs(10));
        let h = headers(Some("3"));
        let answer = Answer::Status(429, &h);
        assert!(policy.delay(&Method::GET, answer, 1, ZERO).is_some());
        assert_eq!(policy.delay(&Method::GET, answer, 2, ZERO), None);
        assert!(policy
            .delay(&Method::GET, answer, 0, Duration::from_secs(7))
            .is_some());
        assert_eq!(
            policy.delay(&Method::GET, answer, 0, Duration::from_secs(8)),
            None,
            "a wait that would end past max_elapsed"
        );
        assert_eq!(
            RetryPolicy::none().delay(&Method::GET, answer, 0, ZERO),
            None
        );
    }

    #[test]
    fn retry_after_takes_seconds_or_a_date() {
        assert_eq!(
            retry_after(&headers(Some("120"))),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            retry_after(&headers(Some("Wed, 21 Oct 2015 07:28:00 GMT"))),
            Some(ZERO)
        );
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap();
        let later = chrono::DateTime::from_timestamp(i64::try_from(now.as_secs()).unwrap() + 30, 0)
            .unwrap()
            .to_rfc2822()
            .replace("+0000", "GMT");
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_str(&later).unwrap());
        let wait = retry_after(&h).unwrap();
        assert!(
            wait > Duration::from_secs(25) && wait <= Duration::from_secs(30),
            "{wait:?}"
        );
        assert_eq!(retry_after(&headers(Some("soon"))), None);
        assert_eq!(retry_after(&headers(None)), None);
    }
}
