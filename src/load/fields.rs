//! Every table of the data files and every key in it, as data (docs/data-format.md#tables-and-keys).
//!
//! One description serves three readers: the validator (which keys exist, what
//! they hold, which are required, the words of each enum, the ranges of numbers),
//! the unknown-key warnings (the closest known key is suggested), and the
//! `sitboard schema` JSON Schema generator. Keep it the single place where a key is
//! declared.

use crate::model::{
    Confidence, Damage, EventKind, EventStatus, GeoPrecision, IssueStatus, Priority, Target,
    TimePrecision,
};

/// What a key's value must be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FieldType {
    /// A string on one line (newlines become spaces when loaded).
    String,
    /// A string that may span lines (summary, notes, positions, log text).
    Text,
    /// A record id: 1–64 of `A-Z a-z 0-9 . _ -`.
    Id,
    /// A TOML datetime: offset date-time, local date-time or local date.
    Time,
    /// An IANA zone name (`Europe/Kyiv`; `Europe/Kiev` is accepted).
    Zone,
    /// A duration string such as `90m`, `6h`, `2d`, `1h30m`.
    Duration,
    /// One of a closed set of words.
    Enum(&'static [&'static str]),
    /// A whole number in `min..=max`.
    Integer { min: i64, max: i64 },
    /// A number (integers are accepted too) in `min..=max`.
    Float { min: f64, max: f64 },
    /// An array of single-line strings.
    Strings,
    /// An array of zone names.
    Zones,
    /// A table whose keys are free (party codes) and whose values are strings.
    StringMap { multiline: bool },
    /// A sub-table with known keys.
    Table(&'static TableSpec),
    /// An array of tables with known keys (`[[issue.log]]`).
    Tables(&'static TableSpec),
    /// A count known exactly (an integer in the range of the table's `low`) or
    /// as a range: the table `{ low = 2, best = 3, high = 5 }`.
    Estimate(&'static TableSpec),
}

impl FieldType {
    /// The least and greatest value of an `Integer` (of an `Estimate`'s
    /// count: those of its `low`); `None` for other types.
    pub fn integer_bounds(&self) -> Option<(i64, i64)> {
        match self {
            FieldType::Integer { min, max } => Some((*min, *max)),
            FieldType::Estimate(range) => range.field("low").and_then(|f| f.ty.integer_bounds()),
            _ => None,
        }
    }

    /// The least and greatest value of a `Float`; `None` for other types.
    pub fn float_bounds(&self) -> Option<(f64, f64)> {
        match self {
            FieldType::Float { min, max } => Some((*min, *max)),
            _ => None,
        }
    }

    /// What a value of this type looks like, for messages: "expected {this}".
    pub fn expected(&self) -> String {
        match self {
            FieldType::String | FieldType::Text => "a string".into(),
            FieldType::Id => "a string id (1–64 of A-Z a-z 0-9 . _ -)".into(),
            FieldType::Time => {
                "a TOML date-time such as 2026-01-22T18:00:00+03:00, 2026-01-22T18:00:00 or 2026-01-22"
                    .into()
            }
            FieldType::Zone => "an IANA zone name such as \"Europe/Kyiv\"".into(),
            FieldType::Duration => "a duration such as \"90m\", \"6h\" or \"2d\"".into(),
            FieldType::Enum(words) => format!("one of {}", words.join(", ")),
            FieldType::Integer { min, max } => {
                format!("an integer from {} to {} (inclusive)", signed(*min), signed(*max))
            }
            FieldType::Float { min, max } => format!("a number from {min} to {max} (inclusive)"),
            FieldType::Strings => "an array of strings".into(),
            FieldType::Zones => "an array of IANA zone names".into(),
            FieldType::StringMap { .. } => "a table of strings (code = \"...\")".into(),
            FieldType::Table(spec) => format!("a table ({})", spec.header),
            FieldType::Tables(spec) => format!("an array of tables ({})", spec.header),
            FieldType::Estimate(spec) => {
                let count = spec
                    .field("low")
                    .map_or_else(|| "an integer".into(), |low| low.ty.expected());
                format!("{count} or a range {{ low, best, high }}")
            }
        }
    }
}

/// One key of a table.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FieldSpec {
    pub name: &'static str,
    pub ty: FieldType,
    pub required: bool,
    /// The default when the key is absent, as it would be written in TOML.
    pub default: Option<&'static str>,
    pub doc: &'static str,
}

/// One table of the data files.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TableSpec {
    /// Dotted path: `strike`, `strike.weapons`, `issue.log`.
    pub name: &'static str,
    /// How the table is written: `[[strike]]`, `[board]`.
    pub header: &'static str,
    pub doc: &'static str,
    pub fields: &'static [FieldSpec],
}

