"""Processes to kill: a "zygote" child imports the code under test once, then forks a worker
for each round on request, so that a test can SIGKILL dozens of real processes in seconds.

Protocol (lines of JSON): the test writes `{"work": NAME, "args": [...]}` to the zygote's stdin;
the zygote forks and answers `{"forked": PID}`; the worker runs `workers.NAME(*args, say)` and
reports with `say(event, **facts)` as `{"pid": PID, "event": ..., ...}` on the same stdout. The
zygote is single-threaded and has never started an event loop or Qt, so forking it is safe.
POSIX only (fork, SIGKILL).
"""

from __future__ import annotations

import functools
import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]


class Worker:
    def __init__(self, zygote: Zygote, pid: int) -> None:
        self.zygote, self.pid = zygote, pid
        self.dead = False

    def wait_for(self, event: str, timeout: float = 30) -> dict[str, Any]:
        """The worker's next message of kind `event` (an `error` message fails the test at once)."""
        deadline = time.monotonic() + timeout
        while True:
            message = self.zygote.next_message(self.pid, deadline)
            if message["event"] == "error":
                raise AssertionError(f"worker {self.pid} failed: {message['error']}")
            if message["event"] == event:
                return message

    def _still_ours(self) -> bool:
        """Whether the pid is still this worker (a child of the zygote), not a reused pid."""
        if self.dead:
            return False
        try:
            stat = Path(f"/proc/{self.pid}/stat").read_text()
        except FileNotFoundError:
            return not Path("/proc/self").exists()  # no /proc (macOS): trust the pid
        return int(stat.rsplit(")", 1)[1].split()[1]) == self.zygote.process.pid

    def kill(self) -> None:
        """SIGKILL, then wait until the process is gone (the zygote reaps it)."""
        if not self._still_ours():
            self.dead = True
            return
        try:
            os.kill(self.pid, signal.SIGKILL)
        except ProcessLookupError:
            self.dead = True
            return
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                self.dead = True
                return
            time.sleep(0.002)
        raise AssertionError(f"worker {self.pid} did not die")


class Zygote:
    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.faults.zygote"], cwd=REPO, env=env, text=True, bufsize=1,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        )
        self._messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self._pending: list[dict[str, Any]] = []
        self.workers: list[Worker] = []
        threading.Thread(target=self._read, daemon=True).start()
        first = self._messages.get(timeout=60)
        assert first.get("event") == "zygote-ready", first

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.startswith("{"):
                self._messages.put(json.loads(line))

    def next_message(self, pid: int | None, deadline: float) -> dict[str, Any]:
        for index, message in enumerate(self._pending):
            if message.get("pid") == pid:
                return self._pending.pop(index)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(f"no message from {pid} in time")
            try:
                message = self._messages.get(timeout=remaining)
            except queue.Empty:
                continue
            if message.get("pid") == pid:
                return message
            self._pending.append(message)

    def fork(self, work: str, *args: Any) -> Worker:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"work": work, "args": [str(a) for a in args]}) + "\n")
        self.process.stdin.flush()
        answer = self.next_message(None, time.monotonic() + 30)
        worker = Worker(self, int(answer["forked"]))
        self.workers.append(worker)
        return worker

    def close(self) -> None:
        for worker in self.workers:  # a test that failed half-way leaves none running
            worker.kill()
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def __enter__(self) -> Zygote:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _say(pid: int | None, event: str, **facts: Any) -> None:
    line = json.dumps({"pid": pid, "event": event, **facts}) + "\n"
    os.write(1, line.encode())  # one write per line: lines from several processes never interleave


def main() -> None:
    from tests.faults import workers  # the expensive imports, done once before any fork

    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps killed workers at once
    _say(None, "zygote-ready")
    for line in sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            me = os.getpid()
            say = functools.partial(_say, me)
            try:
                getattr(workers, request["work"])(*request["args"], say=say)
                _say(me, "done")
            except BaseException as exc:  # reported to the test, which fails with it
                _say(me, "error", error=f"{type(exc).__name__}: {exc}")
                os._exit(1)
            os._exit(0)
        _say(None, "forked", forked=pid)


if __name__ == "__main__":
    main()
