//! "Did you mean ...?" for enum words and zone names (docs/data-format.md#message-shape).
//!
//! Spelling slips are found by edit distance ([`closest`]); words an analyst
//! would naturally write for one of ours (`solar` for `renewable`, `stalled` for
//! `deadlocked`) and places that are not zone names (`Geneva`, `Washington`) need
//! a table: no distance leads from `Europe/Geneva` to `Europe/Zurich`.

use crate::load::fields::closest;

/// Words analysts write for an enum word of the data format. A synonym is only
/// offered when its target is one of the words the key accepts.
const SYNONYMS: &[(&str, &str)] = &[
    // event status
    ("canceled", "cancelled"),
    ("called off", "cancelled"),
    ("delayed", "postponed"),
    ("rescheduled", "postponed"),
    ("planned", "scheduled"),
    ("expected", "tentative"),
    ("proposed", "tentative"),
    ("done", "held"),
    ("happened", "held"),
    ("took place", "held"),
    // event kind
    ("negotiation", "talks"),
    ("negotiations", "talks"),
    ("phone call", "call"),
    ("video call", "call"),
    ("conference", "forum"),
    ("trip", "visit"),
    // issue status
    ("deadlock", "deadlocked"),
    ("stalled", "deadlocked"),
    ("stuck", "deadlocked"),
    ("frozen", "shelved"),
    ("paused", "shelved"),
    ("suspended", "shelved"),
    ("ongoing", "negotiating"),
    ("in talks", "negotiating"),
    ("close", "near-agreement"),
    ("nearly agreed", "near-agreement"),
    ("settled", "agreed"),
    ("signed", "agreed"),
    ("resolved", "agreed"),
    // priority
    ("urgent", "critical"),
    ("top", "critical"),
    ("normal", "medium"),
    // target
    ("solar", "renewable"),
    ("wind", "renewable"),
    ("renewables", "renewable"),
    ("coal", "thermal"),
    ("tpp", "thermal"),
    ("tes", "thermal"),
    ("power plant", "thermal"),
    ("cogeneration", "chp"),
    ("tets", "chp"),
    ("hpp", "hydro"),
    ("dam", "hydro"),
    ("hydroelectric", "hydro"),
    ("npp", "nuclear"),
    ("aes", "nuclear"),
    ("grid", "transmission"),
    ("power line", "transmission"),
    ("power lines", "transmission"),
    ("pylon", "transmission"),
    ("transformer", "substation"),
    ("pipeline", "gas"),
    ("gas storage", "gas"),
    ("refinery", "oil"),
    ("oil depot", "oil"),
    ("fuel depot", "oil"),
    ("boiler", "heating"),
    ("boiler house", "heating"),
    ("district heating", "heating"),
    // damage
    ("light", "minor"),
    ("heavy", "severe"),
    ("critical damage", "severe"),
    ("total", "destroyed"),
    ("unclear", "unknown"),
    // confidence
    ("verified", "confirmed"),
    ("unverified", "claimed"),
    ("alleged", "claimed"),
];

/// The word meant by `written`, one of `words`: a synonym, else the closest
/// spelling (case is ignored).
pub fn word(written: &str, words: &[&'static str]) -> Option<&'static str> {
    let lower = written.trim().to_lowercase().replace('_', " ");
    let synonym = SYNONYMS
        .iter()
        .find(|(said, _)| *said == lower || said.replace(' ', "-") == lower)
        .and_then(|(_, meant)| words.iter().copied().find(|w| w == meant));
    synonym.or_else(|| closest(&lower, words.iter().copied()))
}

/// Places that are not the last part of any zone name, with their zone.
const PLACES: &[(&str, &str)] = &[
    ("geneva", "Europe/Zurich"),
    ("davos", "Europe/Zurich"),
    ("bern", "Europe/Zurich"),
    ("munich", "Europe/Berlin"),
    ("frankfurt", "Europe/Berlin"),
    ("bonn", "Europe/Berlin"),
    ("milan", "Europe/Rome"),
    ("the hague", "Europe/Amsterdam"),
    ("strasbourg", "Europe/Paris"),
    ("geneve", "Europe/Zurich"),
    ("lviv", "Europe/Kyiv"),
    ("odesa", "Europe/Kyiv"),
    ("odessa", "Europe/Kyiv"),
    ("kharkiv", "Europe/Kyiv"),
    ("dnipro", "Europe/Kyiv"),
    ("zaporizhzhia", "Europe/Kyiv"),
    ("kiev", "Europe/Kyiv"),
    ("sochi", "Europe/Moscow"),
    ("st petersburg", "Europe/Moscow"),
    ("saint petersburg", "Europe/Moscow"),
    ("ankara", "Europe/Istanbul"),
    ("antalya", "Europe/Istanbul"),
    ("washington", "America/New_York"),
    ("washington dc", "America/New_York"),
    ("boston", "America/New_York"),
    ("miami", "America/New_York"),
    ("san francisco", "America/Los_Angeles"),
    ("seattle", "America/Los_Angeles"),
    ("ottawa", "America/Toronto"),
    ("beijing", "Asia/Shanghai"),
    ("delhi", "Asia/Kolkata"),
    ("new delhi", "Asia/Kolkata"),
    ("mumbai", "Asia/Kolkata"),
    ("abu dhabi", "Asia/Dubai"),
    ("jeddah", "Asia/Riyadh"),
    ("doha", "Asia/Qatar"),
    ("canberra", "Australia/Sydney"),
];

/// The zone of a party's capital, for the common party codes (ISO country codes
/// and `EU`): where a meeting of that party alone most likely is.
const PARTY_ZONES: &[(&str, &str)] = &[
    ("UA", "Europe/Kyiv"),
    ("RU", "Europe/Moscow"),
    ("US", "America/New_York"),
    ("EU", "Europe/Brussels"),
    ("GB", "Europe/London"),
    ("UK", "Europe/London"),
    ("FR", "Europe/Paris"),
    ("DE", "Europe/Berlin"),
    ("PL", "Europe/Warsaw"),
    ("IT", "Europe/Rome"),
    ("TR", "Europe/Istanbul"),
    ("CH", "Europe/Zurich"),
    ("CN", "Asia/Shanghai"),
    ("QA", "Asia/Qatar"),
    ("SA", "Asia/Riyadh"),
    ("AE", "Asia/Dubai"),
    ("BY", "Europe/Minsk"),
];

/// The zone the parties of a record point to, when every one of them points to
/// the same (`["US"]`); `None` for mixed or unknown parties.
pub fn zone_of_parties<'a>(codes: impl IntoIterator<Item = &'a str>) -> Option<&'static str> {
    let mut zone = None;
    for code in codes {
        let (_, this) = PARTY_ZONES
            .iter()
            .find(|(c, _)| c.eq_ignore_ascii_case(code))?;
        match zone {
            None => zone = Some(*this),
            Some(z) if z == *this => {}
            Some(_) => return None,
        }
    }
    zone
}

