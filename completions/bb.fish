# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_bb_global_optspecs
    string join \n db= json wide master= notify= notify-auth= q/quiet busy-timeout= h/help V/version
end

function __fish_bb_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_bb_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_bb_using_subcommand
    set -l cmd (__fish_bb_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c bb -n "__fish_bb_needs_command" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_needs_command" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_needs_command" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_needs_command" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_needs_command" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_needs_command" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_needs_command" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_needs_command" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_needs_command" -s V -l version -d 'Print version'
complete -c bb -n "__fish_bb_needs_command" -f -a "db" -d 'Create or describe a master database: init, info'
complete -c bb -n "__fish_bb_needs_command" -f -a "master" -d 'Masters: list, show, register, activate, deactivate, sweep, mark-all-stale (masters connector)'
complete -c bb -n "__fish_bb_needs_command" -f -a "builder" -d 'Builders: list, register (builders connector)'
complete -c bb -n "__fish_bb_needs_command" -f -a "buildset" -d 'Buildsets: add, show, list, recent, complete, properties (buildsets connector)'
complete -c bb -n "__fish_bb_needs_command" -f -a "request" -d 'Build requests: show, list, claim, unclaim, complete (buildrequests connector)'
complete -c bb -n "__fish_bb_needs_command" -f -a "changesource" -d 'Change sources: list, show, register, claim, release, poll (changesources connector)'
complete -c bb -n "__fish_bb_needs_command" -f -a "change" -d 'Changes: list, show (changes connector)'
complete -c bb -n "__fish_bb_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c bb -n "__fish_bb_needs_command" -f -a "man" -d 'Print the manual page (roff) of bb or of one command: bb man request claim | man -l -'
complete -c bb -n "__fish_bb_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bb -n "__fish_bb_using_subcommand db; and not __fish_seen_subcommand_from init info help" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand db; and not __fish_seen_subcommand_from init info help" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand db; and not __fish_seen_subcommand_from init info help" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand db; and not __fish_seen_subcommand_from init info help" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand db; and not __fish_seen_subcommand_from init info help" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand db; and not __fish_seen_subcommand_from init info help" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand db; and not __fish_seen_subcommand_from init info help" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand db; and not __fish_seen_subcommand_from init info help" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand db; and not __fish_seen_subcommand_from init info help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand db; and not __fish_seen_subcommand_from init info help" -f -a "init" -d 'Create Buildbot 4.3\'s schema (revision 067) in a new file; refuses a file that has tables (exit 3)'
complete -c bb -n "__fish_bb_using_subcommand db; and not __fish_seen_subcommand_from init info help" -f -a "info" -d 'Path, schema revision, journal mode and row counts'
complete -c bb -n "__fish_bb_using_subcommand db; and not __fish_seen_subcommand_from init info help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from init" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from init" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from init" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from init" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from init" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from init" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from init" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from init" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from info" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from info" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from info" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from info" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from info" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from info" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from info" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from info" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from info" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "init" -d 'Create Buildbot 4.3\'s schema (revision 067) in a new file; refuses a file that has tables (exit 3)'
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "info" -d 'Path, schema revision, journal mode and row counts'
complete -c bb -n "__fish_bb_using_subcommand db; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bb -n "__fish_bb_using_subcommand master; and not __fish_seen_subcommand_from list show register activate deactivate sweep mark-all-stale help" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand master; and not __fish_seen_subcommand_from list show register activate deactivate sweep mark-all-stale help" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand master; and not __fish_seen_subcommand_from list show register activate deactivate sweep mark-all-stale help" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand master; and not __fish_seen_subcommand_from list show register activate deactivate sweep mark-all-stale help" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand master; and not __fish_seen_subcommand_from list show register activate deactivate sweep mark-all-stale help" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand master; and not __fish_seen_subcommand_from list show register activate deactivate sweep mark-all-stale help" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand master; and not __fish_seen_subcommand_from list show register activate deactivate sweep mark-all-stale help" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand master; and not __fish_seen_subcommand_from list show register activate deactivate sweep mark-all-stale help" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand master; and not __fish_seen_subcommand_from list show register activate deactivate sweep mark-all-stale help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand master; and not __fish_seen_subcommand_from list show register activate deactivate sweep mark-all-stale help" -f -a "list" -d 'List masters (getMasters), in id order'
complete -c bb -n "__fish_bb_using_subcommand master; and not __fish_seen_subcommand_from list show register activate deactivate sweep mark-all-stale help" -f -a "show" -d 'Show one master (getMaster)'
complete -c bb -n "__fish_bb_using_subcommand master; and not __fish_seen_subcommand_from list show register activate deactivate sweep mark-all-stale help" -f -a "register" -d 'Find or create a master by name (findMasterId); a new one is inactive. Without NAME, registers this master (--master, BB_MASTER, or the default name)'
complete -c bb -n "__fish_bb_using_subcommand master; and not __fish_seen_subcommand_from list show register activate deactivate sweep mark-all-stale help" -f -a "activate" -d 'Mark a master active (setMasterState active=true): last_active = --at'
complete -c bb -n "__fish_bb_using_subcommand master; and not __fish_seen_subcommand_from list show register activate deactivate sweep mark-all-stale help" -f -a "deactivate" -d 'Mark a master inactive (setMasterState active=false) and do its housekeeping, even if it was already inactive. Refused (exit 3) while the master is running (active, checked in within 10 minutes of --at) unless --force'
complete -c bb -n "__fish_bb_using_subcommand master; and not __fish_seen_subcommand_from list show register activate deactivate sweep mark-all-stale help" -f -a "sweep" -d 'Expire masters that have not checked in (expireMasters) and housekeep them'
complete -c bb -n "__fish_bb_using_subcommand master; and not __fish_seen_subcommand_from list show register activate deactivate sweep mark-all-stale help" -f -a "mark-all-stale" -d 'Mark every master active with last_active 0 (setAllMastersActiveLongTimeAgo), so the next sweep housekeeps them all'
complete -c bb -n "__fish_bb_using_subcommand master; and not __fish_seen_subcommand_from list show register activate deactivate sweep mark-all-stale help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from list" -l filter -d 'Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin; FIELD=VALUE means eq). Repeatable; filters are ANDed' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from list" -l order -d 'Sort by FIELD, descending with a leading \'-\'. Repeatable' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from list" -l limit -d 'At most N entities' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from list" -l offset -d 'Skip the first N entities' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from list" -l field -d 'Print only FIELD, in tables (absolute times) and JSON. Repeatable, or comma-separated: --field buildrequestid,buildername' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from list" -l at -d 'The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from list" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from list" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from list" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from list" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from list" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from list" -l active -d 'Only active masters'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from list" -l inactive -d 'Only inactive masters'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from list" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from show" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from show" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from show" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from show" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from show" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from show" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from register" -l at -d 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from register" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from register" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from register" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from register" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from register" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from register" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from register" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from register" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from register" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from activate" -l at -d 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from activate" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from activate" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from activate" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from activate" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from activate" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from activate" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from activate" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from activate" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from activate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from deactivate" -l at -d 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from deactivate" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from deactivate" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from deactivate" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from deactivate" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from deactivate" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from deactivate" -l force -d 'Deactivate it even if it is running (active, checked in within 10 minutes)'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from deactivate" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from deactivate" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from deactivate" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from deactivate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from sweep" -l expire-after -d 'Masters whose last_active is older than --at minus this expire: 90s, 10m, 2h, 1d' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from sweep" -l at -d 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from sweep" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from sweep" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from sweep" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from sweep" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from sweep" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from sweep" -l force-housekeeping -d 'Housekeep every expired master, not only those that were still active'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from sweep" -l dry-run -d 'Print what would happen and write nothing'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from sweep" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from sweep" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from sweep" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from sweep" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from mark-all-stale" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from mark-all-stale" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from mark-all-stale" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from mark-all-stale" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from mark-all-stale" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from mark-all-stale" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from mark-all-stale" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from mark-all-stale" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from mark-all-stale" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from help" -f -a "list" -d 'List masters (getMasters), in id order'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one master (getMaster)'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from help" -f -a "register" -d 'Find or create a master by name (findMasterId); a new one is inactive. Without NAME, registers this master (--master, BB_MASTER, or the default name)'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from help" -f -a "activate" -d 'Mark a master active (setMasterState active=true): last_active = --at'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from help" -f -a "deactivate" -d 'Mark a master inactive (setMasterState active=false) and do its housekeeping, even if it was already inactive. Refused (exit 3) while the master is running (active, checked in within 10 minutes of --at) unless --force'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from help" -f -a "sweep" -d 'Expire masters that have not checked in (expireMasters) and housekeep them'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from help" -f -a "mark-all-stale" -d 'Mark every master active with last_active 0 (setAllMastersActiveLongTimeAgo), so the next sweep housekeeps them all'
complete -c bb -n "__fish_bb_using_subcommand master; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bb -n "__fish_bb_using_subcommand builder; and not __fish_seen_subcommand_from list register help" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and not __fish_seen_subcommand_from list register help" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and not __fish_seen_subcommand_from list register help" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and not __fish_seen_subcommand_from list register help" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and not __fish_seen_subcommand_from list register help" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and not __fish_seen_subcommand_from list register help" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand builder; and not __fish_seen_subcommand_from list register help" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand builder; and not __fish_seen_subcommand_from list register help" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand builder; and not __fish_seen_subcommand_from list register help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand builder; and not __fish_seen_subcommand_from list register help" -f -a "list" -d 'List builders (getBuilders), in id order'
complete -c bb -n "__fish_bb_using_subcommand builder; and not __fish_seen_subcommand_from list register help" -f -a "register" -d 'Find or create a builder by name (findBuilderId) and print it'
complete -c bb -n "__fish_bb_using_subcommand builder; and not __fish_seen_subcommand_from list register help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from list" -l filter -d 'Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin; FIELD=VALUE means eq). Repeatable; filters are ANDed' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from list" -l order -d 'Sort by FIELD, descending with a leading \'-\'. Repeatable' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from list" -l limit -d 'At most N entities' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from list" -l offset -d 'Skip the first N entities' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from list" -l field -d 'Print only FIELD, in tables (absolute times) and JSON. Repeatable, or comma-separated: --field buildrequestid,buildername' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from list" -l at -d 'The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from list" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from list" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from list" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from list" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from list" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from list" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from register" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from register" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from register" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from register" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from register" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from register" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from register" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from register" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from register" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from help" -f -a "list" -d 'List builders (getBuilders), in id order'
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from help" -f -a "register" -d 'Find or create a builder by name (findBuilderId) and print it'
complete -c bb -n "__fish_bb_using_subcommand builder; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bb -n "__fish_bb_using_subcommand buildset; and not __fish_seen_subcommand_from add show list recent complete properties help" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and not __fish_seen_subcommand_from add show list recent complete properties help" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and not __fish_seen_subcommand_from add show list recent complete properties help" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and not __fish_seen_subcommand_from add show list recent complete properties help" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and not __fish_seen_subcommand_from add show list recent complete properties help" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and not __fish_seen_subcommand_from add show list recent complete properties help" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand buildset; and not __fish_seen_subcommand_from add show list recent complete properties help" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand buildset; and not __fish_seen_subcommand_from add show list recent complete properties help" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand buildset; and not __fish_seen_subcommand_from add show list recent complete properties help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand buildset; and not __fish_seen_subcommand_from add show list recent complete properties help" -f -a "add" -d 'Add a buildset with a build request per builder (addBuildset)'
complete -c bb -n "__fish_bb_using_subcommand buildset; and not __fish_seen_subcommand_from add show list recent complete properties help" -f -a "show" -d 'Show a buildset with its sourcestamps and properties (getBuildset)'
complete -c bb -n "__fish_bb_using_subcommand buildset; and not __fish_seen_subcommand_from add show list recent complete properties help" -f -a "list" -d 'List buildsets (getBuildsets), in id order'
complete -c bb -n "__fish_bb_using_subcommand buildset; and not __fish_seen_subcommand_from add show list recent complete properties help" -f -a "recent" -d 'The N most recently submitted buildsets, oldest first (getRecentBuildsets)'
complete -c bb -n "__fish_bb_using_subcommand buildset; and not __fish_seen_subcommand_from add show list recent complete properties help" -f -a "complete" -d 'Mark a buildset complete with the given results (completeBuildset). Refused (exit 3) while a running master has claimed one of its requests, unless --force'
complete -c bb -n "__fish_bb_using_subcommand buildset; and not __fish_seen_subcommand_from add show list recent complete properties help" -f -a "properties" -d 'A buildset\'s properties as name -> [value, source] (getBuildsetProperties)'
complete -c bb -n "__fish_bb_using_subcommand buildset; and not __fish_seen_subcommand_from add show list recent complete properties help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l reason -d 'Why these builds are wanted (at most 256 characters)' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l builder -d 'A builder (id or name) to request a build on. Repeatable' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l sourcestamp -d 'A sourcestamp found or created by its values: branch=B,revision=R,repository=U,project=P,codebase=C. Repeatable' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l ssid -d 'An existing sourcestamp id. Repeatable' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l property -d 'A property NAME=JSON (a value that is not JSON is a string). Repeatable' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l property-source -d 'The source recorded with each property' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l external-idstring -d 'An external key for this buildset (at most 256 characters)' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l parent-buildid -d 'The build that triggered this buildset' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l parent-relationship -d 'How this buildset relates to its parent build' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l rebuilt-buildid -d 'The build this buildset rebuilds' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l priority -d 'The build requests\' priority' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l at -d 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l waited-for -d 'Someone waits for these builds (a triggering build)'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l create-builders -d 'Create builders named but not yet known (findBuilderId)'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from show" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from show" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from show" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from show" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from show" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from show" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from list" -l filter -d 'Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin; FIELD=VALUE means eq). Repeatable; filters are ANDed' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from list" -l order -d 'Sort by FIELD, descending with a leading \'-\'. Repeatable' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from list" -l limit -d 'At most N entities' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from list" -l offset -d 'Skip the first N entities' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from list" -l field -d 'Print only FIELD, in tables (absolute times) and JSON. Repeatable, or comma-separated: --field buildrequestid,buildername' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from list" -l at -d 'The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from list" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from list" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from list" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from list" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from list" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from list" -l complete -d 'Only complete buildsets'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from list" -l incomplete -d 'Only incomplete buildsets'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from list" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from recent" -l count -d 'How many buildsets' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from recent" -l branch -d 'Only buildsets with a sourcestamp on this branch' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from recent" -l repository -d 'Only buildsets with a sourcestamp in this repository' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from recent" -l at -d 'The "now" that ages in the table count from: epoch seconds or RFC 3339. Default: now' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from recent" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from recent" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from recent" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from recent" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from recent" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from recent" -l complete -d 'Only complete buildsets'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from recent" -l incomplete -d 'Only incomplete buildsets'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from recent" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from recent" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from recent" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from recent" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from complete" -l results -d 'success, warnings, failure, skipped, exception, retry, cancelled, or 0-6' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from complete" -l at -d 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from complete" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from complete" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from complete" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from complete" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from complete" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from complete" -l force -d 'Complete it even if a running master holds claims on its requests'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from complete" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from complete" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from complete" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from complete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from properties" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from properties" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from properties" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from properties" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from properties" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from properties" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from properties" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from properties" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from properties" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a buildset with a build request per builder (addBuildset)'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show a buildset with its sourcestamps and properties (getBuildset)'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from help" -f -a "list" -d 'List buildsets (getBuildsets), in id order'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from help" -f -a "recent" -d 'The N most recently submitted buildsets, oldest first (getRecentBuildsets)'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from help" -f -a "complete" -d 'Mark a buildset complete with the given results (completeBuildset). Refused (exit 3) while a running master has claimed one of its requests, unless --force'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from help" -f -a "properties" -d 'A buildset\'s properties as name -> [value, source] (getBuildsetProperties)'
complete -c bb -n "__fish_bb_using_subcommand buildset; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bb -n "__fish_bb_using_subcommand request; and not __fish_seen_subcommand_from show list claim unclaim complete help" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand request; and not __fish_seen_subcommand_from show list claim unclaim complete help" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand request; and not __fish_seen_subcommand_from show list claim unclaim complete help" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand request; and not __fish_seen_subcommand_from show list claim unclaim complete help" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand request; and not __fish_seen_subcommand_from show list claim unclaim complete help" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand request; and not __fish_seen_subcommand_from show list claim unclaim complete help" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand request; and not __fish_seen_subcommand_from show list claim unclaim complete help" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand request; and not __fish_seen_subcommand_from show list claim unclaim complete help" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand request; and not __fish_seen_subcommand_from show list claim unclaim complete help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand request; and not __fish_seen_subcommand_from show list claim unclaim complete help" -f -a "show" -d 'Show one build request (getBuildRequest)'
complete -c bb -n "__fish_bb_using_subcommand request; and not __fish_seen_subcommand_from show list claim unclaim complete help" -f -a "list" -d 'List build requests (getBuildRequests), in id order'
complete -c bb -n "__fish_bb_using_subcommand request; and not __fish_seen_subcommand_from show list claim unclaim complete help" -f -a "claim" -d 'Claim build requests for this master, all or nothing (claimBuildRequests)'
complete -c bb -n "__fish_bb_using_subcommand request; and not __fish_seen_subcommand_from show list claim unclaim complete help" -f -a "unclaim" -d 'Release this master\'s claims on build requests (unclaimBuildRequests)'
complete -c bb -n "__fish_bb_using_subcommand request; and not __fish_seen_subcommand_from show list claim unclaim complete help" -f -a "complete" -d 'Complete build requests, all or nothing, and any buildset they finish (completeBuildRequests + maybeBuildsetComplete). Refused (exit 3) for a request a running master has claimed, unless --force'
complete -c bb -n "__fish_bb_using_subcommand request; and not __fish_seen_subcommand_from show list claim unclaim complete help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from show" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from show" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from show" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from show" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from show" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from show" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l builder -d 'Only requests for this builder (id or name)' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l claimed-by -d 'Only requests claimed by this master (id or name)' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l buildset -d 'Only requests of this buildset' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l branch -d 'Only requests whose buildset has a sourcestamp on this branch' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l repository -d 'Only requests whose buildset has a sourcestamp in this repository' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l filter -d 'Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin; FIELD=VALUE means eq). Repeatable; filters are ANDed' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l order -d 'Sort by FIELD, descending with a leading \'-\'. Repeatable' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l limit -d 'At most N entities' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l offset -d 'Skip the first N entities' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l field -d 'Print only FIELD, in tables (absolute times) and JSON. Repeatable, or comma-separated: --field buildrequestid,buildername' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l at -d 'The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l complete -d 'Only complete requests'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l incomplete -d 'Only incomplete requests'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l claimed -d 'Only claimed requests'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l unclaimed -d 'Only unclaimed requests that are not complete (Buildbot\'s definition)'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from claim" -l at -d 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from claim" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from claim" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from claim" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from claim" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from claim" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from claim" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from claim" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from claim" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from claim" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from unclaim" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from unclaim" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from unclaim" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from unclaim" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from unclaim" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from unclaim" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from unclaim" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from unclaim" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from unclaim" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from complete" -l results -d 'success, warnings, failure, skipped, exception, cancelled, or 0-6 (not retry)' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from complete" -l at -d 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from complete" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from complete" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from complete" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from complete" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from complete" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from complete" -l force -d 'Complete them even if a running master holds their claims (its builds will fail)'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from complete" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from complete" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from complete" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from complete" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one build request (getBuildRequest)'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from help" -f -a "list" -d 'List build requests (getBuildRequests), in id order'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from help" -f -a "claim" -d 'Claim build requests for this master, all or nothing (claimBuildRequests)'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from help" -f -a "unclaim" -d 'Release this master\'s claims on build requests (unclaimBuildRequests)'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from help" -f -a "complete" -d 'Complete build requests, all or nothing, and any buildset they finish (completeBuildRequests + maybeBuildsetComplete). Refused (exit 3) for a request a running master has claimed, unless --force'
complete -c bb -n "__fish_bb_using_subcommand request; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bb -n "__fish_bb_using_subcommand changesource; and not __fish_seen_subcommand_from list show register claim release poll help" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and not __fish_seen_subcommand_from list show register claim release poll help" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and not __fish_seen_subcommand_from list show register claim release poll help" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and not __fish_seen_subcommand_from list show register claim release poll help" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and not __fish_seen_subcommand_from list show register claim release poll help" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and not __fish_seen_subcommand_from list show register claim release poll help" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand changesource; and not __fish_seen_subcommand_from list show register claim release poll help" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand changesource; and not __fish_seen_subcommand_from list show register claim release poll help" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand changesource; and not __fish_seen_subcommand_from list show register claim release poll help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand changesource; and not __fish_seen_subcommand_from list show register claim release poll help" -f -a "list" -d 'List change sources (getChangeSources), in id order'
complete -c bb -n "__fish_bb_using_subcommand changesource; and not __fish_seen_subcommand_from list show register claim release poll help" -f -a "show" -d 'Show one change source with the master holding it (getChangeSource)'
complete -c bb -n "__fish_bb_using_subcommand changesource; and not __fish_seen_subcommand_from list show register claim release poll help" -f -a "register" -d 'Find or create a change source by name (findChangeSourceId)'
complete -c bb -n "__fish_bb_using_subcommand changesource; and not __fish_seen_subcommand_from list show register claim release poll help" -f -a "claim" -d 'Claim a change source for this master (setChangeSourceMaster(id, this master)). Refused (exit 3) while another master holds it and is active or was active within the last 10 minutes'
complete -c bb -n "__fish_bb_using_subcommand changesource; and not __fish_seen_subcommand_from list show register claim release poll help" -f -a "release" -d 'Release a change source, whoever holds it (setChangeSourceMaster(id, None)). Refused (exit 3) while a running master holds it, unless --force'
complete -c bb -n "__fish_bb_using_subcommand changesource; and not __fish_seen_subcommand_from list show register claim release poll help" -f -a "poll" -d 'Poll a git repository as Buildbot\'s GitPoller does, recording one change per new commit (or delivering it to a running master\'s base change hook)'
complete -c bb -n "__fish_bb_using_subcommand changesource; and not __fish_seen_subcommand_from list show register claim release poll help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from list" -l claimed-by -d 'Only change sources held by this master (id or name)' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from list" -l filter -d 'Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin; FIELD=VALUE means eq). Repeatable; filters are ANDed' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from list" -l order -d 'Sort by FIELD, descending with a leading \'-\'. Repeatable' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from list" -l limit -d 'At most N entities' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from list" -l offset -d 'Skip the first N entities' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from list" -l field -d 'Print only FIELD, in tables (absolute times) and JSON. Repeatable, or comma-separated: --field buildrequestid,buildername' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from list" -l at -d 'The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from list" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from list" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from list" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from list" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from list" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from list" -l active -d 'Only change sources linked to a master (even an inactive one: conservative, as documented)'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from list" -l inactive -d 'Only change sources linked to no master'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from list" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from show" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from show" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from show" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from show" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from show" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from show" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from register" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from register" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from register" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from register" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from register" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from register" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from register" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from register" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from register" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from claim" -l at -d 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from claim" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from claim" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from claim" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from claim" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from claim" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from claim" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from claim" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from claim" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from claim" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from release" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from release" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from release" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from release" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from release" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from release" -l force -d 'Release it even if a running master holds it (that master keeps polling)'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from release" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from release" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from release" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from release" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -l repourl -d 'The repository to poll, as git understands it; recorded as the changes\' repository' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -l branch -d 'A branch to poll (repeatable). Default: the branch the remote HEAD points at' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -l workdir -d 'The bare repository git fetches into. Default: gitpoller-work beside the database' -r -F
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -l project -d 'The changes\' project. Default: ""' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -l codebase -d 'The changes\' codebase. Default: ""' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -l category -d 'The changes\' category. Default: none' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -l interval -d 'Poll now and then every DUR (10m, 90s) until SIGINT or SIGTERM' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -l at -d 'The time to stamp: epoch seconds or RFC 3339 with a zone. Default: now' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -l deliver -d 'Hand new changes to a running master\'s base change hook (http://host:8010/change_hook/base; https too) instead of writing them' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -l deliver-auth -d 'Basic-auth credentials for --deliver' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from poll" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from help" -f -a "list" -d 'List change sources (getChangeSources), in id order'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one change source with the master holding it (getChangeSource)'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from help" -f -a "register" -d 'Find or create a change source by name (findChangeSourceId)'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from help" -f -a "claim" -d 'Claim a change source for this master (setChangeSourceMaster(id, this master)). Refused (exit 3) while another master holds it and is active or was active within the last 10 minutes'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from help" -f -a "release" -d 'Release a change source, whoever holds it (setChangeSourceMaster(id, None)). Refused (exit 3) while a running master holds it, unless --force'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from help" -f -a "poll" -d 'Poll a git repository as Buildbot\'s GitPoller does, recording one change per new commit (or delivering it to a running master\'s base change hook)'
complete -c bb -n "__fish_bb_using_subcommand changesource; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bb -n "__fish_bb_using_subcommand change; and not __fish_seen_subcommand_from list show help" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand change; and not __fish_seen_subcommand_from list show help" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand change; and not __fish_seen_subcommand_from list show help" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand change; and not __fish_seen_subcommand_from list show help" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand change; and not __fish_seen_subcommand_from list show help" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand change; and not __fish_seen_subcommand_from list show help" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand change; and not __fish_seen_subcommand_from list show help" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand change; and not __fish_seen_subcommand_from list show help" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand change; and not __fish_seen_subcommand_from list show help" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand change; and not __fish_seen_subcommand_from list show help" -f -a "list" -d 'List changes (getChanges), in id order, with files, properties and sourcestamp'
complete -c bb -n "__fish_bb_using_subcommand change; and not __fish_seen_subcommand_from list show help" -f -a "show" -d 'Show one change (getChange)'
complete -c bb -n "__fish_bb_using_subcommand change; and not __fish_seen_subcommand_from list show help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from list" -l filter -d 'Keep entities where FIELD__OP=VALUE (OP: eq ne lt le gt ge contains in notin; FIELD=VALUE means eq). Repeatable; filters are ANDed' -r
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from list" -l order -d 'Sort by FIELD, descending with a leading \'-\'. Repeatable' -r
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from list" -l limit -d 'At most N entities' -r
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from list" -l offset -d 'Skip the first N entities' -r
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from list" -l field -d 'Print only FIELD, in tables (absolute times) and JSON. Repeatable, or comma-separated: --field buildrequestid,buildername' -r
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from list" -l at -d 'The "now" that ages in tables count from: epoch seconds or RFC 3339. Default: now' -r
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from list" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from list" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from list" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from list" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from list" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from list" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from list" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from show" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from show" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from show" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from show" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from show" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from show" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from show" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from help" -f -a "list" -d 'List changes (getChanges), in id order, with files, properties and sourcestamp'
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one change (getChange)'
complete -c bb -n "__fish_bb_using_subcommand change; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bb -n "__fish_bb_using_subcommand completions" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand completions" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand completions" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand completions" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand completions" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand completions" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand completions" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand completions" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand completions" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand man" -l db -d 'The database: a path, or a master.cfg db_url (SQLite or PostgreSQL). Default: ./state.sqlite' -r
complete -c bb -n "__fish_bb_using_subcommand man" -l master -d 'The master bb acts as (id or name). Default: bb@<nodename>:<directory of the database>' -r
complete -c bb -n "__fish_bb_using_subcommand man" -l notify -d 'The web root of a running master (http://host:8010/) to nudge after leaving build requests unclaimed, so that it starts their builds now. Repeatable; BB_NOTIFY takes several, separated by spaces' -r
complete -c bb -n "__fish_bb_using_subcommand man" -l notify-auth -d 'Log in to the --notify masters\' web UI as USER:PASSWORD' -r
complete -c bb -n "__fish_bb_using_subcommand man" -l busy-timeout -d 'How long to wait for another process\'s lock before giving up (exit 5): 5s, 500ms, 1m' -r
complete -c bb -n "__fish_bb_using_subcommand man" -l json -d 'Print one JSON document (REST API shapes) instead of a table'
complete -c bb -n "__fish_bb_using_subcommand man" -l wide -d 'Tables of lists show every field, with absolute times, instead of the usual columns'
complete -c bb -n "__fish_bb_using_subcommand man" -s q -l quiet -d 'Print nothing on stdout on success, and no notes (errors and warnings still go to stderr; --json still prints its document): for cron'
complete -c bb -n "__fish_bb_using_subcommand man" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c bb -n "__fish_bb_using_subcommand help; and not __fish_seen_subcommand_from db master builder buildset request changesource change completions man help" -f -a "db" -d 'Create or describe a master database: init, info'
complete -c bb -n "__fish_bb_using_subcommand help; and not __fish_seen_subcommand_from db master builder buildset request changesource change completions man help" -f -a "master" -d 'Masters: list, show, register, activate, deactivate, sweep, mark-all-stale (masters connector)'
complete -c bb -n "__fish_bb_using_subcommand help; and not __fish_seen_subcommand_from db master builder buildset request changesource change completions man help" -f -a "builder" -d 'Builders: list, register (builders connector)'
complete -c bb -n "__fish_bb_using_subcommand help; and not __fish_seen_subcommand_from db master builder buildset request changesource change completions man help" -f -a "buildset" -d 'Buildsets: add, show, list, recent, complete, properties (buildsets connector)'
complete -c bb -n "__fish_bb_using_subcommand help; and not __fish_seen_subcommand_from db master builder buildset request changesource change completions man help" -f -a "request" -d 'Build requests: show, list, claim, unclaim, complete (buildrequests connector)'
complete -c bb -n "__fish_bb_using_subcommand help; and not __fish_seen_subcommand_from db master builder buildset request changesource change completions man help" -f -a "changesource" -d 'Change sources: list, show, register, claim, release, poll (changesources connector)'
complete -c bb -n "__fish_bb_using_subcommand help; and not __fish_seen_subcommand_from db master builder buildset request changesource change completions man help" -f -a "change" -d 'Changes: list, show (changes connector)'
complete -c bb -n "__fish_bb_using_subcommand help; and not __fish_seen_subcommand_from db master builder buildset request changesource change completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c bb -n "__fish_bb_using_subcommand help; and not __fish_seen_subcommand_from db master builder buildset request changesource change completions man help" -f -a "man" -d 'Print the manual page (roff) of bb or of one command: bb man request claim | man -l -'
complete -c bb -n "__fish_bb_using_subcommand help; and not __fish_seen_subcommand_from db master builder buildset request changesource change completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "init" -d 'Create Buildbot 4.3\'s schema (revision 067) in a new file; refuses a file that has tables (exit 3)'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from db" -f -a "info" -d 'Path, schema revision, journal mode and row counts'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from master" -f -a "list" -d 'List masters (getMasters), in id order'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from master" -f -a "show" -d 'Show one master (getMaster)'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from master" -f -a "register" -d 'Find or create a master by name (findMasterId); a new one is inactive. Without NAME, registers this master (--master, BB_MASTER, or the default name)'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from master" -f -a "activate" -d 'Mark a master active (setMasterState active=true): last_active = --at'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from master" -f -a "deactivate" -d 'Mark a master inactive (setMasterState active=false) and do its housekeeping, even if it was already inactive. Refused (exit 3) while the master is running (active, checked in within 10 minutes of --at) unless --force'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from master" -f -a "sweep" -d 'Expire masters that have not checked in (expireMasters) and housekeep them'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from master" -f -a "mark-all-stale" -d 'Mark every master active with last_active 0 (setAllMastersActiveLongTimeAgo), so the next sweep housekeeps them all'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from builder" -f -a "list" -d 'List builders (getBuilders), in id order'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from builder" -f -a "register" -d 'Find or create a builder by name (findBuilderId) and print it'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from buildset" -f -a "add" -d 'Add a buildset with a build request per builder (addBuildset)'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from buildset" -f -a "show" -d 'Show a buildset with its sourcestamps and properties (getBuildset)'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from buildset" -f -a "list" -d 'List buildsets (getBuildsets), in id order'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from buildset" -f -a "recent" -d 'The N most recently submitted buildsets, oldest first (getRecentBuildsets)'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from buildset" -f -a "complete" -d 'Mark a buildset complete with the given results (completeBuildset). Refused (exit 3) while a running master has claimed one of its requests, unless --force'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from buildset" -f -a "properties" -d 'A buildset\'s properties as name -> [value, source] (getBuildsetProperties)'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from request" -f -a "show" -d 'Show one build request (getBuildRequest)'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from request" -f -a "list" -d 'List build requests (getBuildRequests), in id order'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from request" -f -a "claim" -d 'Claim build requests for this master, all or nothing (claimBuildRequests)'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from request" -f -a "unclaim" -d 'Release this master\'s claims on build requests (unclaimBuildRequests)'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from request" -f -a "complete" -d 'Complete build requests, all or nothing, and any buildset they finish (completeBuildRequests + maybeBuildsetComplete). Refused (exit 3) for a request a running master has claimed, unless --force'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from changesource" -f -a "list" -d 'List change sources (getChangeSources), in id order'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from changesource" -f -a "show" -d 'Show one change source with the master holding it (getChangeSource)'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from changesource" -f -a "register" -d 'Find or create a change source by name (findChangeSourceId)'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from changesource" -f -a "claim" -d 'Claim a change source for this master (setChangeSourceMaster(id, this master)). Refused (exit 3) while another master holds it and is active or was active within the last 10 minutes'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from changesource" -f -a "release" -d 'Release a change source, whoever holds it (setChangeSourceMaster(id, None)). Refused (exit 3) while a running master holds it, unless --force'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from changesource" -f -a "poll" -d 'Poll a git repository as Buildbot\'s GitPoller does, recording one change per new commit (or delivering it to a running master\'s base change hook)'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from change" -f -a "list" -d 'List changes (getChanges), in id order, with files, properties and sourcestamp'
complete -c bb -n "__fish_bb_using_subcommand help; and __fish_seen_subcommand_from change" -f -a "show" -d 'Show one change (getChange)'
