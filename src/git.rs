//! The system `git`, run the way Buildbot's GitPoller runs it: `ls-remote`
//! to find the heads, `fetch` into a bare work directory, and `log` there to
//! read the new commits. Failures carry git's own message (exit 1).

use std::ffi::OsStr;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::error::{Error, Result};

/// One commit, as GitPoller reads it for a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commit {
    pub revision: String,
    /// Committer time (`%ct`).
    pub timestamp: i64,
    /// `Name <email>` of the author (`%aN <%aE>`).
    pub author: String,
    /// `Name <email>` of the committer (`%cN <%cE>`).
    pub committer: String,
    /// Subject, newline, body; stripped.
    pub comments: String,
    /// Paths changed against the first parent.
    pub files: Vec<String>,
}

/// A remote repository and the bare work directory its heads are fetched
/// into.
pub struct Repo {
    pub url: String,
    pub workdir: PathBuf,
}

impl Repo {
    /// `git init --bare WORKDIR`: harmless when it exists already.
    pub fn init(&self) -> Result<()> {
        run(
            None,
            [
                OsStr::new("init"),
                OsStr::new("--bare"),
                self.workdir.as_os_str(),
            ],
        )?;
        Ok(())
    }

    /// The refs to poll, in the remote's (refname) order, and whether their
    /// `refs/heads/` prefix is dropped for the poller's state: the named
    /// branches (short names), or the branch the remote HEAD points at
    /// (full ref), or `HEAD` itself if that cannot be told.
    pub fn refs(&self, branches: &[String]) -> Result<(Vec<String>, bool)> {
        if !branches.is_empty() {
            let mut args = vec!["ls-remote".to_string(), "--refs".into(), self.url.clone()];
            args.extend(branches.iter().map(|b| format!("refs/heads/{b}")));
            let out = run(None, &args)?;
            let refs = out
                .lines()
                .filter_map(|line| line.split_once('\t').map(|(_, r)| r.to_string()))
                .collect();
            return Ok((refs, true));
        }
        let out = run(None, ["ls-remote", "--symref", &self.url, "HEAD"])?;
        let parts: Vec<&str> = out.split_whitespace().take(3).collect();
        if let ["ref:", head, "HEAD"] = parts[..] {
            return Ok((vec![head.to_string()], false));
        }
        Ok((vec!["HEAD".to_string()], false))
    }

    /// Fetch `refs` into the work directory, each to its tracking ref.
    pub fn fetch(&self, refs: &[String]) -> Result<()> {
        let mut args = vec!["fetch".to_string(), "--progress".into(), self.url.clone()];
        args.extend(refs.iter().map(|r| format!("+{r}:{}", self.tracker_ref(r))));
        args.push("--".into());
        run(Some(&self.workdir), &args)?;
        Ok(())
    }

    /// The commit a fetched ref points at.
    pub fn rev_parse(&self, r: &str) -> Result<String> {
        run(Some(&self.workdir), ["rev-parse", &self.tracker_ref(r)])
    }

    /// Commits of `head` not reachable from any of `known`, following first
    /// parents only, oldest first (`git log --first-parent`).
    pub fn new_commits<'a>(
        &self,
        head: &str,
        known: impl IntoIterator<Item = &'a String>,
    ) -> Result<Vec<String>> {
        let mut args = vec![
            "log".to_string(),
            "--ignore-missing".into(),
            "--first-parent".into(),
            "--format=%H".into(),
            head.to_string(),
        ];
        let mut known: Vec<&String> = known.into_iter().collect();
        known.sort();
        args.extend(known.into_iter().map(|rev| format!("^{rev}")));
        args.push("--".into());
        let out = run(Some(&self.workdir), &args)?;
        Ok(out.split_whitespace().rev().map(str::to_string).collect())
    }

    /// What a change records of commit `rev`.
    pub fn commit(&self, rev: &str) -> Result<Commit> {
        let show = |format: &str| {
            run(
                Some(&self.workdir),
                ["log", "--no-walk", &format!("--format={format}"), rev, "--"],
            )
        };
        let timestamp = show("%ct")?;
        let timestamp = timestamp.parse().map_err(|_| {
            Error::failure(format!(
                "git gave {timestamp:?} as the commit time of {rev}, not a timestamp"
            ))
        })?;
        let author = show("%aN <%aE>")?;
        let committer = show("%cN <%cE>")?;
        if author.is_empty() || committer.is_empty() {
            return Err(Error::failure(format!(
                "git gave no author or committer for {rev}"
            )));
        }
        let comments = show("%s%n%b")?;
        let files = run(
            Some(&self.workdir),
            [
                "log",
                "--name-only",
                "--no-walk",
                "--format=%n",
                "-m",
                "--first-parent",
                rev,
                "--",
            ],
        )?;
        Ok(Commit {
            revision: rev.to_string(),
            timestamp,
            author,
            committer,
            comments,
            files: files
                .lines()
                .filter(|line| !line.is_empty())
                .map(unquote_path)
                .collect(),
        })
    }

    /// Where a remote ref is kept in the work directory:
    /// `refs/buildbot/<url, percent-encoded>/<ref without refs/>`, so that
    /// repositories sharing a work directory never collide.
    fn tracker_ref(&self, r: &str) -> String {
        let (prefix, rest) = match r.strip_prefix("refs/") {
            Some(rest) => ("refs/buildbot", rest),
            None => ("refs/buildbot/raw", r),
        };
        format!("{prefix}/{}/{rest}", percent_encode(&self.url))
    }
}

