"""A background job's worker outlives the UI's reference until its thread has ended, then goes."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from desktop.ui.export import worker as worker_module
from desktop.ui.export.worker import Worker


def test_a_finished_worker_is_kept_until_its_thread_ends_then_released(qtbot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    results: list[object] = []
    job = Worker(lambda _w: 42)
    job.succeeded.connect(results.append)
    job.start(parent)
    thread = job.job_thread
    assert job in worker_module._RUNNING
    del job  # what the pages do when `succeeded` arrives: the thread may still be ending
    qtbot.waitUntil(lambda: results == [42], timeout=10_000)
    assert thread is not None
    qtbot.waitUntil(lambda: thread.isFinished() and not worker_module._RUNNING, timeout=10_000)
