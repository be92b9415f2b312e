//! `[[strike]]` (with `weapons` and `casualties`) into [`Strike`] (docs/data-format.md#strikes).

use std::ops::RangeInclusive;
use std::sync::LazyLock;

use chrono_tz::Tz;

use crate::load::intern;
use crate::load::plain_strike::{PlainStrike, WEAPON_KEYS};
use crate::load::tree::Table;

use super::reader::{Ctx, Fields, IntegerOr, TableReader, is_valid_id, written};
use super::{ends_before, finish_record};
use crate::load::fields::{CASUALTIES, CASUALTY_RANGE, STRIKE, TableSpec, WEAPONS};
use crate::model::problem::Problem;
use crate::model::{
    Casualties, Confidence, Damage, Estimate, GeoPrecision, Kind, SourcePos, Strike, Target, Texts,
    Weapons, When,
};

/// Reads one `[[strike]]` written at `at`; `None` when it has an error.
pub fn read(
    ctx: &Ctx<'_>,
    table: &Table<'_>,
    at: SourcePos,
    problems: &mut Vec<Problem>,
) -> Option<Strike> {
    read_fields(ctx, Fields::Table(table), at, problems)
}

/// Reads one `[[strike]]` from its table or from the slots its keys were put
/// in as they were read ([`crate::load::straight`]): the same strike and
/// problems either way.
pub fn read_fields(
    ctx: &Ctx<'_>,
    fields: Fields<'_, '_>,
    at: SourcePos,
    problems: &mut Vec<Problem>,
) -> Option<Strike> {
    let mut mine = Vec::new();
    let mut r = TableReader::open(ctx, fields, &STRIKE, at, "", &mut mine);
    let id = r.id("id");
    let tz = r.zone("tz");
    let time = r.time("time", tz);
    let time_precision = super::time_precision(&mut r, time.as_ref(), "time");
    let oblast = r.name("oblast");
    let target = r.word("target", Target::parse);
    let location = r.name("location");
    let facility = r.name("facility");
    let operator = r.name("operator");
    let lat = r.float("lat");
    let lon = r.float("lon");
    let coords = if let (Some((lat, _)), Some((lon, _))) = (lat, lon) {
        Some((lat, lon))
    } else {
        for (given, missing) in [("lat", "lon"), ("lon", "lat")] {
            if let (Some(span), None) = (r.span_of(given), r.span_of(missing)) {
                r.error(
                    &span,
                    format!("{given} is given without {missing}; give both or neither"),
                );
            }
        }
        None
    };
    let geo_precision = r.word("geo_precision", GeoPrecision::parse);
    let damage = r.word("damage", Damage::parse);
    // Checked to 0..=10^9 (fields::MAX_OUTAGE_CUSTOMERS): fits a u32.
    let outage_customers = r
        .integer("outage_customers")
        .and_then(|n| u32::try_from(n).ok());
    let restored = r.time("restored", tz);
    if let (Some(time), Some(restored)) = (&time, &restored) {
        if let Some(message) = ends_before("restored", restored, "time", time) {
            r.problems
                .push(Problem::error(ctx.file, restored.pos, message));
        }
    }
    let weapons_table = r.table("weapons");
    let casualties_table = r.table("casualties");
    let confidence = r.word("confidence", Confidence::parse);
    let sources = r.source_names("sources");
    let notes = r.note("notes");
    r.finish();
    let weapons = weapons_table.map(|(table, at)| read_weapons(ctx, table, at, &mut mine));
    let casualties = casualties_table.map(|(table, at)| {
        let mut c = TableReader::new(ctx, table, &CASUALTIES, at, "casualties.", &mut mine);
        let casualties = Casualties {
            killed: estimate(ctx, &mut c, "killed"),
            injured: estimate(ctx, &mut c, "injured"),
        };
        c.finish();
        casualties
    });
    let id = finish_record(Kind::Strike, id, at, mine, problems)?;
    Some(Strike {
        id: id.into(),
        time: time?,
        oblast: oblast?,
        target: target?,
        location,
        facility,
        operator,
        coords,
        geo_precision,
        time_precision,
        tz,
        damage: damage.unwrap_or(Damage::Unknown),
        outage_customers,
        restored: restored.map(Box::new),
        weapons,
        casualties: casualties.map(Box::new),
        confidence: confidence.unwrap_or(Confidence::Reported),
        sources,
        notes,
        pos: at,
    })
}