/// Run git with `args` (in `dir` if given) and return its output, stripped
/// as Python's `str.strip` would. A non-zero exit is an error carrying git's
/// own message. Git runs in a process group of its own, so that a Ctrl-C
/// meant for `bb poll --interval` lets the poll in progress finish.
fn run<I, S>(dir: Option<&Path>, args: I) -> Result<String>
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new("git");
    cmd.args(args)
        .stdin(Stdio::null())
        .env("GIT_TERMINAL_PROMPT", "0")
        .process_group(0);
    if let Some(dir) = dir {
        cmd.current_dir(dir);
    }
    let shown = {
        let args: Vec<String> = cmd
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        format!("git {}", args.join(" "))
    };
    let out = cmd.output().map_err(|err| {
        Error::failure(format!("cannot run git (is it installed?): {shown}: {err}"))
    })?;
    if !out.status.success() {
        let stderr = String::from_utf8_lossy(&out.stderr);
        let message = stderr
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        return Err(Error::failure(format!(
            "{shown} failed ({}): {message}",
            out.status
        )));
    }
    let stdout = String::from_utf8(out.stdout)
        .map_err(|_| Error::failure(format!("{shown} printed text that is not UTF-8")))?;
    Ok(py_strip(&stdout).to_string())
}

/// Python's `str.strip()`: Unicode whitespace plus the ASCII separators
/// U+001C..U+001F.
fn py_strip(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_whitespace() || ('\x1c'..='\x1f').contains(&c))
}

/// A path as git prints it, with C-style quoting of unusual names
/// (`"caf\303\251.txt"`) decoded to the real name.
pub fn unquote_path(line: &str) -> String {
    let Some(inner) = line
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    else {
        return line.to_string();
    };
    let mut bytes = Vec::with_capacity(inner.len());
    let mut chars = inner.bytes().peekable();
    while let Some(b) = chars.next() {
        if b != b'\\' {
            bytes.push(b);
            continue;
        }
        match chars.next() {
            Some(d @ b'0'..=b'7') => {
                let mut value = u32::from(d - b'0');
                for _ in 0..2 {
                    match chars.peek() {
                        Some(&d @ b'0'..=b'7') => {
                            value = value * 8 + u32::from(d - b'0');
                            chars.next();
                        }
                        _ => break,
                    }
                }
                bytes.push(value as u8);
            }
            Some(b'a') => bytes.push(0x07),
            Some(b'b') => bytes.push(0x08),
            Some(b'f') => bytes.push(0x0c),
            Some(b'n') => bytes.push(b'\n'),
            Some(b'r') => bytes.push(b'\r'),
            Some(b't') => bytes.push(b'\t'),
            Some(b'v') => bytes.push(0x0b),
            Some(other) => bytes.push(other),
            None => bytes.push(b'\\'),
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Percent-encode everything but unreserved characters (as Python's
/// `urllib.parse.quote(s, safe='')`, with `~` encoded too).
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"_.-".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_paths_are_decoded() {
        assert_eq!(unquote_path("plain.txt"), "plain.txt");
        assert_eq!(unquote_path(r#""caf\303\251.txt""#), "café.txt");
        assert_eq!(
            unquote_path(r#""tab\there \"q\" back\\slash""#),
            "tab\there \"q\" back\\slash"
        );
        assert_eq!(unquote_path(r#""new\nline""#), "new\nline");
    }

    #[test]
    fn percent_encoding_keeps_only_unreserved() {
        assert_eq!(percent_encode("/tmp/a b~c.git"), "%2Ftmp%2Fa%20b%7Ec.git");
        assert_eq!(percent_encode("A-z_0.9"), "A-z_0.9");
    }

    #[test]
    fn strip_is_pythons() {
        assert_eq!(py_strip("\n x \x1c\t"), "x");
    }
}
