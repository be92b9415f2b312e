//! Scratch: single-thread phase times of the loader on one file.
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).expect("file");
    let text = std::fs::read_to_string(&path).unwrap();
    let pieces = sitboard::load::chunk::plan(&text, 64 << 10).unwrap();
    for _ in 0..5 {
        let t = Instant::now();
        let mut n = 0;
        for p in &pieces {
            let tree = sitboard::load::quick::read(&text[p.range.clone()]).unwrap();
            n += tree.len();
            drop(tree);
        }
        let quick = t.elapsed();
        println!("quick+drop {quick:?} ({n})");
    }
}
