//! The event reader is proven equal to the `toml` crate (docs/performance.md#a-parser-proven-equal).
//!
//! For every input: when `toml` accepts the text, the event reader builds the
//! same tree (every key, value and span); when `toml` rejects it, the event
//! reader gives up too (the loader then reports `toml`'s message). And the
//! loader's whole result (records with their positions, every problem with its
//! `FILE:LINE:COL` and message) is the same through the event reader, through the
//! event reader in pieces, and through the `toml` crate's tree.
//!
//! Inputs: every data file in the repository, generated files (valid TOML of
//! every shape the format allows, and board files with every kind of mistake),
//! and those files mutated (bytes flipped, control characters and invalid UTF-8
//! inserted, files cut short, multi-line strings opened across record headers).
//! `cargo test` runs a fixed, seeded set; `scripts/fuzz_parser.sh` runs the
//! ignored `for_a_while` test for as long as asked with fresh seeds.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sitboard::load::parse::{
    parse_in_pieces, parse_whole, parse_whole_with_toml, pieces_read_both_ways,
};
use sitboard::load::tree::Table;
use sitboard::load::{events, quick, shape};
use toml::de::DeTable;
use toml_parser::Source;

/// A small deterministic generator (xorshift), so failures reproduce from the seed.
struct Gen(u64);

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen(seed | 1)
    }
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

// ---- generated TOML of every shape ----

const KEYS: &[&str] = &[
    "a",
    "b",
    "id",
    "title",
    "strike",
    "event",
    "\"quoted key\"",
    "'literal'",
    "\"esc\\u00e9\"",
    "\"\"",
    "x-y_z",
    "1234",
    "\"a.b\"",
    "weapons",
    "positions",
];

const SCALARS: &[&str] = &[
    "1",
    "-17",
    "+3",
    "1_000",
    "0x1F",
    "0o17",
    "0b101",
    "3.14",
    "-0.0",
    "1e10",
    "6.02E+23",
    "inf",
    "-nan",
    "true",
    "false",
    "\"plain\"",
    "\"esc \\\" \\\\ \\n \\t \\u00e9 \\U0001F600\"",
    "'literal \\ kept'",
    "\"\"\"\nmulti\nline \"\" here\"\"\"",
    "'''\nraw\n[[strike]]\n'''",
    "\"\"\"line \\\n   continued\"\"\"",
    "2026-01-22T18:00:00+03:00",
    "2026-01-22T18:00:00Z",
    "2026-01-22 18:00:00",
    "2026-01-22T18:00:00.123456",
    "2026-01-22",
    "18:00:00",
    "18:00",
    "\"Київ\"",
    "\"\\e[31m\"",
];

fn key(g: &mut Gen) -> String {
    let mut k = g.pick(KEYS).to_string();
    if g.chance(20) {
        k = format!("{k}.{}", g.pick(KEYS));
        if g.chance(30) {
            k = format!("{k} . {}", g.pick(KEYS));
        }
    }
    k
}

fn value(g: &mut Gen, depth: usize) -> String {
    match g.below(if depth > 3 { 1 } else { 10 }) {
        0..=6 => g.pick(SCALARS).to_string(),
        7 | 8 => {
            let n = g.below(4);
            let items: Vec<String> = (0..n).map(|_| value(g, depth + 1)).collect();
            let sep = if g.chance(30) { ",\n  " } else { ", " };
            let trailing = if n > 0 && g.chance(30) { "," } else { "" };
            let comment = if g.chance(10) { " # inside\n" } else { "" };
            format!("[{comment}{}{trailing}]", items.join(sep))
        }
        _ => {
            let n = g.below(4);
            let items: Vec<String> = (0..n)
                .map(|_| format!("{} = {}", key(g), value(g, depth + 1)))
                .collect();
            if g.chance(15) {
                // TOML 1.1: newlines and a trailing comma inside inline tables.
                format!("{{\n  {},\n}}", items.join(",\n  "))
            } else {
                format!("{{ {} }}", items.join(", "))
            }
        }
    }
}

fn toml_file(g: &mut Gen) -> String {
    let mut text = String::new();
    for _ in 0..=g.below(25) {
        match g.below(10) {
            0 => text += &format!("[{}]\n", key(g)),
            1 | 2 => text += &format!("[[{}]]\n", key(g)),
            3 => text += "# a comment\n",
            4 => text += "\n",
            _ => text += &format!("{} = {}\n", key(g), value(g, 0)),
        }
    }
    text
}

// ---- generated board files, with mistakes ----

/// A good value, or a bad one `bad_percent` times in a hundred.
fn mostly(g: &mut Gen, bad_percent: usize, good: &[&str], bad: &[&str]) -> String {
    if g.chance(bad_percent) {
        g.pick(bad).to_string()
    } else {
        g.pick(good).to_string()
    }
}

fn pick_value(g: &mut Gen, good: &[&str], bad: &[&str]) -> String {
    mostly(g, 10, good, bad)
}

