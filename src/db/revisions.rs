//! The schema revisions bb works on, oldest first: which Buildbot releases
//! leave a database at each, and what each added to the tables bb uses. The
//! revision is read once when a database is opened and becomes a
//! [`Capabilities`] value, which the connectors consult to pick their
//! columns; nothing else in bb knows one revision from another.
//!
//! Like cargo's list of SQLite migrations, [`REVISIONS`] is ordered and
//! append-only and every step is additive: a database at a revision has
//! everything the steps up to it added, and nothing the later ones did. A
//! new Buildbot release that adds a revision is one more entry here (and a
//! capability if bb reads what it adds).

use std::borrow::Cow;
use std::fmt;

/// How a database records its revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Version {
    /// sqlalchemy-migrate's `migrate_version.version` (Buildbot before 3.4).
    Migrate(i64),
    /// alembic's `alembic_version.version_num` (Buildbot 3.4 and later).
    Alembic(&'static str),
}

/// Something a revision added to the schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Addition {
    Table(&'static str),
    /// A nullable column (or, like `builds.locks_duration_s`, one that an
    /// older master never fills), with its SQL type: where a database lacks
    /// it, bb reads a NULL of that type instead.
    Column {
        table: &'static str,
        column: &'static str,
        sql_type: &'static str,
    },
}

/// 060: the projects a builder can belong to.
pub const PROJECTS: Addition = Addition::Table("projects");
/// 060: `builders.projectid`.
pub const BUILDERS_PROJECTID: Addition = column("builders", "projectid", "INTEGER");
/// 061: `builders.description_format`.
pub const BUILDERS_DESCRIPTION_FORMAT: Addition = column("builders", "description_format", "TEXT");
/// 061: `builders.description_html`.
pub const BUILDERS_DESCRIPTION_HTML: Addition = column("builders", "description_html", "TEXT");
/// 065: `buildsets.rebuilt_buildid`.
pub const BUILDSETS_REBUILT_BUILDID: Addition = column("buildsets", "rebuilt_buildid", "INTEGER");
/// 066: `builds.locks_duration_s`, NOT NULL from then on.
pub const BUILDS_LOCKS_DURATION_S: Addition = column("builds", "locks_duration_s", "INTEGER");

const fn column(table: &'static str, column: &'static str, sql_type: &'static str) -> Addition {
    Addition::Column {
        table,
        column,
        sql_type,
    }
}

/// One schema revision.
#[derive(Debug, PartialEq, Eq)]
pub struct Revision {
    pub version: Version,
    /// The first and last Buildbot releases that leave a database at this
    /// revision (the same for a development revision: the release it
    /// went into).
    pub first_release: &'static str,
    pub last_release: &'static str,
    /// What it added, in the tables Buildbot has (those bb reads or not).
    pub adds: &'static [Addition],
}

/// Every revision bb works on, oldest first.
pub static REVISIONS: &[Revision] = &[
    // Buildbot 3.0 – 3.3 kept sqlalchemy-migrate's version 58; 3.4 moved to
    // alembic, whose first revision (059) is the same schema.
    Revision {
        version: Version::Migrate(58),
        first_release: "3.0",
        last_release: "3.3",
        adds: &[],
    },
    Revision {
        version: Version::Alembic("059"),
        first_release: "3.4",
        last_release: "3.8",
        adds: &[],
    },
    Revision {
        version: Version::Alembic("060"),
        first_release: "3.9",
        last_release: "3.9",
        adds: &[PROJECTS, BUILDERS_PROJECTID],
    },
    Revision {
        version: Version::Alembic("061"),
        first_release: "3.9",
        last_release: "3.9",
        adds: &[BUILDERS_DESCRIPTION_FORMAT, BUILDERS_DESCRIPTION_HTML],
    },
    Revision {
        version: Version::Alembic("062"),
        first_release: "3.9",
        last_release: "3.9",
        adds: &[
            column("projects", "description_format", "TEXT"),
            column("projects", "description_html", "TEXT"),
        ],
    },
    Revision {
        version: Version::Alembic("063"),
        first_release: "3.10",
        last_release: "3.11",
        adds: &[column("steps", "locks_acquired_at", "INTEGER")],
    },
    Revision {
        version: Version::Alembic("064"),
        first_release: "3.10",
        last_release: "3.11",
        adds: &[column("workers", "pause_reason", "TEXT")],
    },
    Revision {
        version: Version::Alembic("065"),
        first_release: "4.0",
        last_release: "4.2",
        adds: &[BUILDSETS_REBUILT_BUILDID],
    },
    Revision {
        version: Version::Alembic("066"),
        first_release: "4.0",
        last_release: "4.2",
        adds: &[BUILDS_LOCKS_DURATION_S],
    },
    Revision {
        version: Version::Alembic("067"),
        first_release: "4.3",
        last_release: "4.3",
        adds: &[
            Addition::Table("codebases"),
            Addition::Table("codebase_commits"),
            Addition::Table("codebase_branches"),
        ],
    },
];

