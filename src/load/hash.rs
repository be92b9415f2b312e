//! Hashing of record ids for the maps that find duplicates and links.

use std::hash::{BuildHasherDefault, Hasher};

/// Builds [`IdHasher`]s: `HashMap<K, V, IdBuildHasher>`.
pub type IdBuildHasher = BuildHasherDefault<IdHasher>;

/// A fast hasher for record ids (`FxHash`'s multiply-rotate, then a final mix): ids
/// are short, come from the user's own files and need no protection against
/// flooding, and `SipHash` costs a visible share of loading 100,000 records.
#[derive(Clone, Copy, Debug, Default)]
pub struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        // Whole words read as they are; the last, short one padded with zeros
        // (a copy of a length known only at run time is a call to `memcpy`,
        // which cost more than the hashing for every text the loader interns).
        let mut words = bytes.chunks_exact(8);
        for chunk in &mut words {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = words.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            for (to, &from) in word.iter_mut().zip(rest) {
                *to = from;
            }
            self.mix(u64::from_le_bytes(word));
        }
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the low bits (which pick the bucket) depending on the
        // first bytes only ("S-00..."): mix the high bits down (murmur3's fmix64).
        let mut h = self.0;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

impl IdHasher {
    fn mix(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// The hash of a record's id alone (its kind aside), as files keep them
/// ([`crate::load::FileRecords::id_hashes`]).
pub fn id_hash(id: &str) -> u64 {
    let mut hasher = IdHasher::default();
    hasher.write(id.as_bytes());
    hasher.finish()
}

#[cfg(test)]
mod tests {
    use std::hash::BuildHasher;

    use super::*;

    /// The hash is the one written before (a returning viewer's state keeps
    /// such hashes): eight bytes at a time, the last word padded with zeros.
    #[test]
    fn the_hash_is_what_it_was() {
        let before = |bytes: &[u8]| {
            let mut h: u64 = 0;
            for chunk in bytes.chunks(8) {
                let mut word = [0u8; 8];
                word[..chunk.len()].copy_from_slice(chunk);
                h = (h.rotate_left(5) ^ u64::from_le_bytes(word))
                    .wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
            }
            h
        };
        let text = "S-000123 Запорізька https://example.org/report/0 Facility 7";
        for end in 0..=text.len() {
            let bytes = &text.as_bytes()[..end];
            let mut hasher = IdHasher::default();
            hasher.write(bytes);
            assert_eq!(hasher.0, before(bytes), "{end}");
        }
    }

    #[test]
    fn ids_that_differ_late_spread_over_buckets() {
        // The low bits pick the bucket: ids differing only at the end must differ there.
        let build = IdBuildHasher::default();
        let mut low: Vec<u64> = (0..1000)
            .map(|i| build.hash_one(format!("S-{i:06}")) & 0xff)
            .collect();
        low.sort_unstable();
        low.dedup();
        assert!(low.len() > 200, "only {} distinct low bytes", low.len());
    }
}
