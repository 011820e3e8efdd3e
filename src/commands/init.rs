//! `outsidein init`: write a commented starter `.outsidein.yml`.

use std::path::Path;

use super::{Io, Outcome, write_result};
use crate::error::Error;

pub const STARTER: &str = r#"# outsidein configuration. Every key is optional; the values shown are the
# defaults or examples. Reference: https://github.com/outsidein-lint/outsidein#configuration

# Rule sets: `builtin` is every built-in set (process-voice, customer-outcome,
# readability); add your own YAML files, relative to this file.
rules: [builtin]

# Which files a directory walk lints (files named on the command line are
# always linted, unless you pass --force-exclude). `.gitignore` is honoured.
include: ["**/*.md", "**/*.markdown"]
exclude: ["node_modules/", "CHANGELOG.md"]

# Documents to treat as policies (structural checks such as a missing owner
# or customer outcome only apply to policies). Documents with front matter
# `type: policy`, or a title naming a Policy, Procedure, Process, Standard,
# Terms or Charter, are policies anyway.
# policies: ["policies/**"]

# Per rule or per set: error, warning, suggestion, or off.
# severity:
#   readability/legalese: error
#   readability: off

# Names and terms never flagged (team names, product names, form names
# your customers really search for).
# accept: ["Customer Success Team"]

# Hide findings below this severity, and exit 1 at or above fail_on.
min_severity: suggestion
fail_on: warning
"#;

pub fn run(cwd: &Path, io: &mut Io<'_>) -> Outcome {
    let path = cwd.join(".outsidein.yml");
    for name in crate::config::CONFIG_NAMES {
        if cwd.join(name).exists() {
            io.error(&Error::usage(
                format!("{name} already exists; not overwriting it"),
                Some("Edit it, or delete it and run `outsidein init` again.".into()),
            ));
            return Outcome::Error;
        }
    }
    let written = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| std::io::Write::write_all(&mut f, STARTER.as_bytes()));
    if let Err(e) = written {
        io.error(&crate::source::io_error(".outsidein.yml", &e));
        return Outcome::Error;
    }
    match write_result(
        io.out
            .write_all(b"Wrote .outsidein.yml. Run `outsidein check` to lint with it.\n"),
    ) {
        Ok(()) => Outcome::Clean,
        Err(o) => o,
    }
}

#[cfg(test)]
mod tests {
    use super::STARTER;

    #[test]
    fn starter_config_is_valid() {
        let spec: crate::config::ConfigSpec = serde_saphyr::from_str(STARTER).unwrap();
        assert_eq!(spec.rules.unwrap()[0].value, "builtin");
    }
}
