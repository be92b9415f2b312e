//! A raster index of the regions, so that placing 100,000 strikes in their
//! regions does not test every point against every polygon: each cell of a
//! grid over the regions holds the region that covers all of it, "none", or
//! "mixed" when a boundary passes through it (then the exact test decides).

use super::Region;

const NONE: u8 = u8::MAX;
const MIXED: u8 = u8::MAX - 1;

/// The grid: south-west corner, cell size in degrees, and one byte per cell.
#[derive(Clone, Debug, Default)]
pub struct RegionGrid {
    south: f64,
    west: f64,
    cell: f64,
    rows: usize,
    cols: usize,
    cells: Vec<u8>,
}

/// What a cell says about a point in it.
pub enum Hit {
    Region(usize),
    Outside,
    /// A boundary runs through the cell: test exactly.
    Unsure,
}

impl RegionGrid {
    /// The grid over `regions` (at most 400 cells along its longer side);
    /// `None` when there are too many regions for a byte or none at all.
    pub fn build(regions: &[Region]) -> Option<RegionGrid> {
        if regions.is_empty() || regions.len() >= usize::from(MIXED) {
            return None;
        }
        let [s, n, w, e] = regions.iter().map(|r| r.bounds).reduce(super::union)?;
        let cell = ((n - s).max(e - w) / 400.0).max(1e-3);
        // Bounded by 400 (+2) per side above.
        #[allow(clippy::cast_sign_loss)]
        let (rows, cols) = (
            ((n - s) / cell).ceil() as usize + 2,
            ((e - w) / cell).ceil() as usize + 2,
        );
        let (south, west) = (s - cell, w - cell);
        let mut grid = RegionGrid {
            south,
            west,
            cell,
            rows,
            cols,
            cells: vec![NONE; rows * cols],
        };
        // Cells a boundary passes through (and their neighbours, so that a
        // segment clipping a corner is never missed) are mixed.
        let mut mixed = vec![false; rows * cols];
        for region in regions {
            for polygon in &region.polygons {
                for ring in &polygon.rings {
                    for pair in ring.windows(2) {
                        let (a, b) = (grid.pos(pair[0]), grid.pos(pair[1]));
                        let steps = ((b.0 - a.0).abs().max((b.1 - a.1).abs()) * 4.0).ceil();
                        // Clamped to 1..=1e6 just here.
                        #[allow(clippy::cast_sign_loss)]
                        let steps = steps.clamp(1.0, 1e6) as usize;
                        for i in 0..=steps {
                            let t = i as f64 / steps as f64;
                            let (r, c) = (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t);
                            grid.mark(&mut mixed, r, c);
                        }
                    }
                }
            }
        }
        // The other cells: the region their centre is in, by scanline.
        for row in 0..rows {
            let lat = south + (row as f64 + 0.5) * cell;
            for (index, region) in regions.iter().enumerate() {
                if lat < region.bounds[0] || lat > region.bounds[1] {
                    continue;
                }
                for polygon in &region.polygons {
                    let xs = polygon.crossings(lat);
                    for span in xs.chunks_exact(2) {
                        let first = ((span[0] - west) / cell - 0.5).ceil().max(0.0);
                        let last = ((span[1] - west) / cell - 0.5)
                            .floor()
                            .min(cols as f64 - 1.0);
                        if first > last {
                            continue;
                        }
                        // Both within 0..cols (clamped above).
                        #[allow(clippy::cast_sign_loss)]
                        for col in first as usize..=last as usize {
                            grid.cells[row * cols + col] = index as u8;
                        }
                    }
                }
            }
        }
        for (cell, &m) in grid.cells.iter_mut().zip(&mixed) {
            if m {
                *cell = MIXED;
            }
        }
        Some(grid)
    }

    /// Fractional (row, column) of a `(lat, lon)` point.
    fn pos(&self, (lat, lon): (f64, f64)) -> (f64, f64) {
        (
            (lat - self.south) / self.cell,
            (lon - self.west) / self.cell,
        )
    }

    // Negative cells are skipped before any cast to usize.
    #[allow(clippy::cast_sign_loss)]
    fn mark(&self, mixed: &mut [bool], r: f64, c: f64) {
        let (r, c) = (r.floor() as i64, c.floor() as i64);
        for dr in -1..=1 {
            for dc in -1..=1 {
                let (rr, cc) = (r + dr, c + dc);
                if rr >= 0 && cc >= 0 && (rr as usize) < self.rows && (cc as usize) < self.cols {
                    let at = rr as usize * self.cols + cc as usize;
                    mixed[at] = true;
                }
            }
        }
    }

    /// What the grid knows about a point.
    pub fn hit(&self, lat: f64, lon: f64) -> Hit {
        let (r, c) = self.pos((lat, lon));
        if r < 0.0 || c < 0.0 || r >= self.rows as f64 || c >= self.cols as f64 {
            return Hit::Outside;
        }
        // Non-negative and in range (checked above).
        #[allow(clippy::cast_sign_loss)]
        match self.cells[r as usize * self.cols + c as usize] {
            NONE => Hit::Outside,
            MIXED => Hit::Unsure,
            index => Hit::Region(usize::from(index)),
        }
    }
}