/// The strike of a record lexed into typed values
/// ([`crate::load::plain_strike`]) when every value in it is good: the
/// strike [`read_fields`] makes of the same record, which reports no problem
/// about it. `None` when anything would be reported (an id, a word or a
/// number that is not good, a key required and missing, `lat` without `lon`,
/// `restored` before `time`, more intercepted than launched); the caller then
/// reads the record that way, which says what. Positions are asked for only
/// once the strike is sure to be kept.
pub fn read_plain(ctx: &Ctx<'_>, p: &PlainStrike<'_>) -> Option<Strike> {
    let ranges = &*RANGES;
    let id = p.id.filter(|id| is_valid_id(id))?;
    let (time_written, time_span) = p.time.as_ref()?;
    let time_written = written(time_written).ok()?;
    let oblast = p.oblast?;
    let target = Target::parse(p.target?)?;
    let coords = match (p.lat, p.lon) {
        (Some(lat), Some(lon)) => Some((within(&ranges.lat, lat)?, within(&ranges.lon, lon)?)),
        (None, None) => None,
        _ => return None,
    };
    let geo_precision = match p.geo_precision {
        Some(word) => Some(GeoPrecision::parse(word)?),
        None => None,
    };
    let damage = p.damage.map_or(Some(Damage::Unknown), Damage::parse)?;
    let confidence = p
        .confidence
        .map_or(Some(Confidence::Reported), Confidence::parse)?;
    let outage_customers = match p.outage_customers {
        Some(n) => Some(u32::try_from(within(&ranges.outage, n)?).ok()?),
        None => None,
    };
    let weapons = match &p.weapons {
        Some(counts) => Some(plain_weapons(counts, &ranges.counts)?),
        None => None,
    };
    let mut time = When::new(time_written, None, Tz::UTC, SourcePos::default());
    let restored = match &p.restored {
        Some((restored, span)) => {
            let restored = When::new(written(restored).ok()?, None, Tz::UTC, SourcePos::default());
            if ends_before("restored", &restored, "time", &time).is_some() {
                return None;
            }
            Some((restored, span))
        }
        None => None,
    };
    // Kept: its positions, in the order the validator asks for them.
    let at = ctx.pos(&p.header);
    time.pos = ctx.pos(time_span);
    let restored = restored.map(|(mut restored, span)| {
        restored.pos = ctx.pos(span);
        Box::new(restored)
    });
    let sources = match p.sources.as_slice() {
        [] => Texts::None,
        [one] => Texts::One(intern::source(one)),
        many => many.iter().map(|s| intern::source(s)).collect(),
    };
    Some(Strike {
        id: id.into(),
        time_precision: time.precision(None),
        time,
        oblast: intern::line(oblast),
        target,
        location: p.location.map(intern::line),
        facility: p.facility.map(intern::line),
        operator: p.operator.map(intern::line),
        coords,
        geo_precision,
        tz: None,
        damage,
        outage_customers,
        restored,
        weapons,
        casualties: None,
        confidence,
        sources,
        notes: p.notes.map(intern::text),
        pos: at,
    })
}

/// `weapons` as [`read_weapons`] reads it, when it reports nothing.
fn plain_weapons(counts: &[Option<i64>; 5], ranges: &[RangeInclusive<i64>; 5]) -> Option<Weapons> {
    let mut taken = [None; 5];
    for ((count, range), out) in counts.iter().zip(ranges).zip(&mut taken) {
        if let Some(n) = *count {
            *out = Some(u32::try_from(within(range, n)?).ok()?);
        }
    }
    let [missiles, drones, glide_bombs, other, intercepted] = taken;
    let weapons = Weapons {
        missiles,
        drones,
        glide_bombs,
        other,
        intercepted,
    };
    weapons
        .more_intercepted_than_launched()
        .is_none()
        .then_some(weapons)
}

/// `value`, when `range` holds it.
fn within<T: PartialOrd>(range: &RangeInclusive<T>, value: T) -> Option<T> {
    range.contains(&value).then_some(value)
}

/// The ranges of the numbers a plain strike holds, read from the spec once.
struct Ranges {
    lat: RangeInclusive<f64>,
    lon: RangeInclusive<f64>,
    outage: RangeInclusive<i64>,
    /// By [`WEAPON_KEYS`].
    counts: [RangeInclusive<i64>; 5],
}

