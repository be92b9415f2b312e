//! Strike `oblast` names checked against the built-in regions: a name that
//! means no region is one warning per distinct name in a file, naming the
//! closest known name. The record keeps the name as written.
//!
//! Checked against the built-in geography (Ukraine's oblasts), since one file
//! is validated without the others: a board with its own `[board] map` gets
//! its names checked by `sitboard check`, which reads that map.

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::geo::Geography;
use crate::load::fields::closest;
use crate::load::hash::IdBuildHasher;
use crate::model::problem::Problem;
use crate::model::{Kind, Strike};

/// One warning per oblast name of `strikes` that `geo` does not know, at the
/// first strike that uses it.
pub fn warn_unknown(
    file: &Arc<str>,
    geo: &Geography,
    strikes: &[Arc<Strike>],
    problems: &mut Vec<Problem>,
) {
    Unknown::of(geo, strikes).warn(file, geo, problems);
}

/// The oblast names of some strikes that the geography does not know, each
/// with the first strike that uses it and how many do. A large file's pieces
/// each find theirs as they are read (their strikes still in the cache, on
/// every core), and the file's are the pieces' added up in file order.
#[derive(Debug, Default)]
pub struct Unknown(BTreeMap<String, (Arc<Strike>, usize)>);

impl Unknown {
    /// The names of `strikes` (in file order) that `geo` does not know.
    pub fn of(geo: &Geography, strikes: &[Arc<Strike>]) -> Unknown {
        let mut unknown = Unknown::default();
        if geo.regions.is_empty() {
            return unknown;
        }
        // Thousands of strikes share a few dozen names: resolve each name once.
        let mut known: std::collections::HashSet<&str, IdBuildHasher> =
            std::collections::HashSet::default();
        for strike in strikes {
            let name = strike.oblast.as_str();
            if known.contains(name) {
                continue;
            }
            if geo.resolve(name).is_some() {
                known.insert(name);
                continue;
            }
            unknown.count(name, strike, 1);
        }
        unknown
    }

    fn count(&mut self, name: &str, strike: &Arc<Strike>, n: usize) {
        match self.0.get_mut(name) {
            Some((_, count)) => *count += n,
            None => {
                self.0.insert(name.to_string(), (strike.clone(), n));
            }
        }
    }

    /// Adds the names of strikes that come after these in the file.
    pub fn add(&mut self, later: Unknown) {
        for (name, (strike, n)) in later.0 {
            self.count(&name, &strike, n);
        }
    }

    /// One warning per name, at its first strike, in file order.
    pub fn warn(self, file: &Arc<str>, geo: &Geography, problems: &mut Vec<Problem>) {
        let mut found: Vec<(String, (Arc<Strike>, usize))> = self.0.into_iter().collect();
        found.sort_by_key(|(_, (s, _))| (s.pos.line, s.pos.col));
        for (name, (first, count)) in found {
            problems.push(unknown_region(file, geo, &name, &first, count));
        }
    }
}

/// Whether a problem is this module's "no region" warning (`check` replaces
/// them when a board brings its own map).
pub fn is_unknown_oblast(problem: &Problem) -> bool {
    problem.message.starts_with("oblast \"") && problem.message.contains(" is none of ")
}

fn unknown_region(
    file: &Arc<str>,
    geo: &Geography,
    name: &str,
    first: &Strike,
    count: usize,
) -> Problem {
    let normalised = crate::geo::normalise(name);
    let guess = closest(&normalised, geo.known_names().map(|(k, _)| k))
        .and_then(|k| geo.resolve(k))
        .map(|i| geo.regions[i].name.as_str());
    let others = if count > 1 {
        format!(" ({count} strikes use it)")
    } else {
        String::new()
    };
    let hint = match guess {
        Some(region) => format!("did you mean \"{region}\"?"),
        None => format!(
            "known: {}",
            geo.regions
                .iter()
                .take(4)
                .map(|r| format!("\"{}\"", r.name))
                .collect::<Vec<_>>()
                .join(", ")
                + ", ..."
        ),
    };
    Problem::warning(
        file,
        first.pos,
        format!(
            "oblast \"{name}\" is none of {}'s regions{others}; counted under the name as written ({hint})",
            geo.name
        ),
    )
    .in_record(Kind::Strike, Some(&first.id))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    fn messages(text: &str) -> Vec<String> {
        match crate::load::parse_bytes(&Arc::from("t.toml"), text.as_bytes()) {
            Ok(records) => records.warnings.iter().map(ToString::to_string).collect(),
            Err(problems) => panic!("{problems:?}"),
        }
    }

    const STRIKE: &str = "[[strike]]\nid = \"ID\"\ntime = 2026-01-20T04:30:00Z\noblast = \"NAME\"\ntarget = \"thermal\"\n";

    fn file(strikes: &[(&str, &str)]) -> String {
        strikes
            .iter()
            .map(|(id, name)| STRIKE.replace("ID", id).replace("NAME", name))
            .collect()
    }

    #[test]
    fn spellings_of_a_known_oblast_pass_quietly() {
        let text = file(&[
            ("S-1", "Kyivska"),
            ("S-2", "Київська"),
            ("S-3", "Kyiv oblast"),
        ]);
        assert_eq!(messages(&text), Vec::<String>::new());
    }

    #[test]
    fn an_unknown_name_is_one_warning_naming_the_closest() {
        let text = file(&[("S-1", "Kharkvi"), ("S-2", "Kharkvi"), ("S-3", "Odesa")]);
        assert_eq!(
            messages(&text),
            [
                "t.toml:1:1: warning: strike \"S-1\": oblast \"Kharkvi\" is none of Ukraine's regions (2 strikes use it); counted under the name as written (did you mean \"Kharkiv\"?)"
            ]
        );
    }
}
