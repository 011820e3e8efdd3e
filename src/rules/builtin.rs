//! The built-in rule sets, embedded in the binary so `outsidein check` works
//! with no config on a fresh machine.

/// (file name, contents) of every built-in set.
pub const SETS: &[(&str, &str)] = &[
    (
        "process-voice.yml",
        include_str!("../../rules/process-voice.yml"),
    ),
    (
        "customer-outcome.yml",
        include_str!("../../rules/customer-outcome.yml"),
    ),
    (
        "readability.yml",
        include_str!("../../rules/readability.yml"),
    ),
];

/// The display name of a built-in file in errors.
pub fn display_name(file: &str) -> String {
    format!("<builtin>/rules/{file}")
}
