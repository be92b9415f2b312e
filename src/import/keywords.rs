//! The energy keywords an ACLED import keeps rows by and classifies `target` from
//! (docs/command-line.md#import).
//!
//! An ordered list of (target, words): a row is kept when its notes name any word,
//! and its target is the first target in the list with a word in the notes, so
//! the specific words (`CHP`, `substation`) come before the general ones (`power
//! plant`, `energy infrastructure`, target `other`). Words match whole words,
//! ignoring case: `gas` would match "tear gas", so the list names gas facilities
//! instead. `--keywords FILE` replaces the list with one written as
//!
//! ```toml
//! [[keyword]]
//! target = "chp"
//! words = ["CHP", "combined heat and power"]
//! ```

use serde::Deserialize;

use crate::model::Target;

/// The built-in list, most specific first.
const DEFAULT: &[(Target, &[&str])] = &[
    (
        Target::Nuclear,
        &["nuclear power plant", "nuclear plant", "NPP"],
    ),
    (
        Target::Chp,
        &[
            "CHP",
            "combined heat and power",
            "heat and power plant",
            "thermal power and heating plant",
            "TETs",
        ],
    ),
    (
        Target::Hydro,
        &[
            "hydroelectric",
            "hydro power",
            "hydropower",
            "hydro-power",
            "HPP",
            "hydro",
        ],
    ),
    (
        Target::Thermal,
        &[
            "thermal power plant",
            "thermal power station",
            "TPP",
            "thermal",
        ],
    ),
    (
        Target::Substation,
        &["substation", "substations", "sub-station"],
    ),
    (
        Target::Transmission,
        &[
            "transmission line",
            "transmission lines",
            "power line",
            "power lines",
            "high-voltage line",
            "high-voltage lines",
        ],
    ),
    (
        Target::Gas,
        &[
            "gas facility",
            "gas infrastructure",
            "gas pipeline",
            "gas production",
            "gas storage",
            "gas distribution",
            "gas compressor station",
            "compressor station",
            "Naftogaz",
        ],
    ),
    (
        Target::Oil,
        &[
            "oil refinery",
            "refinery",
            "oil depot",
            "fuel depot",
            "oil facility",
        ],
    ),
    (
        Target::Heating,
        &[
            "boiler house",
            "boiler room",
            "heating plant",
            "heat supply",
        ],
    ),
    (
        Target::Renewable,
        &["solar power", "solar plant", "wind farm", "wind power"],
    ),
    (
        Target::Distribution,
        &[
            "power grid",
            "electrical grid",
            "electricity grid",
            "power distribution",
            "transformer",
        ],
    ),
    (
        Target::Other,
        &[
            "power plant",
            "power station",
            "energy infrastructure",
            "energy facility",
            "power facility",
            "electricity infrastructure",
        ],
    ),
];

/// The keyword list in use.
#[derive(Clone, Debug, PartialEq)]
pub struct Keywords {
    entries: Vec<(Target, Vec<String>)>,
}

impl Default for Keywords {
    fn default() -> Self {
        Keywords {
            entries: DEFAULT
                .iter()
                .map(|(target, words)| (*target, words.iter().map(|w| (*w).to_string()).collect()))
                .collect(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    keyword: Vec<Entry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    target: String,
    words: Vec<String>,
}

impl Keywords {
    /// Reads a keywords file (`[[keyword]] target = "chp" words = [...]`).
    pub fn parse(text: &str) -> Result<Keywords, String> {
        let file: File = toml::from_str(text).map_err(|e| {
            e.to_string()
                .lines()
                .next()
                .unwrap_or("not a keywords file")
                .to_string()
        })?;
        let mut entries = Vec::new();
        for entry in file.keyword {
            let target = Target::parse(&entry.target).ok_or_else(|| {
                format!(
                    "target \"{}\" is not one of {}",
                    entry.target,
                    Target::WORDS.join(", ")
                )
            })?;
            let words: Vec<String> = entry
                .words
                .into_iter()
                .map(|w| w.trim().to_string())
                .filter(|w| !w.is_empty())
                .collect();
            entries.push((target, words));
        }
        Ok(Keywords { entries })
    }

    /// The target the notes name, by the first entry with a word in them.
    pub fn classify(&self, notes: &str) -> Option<Target> {
        let lower = notes.to_lowercase();
        self.entries
            .iter()
            .find(|(_, words)| {
                words
                    .iter()
                    .any(|w| contains_word(&lower, &w.to_lowercase()))
            })
            .map(|(target, _)| *target)
    }

    /// The list as a keywords file (for the docs and `--keywords` to start from).
    pub fn to_toml(&self) -> String {
        let mut out = String::new();
        for (target, words) in &self.entries {
            let quoted: Vec<String> = words
                .iter()
                .map(|w| toml::Value::String(w.clone()).to_string())
                .collect();
            out.push_str(&format!(
                "[[keyword]]\ntarget = \"{target}\"\nwords = [{}]\n\n",
                quoted.join(", ")
            ));
        }
        out
    }
}

/// `word` occurs in `text` with no letter or digit right before or after it.
fn contains_word(text: &str, word: &str) -> bool {
    if word.is_empty() {
        return false;
    }
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specific_words_win_and_whole_words_only() {
        let k = Keywords::default();
        assert_eq!(
            k.classify("Russian missiles hit the Kharkiv CHP-5 and a substation."),
            Some(Target::Chp)
        );
        assert_eq!(
            k.classify("A drone struck a substation near Sumy."),
            Some(Target::Substation)
        );
        assert_eq!(
            k.classify("Shelling damaged the Kakhovka hydroelectric power plant."),
            Some(Target::Hydro)
        );
        assert_eq!(
            k.classify("Strike on a power plant in Burshtyn."),
            Some(Target::Other)
        );
        // Not energy: tear gas, a CHPX code, "thermally".
        assert_eq!(k.classify("Police used tear gas on protesters."), None);
        assert_eq!(k.classify("Unit CHPX moved; thermally insulated."), None);
    }

    #[test]
    fn a_keywords_file_replaces_the_list_in_its_order() {
        let k = Keywords::parse(
            "[[keyword]]\ntarget = \"gas\"\nwords = [\"gas\"]\n\n[[keyword]]\ntarget = \"chp\"\nwords = [\"CHP\"]\n",
        )
        .expect("a good file");
        assert_eq!(k.classify("gas and CHP"), Some(Target::Gas));
        assert_eq!(k.classify("substation"), None);
        assert!(
            Keywords::parse("[[keyword]]\ntarget = \"coal\"\nwords = []\n")
                .is_err_and(|e| e.contains("\"coal\" is not one of"))
        );
        // The built-in list, written out, reads back as itself.
        let default = Keywords::default();
        assert_eq!(Keywords::parse(&default.to_toml()), Ok(default));
    }
}
