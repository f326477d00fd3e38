"""`ct20`: the parser and the entry point (cli.md). Never imports Qt; without a command it opens the app."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from desktop import __version__
from desktop.cli.common import EXIT_USAGE, CliError
from desktop.i18n import N_, LocalizedError, Message, _, normalize_language, pick, set_language


def cmd_gui(args: argparse.Namespace) -> int:
    from desktop.app import run_app

    return run_app(db=args.db, report=getattr(args, "report", None),
                   screenshot=getattr(args, "screenshot", None), lang=getattr(args, "explicit_lang", None),
                   open_files=getattr(args, "open_files", None) or ())


# ---- parser ---------------------------------------------------------------------------------

def _global_options(parser: argparse.ArgumentParser, *, top: bool) -> None:
    default = None if top else argparse.SUPPRESS
    parser.add_argument("--db", metavar="PATH", default=default,
                        help=_("the SQLite store (default: CT20_DB or the per-user data folder)"))
    parser.add_argument("--inbox-url", metavar="URL", default=default,
                        help=_("the shared Inbox on a PostgreSQL server, postgresql://user@server/database "
                               "(default: CT20_INBOX_URL or the app's setting); your own reports stay local"))
    parser.add_argument("--inbox-ca", metavar="CA.pem", default=default,
                        help=_("the CA certificate of the Inbox server (TLS, sslmode=verify-full)"))
    parser.add_argument("--lang", choices=("vi", "en"), default="vi" if top else argparse.SUPPRESS,
                        help=_("language of messages (default vi)"))
    parser.add_argument("--json", action="store_true", default=False if top else argparse.SUPPRESS,
                        help=_("print machine-readable JSON"))
    parser.add_argument("--debug", action="store_true", default=False if top else argparse.SUPPRESS,
                        help=_("show the full traceback of an unexpected error"))


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one sentence on stderr, exit 2
        raise CliError(Message(N_("{problem} (see --help)"), problem=message))


def build_parser(*, gui_only: bool = False) -> argparse.ArgumentParser:
    """The whole command line; `gui_only` leaves out every command but `gui` (what opening the
    window needs: the ~45 other sub-parsers cost a noticeable part of the app's start)."""
    parser = _Parser(prog="ct20", description=_("CT20 Desktop: reports under Directive 20/CT-TTg."))
    parser.add_argument("--version", action="version", version=f"ct20 {__version__}")
    _global_options(parser, top=True)
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)

    def sub(group: Any, name: str, help_text: str, func: Callable[[Any], int]) -> argparse.ArgumentParser:
        p = group.add_parser(name, help=help_text, description=help_text)
        _global_options(p, top=False)
        p.set_defaults(func=func)
        return p

    def group(parent: Any, name: str, help_text: str) -> Any:  # argparse's private _SubParsersAction
        parser = parent.add_parser(name, help=help_text)
        return parser.add_subparsers(dest="action", required=True, parser_class=_Parser)

    if not gui_only:
        _register_commands(commands, sub, group)
    p = sub(commands, "gui", _("open the desktop application"), cmd_gui)
    p.add_argument("--report", metavar="ID")
    p.add_argument("--screenshot", metavar="PNG")
    p.add_argument("--open", dest="open_files", action="append", metavar="FILE",
                   help=_("open a package (.asice): a report package in the Inbox, a receipt on its report"))
    return parser


def _register_commands(commands: Any, sub: Callable[..., argparse.ArgumentParser], group: Callable[..., Any]) -> None:
    # the command modules are imported here: opening the window (gui_only) needs none of them
    from desktop.cli import export as export_commands
    from desktop.cli import inbox as inbox_commands
    from desktop.cli import inbox_server as inbox_server_commands
    from desktop.cli import receipts as receipt_commands
    from desktop.cli import reports as report_commands
    from desktop.cli import requests as request_commands
    from desktop.cli import signers as signer_commands
    from desktop.cli import trust as trust_commands

    report = report_commands.register(commands, sub, group)
    export_commands.register(report, sub)
    trust_commands.register(commands, sub)
    inbox = inbox_commands.register(commands, sub)
    receipt_commands.register_inbox_receipts(inbox, sub)
    receipt_commands.register_reporter_receipts(commands, sub)
    inbox_server_commands.register(inbox, sub)
    request_commands.register_inbox_requests(inbox, sub)
    request_commands.register_reporter_requests(commands, sub)
    signer_commands.register(commands, sub)


_VALUED = ("--db", "--lang")  # the global options that take a value
_GLOBAL_VALUED = ("--db", "--lang", "--inbox-url", "--inbox-ca")
_GLOBAL_FLAGS = ("--json", "--debug")