impl TableSpec {
    /// The key called `name`, if the table has one.
    pub fn field(&self, name: &str) -> Option<&'static FieldSpec> {
        self.fields.iter().find(|f| f.name == name)
    }

    /// The known key closest to an unknown one, if any is close.
    pub fn closest(&self, unknown: &str) -> Option<&'static str> {
        closest(unknown, self.fields.iter().map(|f| f.name))
    }
}

const fn key(name: &'static str, ty: FieldType, doc: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        required: false,
        default: None,
        doc,
    }
}

const fn required(name: &'static str, ty: FieldType, doc: &'static str) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        required: true,
        default: None,
        doc,
    }
}

const fn with_default(
    name: &'static str,
    ty: FieldType,
    default: &'static str,
    doc: &'static str,
) -> FieldSpec {
    FieldSpec {
        name,
        ty,
        required: false,
        default: Some(default),
        doc,
    }
}

const COUNT: FieldType = FieldType::Integer {
    min: 0,
    max: u32::MAX as i64,
};

/// The top level of a file: `[board]` and the three kinds of records.
pub static ROOT: TableSpec = TableSpec {
    name: "",
    header: "(top level)",
    doc: "A sitboard data file: at most one [board] and any number of [[event]], [[issue]] and [[strike]] tables.",
    fields: &[
        key(
            "board",
            FieldType::Table(&BOARD),
            "Board-wide settings (at most one across all files).",
        ),
        key(
            "event",
            FieldType::Tables(&EVENT),
            "The diplomatic calendar.",
        ),
        key(
            "issue",
            FieldType::Tables(&ISSUE),
            "The negotiation issue tracker.",
        ),
        key(
            "strike",
            FieldType::Tables(&STRIKE),
            "Strikes on energy infrastructure.",
        ),
    ],
};

/// `[board]` (docs/data-format.md#board).
pub static BOARD: TableSpec = TableSpec {
    name: "board",
    header: "[board]",
    doc: "Board-wide settings; at most one [board] across all files.",
    fields: &[
        with_default(
            "title",
            FieldType::String,
            "\"Situation board\"",
            "Shown in the header.",
        ),
        key(
            "classification",
            FieldType::String,
            "Banner shown on the first and last screen lines.",
        ),
        with_default(
            "clocks",
            FieldType::Zones,
            "[\"UTC\"]",
            "Clocks in the header, in this order.",
        ),
        with_default(
            "default_tz",
            FieldType::Zone,
            "\"UTC\"",
            "Zone for local times that carry no tz, in every file.",
        ),
        with_default(
            "stale_after",
            FieldType::Duration,
            "\"6h\"",
            "Data whose newest file is older than this is flagged stale.",
        ),
        with_default(
            "parties",
            FieldType::StringMap { multiline: false },
            "{}",
            "Party code to name, e.g. UA = \"Ukraine\"; codes are used in records.",
        ),
        key(
            "map",
            FieldType::String,
            "GeoJSON map file (outline, named regions, places), relative to this file; default: the built-in map of Ukraine.",
        ),
    ],
};

/// `[[event]]` (docs/data-format.md#events).
pub static EVENT: TableSpec = TableSpec {
    name: "event",
    header: "[[event]]",
    doc: "One entry of the diplomatic calendar.",
    fields: &[
        required("id", FieldType::Id, "Unique among events."),
        required("title", FieldType::String, "What it is."),
        required("start", FieldType::Time, "When it starts."),
        with_default(
            "time_precision",
            FieldType::Enum(TimePrecision::WORDS),
            "\"exact\"",
            "How precisely start is known; a date alone means day.",
        ),
        key("end", FieldType::Time, "When it ends; not before start."),
        key(
            "tz",
            FieldType::Zone,
            "The zone the event takes place in (for local times).",
        ),
        key("location", FieldType::String, "Where."),
        with_default(
            "kind",
            FieldType::Enum(EventKind::WORDS),
            "\"meeting\"",
            "What sort of appointment.",
        ),
        with_default(
            "status",
            FieldType::Enum(EventStatus::WORDS),
            "\"scheduled\"",
            "Where it stands.",
        ),
        key("participants", FieldType::Strings, "People, with roles."),
        key("parties", FieldType::Strings, "Party codes."),
        key("issues", FieldType::Strings, "Ids of issues on the agenda."),
        key("summary", FieldType::Text, "What it is about."),
        key("sources", FieldType::Strings, "URLs or citations."),
        key(
            "updated",
            FieldType::Time,
            "When this record was last revised.",
        ),
    ],
};

