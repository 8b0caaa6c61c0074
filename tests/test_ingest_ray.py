"""`ingest --engine ray`: the fixture corpus read and processed by a local Ray Data actor pool (2
actors) stores exactly what the single-process ingest stores, and a worker killed mid-run loses
nothing a rerun does not complete. Skipped where Ray is not installed or cannot start."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from serving import table_rows

from frontlines.ingest import ingest
from frontlines.merge.control import control_timelines
from frontlines.merge.events import merge_stored_events
from frontlines.store import Store

ray = pytest.importorskip("ray", reason="Ray is an optional extra: pip install 'frontlines[ray]'")
CORPUS = Path(__file__).parent / "fixtures" / "corpus"


@pytest.fixture(scope="module")
def local_ray():
    """One local Ray for the module: each ingest joins it instead of starting its own."""
    try:
        ray.init(num_cpus=3, include_dashboard=False, log_to_driver=False)
    except Exception as exc:  # a sandbox without the shared memory or ports Ray needs
        pytest.skip(f"Ray cannot start here: {type(exc).__name__}: {exc}")
    yield
    ray.shutdown()


def ray_ingest(db: Path, settings) -> None:
    ingest([CORPUS], Store(db), engine="ray", workers=2, settings=settings)
    merge_stored_events(Store(db))


def actor_pids() -> list[int]:
    """The processes of Ray Data's actors (Ray names them `ray::MapWorker(...)`), from /proc."""
    pids = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and b"MapWorker" in (entry / "cmdline").read_bytes():
                pids.append(int(entry.name))
        except OSError:  # gone meanwhile
            continue
    return pids


def timelines(db: Path) -> list[dict]:
    return [timeline.to_dict() for timeline in control_timelines(Store(db))]


def test_ray_ingest_stores_what_one_process_stores(local_ray, corpus_db, settings, tmp_path):
    db = tmp_path / "ray.sqlite"
    ray_ingest(db, settings)
    assert table_rows(str(db)) == table_rows(str(corpus_db))  # documents, events, merged events, corroboration
    assert timelines(db) == timelines(corpus_db)


def test_a_killed_ray_worker_loses_nothing_a_rerun_does_not_complete(local_ray, corpus_db, settings, tmp_path):
    db = tmp_path / "killed.sqlite"
    watched = Store(db)
    killed: list[int] = []

    def kill_one_actor_once_pages_are_stored() -> None:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and not killed:
            if watched.counts()[0] >= 1:
                for pid in actor_pids():
                    os.kill(pid, signal.SIGKILL)
                    killed.append(pid)
                    return
            time.sleep(0.05)

    killer = threading.Thread(target=kill_one_actor_once_pages_are_stored)
    killer.start()
    try:
        ingest([CORPUS], Store(db), engine="ray", workers=2, settings=settings)
    except Exception:  # Ray gave up on the killed actor's pages: the rerun is what must complete
        pass
    killer.join()
    watched.engine.dispose()
    assert killed, "no Ray actor process was found to kill"
    ray_ingest(db, settings)
    assert table_rows(str(db)) == table_rows(str(corpus_db))
    assert timelines(db) == timelines(corpus_db)
