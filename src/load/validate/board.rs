//! `[board]` into [`BoardMeta`] (docs/data-format.md#board).

use crate::load::tree::Table;

use super::reader::{Ctx, TableReader};
use crate::load::fields::BOARD;
use crate::model::problem::Problem;
use crate::model::{BoardMeta, MapFile, SourcePos};

/// Reads the `[board]` table written at `at`; `None` when it has an error.
pub fn read(
    ctx: &Ctx<'_>,
    table: &Table<'_>,
    at: SourcePos,
    problems: &mut Vec<Problem>,
) -> Option<BoardMeta> {
    let mut mine = Vec::new();
    let mut r = TableReader::new(ctx, table, &BOARD, at, "board.", &mut mine);
    let defaults = BoardMeta::default();
    let title = r.string("title");
    let classification = r.string("classification");
    let clocks = r.zones("clocks");
    let default_tz = r.zone("default_tz");
    let stale_after = r.duration("stale_after");
    let parties = r.string_map("parties", false);
    let map = r.string("map").map(|written| MapFile {
        path: std::path::Path::new(&**ctx.file)
            .parent()
            .unwrap_or(std::path::Path::new(""))
            .join(written),
        named_in: ctx.file.clone(),
        pos: r.span_of("map").map_or(at, |span| ctx.pos(&span)),
    });
    r.finish();
    let ok = !mine.iter().any(Problem::is_error);
    problems.append(&mut mine);
    let parties = parties.unwrap_or_default();
    let party_order = parties.iter().map(|(code, _)| code.value.clone()).collect();
    ok.then(|| BoardMeta {
        title: title.unwrap_or(defaults.title),
        classification,
        clocks: clocks.unwrap_or(defaults.clocks),
        default_tz: default_tz.unwrap_or(defaults.default_tz),
        stale_after: stale_after.unwrap_or(defaults.stale_after),
        parties: parties
            .into_iter()
            .map(|(code, name)| (code.value, name))
            .collect(),
        party_order,
        pos: at,
        map,
    })
}

#[cfg(test)]
mod tests {
    use crate::load::validate::tests::{messages, records};

    #[test]
    fn defaults_apply() {
        let board = records("[board]\n").board.expect("a board");
        assert_eq!(board.title, "Situation board");
        assert_eq!(board.clocks, vec![chrono_tz::Tz::UTC]);
        assert_eq!(board.stale_after, chrono::Duration::hours(6));
        assert!(board.parties.is_empty());
    }

    #[test]
    fn every_key_is_read() {
        let board = records(
            "[board]\ntitle = \"Ukraine talks\"\nclassification = \"UNCLASSIFIED\"\nclocks = [\"UTC\", \"Europe/Kiev\"]\ndefault_tz = \"Europe/Moscow\"\nstale_after = \"90m\"\n[board.parties]\nUA = \"Ukraine\"\nRU = \"Russia\"\n",
        )
        .board
        .expect("a board");
        assert_eq!(board.title, "Ukraine talks");
        assert_eq!(board.classification.as_deref(), Some("UNCLASSIFIED"));
        assert_eq!(
            board.clocks,
            vec![chrono_tz::Tz::UTC, chrono_tz::Europe::Kyiv]
        );
        assert_eq!(board.default_tz, chrono_tz::Europe::Moscow);
        assert_eq!(board.stale_after, chrono::Duration::minutes(90));
        assert_eq!(board.parties.get("UA").map(String::as_str), Some("Ukraine"));
        assert_eq!((board.pos.line, board.pos.col), (1, 1));
    }

    #[test]
    fn bad_values_are_errors_at_the_value() {
        assert_eq!(
            messages("[board]\nclocks = [\"UTC\", \"Europe/Kyev\"]\n"),
            [
                "2:18: error: board.clocks[1]: \"Europe/Kyev\" is not a known IANA zone (did you mean \"Europe/Kyiv\"?)"
            ]
        );
        assert_eq!(
            messages("[board]\nstale_after = \"6 hours\"\n"),
            [
                "2:15: error: board.stale_after \"6 hours\" is not a duration such as \"90m\", \"6h\", \"2d\" or \"1h30m\" (units s m h d w)"
            ]
        );
        assert_eq!(
            messages("[board]\ntitle = 3\n"),
            ["2:9: error: board.title: expected a string, found an integer"]
        );
        assert_eq!(
            messages("[board]\ndefault_tz = \"Mars/Olympus\"\n"),
            [
                "2:14: error: board.default_tz: \"Mars/Olympus\" is not a known IANA zone (e.g. \"Europe/Kyiv\", \"UTC\")"
            ]
        );
    }

    #[test]
    fn unknown_keys_are_warnings_with_the_closest_key() {
        assert_eq!(
            messages("[board]\ntitel = \"x\"\n"),
            [
                "2:1: warning: unknown key \"board.titel\" in [board] (did you mean \"board.title\"?)"
            ]
        );
    }
}