/// `[[issue]]` (docs/data-format.md#issues).
pub static ISSUE: TableSpec = TableSpec {
    name: "issue",
    header: "[[issue]]",
    doc: "One open question of the negotiation.",
    fields: &[
        required("id", FieldType::Id, "Unique among issues."),
        required("title", FieldType::String, "What is at stake."),
        required(
            "status",
            FieldType::Enum(IssueStatus::WORDS),
            "How far it has come.",
        ),
        with_default(
            "priority",
            FieldType::Enum(Priority::WORDS),
            "\"medium\"",
            "How much it matters.",
        ),
        key(
            "progress",
            FieldType::Integer { min: 0, max: 100 },
            "Analysts' estimate of how settled it is, 0–100.",
        ),
        key("summary", FieldType::Text, "The question in brief."),
        key("owner", FieldType::String, "Who follows it."),
        key("parties", FieldType::Strings, "Party codes."),
        key(
            "tags",
            FieldType::Strings,
            "e.g. territory, security, energy.",
        ),
        key(
            "positions",
            FieldType::StringMap { multiline: true },
            "Each party's stated position, by party code.",
        ),
        key(
            "updated",
            FieldType::Time,
            "When this record was last revised.",
        ),
        key("sources", FieldType::Strings, "URLs or citations."),
        key(
            "log",
            FieldType::Tables(&ISSUE_LOG),
            "History ([[issue.log]]).",
        ),
    ],
};

/// `[[issue.log]]`: one entry of an issue's history.
pub static ISSUE_LOG: TableSpec = TableSpec {
    name: "issue.log",
    header: "[[issue.log]]",
    doc: "One entry of an issue's history.",
    fields: &[
        required("date", FieldType::Time, "When."),
        required("text", FieldType::Text, "What happened."),
        key(
            "status",
            FieldType::Enum(IssueStatus::WORDS),
            "The issue's status from then on.",
        ),
        key("source", FieldType::String, "URL or citation."),
    ],
};

/// `[[strike]]` (docs/data-format.md#strikes).
pub static STRIKE: TableSpec = TableSpec {
    name: "strike",
    header: "[[strike]]",
    doc: "One report of a strike on energy infrastructure.",
    fields: &[
        required("id", FieldType::Id, "Unique among strikes."),
        required("time", FieldType::Time, "When it happened."),
        with_default(
            "time_precision",
            FieldType::Enum(TimePrecision::WORDS),
            "\"exact\"",
            "How precisely time is known (it is the period's start); a date alone means day.",
        ),
        required(
            "oblast",
            FieldType::String,
            "Region (first-level division).",
        ),
        required(
            "target",
            FieldType::Enum(Target::WORDS),
            "What kind of facility was hit.",
        ),
        key("location", FieldType::String, "Settlement or site."),
        key("facility", FieldType::String, "Named facility."),
        key("operator", FieldType::String, "Grid or plant operator."),
        key(
            "lat",
            FieldType::Float {
                min: -90.0,
                max: 90.0,
            },
            "WGS 84 latitude (with lon).",
        ),
        key(
            "lon",
            FieldType::Float {
                min: -180.0,
                max: 180.0,
            },
            "WGS 84 longitude (with lat).",
        ),
        key(
            "geo_precision",
            FieldType::Enum(GeoPrecision::WORDS),
            "What lat/lon stand for: the site (exact, the default), or the settlement, district or oblast.",
        ),
        key("tz", FieldType::Zone, "Zone for a local time."),
        with_default(
            "damage",
            FieldType::Enum(Damage::WORDS),
            "\"unknown\"",
            "How badly the facility was damaged.",
        ),
        key(
            "outage_customers",
            FieldType::Integer {
                min: 0,
                max: MAX_OUTAGE_CUSTOMERS,
            },
            "Customers left without power.",
        ),
        key(
            "restored",
            FieldType::Time,
            "When power came back; not before time.",
        ),
        key("weapons", FieldType::Table(&WEAPONS), "Weapons used."),
        key(
            "casualties",
            FieldType::Table(&CASUALTIES),
            "Killed and injured.",
        ),
        with_default(
            "confidence",
            FieldType::Enum(Confidence::WORDS),
            "\"reported\"",
            "How well the report is established.",
        ),
        key("sources", FieldType::Strings, "URLs or citations."),
        key("notes", FieldType::Text, "Anything else."),
    ],
};

