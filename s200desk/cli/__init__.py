"""The ``s200desk`` command line: the same services, key and settings as the desktop app.

Commands::

    s200desk post --to PLATFORM:@handle [--to …] --text TEXT [--media URL|FILE_ID|PATH …]
                  [--at "2026-12-01 09:00" | --at 2026-12-01T09:00:00+01:00]
                  [--option platform.key=value …] [--options JSON]
    s200desk import FILE.csv [--dry-run]      columns: platform, account, text, media
                                              (URLs or file ids, '|'-separated), scheduled_for,
                                              options (JSON)
    s200desk posts list [--platform P] [--status S] [--limit N] [--json]
    s200desk posts show ID | posts cancel ID | posts reschedule ID --at WHEN
    s200desk posts edit ID [--text T] [--at WHEN] [--option PLATFORM.KEY=VALUE …] [--media …]
                                              a move or an edit keeps everything else the post
                                              has; --json prints the new post id
    s200desk outbox [list] [--state S] [--json] | outbox retry ID | outbox discard ID
    s200desk outbox run                       send whatever is waiting, then exit
    s200desk media upload PATH|URL … | media list   the media library (prints file ids)
    s200desk queue slots PLATFORM:@handle [--set "mon-fri 09:00,13:00"] [--block YYYY-MM-DD …]
                                              a profile's weekly slots, read in --zone (or the
                                              settings' zone) and kept with that zone
    s200desk queue next PLATFORM:@handle [--count N]   its next free slots; --json:
                                              {"times": [ISO-8601 UTC, …]}
    s200desk post … --queue                   instead of --at: each --to profile gets its own
                                              next free slot (not within 5 minutes of another
                                              post, not on a blocked date or a full day)
    s200desk post … --at WHEN --repeat RULE [--until WHEN | --count N] [--horizon DAYS]
                                              one series per --to profile, first post at --at;
                                              RULE: daily, weekdays, weekly, monthly or an RRULE
                                              ('FREQ=WEEKLY;BYDAY=MO,WE'); the posts within the
                                              horizon (default 30 days) are created and sent
    s200desk series list | series top-up | series skip ID WHEN|DATE | series cancel ID
                                              top-up creates what the horizons now reach and
                                              sends it; safe to run any number of times (cron)
    s200desk series edit ID [--text T] [--repeat RULE]
                                              every future post changes; past ones stay

Every write goes through the durable outbox, so an interrupted command loses nothing: run it
again (an import is keyed by the file's hash and row number, so a re-run resumes instead of
posting twice), or ``s200desk outbox run``.

Local files are checked by content, uploaded to the workspace's media host (the emulator in demo
mode; an S3-compatible bucket set up in the app otherwise) and ingested through the outbox; a CSV's
relative paths are read from the CSV's folder.

Times without an offset are read in the settings' time zone (``--zone`` overrides). In a DST gap
(02:30 on a spring-forward night) the time moves forward by the gap (03:30); a time that happens
twice (fall-back night) takes the earlier instant unless ``--overlap later``.

Exit codes (stable; scripts may rely on them):

    0  everything was done (or queued for the next day by the daily cap)
    1  some items failed or need attention (the rest was done); see ``s200desk outbox``
    2  usage, validation or set-up error (an unknown command, a bad CSV, an http:// server
       address, a folder that cannot be written): nothing was sent
    3  authentication: no API key, a key that is not a Status 200 key (``rl_…``), the key was
       refused, or what waits in the outbox was queued under another key or server (it is
       never sent with this one)
    4  offline: the server could not be reached; what was recorded is sent next time
    5  unexpected error (a bug): the details are in the log file; what was recorded is kept
  130  interrupted (Ctrl+C); what was recorded is sent next time

An unknown command (``s200desk pots list``) exits 2 with the list of commands; it never starts the
desktop app. Whatever stops a command is said in one line on stderr (``cli/failures.py``).
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_SOME_FAILED = 1
EXIT_USAGE = 2
EXIT_AUTH = 3
EXIT_OFFLINE = 4
EXIT_INTERNAL = 5

HELP_EPILOG = """\
exit codes:
  0  everything was done (or queued for the next day by the daily cap)
  1  some items failed or need attention; see 's200desk outbox'
  2  usage, validation or set-up error (unknown command, bad CSV, http:// server
     address, unwritable folder): nothing was sent
  3  authentication: no API key, a key not starting with rl_, the key was refused, or
     what waits was queued under another key or server
  4  offline: the server could not be reached; recorded items are sent next time
  5  unexpected error (a bug): details in the log file; recorded items are kept
130  interrupted (Ctrl+C); recorded items are sent next time

The key comes from S200_API_KEY or the active workspace's keyring entry; S200_BASE_URL and
S200_SITE_URL override the settings' URLs."""


def main(argv: list[str]) -> int:
    """Run one command (``argv`` without the program name); returns the exit code."""
    from s200desk.cli.commands import run

    return run(argv)


__all__ = [
    "EXIT_AUTH",
    "EXIT_INTERNAL",
    "EXIT_OFFLINE",
    "EXIT_OK",
    "EXIT_SOME_FAILED",
    "EXIT_USAGE",
    "HELP_EPILOG",
    "main",
]
