
use builtin;
use str;

set edit:completion:arg-completer[bb] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'bb'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'bb'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand db 'Create or describe a master database: init, info'
            cand master 'Masters: list, show, register, activate, deactivate, sweep, mark-all-stale (masters connector)'
            cand builder 'Builders: list, register (builders connector)'
            cand buildset 'Buildsets: add, show, list, recent, complete, properties (buildsets connector)'
            cand request 'Build requests: show, list, claim, unclaim, complete (buildrequests connector)'
            cand changesource 'Change sources: list, show, register, claim, release, poll (changesources connector)'
            cand change 'Changes: list, show (changes connector)'
            cand completions 'Print a shell completion script'
            cand man 'Print the manual page (roff) of bb or of one command: bb man request claim | man -l -'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bb;db'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand init 'Create Buildbot 4.3''s schema (revision 067) in a new file; refuses a file that has tables (exit 3)'
            cand info 'Path, schema revision, journal mode and row counts'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bb;db;init'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;db;info'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;db;help'= {
            cand init 'Create Buildbot 4.3''s schema (revision 067) in a new file; refuses a file that has tables (exit 3)'
            cand info 'Path, schema revision, journal mode and row counts'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bb;db;help;init'= {
        }
        &'bb;db;help;info'= {
        }
        &'bb;db;help;help'= {
        }
        &'bb;master'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand list 'List masters (getMasters), in id order'
            cand show 'Show one master (getMaster)'
            cand register 'Find or create a master by name (findMasterId); a new one is inactive. Without NAME, registers this master (--master, BB_MASTER, or the default name)'
            cand activate 'Mark a master active (setMasterState active=true): last_active = --at'
            cand deactivate 'Mark a master inactive (setMasterState active=false) and do its housekeeping, even if it was already inactive. Refused (exit 3) while the master is running (active, checked in within 10 minutes of --at) unless --force'
            cand sweep 'Expire masters that have not checked in (expireMasters) and housekeep them'
            cand mark-all-stale 'Mark every master active with last_active 0 (setAllMastersActiveLongTimeAgo), so the next sweep housekeeps them all'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bb;master;list'= {
            cand --filter 'Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin; FIELD=VALUE means eq). Repeatable; filters are ANDed'
            cand --order 'Sort by FIELD, descending with a leading ''-''. Repeatable'
            cand --limit 'At most N entities'
            cand --offset 'Skip the first N entities'
            cand --field 'Print only FIELD, in tables (absolute times) and JSON. Repeatable, or comma-separated: --field buildrequestid,buildername'
            cand --at 'The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now'
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --active 'Only active masters'
            cand --inactive 'Only inactive masters'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;master;show'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;master;register'= {
            cand --at 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now'
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;master;activate'= {
            cand --at 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now'
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;master;deactivate'= {
            cand --at 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now'
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --force 'Deactivate it even if it is running (active, checked in within 10 minutes)'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;master;sweep'= {
            cand --expire-after 'Masters whose last_active is older than --at minus this expire: 90s, 10m, 2h, 1d'
            cand --at 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now'
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --force-housekeeping 'Housekeep every expired master, not only those that were still active'
            cand --dry-run 'Print what would happen and write nothing'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;master;mark-all-stale'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;master;help'= {
            cand list 'List masters (getMasters), in id order'
            cand show 'Show one master (getMaster)'
            cand register 'Find or create a master by name (findMasterId); a new one is inactive. Without NAME, registers this master (--master, BB_MASTER, or the default name)'
            cand activate 'Mark a master active (setMasterState active=true): last_active = --at'
            cand deactivate 'Mark a master inactive (setMasterState active=false) and do its housekeeping, even if it was already inactive. Refused (exit 3) while the master is running (active, checked in within 10 minutes of --at) unless --force'
            cand sweep 'Expire masters that have not checked in (expireMasters) and housekeep them'
            cand mark-all-stale 'Mark every master active with last_active 0 (setAllMastersActiveLongTimeAgo), so the next sweep housekeeps them all'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bb;master;help;list'= {
        }
        &'bb;master;help;show'= {
        }
        &'bb;master;help;register'= {
        }
        &'bb;master;help;activate'= {
        }
        &'bb;master;help;deactivate'= {
        }
        &'bb;master;help;sweep'= {
        }
        &'bb;master;help;mark-all-stale'= {
        }
        &'bb;master;help;help'= {
        }
        &'bb;builder'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand list 'List builders (getBuilders), in id order'
            cand register 'Find or create a builder by name (findBuilderId) and print it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bb;builder;list'= {
            cand --filter 'Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin; FIELD=VALUE means eq). Repeatable; filters are ANDed'
            cand --order 'Sort by FIELD, descending with a leading ''-''. Repeatable'
            cand --limit 'At most N entities'
            cand --offset 'Skip the first N entities'
            cand --field 'Print only FIELD, in tables (absolute times) and JSON. Repeatable, or comma-separated: --field buildrequestid,buildername'
            cand --at 'The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now'
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;builder;register'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;builder;help'= {
            cand list 'List builders (getBuilders), in id order'
            cand register 'Find or create a builder by name (findBuilderId) and print it'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bb;builder;help;list'= {
        }
        &'bb;builder;help;register'= {
        }
        &'bb;builder;help;help'= {
        }
        &'bb;buildset'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand add 'Add a buildset with a build request per builder (addBuildset)'
            cand show 'Show a buildset with its sourcestamps and properties (getBuildset)'
            cand list 'List buildsets (getBuildsets), in id order'
            cand recent 'The N most recently submitted buildsets, oldest first (getRecentBuildsets)'
            cand complete 'Mark a buildset complete with the given results (completeBuildset). Refused (exit 3) while a running master has claimed one of its requests, unless --force'
            cand properties 'A buildset''s properties as name -> [value, source] (getBuildsetProperties)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bb;buildset;add'= {
            cand --reason 'Why these builds are wanted (at most 256 characters)'
            cand --builder 'A builder (id or name) to request a build on. Repeatable'
            cand --sourcestamp 'A sourcestamp found or created by its values: branch=B,revision=R,repository=U,project=P,codebase=C. Repeatable'
            cand --ssid 'An existing sourcestamp id. Repeatable'
            cand --property 'A property NAME=JSON (a value that is not JSON is a string). Repeatable'
            cand --property-source 'The source recorded with each property'
            cand --external-idstring 'An external key for this buildset (at most 256 characters)'
            cand --parent-buildid 'The build that triggered this buildset'
            cand --parent-relationship 'How this buildset relates to its parent build'
            cand --rebuilt-buildid 'The build this buildset rebuilds'
            cand --priority 'The build requests'' priority'
            cand --at 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now'
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --waited-for 'Someone waits for these builds (a triggering build)'
            cand --create-builders 'Create builders named but not yet known (findBuilderId)'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;buildset;show'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;buildset;list'= {
            cand --filter 'Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin; FIELD=VALUE means eq). Repeatable; filters are ANDed'
            cand --order 'Sort by FIELD, descending with a leading ''-''. Repeatable'
            cand --limit 'At most N entities'
            cand --offset 'Skip the first N entities'
            cand --field 'Print only FIELD, in tables (absolute times) and JSON. Repeatable, or comma-separated: --field buildrequestid,buildername'
            cand --at 'The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now'
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --complete 'Only complete buildsets'
            cand --incomplete 'Only incomplete buildsets'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;buildset;recent'= {
            cand --count 'How many buildsets'
            cand --branch 'Only buildsets with a sourcestamp on this branch'
            cand --repository 'Only buildsets with a sourcestamp in this repository'
            cand --at 'The "now" that ages in the table count from: epoch seconds or RFC 3339. Default: now'
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --complete 'Only complete buildsets'
            cand --incomplete 'Only incomplete buildsets'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;buildset;complete'= {
            cand --results 'success, warnings, failure, skipped, exception, retry, cancelled, or 0-6'
            cand --at 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now'
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --force 'Complete it even if a running master holds claims on its requests'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;buildset;properties'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;buildset;help'= {
            cand add 'Add a buildset with a build request per builder (addBuildset)'
            cand show 'Show a buildset with its sourcestamps and properties (getBuildset)'
            cand list 'List buildsets (getBuildsets), in id order'
            cand recent 'The N most recently submitted buildsets, oldest first (getRecentBuildsets)'
            cand complete 'Mark a buildset complete with the given results (completeBuildset). Refused (exit 3) while a running master has claimed one of its requests, unless --force'
            cand properties 'A buildset''s properties as name -> [value, source] (getBuildsetProperties)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bb;buildset;help;add'= {
        }
        &'bb;buildset;help;show'= {
        }
        &'bb;buildset;help;list'= {
        }
        &'bb;buildset;help;recent'= {
        }
        &'bb;buildset;help;complete'= {
        }
        &'bb;buildset;help;properties'= {
        }
        &'bb;buildset;help;help'= {
        }
        &'bb;request'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand show 'Show one build request (getBuildRequest)'
            cand list 'List build requests (getBuildRequests), in id order'
            cand claim 'Claim build requests for this master, all or nothing (claimBuildRequests)'
            cand unclaim 'Release this master''s claims on build requests (unclaimBuildRequests)'
            cand complete 'Complete build requests, all or nothing, and any buildset they finish (completeBuildRequests + maybeBuildsetComplete). Refused (exit 3) for a request a running master has claimed, unless --force'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bb;request;show'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;request;list'= {
            cand --builder 'Only requests for this builder (id or name)'
            cand --claimed-by 'Only requests claimed by this master (id or name)'
            cand --buildset 'Only requests of this buildset'
            cand --branch 'Only requests whose buildset has a sourcestamp on this branch'
            cand --repository 'Only requests whose buildset has a sourcestamp in this repository'
            cand --filter 'Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin; FIELD=VALUE means eq). Repeatable; filters are ANDed'
            cand --order 'Sort by FIELD, descending with a leading ''-''. Repeatable'
            cand --limit 'At most N entities'
            cand --offset 'Skip the first N entities'
            cand --field 'Print only FIELD, in tables (absolute times) and JSON. Repeatable, or comma-separated: --field buildrequestid,buildername'
            cand --at 'The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now'
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --complete 'Only complete requests'
            cand --incomplete 'Only incomplete requests'
            cand --claimed 'Only claimed requests'
            cand --unclaimed 'Only unclaimed requests that are not complete (Buildbot''s definition)'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;request;claim'= {
            cand --at 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now'
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;request;unclaim'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;request;complete'= {
            cand --results 'success, warnings, failure, skipped, exception, cancelled, or 0-6 (not retry)'
            cand --at 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now'
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --force 'Complete them even if a running master holds their claims (its builds will fail)'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;request;help'= {
            cand show 'Show one build request (getBuildRequest)'
            cand list 'List build requests (getBuildRequests), in id order'
            cand claim 'Claim build requests for this master, all or nothing (claimBuildRequests)'
            cand unclaim 'Release this master''s claims on build requests (unclaimBuildRequests)'
            cand complete 'Complete build requests, all or nothing, and any buildset they finish (completeBuildRequests + maybeBuildsetComplete). Refused (exit 3) for a request a running master has claimed, unless --force'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bb;request;help;show'= {
        }
        &'bb;request;help;list'= {
        }
        &'bb;request;help;claim'= {
        }
        &'bb;request;help;unclaim'= {
        }
        &'bb;request;help;complete'= {
        }
        &'bb;request;help;help'= {
        }
        &'bb;changesource'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand list 'List change sources (getChangeSources), in id order'
            cand show 'Show one change source with the master holding it (getChangeSource)'
            cand register 'Find or create a change source by name (findChangeSourceId)'
            cand claim 'Claim a change source for this master (setChangeSourceMaster(id, this master)). Refused (exit 3) while another master holds it and is active or was active within the last 10 minutes'
            cand release 'Release a change source, whoever holds it (setChangeSourceMaster(id, None)). Refused (exit 3) while a running master holds it, unless --force'
            cand poll 'Poll a git repository as Buildbot''s GitPoller does, recording one change per new commit (or delivering it to a running master''s base change hook)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bb;changesource;list'= {
            cand --claimed-by 'Only change sources held by this master (id or name)'
            cand --filter 'Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin; FIELD=VALUE means eq). Repeatable; filters are ANDed'
            cand --order 'Sort by FIELD, descending with a leading ''-''. Repeatable'
            cand --limit 'At most N entities'
            cand --offset 'Skip the first N entities'
            cand --field 'Print only FIELD, in tables (absolute times) and JSON. Repeatable, or comma-separated: --field buildrequestid,buildername'
            cand --at 'The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now'
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --active 'Only change sources linked to a master (even an inactive one: conservative, as documented)'
            cand --inactive 'Only change sources linked to no master'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;changesource;show'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;changesource;register'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;changesource;claim'= {
            cand --at 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now'
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;changesource;release'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --force 'Release it even if a running master holds it (that master keeps polling)'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;changesource;poll'= {
            cand --repourl 'The repository to poll, as git understands it; recorded as the changes'' repository'
            cand --branch 'A branch to poll (repeatable). Default: the branch the remote HEAD points at'
            cand --workdir 'The bare repository git fetches into. Default: gitpoller-work beside the database'
            cand --project 'The changes'' project. Default: ""'
            cand --codebase 'The changes'' codebase. Default: ""'
            cand --category 'The changes'' category. Default: none'
            cand --interval 'Poll now and then every DUR (10m, 90s) until SIGINT or SIGTERM'
            cand --at 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now'
            cand --deliver 'Hand new changes to a running master''s base change hook (http://host:8010/change_hook/base; https too) instead of writing them'
            cand --deliver-auth 'Basic-auth credentials for --deliver'
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;changesource;help'= {
            cand list 'List change sources (getChangeSources), in id order'
            cand show 'Show one change source with the master holding it (getChangeSource)'
            cand register 'Find or create a change source by name (findChangeSourceId)'
            cand claim 'Claim a change source for this master (setChangeSourceMaster(id, this master)). Refused (exit 3) while another master holds it and is active or was active within the last 10 minutes'
            cand release 'Release a change source, whoever holds it (setChangeSourceMaster(id, None)). Refused (exit 3) while a running master holds it, unless --force'
            cand poll 'Poll a git repository as Buildbot''s GitPoller does, recording one change per new commit (or delivering it to a running master''s base change hook)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bb;changesource;help;list'= {
        }
        &'bb;changesource;help;show'= {
        }
        &'bb;changesource;help;register'= {
        }
        &'bb;changesource;help;claim'= {
        }
        &'bb;changesource;help;release'= {
        }
        &'bb;changesource;help;poll'= {
        }
        &'bb;changesource;help;help'= {
        }
        &'bb;change'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand list 'List changes (getChanges), in id order, with files, properties and sourcestamp'
            cand show 'Show one change (getChange)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bb;change;list'= {
            cand --filter 'Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin; FIELD=VALUE means eq). Repeatable; filters are ANDed'
            cand --order 'Sort by FIELD, descending with a leading ''-''. Repeatable'
            cand --limit 'At most N entities'
            cand --offset 'Skip the first N entities'
            cand --field 'Print only FIELD, in tables (absolute times) and JSON. Repeatable, or comma-separated: --field buildrequestid,buildername'
            cand --at 'The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now'
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;change;show'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;change;help'= {
            cand list 'List changes (getChanges), in id order, with files, properties and sourcestamp'
            cand show 'Show one change (getChange)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bb;change;help;list'= {
        }
        &'bb;change;help;show'= {
        }
        &'bb;change;help;help'= {
        }
        &'bb;completions'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;man'= {
            cand --db 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite'
            cand --master 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>'
            cand --notify 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces'
            cand --notify-auth 'Log in to the --notify masters'' web UI as USER:PASSWORD'
            cand --busy-timeout 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m'
            cand --json 'Print one JSON document (REST API shapes) instead of a table'
            cand --wide 'Tables of lists show every field, with absolute times, instead of the usual columns'
            cand -q 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand --quiet 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
        }
        &'bb;help'= {
            cand db 'Create or describe a master database: init, info'
            cand master 'Masters: list, show, register, activate, deactivate, sweep, mark-all-stale (masters connector)'
            cand builder 'Builders: list, register (builders connector)'
            cand buildset 'Buildsets: add, show, list, recent, complete, properties (buildsets connector)'
            cand request 'Build requests: show, list, claim, unclaim, complete (buildrequests connector)'
            cand changesource 'Change sources: list, show, register, claim, release, poll (changesources connector)'
            cand change 'Changes: list, show (changes connector)'
            cand completions 'Print a shell completion script'
            cand man 'Print the manual page (roff) of bb or of one command: bb man request claim | man -l -'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'bb;help;db'= {
            cand init 'Create Buildbot 4.3''s schema (revision 067) in a new file; refuses a file that has tables (exit 3)'
            cand info 'Path, schema revision, journal mode and row counts'
        }
        &'bb;help;db;init'= {
        }
        &'bb;help;db;info'= {
        }
        &'bb;help;master'= {
            cand list 'List masters (getMasters), in id order'
            cand show 'Show one master (getMaster)'
            cand register 'Find or create a master by name (findMasterId); a new one is inactive. Without NAME, registers this master (--master, BB_MASTER, or the default name)'
            cand activate 'Mark a master active (setMasterState active=true): last_active = --at'
            cand deactivate 'Mark a master inactive (setMasterState active=false) and do its housekeeping, even if it was already inactive. Refused (exit 3) while the master is running (active, checked in within 10 minutes of --at) unless --force'
            cand sweep 'Expire masters that have not checked in (expireMasters) and housekeep them'
            cand mark-all-stale 'Mark every master active with last_active 0 (setAllMastersActiveLongTimeAgo), so the next sweep housekeeps them all'
        }
        &'bb;help;master;list'= {
        }
        &'bb;help;master;show'= {
        }
        &'bb;help;master;register'= {
        }
        &'bb;help;master;activate'= {
        }
        &'bb;help;master;deactivate'= {
        }
        &'bb;help;master;sweep'= {
        }
        &'bb;help;master;mark-all-stale'= {
        }
        &'bb;help;builder'= {
            cand list 'List builders (getBuilders), in id order'
            cand register 'Find or create a builder by name (findBuilderId) and print it'
        }
        &'bb;help;builder;list'= {
        }
        &'bb;help;builder;register'= {
        }
        &'bb;help;buildset'= {
            cand add 'Add a buildset with a build request per builder (addBuildset)'
            cand show 'Show a buildset with its sourcestamps and properties (getBuildset)'
            cand list 'List buildsets (getBuildsets), in id order'
            cand recent 'The N most recently submitted buildsets, oldest first (getRecentBuildsets)'
            cand complete 'Mark a buildset complete with the given results (completeBuildset). Refused (exit 3) while a running master has claimed one of its requests, unless --force'
            cand properties 'A buildset''s properties as name -> [value, source] (getBuildsetProperties)'
        }
        &'bb;help;buildset;add'= {
        }
        &'bb;help;buildset;show'= {
        }
        &'bb;help;buildset;list'= {
        }
        &'bb;help;buildset;recent'= {
        }
        &'bb;help;buildset;complete'= {
        }
        &'bb;help;buildset;properties'= {
        }
        &'bb;help;request'= {
            cand show 'Show one build request (getBuildRequest)'
            cand list 'List build requests (getBuildRequests), in id order'
            cand claim 'Claim build requests for this master, all or nothing (claimBuildRequests)'
            cand unclaim 'Release this master''s claims on build requests (unclaimBuildRequests)'
            cand complete 'Complete build requests, all or nothing, and any buildset they finish (completeBuildRequests + maybeBuildsetComplete). Refused (exit 3) for a request a running master has claimed, unless --force'
        }
        &'bb;help;request;show'= {
        }
        &'bb;help;request;list'= {
        }
        &'bb;help;request;claim'= {
        }
        &'bb;help;request;unclaim'= {
        }
        &'bb;help;request;complete'= {
        }
        &'bb;help;changesource'= {
            cand list 'List change sources (getChangeSources), in id order'
            cand show 'Show one change source with the master holding it (getChangeSource)'
            cand register 'Find or create a change source by name (findChangeSourceId)'
            cand claim 'Claim a change source for this master (setChangeSourceMaster(id, this master)). Refused (exit 3) while another master holds it and is active or was active within the last 10 minutes'
            cand release 'Release a change source, whoever holds it (setChangeSourceMaster(id, None)). Refused (exit 3) while a running master holds it, unless --force'
            cand poll 'Poll a git repository as Buildbot''s GitPoller does, recording one change per new commit (or delivering it to a running master''s base change hook)'
        }
        &'bb;help;changesource;list'= {
        }
        &'bb;help;changesource;show'= {
        }
        &'bb;help;changesource;register'= {
        }
        &'bb;help;changesource;claim'= {
        }
        &'bb;help;changesource;release'= {
        }
        &'bb;help;changesource;poll'= {
        }
        &'bb;help;change'= {
            cand list 'List changes (getChanges), in id order, with files, properties and sourcestamp'
            cand show 'Show one change (getChange)'
        }
        &'bb;help;change;list'= {
        }
        &'bb;help;change;show'= {
        }
        &'bb;help;completions'= {
        }
        &'bb;help;man'= {
        }
        &'bb;help;help'= {
        }
    ]
    $completions[$command]
}
