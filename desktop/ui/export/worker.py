"""Slow work (signing, reading a token) in a QThread, so the window never freezes.

`Worker(job)` runs `job(worker)` in its own thread; the job reports with `worker.report(...)`
and polls `worker.cancelled()`. Results come back as signals, delivered in the UI thread:
connect them to methods of QObjects (a bare lambda would run in the worker's thread).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QThread, Signal, Slot

from desktop.ui.signals import emit

log = logging.getLogger(__name__)


def wait_for_running_jobs(ms: int = 60_000) -> bool:
    """Block until every job still running has ended (the application is quitting); True if all did.

    A QThread still running when the interpreter tears it down aborts the process, and a job cut
    short may be a package half written: quitting waits for them (bounded by `ms`).
    """
    deadline = QDeadlineTimer(ms)
    for worker in list(_RUNNING):
        thread = worker.job_thread
        if thread is not None and not thread.wait(deadline):
            return False
    return True


def _finished(_worker: Worker) -> None:
    raise RuntimeError("this job has already run")


_RUNNING: set[Worker] = set()  # workers whose thread has not finished yet


class Worker(QObject):
    progressed = Signal(float, str)  # fraction done, what is being done
    succeeded = Signal(object)  # the job's result
    failed = Signal(object)  # the exception the job raised
    asked = Signal(str)  # a question for the user (e.g. a warning to confirm); reply with `answer`

    def __init__(self, job: Callable[[Worker], Any]) -> None:
        super().__init__()
        self._job = job
        self._cancel = threading.Event()
        self._answered = threading.Event()
        self._answer = False
        self.job_thread: QThread | None = None

    # -- called from the job, in the worker's thread

    def report(self, fraction: float, text: str) -> None:
        emit(self.progressed, fraction, text)

    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def ask(self, text: str) -> bool:
        """Ask the user and wait for the reply (False when the job is cancelled meanwhile)."""
        self._answered.clear()
        emit(self.asked, text)
        while not self._answered.wait(0.1):
            if self.cancelled():
                return False
        return self._answer

    # -- called from the UI thread

    def cancel(self) -> None:
        self._cancel.set()

    def answer(self, yes: bool) -> None:
        self._answer = yes
        self._answered.set()

    def start(self, parent: QObject) -> None:
        """Run the job for `parent` (a dialog, a page).

        The thread is deliberately not `parent`'s child: a dialog deleted under a running job
        (closed with WA_DeleteOnClose, its window closed) took a running QThread with it, and Qt
        aborts the whole application then ("QThread: Destroyed while thread is still running").
        The job runs to its end instead (a package being signed is not lost); its results go
        nowhere once their receivers are gone, as Qt disconnects deleted receivers.
        """
        del parent  # kept in the signature: who starts a job says so; the thread belongs to the worker
        thread = QThread()
        self.job_thread = thread
        self.moveToThread(thread)
        thread.started.connect(self._run)
        # The UI drops its reference when `succeeded`/`failed` arrives, while this thread may still
        # be ending inside `_run`: deleting the object then crashed the thread (a segfault seen in a
        # CI run). The worker keeps itself alive until its thread has finished; the release runs
        # on the UI thread, where `_run` moved the object back.
        _RUNNING.add(self)
        thread.finished.connect(self._thread_ended)
        thread.start()

    @Slot()
    def _thread_ended(self) -> None:
        # `finished` is emitted by the thread just before it ends: let it end before the last
        # reference to the QThread can go.
        if self.job_thread is not None:
            self.job_thread.wait()
        _RUNNING.discard(self)

    def running(self) -> bool:
        return self.job_thread is not None and self.job_thread.isRunning()

    def wait(self, ms: int = 60_000) -> bool:
        """Block until the job has ended (used when a dialog closes under a running job)."""
        return self.job_thread is None or self.job_thread.wait(ms)

    @Slot()
    def _run(self) -> None:
        try:
            result = self._job(self)
        except Exception as exc:  # every failure goes back to the UI, none is lost in the thread
            if not hasattr(exc, "render"):
                log.exception("background job failed")
            emit(self.failed, exc)
        else:
            emit(self.succeeded, result)
        finally:
            self._job = _finished  # drop what the job holds (a PIN or password among it)
            app = QCoreApplication.instance()
            if app is not None:  # back to the UI thread, which owns and deletes this object
                self.moveToThread(app.thread())
            if self.job_thread is not None:
                self.job_thread.quit()
