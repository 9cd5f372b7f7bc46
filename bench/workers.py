"""Real Celery worker processes for the scenarios that measure them: start, wait until ready, stop, memory.

Workers are `celery -A finsync worker` subprocesses on the bench database (DATABASE_URL, set by the runner)
and broker (REDIS_URL), with this process's encryption keys so that they can read the tokens it stored.
Their output goes to a log file, shown when a worker does not come up.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from finsync.celery import app as celery_app

CELERY = Path(sys.executable).with_name("celery")
READY_WITHIN = 60  # seconds for a worker to start and answer a ping


@dataclass
class Worker:
    name: str
    process: subprocess.Popen
    log: Path

    @property
    def pid(self) -> int:
        return self.process.pid


def plaid_env(fake, *, calls_per_minute: int) -> dict[str, str]:
    """What a worker needs to call `fake` as Plaid, under a client-wide limit of `calls_per_minute`."""
    return {
        "PLAID_ENV": "sandbox",
        "PLAID_HOST": fake.url,
        "PLAID_CLIENT_ID": fake.client_id,
        "PLAID_SECRET": fake.secret,
        "PLAID_CALLS_PER_MINUTE": str(calls_per_minute),
    }


@contextmanager
def running(
    name: str, *, count: int = 1, pool: str, concurrency: int = 1, env: dict[str, str]
) -> Iterator[list[Worker]]:
    """`count` workers, ready to take tasks from an emptied queue; stopped (and waited for) at the end."""
    celery_app.control.purge()  # nothing left over from an earlier run
    workers = []
    try:
        for n in range(1, count + 1):
            workers.append(_start(f"{name}{n}@{socket.gethostname()}", pool=pool, concurrency=concurrency, env=env))
        _wait_ready(workers)
        yield workers
    finally:
        _stop(workers)


def rss_mb(pid: int, field: str = "VmRSS") -> float:
    """A process's resident memory from /proc: VmRSS now, VmHWM its peak so far."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024  # kB
    raise LookupError(f"{field} not in /proc/{pid}/status")


def _start(name: str, *, pool: str, concurrency: int, env: dict[str, str]) -> Worker:
    log = Path(tempfile.mkstemp(prefix=f"bench-{name.split('@')[0]}-", suffix=".log")[1])
    command = [str(CELERY), "-A", "finsync", "worker", "-n", name, "--pool", pool, "--concurrency", str(concurrency)]
    command += ["--loglevel", "WARNING", "--without-gossip", "--without-mingle", "--without-heartbeat"]
    full_env = {
        **os.environ,  # DATABASE_URL (the bench database), REDIS_URL, DEBUG=false
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "SECRET_KEY": settings.SECRET_KEY,
        "FINSYNC_ENCRYPTION_KEYS": ",".join(settings.ENCRYPTION_KEYS),
        **env,
    }
    with log.open("w") as out:
        process = subprocess.Popen(command, cwd=settings.BASE_DIR, env=full_env, stdout=out, stderr=subprocess.STDOUT)  # noqa: S603
    return Worker(name, process, log)


def _wait_ready(workers: list[Worker]) -> None:
    waiting = {w.name for w in workers}
    deadline = time.monotonic() + READY_WITHIN
    while waiting and time.monotonic() < deadline:
        for worker in workers:
            if worker.process.poll() is not None:
                raise RuntimeError(f"worker {worker.name} exited:\n{worker.log.read_text()[-3000:]}")
        for reply in celery_app.control.ping(destination=sorted(waiting), timeout=1.0):
            waiting -= set(reply)
    if waiting:
        raise RuntimeError(f"workers {sorted(waiting)} did not answer within {READY_WITHIN} s")


def _stop(workers: list[Worker]) -> None:
    for worker in workers:
        worker.process.terminate()  # a warm shutdown: running tasks finish first
    for worker in workers:
        try:
            worker.process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            worker.process.kill()
            worker.process.wait()
        worker.log.unlink(missing_ok=True)