fn strike(g: &mut Gen, i: usize) -> String {
    let mut s = String::from("[[strike]]\n");
    let id = if g.chance(4) {
        "S-dup".to_string()
    } else {
        format!("\"S-{i}\"")
    };
    let id = if id == "S-dup" {
        "\"S-dup\"".into()
    } else {
        id
    };
    s += &format!("id = {}\n", pick_value(g, &[&id], &["\"bad id\"", "5"]));
    s += &format!(
        "time = {}\n",
        pick_value(
            g,
            &[
                "2026-01-20T03:00:00+02:00",
                "2026-01-20T03:00:00",
                "2026-01-20"
            ],
            &["\"2026-01-20\"", "03:00:00", "2026-13-01"]
        )
    );
    s += &format!(
        "oblast = {}\n",
        pick_value(
            g,
            // An unknown name is a warning once per file, at its first strike:
            // pieces read in blocks add up what each found.
            &[
                "\"Kyiv\"",
                "\"Запорізька\"",
                "\"Od\\u0065sa\"",
                "\"Kharkvi\""
            ],
            &["3"]
        )
    );
    s += &format!(
        "target = {}\n",
        pick_value(g, &["\"chp\"", "\"substation\""], &["\"powerplant\""])
    );
    if g.chance(40) {
        s += &format!(
            "lat = {}\nlon = 30.5\n",
            pick_value(g, &["50.45", "46", "4_6.5"], &["95.0", "nan"])
        );
    }
    let weapons_form = g.below(10);
    if weapons_form < 3 {
        s += &format!(
            "weapons = {{ missiles = {}, drones = 4 }}\n",
            pick_value(g, &["3", "0x3"], &["-1", "1e3"])
        );
    } else if weapons_form < 5 {
        s += "[strike.weapons]\ndrones = 10\nintercepted = 5\n";
    } else if weapons_form < 6 {
        s += "weapons.drones = 10\nweapons.intercepted = 2\n";
    }
    if g.chance(30) {
        s += "sources = [\"https://example.org/a\", 'b',\n  \"c\", # why\n]\n";
    }
    if g.chance(20) {
        s += "notes = \"\"\"\n[[strike]]\nid = \"inside\"\n\"\"\"\n";
    }
    if g.chance(10) {
        s += "wepons = 1\n";
    }
    s
}

fn event(g: &mut Gen, i: usize) -> String {
    let mut s = format!("[[event]]\nid = \"E-{i}\"\ntitle = 'Talks {i}'\n");
    s += &format!(
        "start = {}\n",
        pick_value(g, &["2026-01-22T18:00:00", "2026-01-22"], &["\"tomorrow\""])
    );
    if g.chance(30) {
        s += &format!(
            "end = {}\n",
            pick_value(g, &["2026-01-22T21:00:00"], &["2026-01-21T10:00:00"])
        );
    }
    if g.chance(30) {
        s += "parties = [\"UA\", \"US\"]\nlocation = { city = \"Geneva\" }\n";
    }
    s
}

fn issue(g: &mut Gen, i: usize) -> String {
    let mut s = format!("[[issue]]\nid = \"I-{i}\"\ntitle = \"Issue\"\n");
    s += &format!(
        "status = {}\n",
        pick_value(g, &["\"open\"", "\"near-agreement\""], &["\"stuck\""])
    );
    if g.chance(40) {
        s += "[issue.positions]\nUA = \"No.\"\n\"RU\" = \"\"\"Yes\\\n  and no.\"\"\"\n";
    }
    if g.chance(40) {
        s += &format!(
            "[[issue.log]]\ndate = {}\ntext = \"Raised\"\n",
            pick_value(g, &["2026-01-10"], &["12:00:00"])
        );
    }
    s
}

fn board_file(g: &mut Gen) -> String {
    let mut text = String::new();
    if g.chance(40) {
        text += "[board]\ntitle = \"Board\"\ndefault_tz = \"Europe/Kyiv\"\n[board.parties]\nUA = \"Ukraine\"\n\n";
    }
    for i in 0..=g.below(10) {
        text += &match g.below(3) {
            0 => strike(g, i),
            1 => event(g, i),
            _ => issue(g, i),
        };
        if g.chance(50) {
            text += "\n";
        }
    }
    if g.chance(10) {
        text = text.replace('\n', "\r\n");
    }
    text
}

// ---- mutations ----

