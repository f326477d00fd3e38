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


_PARENT_GOES_FIRST = """
import sys, threading
from PySide6.QtWidgets import QApplication, QWidget
from shiboken6 import Shiboken
from desktop.ui.export.worker import Worker, wait_for_running_jobs

app = QApplication([])
parent = QWidget()
results = []
release = threading.Event()
done = threading.Event()

def job(_worker):
    release.wait(10)
    done.set()
    return 42

worker = Worker(job)
worker.succeeded.connect(results.append)
worker.start(parent)
thread = worker.job_thread
del worker
# The dialog goes (closed with WA_DeleteOnClose, or its window closed) while the job still runs.
Shiboken.delete(parent)
release.set()
assert wait_for_running_jobs(10_000), "the job did not end"
assert done.is_set()
print("job ended", flush=True)
"""


def test_a_job_outlives_the_widget_that_started_it(tmp_path) -> None:
    """Deleting the dialog under a running job aborted the whole app ("QThread: Destroyed while
    thread is still running"), seen as a flaky abort of the UI tests: the thread was the dialog's
    child. The job now runs to its end (a package being signed is not lost) and nothing aborts."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    script = tmp_path / "parent_goes_first.py"
    script.write_text(_PARENT_GOES_FIRST, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(Path(__file__).parents[3])}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "job ended" in done.stdout