/// The newest revision: what `bb db init` creates.
pub fn newest() -> &'static Revision {
    REVISIONS.last().expect("REVISIONS is not empty")
}

/// What bb supports, for messages: `Buildbot 3.0 to 4.3 (migrate_version
/// 58 and revisions 059 to 067)`.
pub fn supported() -> String {
    let oldest = &REVISIONS[0];
    let first_alembic = REVISIONS
        .iter()
        .find(|r| matches!(r.version, Version::Alembic(_)))
        .expect("REVISIONS has alembic revisions");
    format!(
        "bb supports Buildbot {} to {} (migrate_version {} and revisions {} to {})",
        oldest.first_release,
        newest().last_release,
        oldest.id(),
        first_alembic.id(),
        newest().id()
    )
}

/// The revision of this alembic `version_num`, if bb works on it.
pub fn find_alembic(version_num: &str) -> Option<&'static Revision> {
    REVISIONS
        .iter()
        .find(|r| matches!(r.version, Version::Alembic(v) if v == version_num))
}

/// The revision of this `migrate_version.version`, if bb works on it.
pub fn find_migrate(version: i64) -> Option<&'static Revision> {
    REVISIONS
        .iter()
        .find(|r| r.version == Version::Migrate(version))
}

/// The revision that added `addition`.
pub fn added_by(addition: Addition) -> &'static Revision {
    REVISIONS
        .iter()
        .find(|r| r.adds.contains(&addition))
        .expect("every Addition constant is in REVISIONS")
}

impl Revision {
    /// How the revision is written in bb's output: alembic's `version_num`
    /// (`064`), or the migrate version (`58`).
    pub fn id(&self) -> String {
        match self.version {
            Version::Migrate(v) => v.to_string(),
            Version::Alembic(v) => v.to_string(),
        }
    }

    /// The Buildbot releases that leave a database at it: `3.10 – 3.11`,
    /// or `3.9`.
    pub fn releases(&self) -> String {
        if self.first_release == self.last_release {
            self.first_release.to_string()
        } else {
            format!("{} – {}", self.first_release, self.last_release)
        }
    }

    /// What a database at this revision has.
    pub fn capabilities(&'static self) -> Capabilities {
        Capabilities { revision: self }
    }

    fn position(&self) -> usize {
        REVISIONS
            .iter()
            .position(|r| r == self)
            .expect("a Revision comes from REVISIONS")
    }
}

/// `064 (Buildbot 3.10 – 3.11)`; `migrate_version 58 (Buildbot 3.0 – 3.3)`.
impl fmt::Display for Revision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.version {
            Version::Migrate(v) => write!(f, "migrate_version {v}")?,
            Version::Alembic(v) => f.write_str(v)?,
        }
        write!(f, " (Buildbot {})", self.releases())
    }
}

/// What the database bb opened has, of what some supported revisions lack:
/// the connectors ask it which columns to read and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Capabilities {
    revision: &'static Revision,
}