/// One change to the bytes of `text`; invalid UTF-8 is decoded as the loader
/// never would (it rejects such a file before parsing) but a parser might see.
fn mutate(g: &mut Gen, text: &str) -> String {
    let mut bytes = text.as_bytes().to_vec();
    if bytes.is_empty() {
        return "x".into();
    }
    let at = g.below(bytes.len());
    match g.below(8) {
        0 => bytes[at] ^= 1 << g.below(8),
        1 => bytes.insert(at, [0u8, 0x1b, 0x7f, 0x08, b'\r', b'\t', 0x0c][g.below(7)]),
        2 => {
            let n = 1 + g.below(3);
            bytes.splice(at..at, [0xff, 0xfe, 0xc3].iter().copied().take(n));
        }
        3 => bytes.truncate(at),
        4 => {
            // A multi-line string opened before a record header.
            let quote: &[u8] = if g.chance(50) { b"\"\"\"" } else { b"'''" };
            bytes.splice(at..at, quote.iter().copied());
        }
        5 => {
            bytes.remove(at);
        }
        6 => {
            let c = [
                b'[', b']', b'=', b'"', b'\'', b'.', b',', b'{', b'}', b'#', b'\n',
            ][g.below(11)];
            bytes.insert(at, c);
        }
        _ => {
            // A line repeated: duplicate keys and tables.
            let raw = text.as_bytes();
            let start = raw[..at]
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1);
            let end = raw[at..]
                .iter()
                .position(|&b| b == b'\n')
                .map_or(raw.len(), |i| at + i + 1);
            let line = raw[start..end].to_vec();
            bytes.splice(end..end, line);
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

// ---- the comparison ----

#[derive(Default, Debug)]
struct Tally {
    cases: usize,
    accepted: usize,
    rejected: usize,
    /// Accepted by the quick reader (plain lines only).
    quick: usize,
    /// Pieces read straight into strikes (and compared with their tree).
    straight: usize,
    /// Of those, pieces with an error.
    straight_with_errors: usize,
}

/// The two trees of `text` agree, and so do the loader's three ways of reading it.
fn check(text: &str, tally: &mut Tally) -> Result<(), String> {
    tally.cases += 1;
    let tokens = Source::new(text).lex().into_vec();
    let mine = events::read(text, &tokens);
    // The quick reader gives up, or reads exactly what the event reader reads
    // (and so what `toml` reads, below); within the shape limits too.
    if let Ok(quick) = quick::read(text) {
        tally.quick += 1;
        let general = mine.as_ref().map(Table::canonical);
        if general.as_ref().ok() != Some(&quick.canonical()) {
            return Err(format!(
                "the quick reader read what the event reader did not:\n{text}\n--- quick:\n{}\n--- events:\n{general:?}",
                quick.canonical()
            ));
        }
        if let Err(exceeded) = shape::check(text) {
            return Err(format!(
                "the quick reader read past a shape limit ({}):\n{text}",
                exceeded.message
            ));
        }
    }
    match DeTable::parse(text) {
        Ok(theirs) => {
            tally.accepted += 1;
            let theirs = Table::from_toml(theirs.get_ref()).canonical();
            let Ok(mine) = mine else {
                return Err(format!("the event reader gave up on a valid file:\n{text}"));
            };
            if mine.canonical() != theirs {
                return Err(format!(
                    "trees differ:\n{text}\n--- events:\n{}\n--- toml:\n{theirs}",
                    mine.canonical()
                ));
            }
        }
        Err(error) => {
            tally.rejected += 1;
            if mine.is_ok() {
                return Err(format!(
                    "the event reader accepted what toml rejects ({}):\n{text}",
                    error.message()
                ));
            }
        }
    }
    let name: Arc<str> = Arc::from("f.toml");
    let reference = format!("{:#?}", parse_whole_with_toml(&name, text));
    let whole = format!("{:#?}", parse_whole(&name, text));
    if whole != reference {
        return Err(format!(
            "loader results differ:\n{text}\n--- events:\n{whole}\n--- toml:\n{reference}"
        ));
    }
    // A piece read straight into strikes is what its tree gives, strike for
    // strike and problem for problem.
    for both in pieces_read_both_ways(&name, text, 64) {
        tally.straight += 1;
        tally.straight_with_errors += usize::from(both.errors > 0);
        if both.tree != both.straight {
            return Err(format!(
                "a piece read straight differs from its tree:\n{text}\n--- straight:\n{}\n--- tree:\n{}",
                both.straight, both.tree
            ));
        }
    }
    let pieces = format!("{:#?}", parse_in_pieces(&name, text, 64));
    if pieces != reference {
        return Err(format!(
            "results in pieces differ:\n{text}\n--- pieces:\n{pieces}\n--- toml:\n{reference}"
        ));
    }
    // Read in blocks of 16 bytes, as a large file is read (falling back on
    // a whole read as the loader does), against the whole read.
    let bytes = text.as_bytes();
    let read = sitboard::load::parse_bytes(&name, bytes);
    let blocks = sitboard::load::stream::parse_blocks(
        &name,
        &mut std::io::Cursor::new(bytes),
        1 << 20,
        16,
        64,
    )
    .unwrap_or_else(|| sitboard::load::parse_bytes(&name, bytes));
    let (read, blocks) = (format!("{read:#?}"), format!("{blocks:#?}"));
    if blocks != read {
        return Err(format!(
            "results in blocks differ:\n{text}\n--- blocks:\n{blocks}\n--- whole:\n{read}"
        ));
    }
    Ok(())
}

/// Runs `cases` generated inputs from `seed` (each base file, then mutations of it).
fn run(seed: u64, cases: usize, tally: &mut Tally) -> Result<(), String> {
    let mut g = Gen::new(seed);
    while tally.cases < cases {
        let base = match g.below(3) {
            0 => toml_file(&mut g),
            1 => board_file(&mut g),
            _ => plain_file(&mut g),
        };
        check(&base, tally)?;
        let mut text = base;
        for _ in 0..3 {
            text = mutate(&mut g, &text);
            check(&text, tally)?;
        }
    }
    Ok(())
}

fn repo_data_files() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "toml") {
                out.push(path);
            }
        }
    }
    let mut out = Vec::new();
    for dir in ["assets", "tests/fixtures", "config"] {
        walk(Path::new(dir), &mut out);
    }
    out.sort();
    out
}

#[test]
fn on_every_data_file_in_the_repository() {
    let files = repo_data_files();
    assert!(files.len() >= 30, "found only {} files", files.len());
    let mut tally = Tally::default();
    for path in &files {
        let text = std::fs::read_to_string(path).expect("readable");
        if let Err(why) = check(&text, &mut tally) {
            panic!("{}: {why}", path.display());
        }
        // And each cut in half: a broken file reads the same both ways.
        let mut cut = text.len() / 2;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        if let Err(why) = check(&text[..cut], &mut tally) {
            panic!("{} cut at {cut}: {why}", path.display());
        }
    }
    assert!(tally.accepted > files.len() / 2, "{tally:?}");
    // Most real files are plain lines throughout.
    assert!(tally.quick > files.len() / 3, "{tally:?}");
}

#[test]
fn on_generated_and_mutated_files() {
    let mut tally = Tally::default();
    if let Err(why) = run(0x5eed_2026_1202, 6_000, &mut tally) {
        panic!("{why}");
    }
    // Both sides of the comparison were really exercised.
    assert!(tally.accepted > 1_000, "{tally:?}");
    assert!(tally.rejected > 1_500, "{tally:?}");
    assert!(tally.quick > 150, "{tally:?}");
    assert!(tally.straight > 150, "{tally:?}");
    // Pieces with errors went straight too, not only clean ones. (The
    // generator makes no warning a strike piece keeps: see
    // a_strike_piece_with_a_warning_reads_straight.)
    assert!(tally.straight_with_errors > 20, "{tally:?}");
}

