//! What the map needs of each strike, in one contiguous list per board:
//! its region, time, coordinates and whether they are the site itself.
//! Made where the board is merged (the reload worker, by the built-in
//! geography) or by the interface for a board's own map file.

use std::collections::HashMap;
use std::sync::Arc;

use crate::geo::Geography;
use crate::model::board::same_records;
use crate::model::{Board, Strike};

/// What the map needs of one strike, kept in one contiguous list per board
/// (reading 100,000 records scattered in memory on every refresh is most of
/// the cost of a refresh).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StrikeFact {
    /// Its region: by coordinates, else by its `oblast` name.
    pub region: Option<u16>,
    /// Its time, in seconds since 1970 (UTC).
    pub at: i64,
    pub coords: Option<(f64, f64)>,
    /// The coordinates are the site itself (not a settlement, district or
    /// oblast around it).
    pub exact: bool,
}

/// The facts of every strike of a board (index into `board.strikes`).
/// Computed once per board and geography (about 25 ms for 100,000 strikes),
/// not on every refresh.
pub fn strike_facts(board: &Board, geo: &Geography) -> Vec<StrikeFact> {
    // A board has a few dozen oblast names for thousands of strikes: each
    // name is resolved once.
    let mut by_name: HashMap<&str, Option<usize>> = HashMap::new();
    board
        .strikes
        .iter()
        .map(|s| StrikeFact {
            region: s
                .coords
                .and_then(|(lat, lon)| geo.region_at(lat, lon))
                .or_else(|| {
                    *by_name
                        .entry(s.oblast.as_str())
                        .or_insert_with(|| geo.resolve(&s.oblast))
                })
                .and_then(|r| u16::try_from(r).ok()),
            at: s.time.at.timestamp(),
            coords: s.coords,
            exact: s.is_exact_place(),
        })
        .collect()
}

/// Strikes placed by the built-in geography, and the strikes they are for
/// (what the reload worker keeps while the map is shown).
#[derive(Debug)]
pub struct Placed {
    strikes: Vec<Arc<Strike>>,
    pub facts: Arc<[StrikeFact]>,
}

impl Placed {
    /// The facts of `board`'s strikes by the built-in geography: `before`'s
    /// when the board holds the same strikes (as the views tell them, so a
    /// strike read again in another board zone is placed again), else made
    /// again.
    pub fn for_board(before: Option<Placed>, board: &Board) -> Placed {
        match before {
            Some(placed) if same_records(&placed.strikes, &board.strikes) => placed,
            _ => Placed {
                strikes: board.strikes.clone(),
                facts: strike_facts(board, &crate::geo::builtin()).into(),
            },
        }
    }
}