/// City part of each zone name (lower case, `_` as space) → the zone; built
/// once, as `check` asks for every location of every record.
static CITIES: std::sync::OnceLock<std::collections::HashMap<String, &'static str>> =
    std::sync::OnceLock::new();

/// The zone a place name stands for, matched exactly (any case): a place of the
/// table above, or the city part of a zone name (`Moscow`, `New York`). Used to
/// guess where a record without `tz` takes place from its `location`.
pub fn zone_of_place(place: &str) -> Option<&'static str> {
    let place = place
        .trim()
        .to_lowercase()
        .replace(['_', '-'], " ")
        .replace('.', "");
    if place.is_empty() {
        return None;
    }
    if let Some((_, zone)) = PLACES.iter().find(|(p, _)| *p == place) {
        return Some(zone);
    }
    let cities = CITIES.get_or_init(|| {
        let mut cities = std::collections::HashMap::new();
        for name in chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()) {
            if name == "Europe/Kiev" || !name.contains('/') {
                continue;
            }
            let city = name.rsplit('/').next().unwrap_or(name);
            // The first zone of a city name wins, as the scan it replaces did.
            cities
                .entry(city.to_lowercase().replace('_', " "))
                .or_insert(name);
        }
        cities
    });
    cities.get(&place).copied()
}

/// The zone meant by `written`: the closest zone name, else a place in the
/// table above or the closest city part of a zone name (`Europe/Geneva` →
/// `Europe/Zurich`, `Kyev` → `Europe/Kyiv`).
pub fn zone(written: &str) -> Option<&'static str> {
    // Suggest the current name of Kyiv, not its old alias.
    let names = || {
        chrono_tz::TZ_VARIANTS
            .iter()
            .map(|tz| tz.name())
            .filter(|n| *n != "Europe/Kiev")
    };
    if let Some(close) = closest(written, names()) {
        return Some(close);
    }
    let place = written
        .rsplit('/')
        .next()
        .unwrap_or(written)
        .trim()
        .to_lowercase()
        .replace(['_', '-'], " ")
        .replace('.', "");
    if let Some((_, zone)) = PLACES.iter().find(|(p, _)| *p == place) {
        return Some(zone);
    }
    let city = |name: &'static str| name.rsplit('/').next().unwrap_or(name);
    let by_city = names().map(|n| (n, city(n).to_lowercase().replace('_', " ")));
    let (mut best, mut best_distance) = (None, usize::MAX);
    for (name, c) in by_city {
        let distance = crate::load::fields::levenshtein(&place, &c);
        if distance < best_distance {
            (best, best_distance) = (Some(name), distance);
        }
    }
    let limit = if place.chars().count() <= 4 { 1 } else { 2 };
    best.filter(|_| best_distance <= limit)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Damage, EventStatus, IssueStatus, Target};

    #[test]
    fn synonyms_and_slips_find_the_word() {
        assert_eq!(word("canceled", EventStatus::WORDS), Some("cancelled"));
        assert_eq!(word("Cancelled", EventStatus::WORDS), Some("cancelled"));
        assert_eq!(word("deadlock", IssueStatus::WORDS), Some("deadlocked"));
        assert_eq!(word("stalled", IssueStatus::WORDS), Some("deadlocked"));
        assert_eq!(
            word("near agreement", IssueStatus::WORDS),
            Some("near-agreement")
        );
        assert_eq!(word("solar", Target::WORDS), Some("renewable"));
        assert_eq!(word("Power_Line", Target::WORDS), Some("transmission"));
        assert_eq!(word("substaton", Target::WORDS), Some("substation"));
        assert_eq!(word("heavy", Damage::WORDS), Some("severe"));
        // A synonym of another key's word is not offered here.
        assert_eq!(word("solar", IssueStatus::WORDS), None);
        assert_eq!(word("xyzzy", Target::WORDS), None);
    }

    #[test]
    fn zones_by_name_by_place_and_by_city() {
        assert_eq!(zone("Europe/Kyev"), Some("Europe/Kyiv"));
        assert_eq!(zone("Europe/Geneva"), Some("Europe/Zurich"));
        assert_eq!(zone("Washington"), Some("America/New_York"));
        assert_eq!(zone("America/Washington_DC"), Some("America/New_York"));
        assert_eq!(zone("Asia/Beijing"), Some("Asia/Shanghai"));
        assert_eq!(zone("Kyiv"), Some("Europe/Kyiv"));
        assert_eq!(zone("Moskow"), Some("Europe/Moscow"));
        assert_eq!(zone("Mars/Olympus"), None);
    }
}