static RANGES: LazyLock<Ranges> = LazyLock::new(|| {
    // No value at all (every record then goes the validator's way) were the
    // spec to give one of these keys another type.
    let float = |key| {
        let bounds = STRIKE.field(key).and_then(|f| f.ty.float_bounds());
        let (min, max) = bounds.unwrap_or((f64::INFINITY, f64::NEG_INFINITY));
        min..=max
    };
    let integer = |spec: &TableSpec, key| {
        let (min, max) = spec
            .field(key)
            .and_then(|f| f.ty.integer_bounds())
            .unwrap_or((1, 0));
        min..=max
    };
    Ranges {
        lat: float("lat"),
        lon: float("lon"),
        outage: integer(&STRIKE, "outage_customers"),
        counts: WEAPON_KEYS.map(|key| integer(&WEAPONS, key)),
    }
});

fn count(r: &mut TableReader<'_, '_, '_>, key: &str) -> Option<u32> {
    r.integer(key).and_then(|n| u32::try_from(n).ok())
}

/// `killed = 3` or `killed = { low = 2, best = 3, high = 5 }`: low ≤ best ≤ high.
fn estimate(ctx: &Ctx<'_>, c: &mut TableReader<'_, '_, '_>, key: &str) -> Option<Estimate> {
    let (table, at) = match c.integer_or_table(key)? {
        IntegerOr::Integer(n) => return u32::try_from(n).ok().map(Estimate::exact),
        IntegerOr::Table(table, at, _) => (table, at),
    };
    // Prefixes are static: one per key of [strike.casualties].
    let prefix = if key == "killed" {
        "casualties.killed."
    } else {
        "casualties.injured."
    };
    let mut r = TableReader::new(ctx, table, &CASUALTY_RANGE, at, prefix, c.problems);
    let low = count(&mut r, "low");
    let best = count(&mut r, "best");
    let high = count(&mut r, "high");
    let mut ok = true;
    if let (Some(low), Some(high)) = (low, high) {
        if low > high {
            ok = false;
            if let Some(span) = r.span_of("high") {
                r.error(
                    &span,
                    format!("{prefix}high {high} is below low {low}; expected low ≤ best ≤ high"),
                );
            }
        } else if let Some(best) = best.filter(|b| !(low..=high).contains(b)) {
            ok = false;
            if let Some(span) = r.span_of("best") {
                r.error(
                    &span,
                    format!(
                        "{prefix}best {best} is outside low {low} to high {high}; expected low ≤ best ≤ high"
                    ),
                );
            }
        }
    }
    r.finish();
    match (low, high) {
        (Some(low), Some(high)) if ok => Some(Estimate { low, best, high }),
        _ => None,
    }
}

fn read_weapons(
    ctx: &Ctx<'_>,
    table: &Table<'_>,
    at: SourcePos,
    problems: &mut Vec<Problem>,
) -> Weapons {
    let mut w = TableReader::new(ctx, table, &WEAPONS, at, "weapons.", problems);
    let weapons = Weapons {
        missiles: count(&mut w, "missiles"),
        drones: count(&mut w, "drones"),
        glide_bombs: count(&mut w, "glide_bombs"),
        other: count(&mut w, "other"),
        intercepted: count(&mut w, "intercepted"),
    };
    if let Some((intercepted, sum)) = weapons.more_intercepted_than_launched() {
        if let Some(span) = w.span_of("intercepted") {
            w.error(
                &span,
                format!(
                    "weapons.intercepted {intercepted} is more than the weapons reported (missiles + drones + glide_bombs + other = {sum})"
                ),
            );
        }
    }
    w.finish();
    weapons
}

#[cfg(test)]
mod tests {
    use crate::load::validate::tests::{messages, records};
    use crate::model::{Confidence, Damage, Estimate, GeoPrecision, Target, TimePrecision};

    const HEAD: &str = "[[strike]]\nid = \"S-1\"\ntime = 2026-01-20T03:00:00+02:00\noblast = \"Kyiv\"\ntarget = \"chp\"\n";

