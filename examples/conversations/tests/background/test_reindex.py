"""Runs before the e2e tests. Its worker outlives the test (a leak the suite
does not notice) and holds the model lock in bursts, the contention that the
manual report blamed on 'the full suite'."""

import random
import threading
import time

from app.conversation import SlowModel


def _busy_worker(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        with SlowModel.lock:
            time.sleep(random.uniform(0.05, 0.28))
        time.sleep(0.05)


def test_background_reindex_starts():
    worker = threading.Thread(target=_busy_worker, args=(1.5,), daemon=True)
    worker.start()
    assert worker.is_alive()
