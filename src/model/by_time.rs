//! Strikes by time: what the strike summary asks of the whole board at every
//! minute (how many in the last 24 hours, who is still without power),
//! answered from the board's newest-first order in a few steps instead of a
//! pass over every strike.
//!
//! The order ([`super::order::strikes_newest_first`]) and the sums here are
//! made where the board is merged (the reload worker); the interface then
//! counts a window by two binary searches and reads the customers still out
//! from running sums, however many strikes the board holds
//! (docs/performance.md#merge-off-the-interface-thread).

use std::sync::Arc;

use chrono::{DateTime, Utc};

use super::Strike;

/// Strikes summed in one block of the newest-first order: a running sum is
/// kept every `BLOCK` places, and at most `BLOCK - 1` strikes are added to it.
const BLOCK: usize = 64;

/// How many strikes of `newest_first` are later than `t`: they stand first.
pub fn later_than(strikes: &[Arc<Strike>], newest_first: &[u32], t: DateTime<Utc>) -> usize {
    newest_first.partition_point(|&i| strikes[i as usize].time.at > t)
}

/// How many strikes of `newest_first` are at `t` or later.
pub fn at_or_after(strikes: &[Arc<Strike>], newest_first: &[u32], t: DateTime<Utc>) -> usize {
    newest_first.partition_point(|&i| strikes[i as usize].time.at >= t)
}

/// Running sums of outage customers over a board's newest-first order, for
/// [`Strike::customers_out_at`] summed over every strike at any instant.
///
/// The customers out at `now` are those of strikes at or before `now`, less
/// those of strikes whose power was back by `now` as well (the later of the
/// strike and its `restored` is at or before `now`). The first sum comes from
/// the order (a sum every [`BLOCK`] places); the second from the restored
/// strikes alone, sorted by that later instant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OutageSums {
    /// `before[b]`: the customers of the first `b * BLOCK` strikes of the
    /// order, for every `b` up to `len / BLOCK`.
    before: Vec<u64>,
    /// Every strike with customers and a `restored`: the later of its time
    /// and that instant, and the customers of it and all before it.
    back: Vec<(DateTime<Utc>, u64)>,
}

impl OutageSums {
    /// The sums for `strikes` in their `newest_first` order.
    pub fn of(strikes: &[Arc<Strike>], newest_first: &[u32]) -> OutageSums {
        let mut before = Vec::with_capacity(newest_first.len() / BLOCK + 1);
        let mut sum = 0u64;
        for (place, &i) in newest_first.iter().enumerate() {
            if place % BLOCK == 0 {
                before.push(sum);
            }
            sum += customers(&strikes[i as usize]);
        }
        if newest_first.len() % BLOCK == 0 {
            before.push(sum);
        }
        let mut back: Vec<(DateTime<Utc>, u64)> = strikes
            .iter()
            .filter_map(|s| {
                let restored = s.restored_by()?;
                let customers = customers(s);
                // The loader refuses a `restored` before `time`; the later of
                // the two keeps the sums right all the same.
                (customers > 0).then(|| (restored.max(s.time.at), customers))
            })
            .collect();
        back.sort_unstable();
        let mut running = 0u64;
        for (_, customers) in &mut back {
            running += *customers;
            *customers = running;
        }
        OutageSums { before, back }
    }

    /// Customers whose outage is not restored by `now`: the sum of
    /// [`Strike::customers_out_at`] over every strike of the order. `later`
    /// is [`later_than`]`(strikes, newest_first, now)`.
    pub fn out_at(
        &self,
        strikes: &[Arc<Strike>],
        newest_first: &[u32],
        later: usize,
        now: DateTime<Utc>,
    ) -> u64 {
        let total = self.sum_of_first(strikes, newest_first, newest_first.len());
        let struck = total - self.sum_of_first(strikes, newest_first, later);
        let back_by = self.back.partition_point(|&(at, _)| at <= now);
        let restored = back_by.checked_sub(1).map_or(0, |last| self.back[last].1);
        // Never below zero: a strike back by `now` is at or before `now`.
        struck.saturating_sub(restored)
    }

    /// The customers of the first `n` strikes of the order.
    fn sum_of_first(&self, strikes: &[Arc<Strike>], newest_first: &[u32], n: usize) -> u64 {
        let block = n / BLOCK;
        self.before[block]
            + newest_first[block * BLOCK..n]
                .iter()
                .map(|&i| customers(&strikes[i as usize]))
                .sum::<u64>()
    }
}

fn customers(strike: &Strike) -> u64 {
    u64::from(strike.outage_customers.unwrap_or(0))
}
