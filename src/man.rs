//! `bb man [COMMAND...]`: the manual page (roff) of bb or of one of its
//! commands, generated from the same clap definitions as `--help`.

use clap_mangen::Man;
use clap_mangen::roff::{Roff, bold};

use crate::error::{Error, Result};

/// The page of the command at `path` (`[]` for bb(1), `["request",
/// "claim"]` for bb-request-claim(1)), with every flag it takes, global
/// flags included. An unknown command is a usage error naming the valid
/// ones.
pub fn page(path: &[String]) -> Result<String> {
    let mut root = crate::cli::command().disable_help_subcommand(true);
    // Building propagates the global flags down and names each subcommand
    // (`bb-request-claim`, used `bb request claim`).
    root.build();
    let mut cmd = &root;
    for (depth, word) in path.iter().enumerate() {
        cmd = cmd
            .get_subcommands()
            .find(|sub| sub.get_name() == word)
            .ok_or_else(|| unknown(cmd, &path[..depth], word))?;
    }
    let mut out = Vec::new();
    Man::new(cmd.clone())
        .source(format!("bb {}", env!("CARGO_PKG_VERSION")))
        .manual("bb Manual")
        .render(&mut out)?;
    let mut page = String::from_utf8(out).expect("clap_mangen writes UTF-8");
    // No hyphenation: a flag broken across lines (`--no-` / `tify-auth`)
    // cannot be copied from the page.
    if let Some(th) = page.find("\n.TH ") {
        let end = page[th + 1..]
            .find('\n')
            .map_or(page.len(), |i| th + 1 + i + 1);
        page.insert_str(end, ".nh\n");
    }
    // Without the apostrophe preamble, which the page already has.
    page.push_str(&see_also(cmd, path).to_roff());
    Ok(page)
}

/// SEE ALSO: the parent's page and the subcommands' pages, as `bb man`
/// prints them (they are not installed as files).
fn see_also(cmd: &clap::Command, path: &[String]) -> Roff {
    let page = |words: &[&str]| {
        std::iter::once("bb man")
            .chain(words.iter().copied())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let words: Vec<&str> = path.iter().map(String::as_str).collect();
    let mut pages = Vec::new();
    if let Some((_, parent)) = words.split_last() {
        pages.push(page(parent));
    }
    for sub in cmd.get_subcommands().filter(|sub| !sub.is_hide_set()) {
        pages.push(page(&[&words[..], &[sub.get_name()]].concat()));
    }
    let mut roff = Roff::new();
    if pages.is_empty() {
        return roff;
    }
    roff.control("SH", ["SEE ALSO"]);
    for (i, line) in pages.into_iter().enumerate() {
        if i > 0 {
            roff.control("br", []);
        }
        roff.text([bold(line)]);
    }
    roff
}

/// The usage error for a word that names no command under `parent`.
fn unknown(parent: &clap::Command, path: &[String], word: &str) -> Error {
    let parent_name = std::iter::once("bb")
        .chain(path.iter().map(String::as_str))
        .collect::<Vec<_>>()
        .join(" ");
    let valid: Vec<&str> = parent
        .get_subcommands()
        .filter(|sub| !sub.is_hide_set())
        .map(|sub| sub.get_name())
        .collect();
    let commands = if valid.is_empty() {
        "which has none".to_string()
    } else {
        format!("whose commands are: {}", valid.join(", "))
    };
    Error::usage(format!(
        "no manual page for '{parent_name} {word}': '{word}' is not a command of \
         '{parent_name}', {commands}"
    ))
}