impl Capabilities {
    /// The revision these are the capabilities of.
    pub fn revision(&self) -> &'static Revision {
        self.revision
    }

    /// Whether the database has `addition`: it was added at this revision
    /// or before.
    pub fn has(&self, addition: Addition) -> bool {
        added_by(addition).position() <= self.revision.position()
    }

    /// The `projects` table and `builders.projectid` (060, Buildbot 3.9).
    pub fn has_projects(&self) -> bool {
        self.has(PROJECTS)
    }

    /// `builders.description_format` and `description_html` (061,
    /// Buildbot 3.9).
    pub fn has_builder_description_format(&self) -> bool {
        self.has(BUILDERS_DESCRIPTION_FORMAT)
    }

    /// `buildsets.rebuilt_buildid` (065, Buildbot 4.0).
    pub fn has_rebuilt_buildid(&self) -> bool {
        self.has(BUILDSETS_REBUILT_BUILDID)
    }

    /// `builds.locks_duration_s` (066, Buildbot 4.0), which a build row
    /// must then have.
    pub fn has_locks_duration_s(&self) -> bool {
        self.has(BUILDS_LOCKS_DURATION_S)
    }

    /// `table` as a query reads it (`FROM {} AS b`): the table itself, or,
    /// where the database lacks some of the columns later revisions added
    /// to it, the table with each of those as a NULL of its type, so that
    /// one query serves every revision and those fields read as null.
    pub fn table(&self, table: &'static str) -> Cow<'static, str> {
        let missing: Vec<String> = REVISIONS[self.revision.position() + 1..]
            .iter()
            .flat_map(|r| r.adds)
            .filter_map(|addition| match *addition {
                Addition::Column {
                    table: t,
                    column,
                    sql_type,
                } if t == table => Some(format!("CAST(NULL AS {sql_type}) AS {column}")),
                _ => None,
            })
            .collect();
        if missing.is_empty() {
            Cow::Borrowed(table)
        } else {
            Cow::Owned(format!(
                "(SELECT {table}.*, {} FROM {table})",
                missing.join(", ")
            ))
        }
    }

    /// Why an option that needs `addition` cannot be used here, for a
    /// database named `name`: the release that added it and the revision
    /// the database is at.
    pub fn lacks(&self, name: &str, option: &str, addition: Addition) -> String {
        let added = added_by(addition);
        let what = match addition {
            Addition::Table(table) => format!("the {table} table"),
            Addition::Column { table, column, .. } => format!("{table}.{column}"),
        };
        let here = match self.revision.version {
            Version::Migrate(_) => self.revision.to_string(),
            Version::Alembic(_) => format!("revision {}", self.revision),
        };
        format!(
            "{option} needs {what}, which Buildbot {} added (schema revision {}), but {name} is \
             at {here}; nothing was written (leave out {option}, or run `buildbot \
             upgrade-master` with Buildbot {} or later first)",
            added.first_release,
            added.id(),
            added.first_release
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(id: &str) -> Capabilities {
        REVISIONS
            .iter()
            .find(|r| r.id() == id)
            .unwrap()
            .capabilities()
    }

    #[test]
    fn revisions_are_in_order_and_each_once() {
        let ids: Vec<String> = REVISIONS.iter().map(Revision::id).collect();
        assert_eq!(
            ids,
            [
                "58", "059", "060", "061", "062", "063", "064", "065", "066", "067"
            ]
        );
        assert_eq!(newest().id(), "067");
        let mut additions: Vec<Addition> = REVISIONS.iter().flat_map(|r| r.adds).copied().collect();
        let all = additions.len();
        additions.dedup();
        assert_eq!(additions.len(), all, "an addition listed twice");
    }

    #[test]
    fn migrate_58_is_exactly_059() {
        assert_eq!(at("58").table("builders"), at("059").table("builders"));
        for addition in REVISIONS.iter().flat_map(|r| r.adds) {
            assert_eq!(at("58").has(*addition), at("059").has(*addition));
        }
        assert_eq!(find_migrate(57), None);
        assert_eq!(find_migrate(58), Some(&REVISIONS[0]));
        assert_eq!(find_alembic("068"), None);
        assert_eq!(find_alembic("064").map(Revision::id), Some("064".into()));
    }

    #[test]
    fn capabilities_grow_with_the_revision() {
        let flags = |id| {
            let c = at(id);
            (
                c.has_projects(),
                c.has_builder_description_format(),
                c.has_rebuilt_buildid(),
                c.has_locks_duration_s(),
            )
        };
        assert_eq!(flags("58"), (false, false, false, false));
        assert_eq!(flags("060"), (true, false, false, false));
        assert_eq!(flags("062"), (true, true, false, false));
        assert_eq!(flags("064"), (true, true, false, false));
        assert_eq!(flags("065"), (true, true, true, false));
        assert_eq!(flags("067"), (true, true, true, true));
    }

    #[test]
    fn tables_read_missing_columns_as_null() {
        assert_eq!(
            at("059").table("builders"),
            "(SELECT builders.*, CAST(NULL AS INTEGER) AS projectid, \
             CAST(NULL AS TEXT) AS description_format, CAST(NULL AS TEXT) AS description_html \
             FROM builders)"
        );
        assert_eq!(
            at("060").table("builders"),
            "(SELECT builders.*, CAST(NULL AS TEXT) AS description_format, \
             CAST(NULL AS TEXT) AS description_html FROM builders)"
        );
        assert_eq!(at("061").table("builders"), "builders");
        assert_eq!(
            at("064").table("buildsets"),
            "(SELECT buildsets.*, CAST(NULL AS INTEGER) AS rebuilt_buildid FROM buildsets)"
        );
        assert_eq!(at("065").table("buildsets"), "buildsets");
        assert_eq!(at("58").table("masters"), "masters");
    }

    #[test]
    fn revisions_name_their_releases() {
        assert_eq!(
            at("064").revision().to_string(),
            "064 (Buildbot 3.10 – 3.11)"
        );
        assert_eq!(at("061").revision().to_string(), "061 (Buildbot 3.9)");
        assert_eq!(
            at("58").revision().to_string(),
            "migrate_version 58 (Buildbot 3.0 – 3.3)"
        );
        assert_eq!(added_by(BUILDSETS_REBUILT_BUILDID).id(), "065");
        let message = at("064").lacks(
            "state.sqlite",
            "--rebuilt-buildid",
            BUILDSETS_REBUILT_BUILDID,
        );
        assert!(message.contains("Buildbot 4.0 added"), "{message}");
        assert!(
            message.contains("is at revision 064 (Buildbot 3.10 – 3.11)"),
            "{message}"
        );
        let message = at("58").lacks(
            "state.sqlite",
            "--rebuilt-buildid",
            BUILDSETS_REBUILT_BUILDID,
        );
        assert!(
            message.contains("is at migrate_version 58 (Buildbot 3.0 – 3.3)"),
            "{message}"
        );
    }
}