    #[test]
    fn a_full_strike() {
        let r = records(&format!(
            "{HEAD}location = \"Kyiv\"\nfacility = \"CHP-5\"\noperator = \"Kyivteploenergo\"\nlat = 50.4\nlon = 30\ntz = \"Europe/Kyiv\"\ndamage = \"severe\"\noutage_customers = 120000\nrestored = 2026-01-20T18:00:00\nweapons = {{ missiles = 3, drones = 40, intercepted = 38 }}\ncasualties = {{ killed = 1, injured = 4 }}\nconfidence = \"confirmed\"\nsources = [\"x\"]\nnotes = \"a\\nb\"\n"
        ));
        let s = &r.strikes[0];
        assert_eq!(s.target, Target::Chp);
        assert_eq!(s.coords, Some((50.4, 30.0)));
        assert_eq!(s.damage, Damage::Severe);
        assert_eq!(s.outage_customers, Some(120_000));
        // `restored` is local: read in the strike's own zone.
        assert_eq!(
            s.restored.as_ref().map(|w| w.at.to_rfc3339()).as_deref(),
            Some("2026-01-20T16:00:00+00:00")
        );
        let w = s.weapons.as_ref().expect("weapons");
        assert_eq!(
            (w.missiles, w.drones, w.intercepted, w.glide_bombs),
            (Some(3), Some(40), Some(38), None)
        );
        assert_eq!(
            s.casualties.as_ref().and_then(|c| c.injured),
            Some(crate::model::Estimate::exact(4))
        );
        assert_eq!(s.confidence, Confidence::Confirmed);
        assert_eq!(s.notes.as_deref(), Some("a\nb"));
    }

    /// A clean record of every key the typed way takes is made a strike that
    /// way, and it is the strike the tree's validator makes.
    #[test]
    fn a_plain_record_is_read_the_typed_way_as_the_tree_reads_it() {
        use std::sync::Arc;

        use crate::load::cursor::Budget;
        use crate::load::lines::LineIndex;
        use crate::load::plain_strike::{PlainStrike, lex};
        use crate::load::validate::reader::Ctx;

        let text = format!(
            "{HEAD}location = 'Site 1'\nfacility = \"Facility 1\"\noperator = \"Grid\"\n\
             lat = 50.4\nlon = 30\ngeo_precision = \"settlement\"\ndamage = \"severe\"\n\
             outage_customers = 120000\nrestored = 2026-01-20T18:00:00+02:00\n\
             weapons = {{ missiles = 3, drones = 40, intercepted = 38 }}\n\
             confidence = \"confirmed\"\nsources = [\"x\", \"y\"]\nnotes = \"a\"\n"
        );
        let file: Arc<str> = Arc::from("s.toml");
        let lines = LineIndex::whole();
        let ctx = Ctx {
            file: &file,
            piece: &text,
            base: 0,
            lines: &lines,
        };
        let mut plain = PlainStrike::default();
        let end = lex(&text, 0, &mut plain, &mut Budget::of(&text)).expect("a plain record");
        assert_eq!(end, text.len());
        let typed = super::read_plain(&ctx, &plain).expect("read the typed way");
        let tree = &records(&text).strikes[0];
        assert_eq!(format!("{typed:?}"), format!("{tree:?}"));
        assert_eq!(typed.sources, ["x", "y"]);
        assert_eq!(typed.time.pos.line, 3);
    }

    #[test]
    fn text_fields_are_sanitised_when_loaded() {
        let text = HEAD.replace("\"Kyiv\"", "\"\\u001b[31mKyiv\\u202e\"")
            + "location = \"Kyiv\\nLviv\"\nnotes = \"a\\tb\\u0007\\nc\\u001b]0;t\\u0007\"\nsources = [\"x\\u009b2Jy\"]\n";
        let s = &records(&text).strikes[0];
        assert_eq!(s.oblast, "Kyiv");
        assert_eq!(s.location.as_deref(), Some("Kyiv Lviv"));
        assert_eq!(s.notes.as_deref(), Some("a b\nc"));
        // A source keeps a mark where a control was removed (never a clean link).
        assert_eq!(s.sources, ["x\u{fffd}y"]);
    }

    #[test]
    fn defaults() {
        let s = &records(HEAD).strikes[0];
        assert_eq!(s.damage, Damage::Unknown);
        assert_eq!(s.confidence, Confidence::Reported);
        assert!(s.weapons.is_none() && s.coords.is_none());
    }

    #[test]
    fn target_enum_as_in_the_spec() {
        let text = HEAD.replace("\"chp\"", "\"powerplant\"");
        assert_eq!(
            messages(&text),
            [
                "5:10: error: strike \"S-1\": target \"powerplant\" is not one of thermal, chp, hydro, nuclear, renewable, substation, transmission, distribution, gas, oil, heating, other"
            ]
        );
    }