/// `weapons` of a strike.
pub static WEAPONS: TableSpec = TableSpec {
    name: "strike.weapons",
    header: "[strike.weapons]",
    doc: "Weapons used; intercepted is not above the sum of the others when any is given.",
    fields: &[
        key("missiles", COUNT, "Missiles."),
        key("drones", COUNT, "Drones."),
        key("glide_bombs", COUNT, "Glide bombs."),
        key("other", COUNT, "Other weapons."),
        key("intercepted", COUNT, "How many of them were intercepted."),
    ],
};

/// `casualties` of a strike.
pub static CASUALTIES: TableSpec = TableSpec {
    name: "strike.casualties",
    header: "[strike.casualties]",
    doc: "Casualties reported.",
    fields: &[
        key(
            "killed",
            FieldType::Estimate(&CASUALTY_RANGE),
            "People killed: a count, or { low, best, high }.",
        ),
        key(
            "injured",
            FieldType::Estimate(&CASUALTY_RANGE),
            "People injured: a count, or { low, best, high }.",
        ),
    ],
};

/// A casualty count given as a range (UCDP's low, best and high estimates).
pub static CASUALTY_RANGE: TableSpec = TableSpec {
    name: "strike.casualties.range",
    header: "{ low, best, high }",
    doc: "A count known as a range: low ≤ best ≤ high.",
    fields: &[
        required("low", COUNT, "The lowest count reported."),
        key(
            "best",
            COUNT,
            "The most likely count, between low and high.",
        ),
        required("high", COUNT, "The highest count reported."),
    ],
};

/// Every table, for generators that walk them all.
pub static ALL_TABLES: &[&TableSpec] = &[
    &ROOT,
    &BOARD,
    &EVENT,
    &ISSUE,
    &ISSUE_LOG,
    &STRIKE,
    &WEAPONS,
    &CASUALTIES,
    &CASUALTY_RANGE,
];

/// The candidate closest to `word` by edit distance (ignoring case), if it is
/// close enough to be a likely typo: at most 1 edit for short words, 2 for longer.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    let limit = if lower.chars().count() <= 3 { 1 } else { 2 };
    candidates
        .into_iter()
        .map(|c| (levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// Edit distance (insertions, deletions, substitutions) between two strings.
pub fn levenshtein(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = if ca == *cb {
                diagonal
            } else {
                1 + diagonal.min(above).min(row[j])
            };
            diagonal = above;
        }
    }
    row[b.len()]
}

/// An integer bound as a message writes it: with thousands separators.
fn signed(n: i64) -> String {
    let digits = crate::model::format::thousands(n.unsigned_abs());
    if n < 0 { format!("-{digits}") } else { digits }
}

/// The largest `outage_customers` a strike may give: a billion customers, more
/// than any grid has, so a sum over any board can never overflow (docs/data-format.md#strikes).
pub const MAX_OUTAGE_CUSTOMERS: i64 = 1_000_000_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_key_catches_typos_but_not_strangers() {
        assert_eq!(STRIKE.closest("targt"), Some("target"));
        assert_eq!(STRIKE.closest("Oblast"), Some("oblast"));
        assert_eq!(EVENT.closest("participant"), Some("participants"));
        assert_eq!(ROOT.closest("events"), Some("event"));
        assert_eq!(STRIKE.closest("weather"), None);
        assert_eq!(EVENT.closest("xy"), None);
    }

    #[test]
    fn levenshtein_distances() {
        assert_eq!(levenshtein("", "abc"), 3);
        assert_eq!(levenshtein("kitten", "sitting"), 3);
        assert_eq!(levenshtein("tz", "tz"), 0);
        assert_eq!(levenshtein("Київ", "Киів"), 1);
    }

    #[test]
    fn every_table_has_unique_keys_and_docs() {
        for table in ALL_TABLES {
            for (i, f) in table.fields.iter().enumerate() {
                assert!(!f.doc.is_empty(), "{}.{} has no doc", table.name, f.name);
                assert!(
                    table.fields[i + 1..].iter().all(|g| g.name != f.name),
                    "{}.{} declared twice",
                    table.name,
                    f.name
                );
                assert!(
                    !(f.required && f.default.is_some()),
                    "{}.{}",
                    table.name,
                    f.name
                );
            }
        }
    }

    #[test]
    fn enum_messages_list_every_word() {
        let target = STRIKE.field("target").map(|f| f.ty.expected());
        assert_eq!(
            target.as_deref(),
            Some(
                "one of thermal, chp, hydro, nuclear, renewable, substation, transmission, distribution, gas, oil, heating, other"
            )
        );
    }
}
