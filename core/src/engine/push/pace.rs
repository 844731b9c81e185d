//! Timing of a push: the rate limit, the platforms' slow-down signals, and
//! backoff with seeded jitter. Times are Unix milliseconds given by the host.

use serde::{Deserialize, Serialize};

/// splitmix64: a tiny generator whose output is fixed by its definition, so
/// a seed gives the same jitter in every version and on every host (a
/// general-purpose crate's algorithm may change between releases).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `0..=n` (the modulo bias is below 2⁻⁴⁰ for delays in ms).
    pub(crate) fn up_to(&mut self, n: u64) -> u64 {
        if n == 0 {
            0
        } else {
            self.next_u64() % (n + 1)
        }
    }
}

/// The most the platforms' rate-limit answers stretch the interval.
const MAX_SLOW: f64 = 16.0;
/// How much each answer that is not a rate limit brings the interval back.
const RECOVER: f64 = 0.9;

/// When the next call may start.
///
/// With a rate of `r` calls per second and a margin of `m` ms, consecutive
/// sends are at least `ceil((1000 + m) / r)` ms apart, so any window of
/// `1000 + m` ms holds at most `ceil(r)` sends (exactly `r` for a whole
/// number). The margin is for the network: calls that leave evenly spaced
/// can arrive bunched, and the platform counts arrivals. A rate-limit answer
/// doubles the interval (up to ×16) and pauses every send for the backoff
/// it set; each other answer takes a tenth of the stretch back.
#[derive(Clone, Debug)]
pub(crate) struct Pace {
    rate: Option<f64>,
    margin_ms: u64,
    slow: f64,
    last_send: Option<i64>,
    pause_until: i64,
}

impl Pace {
    pub(crate) fn new(rate: Option<f64>, margin_ms: u64) -> Pace {
        Pace { rate, margin_ms, slow: 1.0, last_send: None, pause_until: i64::MIN }
    }

    /// Milliseconds between two sends now (0 without a rate).
    pub(crate) fn interval_ms(&self) -> i64 {
        match self.rate {
            Some(r) => ((1000.0 + self.margin_ms as f64) * self.slow / r).ceil() as i64,
            None => 0,
        }
    }

    /// The earliest time the next send may start.
    pub(crate) fn next_allowed(&self) -> i64 {
        let spaced = match (self.rate, self.last_send) {
            (Some(_), Some(t)) => t.saturating_add(self.interval_ms()),
            _ => i64::MIN,
        };
        spaced.max(self.pause_until)
    }

    pub(crate) fn on_send(&mut self, now: i64) {
        self.last_send = Some(now);
    }

    /// A send of an earlier run (replayed from a journal).
    pub(crate) fn note_send(&mut self, at: i64) {
        self.last_send = Some(self.last_send.map_or(at, |t| t.max(at)));
    }

    /// The platform said "too many calls": slow down and pause until `until`.
    pub(crate) fn on_rate_limited(&mut self, until: i64) {
        self.slow = (self.slow * 2.0).min(MAX_SLOW);
        self.pause_until = self.pause_until.max(until);
    }

    /// Any other answer.
    pub(crate) fn on_answer(&mut self) {
        self.slow = (self.slow * RECOVER).max(1.0);
    }
}

/// Exponential backoff with "equal jitter": attempt `k` (1 for the first
/// retry) waits `c/2 + uniform(0, c/2)` ms where `c = min(cap, base·2^(k−1))`,
/// so a retry never goes out at once yet retries of many calls spread out.
pub(crate) fn backoff_ms(rng: &mut Rng, base: u64, cap: u64, attempt: u32) -> u64 {
    let shift = attempt.saturating_sub(1).min(40);
    let c = base.saturating_mul(1u64 << shift).min(cap);
    c / 2 + rng.up_to(c - c / 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splitmix_is_the_published_sequence() {
        // The first outputs of splitmix64 seeded with 0 (as in the reference C code).
        let mut r = Rng::new(0);
        assert_eq!(r.next_u64(), 0xE220_A839_7B1D_CDAF);
        assert_eq!(r.next_u64(), 0x6E78_9E6A_A1B9_65F4);
    }

    #[test]
    fn backoff_stays_within_its_bounds() {
        let mut r = Rng::new(7);
        for attempt in 1..12 {
            let c = (500u64 << (attempt - 1)).min(30_000);
            for _ in 0..200 {
                let d = backoff_ms(&mut r, 500, 30_000, attempt);
                assert!(d >= c / 2 && d <= c, "attempt {attempt}: {d}");
            }
        }
        assert_eq!(backoff_ms(&mut r, 0, 0, 3), 0);
        // No overflow at the extremes.
        assert!(backoff_ms(&mut r, u64::MAX, u64::MAX, 90) >= u64::MAX / 2);
    }

    #[test]
    fn pace_spaces_and_slows() {
        let mut p = Pace::new(Some(20.0), 0);
        assert_eq!(p.next_allowed(), i64::MIN);
        p.on_send(1_000);
        assert_eq!(p.next_allowed(), 1_050);
        p.on_rate_limited(5_000);
        assert_eq!(p.interval_ms(), 100);
        assert_eq!(p.next_allowed(), 5_000);
        for _ in 0..20 {
            p.on_answer();
        }
        assert_eq!(p.interval_ms(), 50);
        assert_eq!(Pace::new(Some(3.0), 0).interval_ms(), 334);
        assert_eq!(Pace::new(Some(20.0), 50).interval_ms(), 53);
        assert_eq!(Pace::new(None, 50).interval_ms(), 0);
    }
}