def opens_window(argv: Sequence[str]) -> bool:
    """True when argv is `[global options] [gui ...]`, spelled out in full (no help, no version,
    no abbreviated option): the window opens, and the parser of `gui` alone reads it exactly as
    the whole one would."""
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _GLOBAL_VALUED:
            i += 2
        elif arg in _GLOBAL_FLAGS or arg.startswith(tuple(f"{o}=" for o in _GLOBAL_VALUED)):
            i += 1
        elif arg == "gui":
            return not any(a in ("-h", "--help") for a in argv[i + 1:])
        else:
            return False
    return True


_GLOBAL_DEST = {"--db": "db", "--lang": "lang", "--inbox-url": "inbox_url", "--inbox-ca": "inbox_ca",
                "--json": "json", "--debug": "debug"}
_GUI_DEST = {"--report": "report", "--screenshot": "screenshot", "--open": "open_files"}


def read_window_arguments(argv: Sequence[str]) -> argparse.Namespace | None:
    """The window's command line (`opens_window`) read as the parser reads it, without building
    the parser: argparse looks each of its texts up in gettext's catalogues (and imports locale to
    do so) and costs the start about as much as a tenth of a bare Qt window. None for anything
    this reader does not take word for word (a value that looks like an option, an unknown
    language, "--"...): the parser then reads it, and says what is wrong the way it always did."""
    values: dict[str, Any] = {"db": None, "inbox_url": None, "inbox_ca": None, "lang": "vi", "json": False,
                              "debug": False, "command": None}
    i = 0
    while i < len(argv):
        name, eq, inline = argv[i].partition("=")
        dest = _GLOBAL_DEST.get(name) or (_GUI_DEST.get(name) if values["command"] else None)
        if dest in ("json", "debug") and not eq:
            values[dest] = True
            i += 1
        elif dest is not None and dest not in ("json", "debug"):
            if eq:
                value, i = inline, i + 1
            elif i + 1 < len(argv):
                value, i = argv[i + 1], i + 2
            else:
                return None
            if value.startswith("-"):
                return None
            if dest == "open_files":
                values["open_files"] = [*(values["open_files"] or []), value]
            else:
                values[dest] = value
        elif argv[i] == "gui" and not values["command"]:
            values.update(command="gui", func=cmd_gui, report=None, screenshot=None, open_files=None)
            i += 1
        else:
            return None
    return argparse.Namespace(**values) if values["lang"] in ("vi", "en") else None


def bare_packages(argv: Sequence[str]) -> list[str] | None:
    """`ct20 [global options] FILE.asice...` (what Windows runs for a double-clicked package) as
    `ct20 [global options] gui --open FILE...`; None when argv is anything else."""
    options: list[str] = []
    files: list[str] = []
    i = 0
    while i < len(argv):
        arg = argv[i]
        if arg in _VALUED and i + 1 < len(argv):
            options += argv[i:i + 2]
            i += 2
            continue
        if arg.startswith(tuple(f"{o}=" for o in _VALUED)) or arg in ("--json", "--debug"):
            options.append(arg)
        elif arg.lower().endswith(".asice") and not arg.startswith("-"):
            files.append(arg)
        else:
            return None
        i += 1
    if not files:
        return None
    return [*options, "gui", *(item for f in files for item in ("--open", f))]


def _language_from(argv: Sequence[str]) -> str | None:
    """The language asked for with --lang or CT20_LANG; None when the user did not choose."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return os.environ.get("CT20_LANG") or None


def _utf8_streams() -> None:
    """JSON and Vietnamese text go out as UTF-8 even when Windows redirects stdout to a file."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    _utf8_streams()
    explicit_lang = _language_from(argv)
    lang = set_language(normalize_language(explicit_lang))
    debug = "--debug" in argv
    argv = bare_packages(argv) or argv
    # The window's start runs without cyclic garbage collection until its first paint
    # (desktop.app.resume_collection ends the pause there, before any dialog, and on every way out).
    paused = opens_window(argv) and gc.isenabled()
    if paused:
        gc.disable()
    try:
        window = opens_window(argv)
        args = (read_window_arguments(argv) if window else None) or build_parser(gui_only=window).parse_args(argv)
        args.explicit_lang = normalize_language(explicit_lang) if explicit_lang else None
        if not getattr(args, "func", None):
            if args.command is None:
                return cmd_gui(args)
            raise CliError(Message(N_("Missing command (see --help).")))
        args.lang = lang
        return args.func(args)
    except CliError as exc:
        _error(exc.message.render(lang))
        return exc.code
    except LocalizedError as exc:
        if debug:
            raise
        path = getattr(exc, "path", None)
        text = exc.render(lang)
        _error(f"{path}: {text}" if path else text)
        return EXIT_USAGE
    except KeyboardInterrupt:
        _error(_("Interrupted."))
        return 130
    except Exception as exc:  # the last line of defence: one sentence, not a traceback
        if debug:
            raise
        _error(_("Unexpected error: {error} (run again with --debug for details).").format(error=exc))
        return EXIT_USAGE
    finally:
        if paused:
            gc.enable()


def _error(text: str) -> None:
    sys.stderr.write(text.rstrip() + "\n")


__all__ = ["build_parser", "main", "pick"]