/// A file of plain lines only (what the quick reader takes), of every form.
fn plain_file(g: &mut Gen) -> String {
    const SCALARS: &[&str] = &[
        "\"Kyiv\"",
        "\"Запорізька\"",
        "\"\"",
        "\"a\tb\"",
        "'lit'",
        "''",
        "'a \"q\"'",
        "0",
        "-0",
        "7",
        "-12",
        "300000",
        "123456789012345678",
        "0.0",
        "-1.5",
        "50.4501",
        "true",
        "false",
        "2026-01-20T03:00:00+02:00",
        "2026-01-20T03:00:00Z",
        "2026-01-20T03:00:00",
        "2026-01-20",
        "03:00:00",
        "2026-01-20T03:00:00.5-05:30",
        "2026-01-20t03:00:00z",
    ];
    let scalar = |g: &mut Gen| g.pick(SCALARS).to_string();
    let mut text = String::new();
    if g.chance(50) {
        text += "[board]\ntitle = \"Plain\"\n";
    }
    for i in 0..=g.below(8) {
        let kind = g.pick(&["strike", "event", "issue", "other"]);
        text += &format!("[[{kind}]]\n");
        for k in 0..=g.below(8) {
            let key = g.pick(&[
                "id", "time", "lat", "n", "sources", "weapons", "x-y", "_1", "9",
            ]);
            let key = if g.chance(80) {
                format!("{key}{k}")
            } else {
                key.to_string()
            };
            let value = match g.below(10) {
                0 => format!(
                    "[{}]",
                    (0..g.below(4))
                        .map(|_| scalar(g))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                1 => "[ \"a\", \"b\", ]".to_string(),
                2 => format!(
                    "{{ {} }}",
                    (0..g.below(4))
                        .map(|j| format!("k{j} = {}", scalar(g)))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
                _ => scalar(g),
            };
            let blank = g.pick(&["", " ", "\t", "  "]);
            text += &format!(
                "{key}{blank}={blank}{value}{}\n",
                g.pick(&["", " ", " # note", "\t#"])
            );
            if g.chance(10) {
                text += g.pick(&["\n", "# comment\n", "  \n", "\t# Київ\n"]);
            }
        }
        if g.chance(20) {
            text += &format!("[{kind}.sub]\nv = {i}\n");
        }
    }
    if g.chance(10) {
        text = text.replace('\n', "\r\n");
    }
    text
}

/// Board files, mostly plain lines, with small changes at the edges of what
/// the quick reader takes (a blank, a sign, a dot, a colon, an underscore,
/// a comment, a carriage return, an exponent): it reads each as the event
/// reader does, or gives up.
#[test]
fn the_quick_reader_on_plain_files_and_near_misses() {
    let mut tally = Tally::default();
    let mut g = Gen::new(0x91c4_2026_1202);
    for _ in 0..2_000 {
        let mut text = plain_file(&mut g);
        for _ in 0..g.below(3) {
            let mut at = g.below(text.len() + 1);
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let near = [
                " ",
                "\t",
                "-",
                "+",
                ".",
                ":",
                "_",
                "#",
                "\r",
                "e",
                "0",
                "1",
                ",",
                "\"",
                "'",
                "=",
                "Z",
                " 00:00:00",
                "T",
                "[",
                "]",
                "{",
                "}",
                "\u{7f}",
                "\u{fe}",
            ];
            text.insert_str(at, g.pick(&near));
        }
        if let Err(why) = check(&text, &mut tally) {
            panic!("{why}");
        }
    }
    assert!(tally.quick > 500, "{tally:?}");
}

/// The long run: `PARSER_EQUAL_SECONDS` (default 60) of fresh seeds; a failure
/// is written to `target/parser-equal-failure.txt` with its seed.
#[test]
#[ignore = "runs for a while; scripts/fuzz_parser.sh"]
fn for_a_while() {
    let seconds: u64 = std::env::var("PARSER_EQUAL_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    let start = Instant::now();
    let mut seed = std::env::var("PARSER_EQUAL_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        });
    let mut total = Tally::default();
    let mut plain = PlainTally::default();
    let mut seeds = 0;
    while start.elapsed() < Duration::from_secs(seconds) {
        let mut tally = Tally::default();
        let compared =
            run(seed, 2_000, &mut tally).and_then(|()| plain_strike_files(seed, 200, &mut plain));
        if let Err(why) = compared {
            let report = format!("seed {seed}: {why}");
            let _ = std::fs::write("target/parser-equal-failure.txt", &report);
            panic!("{report}");
        }
        total.cases += tally.cases;
        total.accepted += tally.accepted;
        total.rejected += tally.rejected;
        total.quick += tally.quick;
        total.straight += tally.straight;
        seeds += 1;
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
    }
    println!(
        "parser_equal: {} cases ({} valid, {} rejected; {} read by the quick reader, {} pieces read straight into strikes) and {} files of typed-way strikes ({} pieces, {} with errors) from {seeds} seeds in {:.0} s, no difference",
        total.cases,
        total.accepted,
        total.rejected,
        total.quick,
        total.straight,
        plain.files,
        plain.pieces,
        plain.with_errors,
        start.elapsed().as_secs_f64()
    );
}

/// A warning found while reading a strike (a local time in its own zone's
/// DST gap) is the same read straight as through the tree.
#[test]
fn a_strike_piece_with_a_warning_reads_straight() {
    let name: Arc<str> = Arc::from("s.toml");
    let strike = |id: &str, time: &str| {
        format!(
            "[[strike]]\nid = \"{id}\"\ntime = {time}\noblast = \"Kyiv\"\ntarget = \"chp\"\ntz = \"Europe/Kyiv\"\n"
        )
    };
    let text = [
        strike("S-1", "2026-03-29T02:00:00"),
        strike("S-2", "2026-03-29T03:30:00"),
        strike("S-3", "2026-03-29T05:00:00"),
    ]
    .concat();
    let both = pieces_read_both_ways(&name, &text, 1);
    assert_eq!(both.len(), 3, "{both:?}");
    for piece in &both {
        assert_eq!(piece.straight, piece.tree);
    }
    let warned: Vec<(usize, usize)> = both.iter().map(|b| (b.problems, b.errors)).collect();
    assert_eq!(warned, [(0, 0), (1, 0), (0, 0)], "{both:?}");
}

/// A `[[strike]]` record of the keys the typed way takes
/// (`src/load/plain_strike.rs`), each value now and then just off: out of
/// range, not one of the words, of another type, given twice, missing, or
/// written in a form that way leaves to the quick reader.
fn plain_strike(g: &mut Gen, i: usize) -> String {
    let id = format!("\"S-{}\"", if g.chance(5) { 0 } else { i });
    let mut keys: Vec<(&str, String)> = vec![
        (
            "id",
            mostly(g, 4, &[&id], &["\"bad id\"", "\"\"", "5", "\"S\\u002d1\""]),
        ),
        (
            "time",
            mostly(
                g,
                4,
                &[
                    "2026-01-20T03:00:00+02:00",
                    "2026-01-20T03:00:00Z",
                    "2026-01-20T03:00:00",
                    "2026-01-20",
                    "2026-01-31T00:00:00Z",
                ],
                &[
                    "\"2026-01-20\"",
                    "03:00:00",
                    "2026-02-30",
                    "2026-01-20 03:00:00",
                ],
            ),
        ),
        (
            "oblast",
            mostly(g, 4, &["\"Kyiv\"", "'Запорізька'", "\"Kharkvi\""], &["3"]),
        ),
        (
            "target",
            mostly(
                g,
                4,
                &["\"chp\"", "\"substation\""],
                &["\"Chp\"", "\"powerplant\""],
            ),
        ),
        (
            "location",
            mostly(g, 4, &["\"Site 1\"", "\"a\tb\"", "''"], &["1", "\"x\\ty\""]),
        ),
        (
            "facility",
            mostly(g, 4, &["\"Facility 1\"", "'Фабрика'"], &["true"]),
        ),
        (
            "operator",
            mostly(g, 4, &["\"Grid operator\""], &["[\"a\"]"]),
        ),
        (
            "lat",
            mostly(
                g,
                4,
                &["50.45", "46", "-0.5", "90", "-90.0"],
                &["90.5", "\"50\"", "5e1"],
            ),
        ),
        (
            "lon",
            mostly(g, 4, &["30.5", "-180", "180.0"], &["180.5", "-181"]),
        ),
        (
            "geo_precision",
            mostly(g, 4, &["\"settlement\"", "\"exact\""], &["\"town\""]),
        ),
        (
            "damage",
            mostly(g, 4, &["\"moderate\"", "\"none\""], &["\"huge\"", "2"]),
        ),
        (
            "outage_customers",
            mostly(
                g,
                4,
                &["0", "261759", "1000000000"],
                &["-1", "1000000001", "1.5", "1_000"],
            ),
        ),
        (
            "restored",
            mostly(
                g,
                4,
                &[
                    "2026-01-21T00:00:00+02:00",
                    "2026-01-20",
                    "2026-02-01T00:00:00",
                ],
                &["2026-01-19T00:00:00Z", "\"2026-01-21\""],
            ),
        ),
        (
            "weapons",
            mostly(
                g,
                4,
                &[
                    "{ missiles = 0, drones = 72, intercepted = 0 }",
                    "{}",
                    "{drones=3,intercepted=3}",
                ],
                &[
                    "{ intercepted = 1 }",
                    "{ drones = -1 }",
                    "{ drones = 4, intercepted = 5 }",
                    "{ rockets = 1 }",
                    "{ drones = 4, }",
                    "{ drones = 4, drones = 4 }",
                ],
            ),
        ),
        (
            "confidence",
            mostly(g, 4, &["\"confirmed\"", "\"claimed\""], &["\"sure\""]),
        ),
        (
            "sources",
            mostly(
                g,
                4,
                &[
                    "[\"https://example.org/1\"]",
                    "[]",
                    "[\"a\", 'b',]",
                    "[ 'Укренерго' ]",
                ],
                &["[\"a\", 1]", "\"a\""],
            ),
        ),
        (
            "notes",
            mostly(
                g,
                4,
                &["\"Repair crews on site.\"", "'x'"],
                &["\"\"\"x\"\"\""],
            ),
        ),
    ];
    // Some keys absent (required ones too), now and then one twice or a key
    // the typed way leaves to the validator.
    keys.retain(|_| !g.chance(8));
    if g.chance(4) {
        let twice = keys[g.below(keys.len().max(1)).min(keys.len().saturating_sub(1))].clone();
        keys.push(twice);
    }
    for (key, value) in [
        ("tz", "\"Europe/Kyiv\""),
        ("time_precision", "\"day\""),
        ("wepons", "1"),
    ] {
        if g.chance(3) {
            keys.push((key, value.to_string()));
        }
    }
    let newline = if g.chance(5) { "\r\n" } else { "\n" };
    let mut s = format!("[[strike]]{newline}");
    for (key, value) in keys {
        s += &format!("{key} = {value}");
        if g.chance(3) {
            s += " # note";
        }
        s += newline;
        if g.chance(3) {
            s += newline;
        }
    }
    s
}

/// What [`plain_strike_files`] compared.
#[derive(Default, Debug)]
struct PlainTally {
    files: usize,
    pieces: usize,
    with_errors: usize,
    clean: usize,
}

/// `files` files of [`plain_strike`] records (one in four mutated as
/// [`mutate`] mutates), each piece read straight (the typed way, record by
/// record, and the quick reader's where that way stops) and through its
/// tree: the same strikes with the same problems.
fn plain_strike_files(seed: u64, files: usize, tally: &mut PlainTally) -> Result<(), String> {
    let name: Arc<str> = Arc::from("s.toml");
    let mut g = Gen::new(seed);
    for _ in 0..files {
        let records = 1 + g.below(12);
        let mut text: String = (0..records).map(|i| plain_strike(&mut g, i)).collect();
        if g.chance(25) {
            text = mutate(&mut g, &text);
        }
        tally.files += 1;
        for both in pieces_read_both_ways(&name, &text, 64) {
            tally.pieces += 1;
            tally.with_errors += usize::from(both.errors > 0);
            tally.clean += usize::from(both.problems == 0);
            if both.straight != both.tree {
                return Err(format!(
                    "a piece read straight differs from its tree:\n{text}\n--- straight:\n{}\n--- tree:\n{}",
                    both.straight, both.tree
                ));
            }
        }
    }
    Ok(())
}

/// Strike records read the typed way, the quick reader's way or through the
/// tree are the same strikes with the same problems, record by record.
#[test]
fn plain_strikes_with_a_value_now_and_then_off() {
    let mut tally = PlainTally::default();
    if let Err(why) = plain_strike_files(0x5eed_2026_1203, 400, &mut tally) {
        panic!("{why}");
    }
    // Both kinds of record were read straight: clean ones and broken ones.
    assert!(tally.pieces > 1_000, "{tally:?}");
    assert!(tally.with_errors > 300, "{tally:?}");
    assert!(tally.clean > 100, "{tally:?}");
}

/// Tables long enough to be looked up through an index (more than 24 keys):
/// duplicates found, implicit tables reopened, headers and dotted keys alike.
#[test]
fn on_long_tables() {
    let keys = |n: usize, prefix: &str| -> String {
        (0..n)
            .map(|i| format!("{prefix}k{i} = {i}\n"))
            .collect::<Vec<_>>()
            .concat()
    };
    let mut tally = Tally::default();
    let cases = [
        format!("[t]\n{}", keys(100, "")),
        format!("[t]\n{}k7 = 1\n", keys(100, "")),
        format!("[t]\n{}[t]\n", keys(60, "")),
        format!("{}[a.b]\nx = 1\n[a]\ny = 2\n", keys(40, "a.")),
        format!("[a.b]\nx = 1\n[a]\n{}b = 2\n", keys(40, "")),
        format!(
            "x = {{ {} }}\n",
            (0..50)
                .map(|i| format!("k{i} = {i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        format!(
            "x = {{ {}, k3 = 0 }}\n",
            (0..50)
                .map(|i| format!("k{i} = {i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        format!("{}[[k5]]\n", keys(30, "")),
        format!(
            "[records]\n{}",
            (0..5000)
                .map(|i| format!("\"event:E-{i}\" = \"{i:016x}\"\n"))
                .collect::<Vec<_>>()
                .concat()
        ),
    ];
    for text in &cases {
        if let Err(why) = check(text, &mut tally) {
            panic!("{why}");
        }
    }
    assert!(tally.accepted >= 3 && tally.rejected >= 5, "{tally:?}");
}

/// Inputs the long run found, kept so they stay equal.
#[test]
fn on_inputs_the_long_run_found() {
    let mut tally = Tally::default();
    for text in [
        // TOML 1.1: a comment and a newline between a key and `=` in braces.
        "[[event]]\nid = \"E-0\"\nlocation = { city# \n= \"Geneva\" }\n",
        "x = { a =\n# why\n 1 }\n",
        "x = { a\n.b = 1 }\n",
        "x = { a # c\n . b = 1 }\n",
    ] {
        if let Err(why) = check(text, &mut tally) {
            panic!("{why}");
        }
    }
}

/// A chunked parse gives exactly what a whole-file parse gives: records (with every
/// position) and problems, on generated files both valid and broken.
mod chunked_equals_whole {
    use super::Gen;
    use sitboard::load::Parsed;
    use sitboard::load::chunk;
    use sitboard::load::parse::{parse_in_pieces, parse_whole};
    use std::sync::Arc;

    const PRELUDES: &[&str] = &[
        "",
        "# a data file\n",
        "[board]\ntitle = \"Board\"\ndefault_tz = \"Europe/Kyiv\"\n[board.parties]\nUA = \"Ukraine\"\n\n",
        "title = \"stray\"\n[board]\nclocks = [\"UTC\", \"Europe/Kyev\"]\n",
        "[meta]\nowner = \"desk\"\n",
        "strike = []\n",
        "[board]\nstale_after = \"soon\"\ntitel = 1\n",
    ];

    fn value(g: &mut Gen, good: &[&str], bad: &[&str]) -> String {
        super::mostly(g, 12, good, bad)
    }

    fn strike(g: &mut Gen, i: usize) -> String {
        let mut s = String::from("[[strike]]\n");
        let id = if g.chance(5) {
            "S-dup".to_string()
        } else {
            format!("S-{i}")
        };
        s += &format!("id = \"{}\"\n", value(g, &[&id], &["bad id", ""]));
        if !g.chance(5) {
            s += &format!(
                "time = {}\n",
                value(
                    g,
                    &[
                        "2026-01-20T03:00:00+02:00",
                        "2026-01-20T03:00:00",
                        "2026-01-20",
                        "2026-03-29T03:30:00"
                    ],
                    &["\"2026-01-20\"", "03:00:00"]
                )
            );
        }
        s += &format!(
            "oblast = {}\n",
            value(
                g,
                &["\"Kyiv\"", "\"Запорізька\"", "\"Odesa\\u001b[31m\""],
                &["3"]
            )
        );
        s += &format!(
            "target = {}\n",
            value(g, &["\"chp\"", "\"substation\""], &["\"powerplant\""])
        );
        if g.chance(50) {
            s += &format!(
                "tz = {}\n",
                value(
                    g,
                    &["\"Europe/Kyiv\"", "\"Europe/Kiev\""],
                    &["\"Europe/Kyev\""]
                )
            );
        }
        if g.chance(40) {
            s += &format!(
                "lat = {}\nlon = 30.5\n",
                value(g, &["50.45", "46"], &["95.0"])
            );
        }
        if g.chance(30) {
            s += "notes = \"\"\"\n[[strike]]\n# not a header\n\"\"\"\n";
        }
        if g.chance(20) {
            s += "# [[event]] in a comment\n";
        }
        if g.chance(30) {
            s += &format!(
                "[strike.weapons]\ndrones = {}\nintercepted = 5\n",
                value(g, &["10", "0x10"], &["-1", "2"])
            );
        }
        if g.chance(10) {
            s += "wepons = 1\n";
        }
        s
    }

    fn event(g: &mut Gen, i: usize) -> String {
        let mut s = format!("[[event]]\nid = \"E-{i}\"\ntitle = \"Talks {i}\"\n");
        s += &format!(
            "start = {}\n",
            value(g, &["2026-01-22T18:00:00", "2026-01-22"], &["\"tomorrow\""])
        );
        if g.chance(30) {
            s += &format!(
                "end = {}\n",
                value(g, &["2026-01-22T21:00:00"], &["2026-01-21T10:00:00"])
            );
        }
        if g.chance(30) {
            s += "summary = '''\n[[issue]]\n'''\n";
        }
        if g.chance(30) {
            s += &format!(
                "kind = {}\nissues = [\"I-1\", \"I-9\"]\n",
                value(g, &["\"talks\""], &["\"party\""])
            );
        }
        s
    }

    fn issue(g: &mut Gen, i: usize) -> String {
        let mut s = format!("[[issue]]\nid = \"I-{i}\"\ntitle = \"Issue\"\n");
        s += &format!(
            "status = {}\n",
            value(g, &["\"open\"", "\"near-agreement\""], &["\"stuck\""])
        );
        if g.chance(40) {
            s += &format!(
                "progress = {}\n",
                value(g, &["0", "100", "1_0"], &["101", "-3"])
            );
        }
        if g.chance(40) {
            s += "[issue.positions]\nUA = \"No.\"\nRU = \"\"\"Yes\\\n  and no.\"\"\"\n";
        }
        if g.chance(40) {
            s += &format!(
                "[[issue.log]]\ndate = {}\ntext = \"Raised\"\n",
                value(g, &["2026-01-10"], &["12:00:00"])
            );
        }
        s
    }

    fn breakage(g: &mut Gen) -> &'static str {
        match g.below(6) {
            0 => "title = \"unterminated\n",
            1 => "[board]\ntitle = \"late board\"\n",
            2 => "id = \"again\"\n",
            3 => "[issue.positions]\nUA = \"x\"\n",
            4 => "x = [\n[1, 2],\n]\n",
            _ => "[[strike]\n",
        }
    }

    pub(super) fn file(g: &mut Gen) -> String {
        let mut text = g.pick(PRELUDES).to_string();
        let records = 1 + g.below(12);
        for i in 0..records {
            text += &match g.below(3) {
                0 => strike(g, i),
                1 => event(g, i),
                _ => issue(g, i),
            };
            if g.chance(3) {
                text += breakage(g);
            }
            text += if g.chance(50) { "\n" } else { "" };
        }
        if g.chance(10) {
            text.replace('\n', "\r\n")
        } else {
            text
        }
    }

    fn shape(parsed: &Parsed) -> String {
        format!("{parsed:#?}")
    }

    #[test]
    fn on_generated_files() {
        let name: Arc<str> = Arc::from("gen.toml");
        let mut g = Gen(0x5eed_2026_0122);
        let mut chunked = 0;
        let mut chunked_fast = 0;
        for case in 0..600 {
            let text = file(&mut g);
            let whole = shape(&parse_whole(&name, &text));
            for piece_bytes in [1, 64, 400] {
                let pieces = shape(&parse_in_pieces(&name, &text, piece_bytes));
                assert_eq!(
                    pieces, whole,
                    "case {case}, pieces of {piece_bytes} bytes:\n{text}"
                );
            }
            if chunk::plan(&text, 1).is_some_and(|p| p.len() > 1) {
                chunked += 1;
                // The scanner skips string tracking in files without triple quotes.
                if !text.contains("\"\"\"") && !text.contains("'''") {
                    chunked_fast += 1;
                }
            }
        }
        // The comparison means something only if most files were really cut,
        // by both ways of scanning.
        assert!(chunked > 300, "only {chunked} of 600 files were cut");
        assert!(
            chunked_fast > 30,
            "only {chunked_fast} cut files without triple quotes"
        );
    }

    #[test]
    fn errors_and_warnings_from_several_pieces_are_all_reported() {
        let name: Arc<str> = Arc::from("gen.toml");
        let text = "[[strike]]\nid = \"a\"\ntime = 2026-01-20\noblast = \"K\"\ntarget = \"x\"\n\
                    [[strike]]\nid = \"a\"\ntime = 2026-01-20\noblast = \"K\"\ntarget = \"chp\"\nfoo = 1\n";
        let Err(problems) = parse_in_pieces(&name, text, 1) else {
            panic!("expected errors")
        };
        let lines: Vec<u32> = problems.iter().map(|p| p.pos.line).collect();
        assert_eq!(lines, [5, 6, 11]);
    }
}

/// A file read in blocks gives exactly what it gives read whole
/// (docs/performance.md#reading-in-blocks): blocks of a few bytes cut lines,
/// characters and multi-line strings wherever they fall.
mod blocks_equal_whole {
    use super::Gen;
    use super::chunked_equals_whole::file;
    use sitboard::load::{parse_bytes, stream};
    use std::io::Cursor;
    use std::sync::Arc;

    /// Read in blocks, falling back on a whole read as the loader does; and
    /// whether the blocks were enough.
    fn in_blocks(name: &Arc<str>, bytes: &[u8], block: usize, piece: usize) -> (String, bool) {
        let streamed = stream::parse_blocks(name, &mut Cursor::new(bytes), 1 << 20, block, piece);
        let used = streamed.is_some();
        let parsed = streamed.unwrap_or_else(|| parse_bytes(name, bytes));
        (format!("{parsed:#?}"), used)
    }

    /// Cyrillic text, a character cut anywhere, or a byte that is not UTF-8.
    fn roughen(g: &mut Gen, text: &str) -> Vec<u8> {
        let mut bytes = text.replace("Kyiv", "Київ").into_bytes();
        if g.chance(20) && !bytes.is_empty() {
            let at = g.below(bytes.len());
            bytes.insert(at, [0xff, 0xd0, 0x80][g.below(3)]);
        }
        bytes
    }

    #[test]
    fn on_generated_files() {
        let name: Arc<str> = Arc::from("gen.toml");
        let mut g = Gen(0xb10c_2026_1202);
        let mut streamed = 0;
        for case in 0..400 {
            let text = file(&mut g);
            let bytes = roughen(&mut g, &text);
            let whole = format!("{:#?}", parse_bytes(&name, &bytes));
            for (block, piece) in [(1, 1), (7, 64), (64, 1), (300, 100), (1 << 16, 64)] {
                let (got, used) = in_blocks(&name, &bytes, block, piece);
                assert_eq!(
                    got,
                    whole,
                    "case {case}, blocks of {block}, pieces of {piece}:\n{}",
                    String::from_utf8_lossy(&bytes)
                );
                streamed += usize::from(used);
            }
        }
        // Means something only if most reads did not fall back.
        assert!(streamed > 1000, "only {streamed} of 2000 reads used blocks");
    }

    /// Oblast names no region means, used by strikes in many pieces: each
    /// piece finds its own, and the file's warnings (one per name, at its
    /// first strike, with how many use it) are what the whole read gives.
    #[test]
    fn unknown_oblasts_found_piece_by_piece_add_up() {
        let name: Arc<str> = Arc::from("oblasts.toml");
        let mut text = String::new();
        for i in 0..300 {
            let oblast = ["Kyiv", "Kharkvi", "Odesa", "Zaporizhia region", "Kharkvi"][i % 5];
            let oblast = if i == 250 { "Donetsk-ish" } else { oblast };
            text += &format!(
                "[[strike]]\nid = \"S-{i}\"\ntime = 2026-01-20T03:00:00+02:00\noblast = \"{oblast}\"\ntarget = \"chp\"\n"
            );
        }
        let parsed = parse_bytes(&name, text.as_bytes());
        let warnings: Vec<String> = match &parsed {
            Ok(records) => records.warnings.iter().map(ToString::to_string).collect(),
            Err(problems) => panic!("{problems:?}"),
        };
        assert_eq!(warnings.len(), 2, "{warnings:#?}");
        assert!(
            warnings[0].starts_with("oblasts.toml:6:1: warning: strike \"S-1\": oblast \"Kharkvi\" is none of Ukraine's regions (120 strikes use it)"),
            "{warnings:#?}"
        );
        assert!(
            warnings[1].starts_with("oblasts.toml:1251:1: warning: strike \"S-250\": oblast \"Donetsk-ish\" is none of Ukraine's regions;"),
            "{warnings:#?}"
        );
        let whole = format!("{parsed:#?}");
        for (block, piece) in [(64, 1), (300, 100), (4096, 600)] {
            let (got, used) = in_blocks(&name, text.as_bytes(), block, piece);
            assert!(used, "blocks of {block}, pieces of {piece}");
            assert_eq!(got, whole, "blocks of {block}, pieces of {piece}");
        }
    }

    #[test]
    fn a_file_over_the_limit_is_left_to_the_whole_read() {
        let name: Arc<str> = Arc::from("big.toml");
        let text = "[[strike]]\nid = \"a\"\n".repeat(100);
        let mut reader = Cursor::new(text.as_bytes());
        assert!(stream::parse_blocks(&name, &mut reader, 500, 64, 32).is_none());
        let mut reader = Cursor::new(text.as_bytes());
        assert!(stream::parse_blocks(&name, &mut reader, 1 << 20, 64, 32).is_some());
    }
}
