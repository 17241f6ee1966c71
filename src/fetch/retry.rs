//! When to try again: exponential backoff with jitter, and the server's `Retry-After`
//! (delta-seconds or an HTTP date), both capped.

use std::time::{Duration, SystemTime};

use rand::Rng;

/// The wait before try number `attempt` (1 for the first retry): the server's `Retry-After`
/// when it gave one, else `base * 2^(attempt-1)` with "equal jitter" (between half and all of
/// it); never more than `cap`.
pub fn wait(
    attempt: u32,
    retry_after: Option<Duration>,
    base: Duration,
    cap: Duration,
) -> Duration {
    if let Some(wait) = retry_after {
        return wait.min(cap);
    }
    let exp = base.saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
    let exp = exp.min(cap);
    let half = exp / 2;
    let jitter = if half.is_zero() {
        Duration::ZERO
    } else {
        rand::thread_rng().gen_range(Duration::ZERO..=half)
    };
    half + jitter
}

/// Parses a `Retry-After` value: delta-seconds, or an HTTP date (a date in the past is 0).
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(
        when.duration_since(SystemTime::now())
            .unwrap_or(Duration::ZERO),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_seconds_and_dates() {
        assert_eq!(parse_retry_after(" 3 "), Some(Duration::from_secs(3)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        let later = httpdate::fmt_http_date(SystemTime::now() + Duration::from_secs(100));
        let got = parse_retry_after(&later).unwrap_or_default();
        assert!(got > Duration::from_secs(90) && got <= Duration::from_secs(100));
        assert_eq!(parse_retry_after("soon"), None);
    }

    #[test]
    fn backoff_doubles_with_jitter_and_is_capped() {
        let base = Duration::from_millis(100);
        let cap = Duration::from_secs(1);
        for attempt in 1..=3 {
            let full = base * (1 << (attempt - 1));
            let w = wait(attempt, None, base, cap);
            assert!(w >= full / 2 && w <= full, "{attempt}: {w:?}");
        }
        assert!(wait(10, None, base, cap) <= cap);
        assert_eq!(
            wait(1, Some(Duration::from_secs(5)), base, cap),
            Duration::from_secs(1)
        );
    }
}
