//! Rate limits kept in process, by key (a member, an address, or `()` for
//! one limit shared by every caller): a script hammering an endpoint is
//! turned away before it costs the database anything. Each key has a
//! token bucket: `burst` attempts at once, then `per_second` more each
//! second.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::Mutex;
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bucket {
    tokens: f64,
    at: f64,
}

impl Bucket {
    fn full(burst: f64, at: f64) -> Self {
        Self { tokens: burst, at }
    }

    /// Refills for the time since the last attempt, then takes a token if
    /// there is one. `now` is in seconds from any fixed moment.
    pub fn take(&mut self, now: f64, per_second: f64, burst: f64) -> bool {
        let elapsed = (now - self.at).max(0.0);
        self.tokens = (self.tokens + elapsed * per_second).min(burst);
        self.at = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

/// Buckets by key. A limit of 0 per second lets everything through.
pub struct RateLimit<K> {
    per_second: f64,
    burst: f64,
    started: Instant,
    /// The buckets, and when full ones were last dropped.
    buckets: Mutex<(HashMap<K, Bucket>, f64)>,
}

/// Past this many keys, buckets that have refilled are dropped.
const TIDY_ABOVE: usize = 100_000;

impl<K: Eq + Hash> RateLimit<K> {
    pub fn new(per_second: u32, burst: u32) -> Self {
        Self {
            per_second: f64::from(per_second),
            burst: f64::from(burst.max(1)),
            started: Instant::now(),
            buckets: Mutex::new((HashMap::new(), 0.0)),
        }
    }

    pub fn allow(&self, key: K) -> bool {
        if self.per_second <= 0.0 {
            return true;
        }
        let now = self.started.elapsed().as_secs_f64();
        let mut guard = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        let (buckets, tidied) = &mut *guard;
        // At most once a second, so many keys cannot make every call scan.
        if buckets.len() > TIDY_ABOVE && now - *tidied > 1.0 {
            let (rate, burst) = (self.per_second, self.burst);
            buckets.retain(|_, b| b.tokens + (now - b.at) * rate < burst);
            *tidied = now;
        }
        buckets
            .entry(key)
            .or_insert_with(|| Bucket::full(self.burst, now))
            .take(now, self.per_second, self.burst)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_then_the_rate() {
        let mut bucket = Bucket::full(3.0, 0.0);
        assert!(bucket.take(0.0, 2.0, 3.0));
        assert!(bucket.take(0.0, 2.0, 3.0));
        assert!(bucket.take(0.0, 2.0, 3.0));
        assert!(!bucket.take(0.0, 2.0, 3.0), "the burst is spent");
        assert!(!bucket.take(0.4, 2.0, 3.0), "0.8 of a token back");
        assert!(bucket.take(0.6, 2.0, 3.0), "a whole token by 0.5 s");
        assert!(bucket.take(100.0, 2.0, 3.0), "a long pause refills...");
        assert!(bucket.take(100.0, 2.0, 3.0));
        assert!(bucket.take(100.0, 2.0, 3.0));
        assert!(!bucket.take(100.0, 2.0, 3.0), "...to the burst, no more");
    }

    #[test]
    fn keys_are_limited_apart_and_zero_means_no_limit() {
        let limit = RateLimit::new(1, 1);
        assert!(limit.allow("ann"));
        assert!(!limit.allow("ann"));
        assert!(limit.allow("bob"));
        let open = RateLimit::new(0, 1);
        assert!((0..100).all(|_| open.allow("ann")));
    }
}