    #[test]
    fn coordinates_ranges_and_pairs() {
        assert_eq!(
            messages(&format!("{HEAD}lat = 95.5\nlon = 30.1\n")),
            [
                "6:7: error: strike \"S-1\": lat 95.5 is out of range; expected a number from -90 to 90 (inclusive)"
            ]
        );
        assert_eq!(
            messages(&format!("{HEAD}lon = 30.1\n")),
            ["6:7: error: strike \"S-1\": lon is given without lat; give both or neither"]
        );
        assert_eq!(
            messages(&format!("{HEAD}lat = 50.0\nlon = -190\n")),
            [
                "7:7: error: strike \"S-1\": lon -190 is out of range; expected a number from -180 to 180 (inclusive)"
            ]
        );
    }

    #[test]
    fn counts_and_intercepted() {
        assert_eq!(
            messages(&format!("{HEAD}outage_customers = -5\n")),
            [
                "6:20: error: strike \"S-1\": outage_customers -5 is negative; expected an integer from 0 to 1,000,000,000 (inclusive)"
            ]
        );
        assert_eq!(
            messages(&format!(
                "{HEAD}weapons = {{ drones = 10, intercepted = 12 }}\n"
            )),
            [
                "6:40: error: strike \"S-1\": weapons.intercepted 12 is more than the weapons reported (missiles + drones + glide_bombs + other = 10)"
            ]
        );
        // Only intercepted given: what was not reported counts as 0.
        assert_eq!(
            messages(&format!("{HEAD}weapons = {{ intercepted = 12 }}\n")),
            [
                "6:27: error: strike \"S-1\": weapons.intercepted 12 is more than the weapons reported (missiles + drones + glide_bombs + other = 0)"
            ]
        );
        assert!(messages(&format!("{HEAD}weapons = {{ intercepted = 0 }}\n")).is_empty());
        assert_eq!(
            messages(&format!("{HEAD}casualties = {{ killed = -1 }}\n")),
            [
                "6:25: error: strike \"S-1\": casualties.killed -1 is negative; expected an integer from 0 to 4,294,967,295 (inclusive) or a range { low, best, high }"
            ]
        );
        assert_eq!(
            messages(&format!("{HEAD}weapons = {{ drone = 1 }}\n")),
            [
                "6:13: warning: strike \"S-1\": unknown key \"weapons.drone\" in [strike.weapons] (did you mean \"weapons.drones\"?)"
            ]
        );
    }

    #[test]
    fn restored_before_time_only_when_the_order_does_not_depend_on_the_board() {
        // `restored` floats on the board's default zone, `time` does not: the
        // order depends on a zone this file does not decide.
        assert!(messages(&format!("{HEAD}restored = 2026-01-20T02:30:00\n")).is_empty());
        // Both in the strike's own zone: decided here.
        assert_eq!(
            messages(&format!(
                "{HEAD}tz = \"Europe/Kyiv\"\nrestored = 2026-01-20T02:30:00\n"
            )),
            [
                "7:12: error: strike \"S-1\": restored 2026-01-20T02:30:00 is before time 2026-01-20T03:00:00+02:00"
            ]
        );
    }

    #[test]
    fn restored_before_time() {
        assert_eq!(
            messages(&format!("{HEAD}restored = 2026-01-20T00:30:00Z\n")),
            [
                "6:12: error: strike \"S-1\": restored 2026-01-20T00:30:00Z is before time 2026-01-20T03:00:00+02:00"
            ]
        );
    }

    #[test]
    fn casualty_ranges() {
        let r = records(&format!(
            "{HEAD}casualties = {{ killed = {{ low = 2, best = 3, high = 5 }}, injured = {{ low = 4, high = 9 }} }}\n"
        ));
        let c = r.strikes[0].casualties.clone().expect("casualties");
        assert_eq!(
            c.killed,
            Some(Estimate {
                low: 2,
                best: Some(3),
                high: 5
            })
        );
        assert_eq!(
            c.injured,
            Some(Estimate {
                low: 4,
                best: None,
                high: 9
            })
        );
        // An integer is still an exact count (today's files stay valid).
        let r = records(&format!("{HEAD}casualties = {{ killed = 3 }}\n"));
        let c = r.strikes[0].casualties.clone().expect("casualties");
        assert_eq!(c.killed, Some(Estimate::exact(3)));
    }

