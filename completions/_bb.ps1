
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'bb' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'bb'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'bb' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Create or describe a master database: init, info')
            [CompletionResult]::new('master', 'master', [CompletionResultType]::ParameterValue, 'Masters: list, show, register, activate, deactivate, sweep, mark-all-stale (masters connector)')
            [CompletionResult]::new('builder', 'builder', [CompletionResultType]::ParameterValue, 'Builders: list, register (builders connector)')
            [CompletionResult]::new('buildset', 'buildset', [CompletionResultType]::ParameterValue, 'Buildsets: add, show, list, recent, complete, properties (buildsets connector)')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Build requests: show, list, claim, unclaim, complete (buildrequests connector)')
            [CompletionResult]::new('changesource', 'changesource', [CompletionResultType]::ParameterValue, 'Change sources: list, show, register, claim, release, poll (changesources connector)')
            [CompletionResult]::new('change', 'change', [CompletionResultType]::ParameterValue, 'Changes: list, show (changes connector)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff) of bb or of one command: bb man request claim | man -l -')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bb;db' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create Buildbot 4.3''s schema (revision 067) in a new file; refuses a file that has tables (exit 3)')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Path, schema revision, journal mode and row counts')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bb;db;init' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;db;info' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;db;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create Buildbot 4.3''s schema (revision 067) in a new file; refuses a file that has tables (exit 3)')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Path, schema revision, journal mode and row counts')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bb;db;help;init' {
            break
        }
        'bb;db;help;info' {
            break
        }
        'bb;db;help;help' {
            break
        }
        'bb;master' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List masters (getMasters), in id order')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one master (getMaster)')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Find or create a master by name (findMasterId); a new one is inactive. Without NAME, registers this master (--master, BB_MASTER, or the default name)')
            [CompletionResult]::new('activate', 'activate', [CompletionResultType]::ParameterValue, 'Mark a master active (setMasterState active=true): last_active = --at')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Mark a master inactive (setMasterState active=false) and do its housekeeping, even if it was already inactive. Refused (exit 3) while the master is running (active, checked in within 10 minutes of --at) unless --force')
            [CompletionResult]::new('sweep', 'sweep', [CompletionResultType]::ParameterValue, 'Expire masters that have not checked in (expireMasters) and housekeep them')
            [CompletionResult]::new('mark-all-stale', 'mark-all-stale', [CompletionResultType]::ParameterValue, 'Mark every master active with last_active 0 (setAllMastersActiveLongTimeAgo), so the next sweep housekeeps them all')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bb;master;list' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin; FIELD=VALUE means eq). Repeatable; filters are ANDed')
            [CompletionResult]::new('--order', '--order', [CompletionResultType]::ParameterName, 'Sort by FIELD, descending with a leading ''-''. Repeatable')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most N entities')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Skip the first N entities')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Print only FIELD, in tables (absolute times) and JSON. Repeatable, or comma-separated: --field buildrequestid,buildername')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Only active masters')
            [CompletionResult]::new('--inactive', '--inactive', [CompletionResultType]::ParameterName, 'Only inactive masters')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;master;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;master;register' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;master;activate' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;master;deactivate' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Deactivate it even if it is running (active, checked in within 10 minutes)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;master;sweep' {
            [CompletionResult]::new('--expire-after', '--expire-after', [CompletionResultType]::ParameterName, 'Masters whose last_active is older than --at minus this expire: 90s, 10m, 2h, 1d')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--force-housekeeping', '--force-housekeeping', [CompletionResultType]::ParameterName, 'Housekeep every expired master, not only those that were still active')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print what would happen and write nothing')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;master;mark-all-stale' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;master;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List masters (getMasters), in id order')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one master (getMaster)')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Find or create a master by name (findMasterId); a new one is inactive. Without NAME, registers this master (--master, BB_MASTER, or the default name)')
            [CompletionResult]::new('activate', 'activate', [CompletionResultType]::ParameterValue, 'Mark a master active (setMasterState active=true): last_active = --at')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Mark a master inactive (setMasterState active=false) and do its housekeeping, even if it was already inactive. Refused (exit 3) while the master is running (active, checked in within 10 minutes of --at) unless --force')
            [CompletionResult]::new('sweep', 'sweep', [CompletionResultType]::ParameterValue, 'Expire masters that have not checked in (expireMasters) and housekeep them')
            [CompletionResult]::new('mark-all-stale', 'mark-all-stale', [CompletionResultType]::ParameterValue, 'Mark every master active with last_active 0 (setAllMastersActiveLongTimeAgo), so the next sweep housekeeps them all')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bb;master;help;list' {
            break
        }
        'bb;master;help;show' {
            break
        }
        'bb;master;help;register' {
            break
        }
        'bb;master;help;activate' {
            break
        }
        'bb;master;help;deactivate' {
            break
        }
        'bb;master;help;sweep' {
            break
        }
        'bb;master;help;mark-all-stale' {
            break
        }
        'bb;master;help;help' {
            break
        }
        'bb;builder' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List builders (getBuilders), in id order')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Find or create a builder by name (findBuilderId) and print it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bb;builder;list' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin; FIELD=VALUE means eq). Repeatable; filters are ANDed')
            [CompletionResult]::new('--order', '--order', [CompletionResultType]::ParameterName, 'Sort by FIELD, descending with a leading ''-''. Repeatable')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most N entities')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Skip the first N entities')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Print only FIELD, in tables (absolute times) and JSON. Repeatable, or comma-separated: --field buildrequestid,buildername')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;builder;register' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;builder;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List builders (getBuilders), in id order')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Find or create a builder by name (findBuilderId) and print it')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bb;builder;help;list' {
            break
        }
        'bb;builder;help;register' {
            break
        }
        'bb;builder;help;help' {
            break
        }
        'bb;buildset' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a buildset with a build request per builder (addBuildset)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a buildset with its sourcestamps and properties (getBuildset)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List buildsets (getBuildsets), in id order')
            [CompletionResult]::new('recent', 'recent', [CompletionResultType]::ParameterValue, 'The N most recently submitted buildsets, oldest first (getRecentBuildsets)')
            [CompletionResult]::new('complete', 'complete', [CompletionResultType]::ParameterValue, 'Mark a buildset complete with the given results (completeBuildset). Refused (exit 3) while a running master has claimed one of its requests, unless --force')
            [CompletionResult]::new('properties', 'properties', [CompletionResultType]::ParameterValue, 'A buildset''s properties as name -> [value, source] (getBuildsetProperties)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bb;buildset;add' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'Why these builds are wanted (at most 256 characters)')
            [CompletionResult]::new('--builder', '--builder', [CompletionResultType]::ParameterName, 'A builder (id or name) to request a build on. Repeatable')
            [CompletionResult]::new('--sourcestamp', '--sourcestamp', [CompletionResultType]::ParameterName, 'A sourcestamp found or created by its values: branch=B,revision=R,repository=U,project=P,codebase=C. Repeatable')
            [CompletionResult]::new('--ssid', '--ssid', [CompletionResultType]::ParameterName, 'An existing sourcestamp id. Repeatable')
            [CompletionResult]::new('--property', '--property', [CompletionResultType]::ParameterName, 'A property NAME=JSON (a value that is not JSON is a string). Repeatable')
            [CompletionResult]::new('--property-source', '--property-source', [CompletionResultType]::ParameterName, 'The source recorded with each property')
            [CompletionResult]::new('--external-idstring', '--external-idstring', [CompletionResultType]::ParameterName, 'An external key for this buildset (at most 256 characters)')
            [CompletionResult]::new('--parent-buildid', '--parent-buildid', [CompletionResultType]::ParameterName, 'The build that triggered this buildset')
            [CompletionResult]::new('--parent-relationship', '--parent-relationship', [CompletionResultType]::ParameterName, 'How this buildset relates to its parent build')
            [CompletionResult]::new('--rebuilt-buildid', '--rebuilt-buildid', [CompletionResultType]::ParameterName, 'The build this buildset rebuilds')
            [CompletionResult]::new('--priority', '--priority', [CompletionResultType]::ParameterName, 'The build requests'' priority')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--waited-for', '--waited-for', [CompletionResultType]::ParameterName, 'Someone waits for these builds (a triggering build)')
            [CompletionResult]::new('--create-builders', '--create-builders', [CompletionResultType]::ParameterName, 'Create builders named but not yet known (findBuilderId)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;buildset;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;buildset;list' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin; FIELD=VALUE means eq). Repeatable; filters are ANDed')
            [CompletionResult]::new('--order', '--order', [CompletionResultType]::ParameterName, 'Sort by FIELD, descending with a leading ''-''. Repeatable')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most N entities')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Skip the first N entities')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Print only FIELD, in tables (absolute times) and JSON. Repeatable, or comma-separated: --field buildrequestid,buildername')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--complete', '--complete', [CompletionResultType]::ParameterName, 'Only complete buildsets')
            [CompletionResult]::new('--incomplete', '--incomplete', [CompletionResultType]::ParameterName, 'Only incomplete buildsets')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;buildset;recent' {
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'How many buildsets')
            [CompletionResult]::new('--branch', '--branch', [CompletionResultType]::ParameterName, 'Only buildsets with a sourcestamp on this branch')
            [CompletionResult]::new('--repository', '--repository', [CompletionResultType]::ParameterName, 'Only buildsets with a sourcestamp in this repository')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The "now" that ages in the table count from: epoch seconds or RFC 3339. Default: now')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--complete', '--complete', [CompletionResultType]::ParameterName, 'Only complete buildsets')
            [CompletionResult]::new('--incomplete', '--incomplete', [CompletionResultType]::ParameterName, 'Only incomplete buildsets')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;buildset;complete' {
            [CompletionResult]::new('--results', '--results', [CompletionResultType]::ParameterName, 'success, warnings, failure, skipped, exception, retry, cancelled, or 0-6')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Complete it even if a running master holds claims on its requests')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;buildset;properties' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;buildset;help' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a buildset with a build request per builder (addBuildset)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a buildset with its sourcestamps and properties (getBuildset)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List buildsets (getBuildsets), in id order')
            [CompletionResult]::new('recent', 'recent', [CompletionResultType]::ParameterValue, 'The N most recently submitted buildsets, oldest first (getRecentBuildsets)')
            [CompletionResult]::new('complete', 'complete', [CompletionResultType]::ParameterValue, 'Mark a buildset complete with the given results (completeBuildset). Refused (exit 3) while a running master has claimed one of its requests, unless --force')
            [CompletionResult]::new('properties', 'properties', [CompletionResultType]::ParameterValue, 'A buildset''s properties as name -> [value, source] (getBuildsetProperties)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bb;buildset;help;add' {
            break
        }
        'bb;buildset;help;show' {
            break
        }
        'bb;buildset;help;list' {
            break
        }
        'bb;buildset;help;recent' {
            break
        }
        'bb;buildset;help;complete' {
            break
        }
        'bb;buildset;help;properties' {
            break
        }
        'bb;buildset;help;help' {
            break
        }
        'bb;request' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one build request (getBuildRequest)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List build requests (getBuildRequests), in id order')
            [CompletionResult]::new('claim', 'claim', [CompletionResultType]::ParameterValue, 'Claim build requests for this master, all or nothing (claimBuildRequests)')
            [CompletionResult]::new('unclaim', 'unclaim', [CompletionResultType]::ParameterValue, 'Release this master''s claims on build requests (unclaimBuildRequests)')
            [CompletionResult]::new('complete', 'complete', [CompletionResultType]::ParameterValue, 'Complete build requests, all or nothing, and any buildset they finish (completeBuildRequests + maybeBuildsetComplete). Refused (exit 3) for a request a running master has claimed, unless --force')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bb;request;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;request;list' {
            [CompletionResult]::new('--builder', '--builder', [CompletionResultType]::ParameterName, 'Only requests for this builder (id or name)')
            [CompletionResult]::new('--claimed-by', '--claimed-by', [CompletionResultType]::ParameterName, 'Only requests claimed by this master (id or name)')
            [CompletionResult]::new('--buildset', '--buildset', [CompletionResultType]::ParameterName, 'Only requests of this buildset')
            [CompletionResult]::new('--branch', '--branch', [CompletionResultType]::ParameterName, 'Only requests whose buildset has a sourcestamp on this branch')
            [CompletionResult]::new('--repository', '--repository', [CompletionResultType]::ParameterName, 'Only requests whose buildset has a sourcestamp in this repository')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin; FIELD=VALUE means eq). Repeatable; filters are ANDed')
            [CompletionResult]::new('--order', '--order', [CompletionResultType]::ParameterName, 'Sort by FIELD, descending with a leading ''-''. Repeatable')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most N entities')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Skip the first N entities')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Print only FIELD, in tables (absolute times) and JSON. Repeatable, or comma-separated: --field buildrequestid,buildername')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--complete', '--complete', [CompletionResultType]::ParameterName, 'Only complete requests')
            [CompletionResult]::new('--incomplete', '--incomplete', [CompletionResultType]::ParameterName, 'Only incomplete requests')
            [CompletionResult]::new('--claimed', '--claimed', [CompletionResultType]::ParameterName, 'Only claimed requests')
            [CompletionResult]::new('--unclaimed', '--unclaimed', [CompletionResultType]::ParameterName, 'Only unclaimed requests that are not complete (Buildbot''s definition)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;request;claim' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;request;unclaim' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;request;complete' {
            [CompletionResult]::new('--results', '--results', [CompletionResultType]::ParameterName, 'success, warnings, failure, skipped, exception, cancelled, or 0-6 (not retry)')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Complete them even if a running master holds their claims (its builds will fail)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;request;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one build request (getBuildRequest)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List build requests (getBuildRequests), in id order')
            [CompletionResult]::new('claim', 'claim', [CompletionResultType]::ParameterValue, 'Claim build requests for this master, all or nothing (claimBuildRequests)')
            [CompletionResult]::new('unclaim', 'unclaim', [CompletionResultType]::ParameterValue, 'Release this master''s claims on build requests (unclaimBuildRequests)')
            [CompletionResult]::new('complete', 'complete', [CompletionResultType]::ParameterValue, 'Complete build requests, all or nothing, and any buildset they finish (completeBuildRequests + maybeBuildsetComplete). Refused (exit 3) for a request a running master has claimed, unless --force')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bb;request;help;show' {
            break
        }
        'bb;request;help;list' {
            break
        }
        'bb;request;help;claim' {
            break
        }
        'bb;request;help;unclaim' {
            break
        }
        'bb;request;help;complete' {
            break
        }
        'bb;request;help;help' {
            break
        }
        'bb;changesource' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List change sources (getChangeSources), in id order')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one change source with the master holding it (getChangeSource)')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Find or create a change source by name (findChangeSourceId)')
            [CompletionResult]::new('claim', 'claim', [CompletionResultType]::ParameterValue, 'Claim a change source for this master (setChangeSourceMaster(id, this master)). Refused (exit 3) while another master holds it and is active or was active within the last 10 minutes')
            [CompletionResult]::new('release', 'release', [CompletionResultType]::ParameterValue, 'Release a change source, whoever holds it (setChangeSourceMaster(id, None)). Refused (exit 3) while a running master holds it, unless --force')
            [CompletionResult]::new('poll', 'poll', [CompletionResultType]::ParameterValue, 'Poll a git repository as Buildbot''s GitPoller does, recording one change per new commit (or delivering it to a running master''s base change hook)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bb;changesource;list' {
            [CompletionResult]::new('--claimed-by', '--claimed-by', [CompletionResultType]::ParameterName, 'Only change sources held by this master (id or name)')
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin; FIELD=VALUE means eq). Repeatable; filters are ANDed')
            [CompletionResult]::new('--order', '--order', [CompletionResultType]::ParameterName, 'Sort by FIELD, descending with a leading ''-''. Repeatable')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most N entities')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Skip the first N entities')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Print only FIELD, in tables (absolute times) and JSON. Repeatable, or comma-separated: --field buildrequestid,buildername')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--active', '--active', [CompletionResultType]::ParameterName, 'Only change sources linked to a master (even an inactive one: conservative, as documented)')
            [CompletionResult]::new('--inactive', '--inactive', [CompletionResultType]::ParameterName, 'Only change sources linked to no master')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;changesource;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;changesource;register' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;changesource;claim' {
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;changesource;release' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Release it even if a running master holds it (that master keeps polling)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;changesource;poll' {
            [CompletionResult]::new('--repourl', '--repourl', [CompletionResultType]::ParameterName, 'The repository to poll, as git understands it; recorded as the changes'' repository')
            [CompletionResult]::new('--branch', '--branch', [CompletionResultType]::ParameterName, 'A branch to poll (repeatable). Default: the branch the remote HEAD points at')
            [CompletionResult]::new('--workdir', '--workdir', [CompletionResultType]::ParameterName, 'The bare repository git fetches into. Default: gitpoller-work beside the database')
            [CompletionResult]::new('--project', '--project', [CompletionResultType]::ParameterName, 'The changes'' project. Default: ""')
            [CompletionResult]::new('--codebase', '--codebase', [CompletionResultType]::ParameterName, 'The changes'' codebase. Default: ""')
            [CompletionResult]::new('--category', '--category', [CompletionResultType]::ParameterName, 'The changes'' category. Default: none')
            [CompletionResult]::new('--interval', '--interval', [CompletionResultType]::ParameterName, 'Poll now and then every DUR (10m, 90s) until SIGINT or SIGTERM')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now')
            [CompletionResult]::new('--deliver', '--deliver', [CompletionResultType]::ParameterName, 'Hand new changes to a running master''s base change hook (http://host:8010/change_hook/base; https too) instead of writing them')
            [CompletionResult]::new('--deliver-auth', '--deliver-auth', [CompletionResultType]::ParameterName, 'Basic-auth credentials for --deliver')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;changesource;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List change sources (getChangeSources), in id order')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one change source with the master holding it (getChangeSource)')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Find or create a change source by name (findChangeSourceId)')
            [CompletionResult]::new('claim', 'claim', [CompletionResultType]::ParameterValue, 'Claim a change source for this master (setChangeSourceMaster(id, this master)). Refused (exit 3) while another master holds it and is active or was active within the last 10 minutes')
            [CompletionResult]::new('release', 'release', [CompletionResultType]::ParameterValue, 'Release a change source, whoever holds it (setChangeSourceMaster(id, None)). Refused (exit 3) while a running master holds it, unless --force')
            [CompletionResult]::new('poll', 'poll', [CompletionResultType]::ParameterValue, 'Poll a git repository as Buildbot''s GitPoller does, recording one change per new commit (or delivering it to a running master''s base change hook)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bb;changesource;help;list' {
            break
        }
        'bb;changesource;help;show' {
            break
        }
        'bb;changesource;help;register' {
            break
        }
        'bb;changesource;help;claim' {
            break
        }
        'bb;changesource;help;release' {
            break
        }
        'bb;changesource;help;poll' {
            break
        }
        'bb;changesource;help;help' {
            break
        }
        'bb;change' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List changes (getChanges), in id order, with files, properties and sourcestamp')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one change (getChange)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bb;change;list' {
            [CompletionResult]::new('--filter', '--filter', [CompletionResultType]::ParameterName, 'Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin; FIELD=VALUE means eq). Repeatable; filters are ANDed')
            [CompletionResult]::new('--order', '--order', [CompletionResultType]::ParameterName, 'Sort by FIELD, descending with a leading ''-''. Repeatable')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most N entities')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Skip the first N entities')
            [CompletionResult]::new('--field', '--field', [CompletionResultType]::ParameterName, 'Print only FIELD, in tables (absolute times) and JSON. Repeatable, or comma-separated: --field buildrequestid,buildername')
            [CompletionResult]::new('--at', '--at', [CompletionResultType]::ParameterName, 'The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now')
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;change;show' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;change;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List changes (getChanges), in id order, with files, properties and sourcestamp')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one change (getChange)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bb;change;help;list' {
            break
        }
        'bb;change;help;show' {
            break
        }
        'bb;change;help;help' {
            break
        }
        'bb;completions' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;man' {
            [CompletionResult]::new('--db', '--db', [CompletionResultType]::ParameterName, 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite')
            [CompletionResult]::new('--master', '--master', [CompletionResultType]::ParameterName, 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>')
            [CompletionResult]::new('--notify', '--notify', [CompletionResultType]::ParameterName, 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces')
            [CompletionResult]::new('--notify-auth', '--notify-auth', [CompletionResultType]::ParameterName, 'Log in to the --notify masters'' web UI as USER:PASSWORD')
            [CompletionResult]::new('--busy-timeout', '--busy-timeout', [CompletionResultType]::ParameterName, 'How long to wait for another process''s lock before giving up (exit 5): 5s, 500ms, 1m')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Print one JSON document (REST API shapes) instead of a table')
            [CompletionResult]::new('--wide', '--wide', [CompletionResultType]::ParameterName, 'Tables of lists show every field, with absolute times, instead of the usual columns')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'bb;help' {
            [CompletionResult]::new('db', 'db', [CompletionResultType]::ParameterValue, 'Create or describe a master database: init, info')
            [CompletionResult]::new('master', 'master', [CompletionResultType]::ParameterValue, 'Masters: list, show, register, activate, deactivate, sweep, mark-all-stale (masters connector)')
            [CompletionResult]::new('builder', 'builder', [CompletionResultType]::ParameterValue, 'Builders: list, register (builders connector)')
            [CompletionResult]::new('buildset', 'buildset', [CompletionResultType]::ParameterValue, 'Buildsets: add, show, list, recent, complete, properties (buildsets connector)')
            [CompletionResult]::new('request', 'request', [CompletionResultType]::ParameterValue, 'Build requests: show, list, claim, unclaim, complete (buildrequests connector)')
            [CompletionResult]::new('changesource', 'changesource', [CompletionResultType]::ParameterValue, 'Change sources: list, show, register, claim, release, poll (changesources connector)')
            [CompletionResult]::new('change', 'change', [CompletionResultType]::ParameterValue, 'Changes: list, show (changes connector)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the manual page (roff) of bb or of one command: bb man request claim | man -l -')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'bb;help;db' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Create Buildbot 4.3''s schema (revision 067) in a new file; refuses a file that has tables (exit 3)')
            [CompletionResult]::new('info', 'info', [CompletionResultType]::ParameterValue, 'Path, schema revision, journal mode and row counts')
            break
        }
        'bb;help;db;init' {
            break
        }
        'bb;help;db;info' {
            break
        }
        'bb;help;master' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List masters (getMasters), in id order')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one master (getMaster)')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Find or create a master by name (findMasterId); a new one is inactive. Without NAME, registers this master (--master, BB_MASTER, or the default name)')
            [CompletionResult]::new('activate', 'activate', [CompletionResultType]::ParameterValue, 'Mark a master active (setMasterState active=true): last_active = --at')
            [CompletionResult]::new('deactivate', 'deactivate', [CompletionResultType]::ParameterValue, 'Mark a master inactive (setMasterState active=false) and do its housekeeping, even if it was already inactive. Refused (exit 3) while the master is running (active, checked in within 10 minutes of --at) unless --force')
            [CompletionResult]::new('sweep', 'sweep', [CompletionResultType]::ParameterValue, 'Expire masters that have not checked in (expireMasters) and housekeep them')
            [CompletionResult]::new('mark-all-stale', 'mark-all-stale', [CompletionResultType]::ParameterValue, 'Mark every master active with last_active 0 (setAllMastersActiveLongTimeAgo), so the next sweep housekeeps them all')
            break
        }
        'bb;help;master;list' {
            break
        }
        'bb;help;master;show' {
            break
        }
        'bb;help;master;register' {
            break
        }
        'bb;help;master;activate' {
            break
        }
        'bb;help;master;deactivate' {
            break
        }
        'bb;help;master;sweep' {
            break
        }
        'bb;help;master;mark-all-stale' {
            break
        }
        'bb;help;builder' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List builders (getBuilders), in id order')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Find or create a builder by name (findBuilderId) and print it')
            break
        }
        'bb;help;builder;list' {
            break
        }
        'bb;help;builder;register' {
            break
        }
        'bb;help;buildset' {
            [CompletionResult]::new('add', 'add', [CompletionResultType]::ParameterValue, 'Add a buildset with a build request per builder (addBuildset)')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show a buildset with its sourcestamps and properties (getBuildset)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List buildsets (getBuildsets), in id order')
            [CompletionResult]::new('recent', 'recent', [CompletionResultType]::ParameterValue, 'The N most recently submitted buildsets, oldest first (getRecentBuildsets)')
            [CompletionResult]::new('complete', 'complete', [CompletionResultType]::ParameterValue, 'Mark a buildset complete with the given results (completeBuildset). Refused (exit 3) while a running master has claimed one of its requests, unless --force')
            [CompletionResult]::new('properties', 'properties', [CompletionResultType]::ParameterValue, 'A buildset''s properties as name -> [value, source] (getBuildsetProperties)')
            break
        }
        'bb;help;buildset;add' {
            break
        }
        'bb;help;buildset;show' {
            break
        }
        'bb;help;buildset;list' {
            break
        }
        'bb;help;buildset;recent' {
            break
        }
        'bb;help;buildset;complete' {
            break
        }
        'bb;help;buildset;properties' {
            break
        }
        'bb;help;request' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one build request (getBuildRequest)')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List build requests (getBuildRequests), in id order')
            [CompletionResult]::new('claim', 'claim', [CompletionResultType]::ParameterValue, 'Claim build requests for this master, all or nothing (claimBuildRequests)')
            [CompletionResult]::new('unclaim', 'unclaim', [CompletionResultType]::ParameterValue, 'Release this master''s claims on build requests (unclaimBuildRequests)')
            [CompletionResult]::new('complete', 'complete', [CompletionResultType]::ParameterValue, 'Complete build requests, all or nothing, and any buildset they finish (completeBuildRequests + maybeBuildsetComplete). Refused (exit 3) for a request a running master has claimed, unless --force')
            break
        }
        'bb;help;request;show' {
            break
        }
        'bb;help;request;list' {
            break
        }
        'bb;help;request;claim' {
            break
        }
        'bb;help;request;unclaim' {
            break
        }
        'bb;help;request;complete' {
            break
        }
        'bb;help;changesource' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List change sources (getChangeSources), in id order')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one change source with the master holding it (getChangeSource)')
            [CompletionResult]::new('register', 'register', [CompletionResultType]::ParameterValue, 'Find or create a change source by name (findChangeSourceId)')
            [CompletionResult]::new('claim', 'claim', [CompletionResultType]::ParameterValue, 'Claim a change source for this master (setChangeSourceMaster(id, this master)). Refused (exit 3) while another master holds it and is active or was active within the last 10 minutes')
            [CompletionResult]::new('release', 'release', [CompletionResultType]::ParameterValue, 'Release a change source, whoever holds it (setChangeSourceMaster(id, None)). Refused (exit 3) while a running master holds it, unless --force')
            [CompletionResult]::new('poll', 'poll', [CompletionResultType]::ParameterValue, 'Poll a git repository as Buildbot''s GitPoller does, recording one change per new commit (or delivering it to a running master''s base change hook)')
            break
        }
        'bb;help;changesource;list' {
            break
        }
        'bb;help;changesource;show' {
            break
        }
        'bb;help;changesource;register' {
            break
        }
        'bb;help;changesource;claim' {
            break
        }
        'bb;help;changesource;release' {
            break
        }
        'bb;help;changesource;poll' {
            break
        }
        'bb;help;change' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'List changes (getChanges), in id order, with files, properties and sourcestamp')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'Show one change (getChange)')
            break
        }
        'bb;help;change;list' {
            break
        }
        'bb;help;change;show' {
            break
        }
        'bb;help;completions' {
            break
        }
        'bb;help;man' {
            break
        }
        'bb;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
