"""The frozen app's entry point, shared by `ct20` (windowed on Windows) and `ct20-cli` (console).

Both run the `ct20` command (`desktop.cli.main`): without arguments it opens the application.
A windowed Windows program has no console, so `sys.stdout`/`sys.stderr` are None and the first
message the CLI prints (an error, `--help`, the screenshot's complaint) would crash it; they are
given a log file in the data folder instead (beside the executable in portable mode).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import faulthandler
import os
import sys
from typing import TextIO

LOG_NAME = "ct20.log"
# Held while the program runs; the installer's AppMutex (packaging/ct20.iss) waits for it, so an
# upgrade never replaces files under a running CT20.
APP_MUTEX = "CT20Desktop.Running"
# The same name in the global namespace too: setup run for all users by IT (another session,
# e.g. over Remote Desktop) sees a CT20 running in any session.
APP_MUTEXES = (APP_MUTEX, "Global\\" + APP_MUTEX)
MAX_LOG_BYTES = 1_000_000
# Set by packaging/smoke.py: the file where each run appends the names of the modules it imported,
# so that the modules the bundle carries can be compared with those the programs really use.
IMPORT_LOG_VARIABLE = "CT20_IMPORT_LOG"


_MUTEX: object | None = None


def open_log() -> TextIO:
    """`ct20.log` in the logs folder, appended to; one older file is kept once it grows too big."""
    from desktop.paths import logs_dir

    try:
        folder = logs_dir()
        folder.mkdir(parents=True, exist_ok=True)
        log = folder / LOG_NAME
        if log.exists() and log.stat().st_size > MAX_LOG_BYTES:
            os.replace(log, folder / (LOG_NAME + ".1"))
        return open(log, "a", encoding="utf-8", errors="backslashreplace", buffering=1)
    except OSError:  # a read-only folder: better silent than crashing
        return open(os.devnull, "w", encoding="utf-8")


def give_streams_a_home() -> TextIO | None:
    """Point missing standard streams at the log; returns the log when it was needed."""
    if sys.stdout is not None and sys.stderr is not None:
        return None
    from desktop import __version__

    stream = open_log()
    stream.write(f"--- {dt.datetime.now().isoformat(timespec='seconds')} ct20 {__version__} {sys.argv[1:]}\n")
    if sys.stdout is None:
        sys.stdout = stream
    if sys.stderr is None:
        sys.stderr = stream
    with contextlib.suppress(OSError, ValueError, RuntimeError):
        faulthandler.enable(stream)  # a crash inside Qt leaves its Python traceback in the log
    return stream


def hold_app_mutex() -> object | None:
    """Windows: create the named mutexes the installer looks for; kept open until the process ends."""
    if sys.platform != "win32":
        return None
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    kernel32.CreateMutexW.restype = ctypes.c_void_p
    kernel32.CreateMutexW.argtypes = [ctypes.c_void_p, ctypes.c_bool, ctypes.c_wchar_p]
    # several holders are fine: not an instance lock
    return [kernel32.CreateMutexW(None, False, name) for name in APP_MUTEXES]


def log_imports_at_exit(environ: dict[str, str] | None = None) -> None:
    """With CT20_IMPORT_LOG set, append the imported modules' names to that file when the program ends."""
    target = (os.environ if environ is None else environ).get(IMPORT_LOG_VARIABLE)
    if not target:
        return
    import atexit

    def write() -> None:
        with contextlib.suppress(OSError), open(target, "a", encoding="utf-8") as log:
            log.write("".join(f"{name}\n" for name in sorted(sys.modules)))

    atexit.register(write)


def main() -> int:
    global _MUTEX
    log_imports_at_exit()
    _MUTEX = hold_app_mutex()
    give_streams_a_home()
    from desktop.cli import main as ct20

    return ct20()


if __name__ == "__main__":
    sys.exit(main())