    #[test]
    fn casualty_range_errors() {
        assert_eq!(
            messages(&format!(
                "{HEAD}casualties = {{ killed = {{ low = 5, high = 2 }} }}\n"
            )),
            [
                "6:43: error: strike \"S-1\": casualties.killed.high 2 is below low 5; expected low ≤ best ≤ high"
            ]
        );
        assert_eq!(
            messages(&format!(
                "{HEAD}casualties = {{ injured = {{ low = 2, best = 7, high = 5 }} }}\n"
            )),
            [
                "6:44: error: strike \"S-1\": casualties.injured.best 7 is outside low 2 to high 5; expected low ≤ best ≤ high"
            ]
        );
        assert_eq!(
            messages(&format!(
                "{HEAD}casualties = {{ killed = {{ best = 3, high = 5 }} }}\n"
            )),
            [
                "6:25: error: strike \"S-1\": missing required key casualties.killed.low (an integer from 0 to 4,294,967,295 (inclusive))"
            ]
        );
        assert_eq!(
            messages(&format!(
                "{HEAD}casualties = {{ killed = {{ low = -1, high = 5 }} }}\n"
            )),
            [
                "6:33: error: strike \"S-1\": casualties.killed.low -1 is negative; expected an integer from 0 to 4,294,967,295 (inclusive)"
            ]
        );
        assert_eq!(
            messages(&format!("{HEAD}casualties = {{ killed = \"many\" }}\n")),
            [
                "6:25: error: strike \"S-1\": casualties.killed: expected an integer from 0 to 4,294,967,295 (inclusive) or a range { low, best, high }, found a string \"many\""
            ]
        );
        assert_eq!(
            messages(&format!(
                "{HEAD}casualties = {{ killed = {{ low = 1, hihg = 5 }} }}\n"
            )),
            [
                "6:25: error: strike \"S-1\": missing required key casualties.killed.high (an integer from 0 to 4,294,967,295 (inclusive))",
                "6:36: warning: strike \"S-1\": unknown key \"casualties.killed.hihg\" in { low, best, high } (did you mean \"casualties.killed.high\"?)",
            ]
        );
    }

    #[test]
    fn precision_of_place_and_time() {
        let r = records(&format!(
            "{HEAD}lat = 50.4\nlon = 30.5\ngeo_precision = \"district\"\ntime_precision = \"hour\"\n"
        ));
        let s = &r.strikes[0];
        assert_eq!(s.geo_precision, Some(GeoPrecision::District));
        assert!(!s.is_exact_place());
        assert_eq!(s.time_precision, TimePrecision::Hour);
        let exact = &records(&format!("{HEAD}lat = 50.4\nlon = 30.5\n")).strikes[0];
        assert!(exact.is_exact_place());
        assert_eq!(exact.time_precision, TimePrecision::Exact);
        // A date alone is a day; a week or month may be declared on it.
        let day = HEAD.replace("2026-01-20T03:00:00+02:00", "2026-01-12");
        assert_eq!(records(&day).strikes[0].time_precision, TimePrecision::Day);
        let week = format!("{day}time_precision = \"week\"\n");
        assert_eq!(
            records(&week).strikes[0].time_precision,
            TimePrecision::Week
        );
    }

    #[test]
    fn precision_errors() {
        assert_eq!(
            messages(&format!("{HEAD}geo_precision = \"city\"\n")),
            [
                "6:17: error: strike \"S-1\": geo_precision \"city\" is not one of exact, settlement, district, oblast"
            ]
        );
        assert_eq!(
            messages(&format!("{HEAD}time_precision = \"weak\"\n")),
            [
                "6:18: error: strike \"S-1\": time_precision \"weak\" is not one of exact, hour, day, week, month (did you mean \"week\"?)"
            ]
        );
        let day = HEAD.replace("2026-01-20T03:00:00+02:00", "2026-01-12");
        assert_eq!(
            messages(&format!("{day}time_precision = \"hour\"\n")),
            [
                "6:18: error: strike \"S-1\": time_precision \"hour\" is finer than time 2026-01-12, which gives the day only; write \"day\" or a time of day"
            ]
        );
    }

    #[test]
    fn wrong_types() {
        assert_eq!(
            messages(&format!(
                "{HEAD}outage_customers = \"many\"\nsources = \"x\"\n"
            )),
            [
                "6:20: error: strike \"S-1\": outage_customers: expected an integer from 0 to 1,000,000,000 (inclusive), found a string \"many\"",
                "7:11: error: strike \"S-1\": sources: expected an array of strings, found a string \"x\"",
            ]
        );
        assert_eq!(
            messages(&format!("{HEAD}sources = [\"a\", 2]\n")),
            ["6:17: error: strike \"S-1\": sources[1]: expected a string, found an integer"]
        );
    }
}
