//! `sitboard check --config FILE` validates the config's `[[alert]]` rules:
//! a mistake is `FILE:LINE:COL: error: MESSAGE` and exit status 2, as for
//! any config mistake; a good config says how many rules it has.

mod cli;

use cli::sitboard;

fn config(text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).expect("config");
    let arg = path.to_string_lossy().into_owned();
    (dir, arg)
}

#[test]
fn a_bad_rule_is_reported_at_its_place() {
    let (_dir, path) = config(
        "[[alert]]\nname = \"Big outage\"\nwhen = \"strike\"\nmin_outage = 10000\n\
         do = [\"banner\", \"email\"]\n",
    );
    let out = sitboard(&["check", "--config", &path]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{path}:5:17: error: alert.do: \"email\" is not one of banner, bell, notify, command"
        )),
        "{stderr}"
    );
}

#[test]
fn good_rules_are_counted() {
    let (_dir, path) = config(
        "[[alert]]\nname = \"Big outage\"\nwhen = \"strike\"\nmin_outage = 10000\n\
         [[alert]]\nname = \"Soon\"\nwhen = \"event_soon\"\nwithin = \"15m\"\n",
    );
    let out = sitboard(&["check", "--config", &path]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("{path}: 2 alert rules")),
        "{stdout}"
    );
}
