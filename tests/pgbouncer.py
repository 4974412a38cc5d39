"""A real PgBouncer (Debian's package) in transaction mode in front of a test server, for the pooled runs.

`TEST_PGBOUNCER=1 pytest` puts every connection of the suite (the app's, the tests' own, the CLI
subprocesses') through it; only what needs a session (LISTEN, the job queue, migrations, bulk loads)
goes straight to the server, as HQ_DIRECT_DATABASE_URL tells the gateway. `make test-pgbouncer` runs that.
The failover test also uses its session-mode database `direct` and moves both to another server.
"""

import contextlib
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from tests.integration.processes import free_port

BINARY = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"

# `direct` keeps one server connection per client connection (pool_mode=session): what a deployment would
# give LISTEN and the job queue when they must go through a pooler too (e.g. to follow a failover)
CONFIG = """\
[databases]
direct = host={host} port={port} dbname={database} pool_mode=session
* = host={host} port={port}

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = {listen_port}
unix_socket_dir =
auth_type = trust
auth_file = {folder}/users.txt
pool_mode = transaction
max_client_conn = 2000
default_pool_size = {pool_size}
server_reset_query =
query_wait_timeout = {query_wait_timeout}
ignore_startup_parameters = extra_float_digits
logfile = {folder}/pgbouncer.log
pidfile = {folder}/pgbouncer.pid
"""


QUERY_WAIT_TIMEOUT_SECONDS = 5


def available() -> bool:
    return Path(BINARY).exists()


def _unprivileged_user(server_user: str | None) -> str | None:
    """PgBouncer refuses to run as root: the server's own system user, else postgres or nobody."""
    if os.geteuid() != 0:
        return None
    for name in (server_user, "postgres", "nobody"):
        if name:
            with contextlib.suppress(KeyError):
                pwd.getpwnam(name)
                return name
    raise RuntimeError("no unprivileged user to run pgbouncer as")


@dataclass
class PgBouncer:
    """A running PgBouncer: `url` goes through it in transaction mode, `session_url` in session mode."""

    folder: Path
    port: int
    user: str
    database: str
    pool_size: int
    process: "subprocess.Popen[bytes]"

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{self.database}"

    @property
    def session_url(self) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/direct"

    def point_at(self, server_url: str) -> None:
        """New server connections go to `server_url` (a failover): the config is rewritten and reloaded."""
        _write_config(self.folder, self.port, self.database, server_url, self.pool_size)
        os.kill(self.process.pid, signal.SIGHUP)


def _write_config(folder: Path, listen_port: int, database: str, server_url: str, pool_size: int) -> None:
    parts = urlsplit(server_url)
    host = parse_qs(parts.query).get("host", [parts.hostname or "127.0.0.1"])[0]
    port = parts.port or 5432
    values = {"host": host, "port": port, "database": database, "listen_port": listen_port, "pool_size": pool_size}
    # a client waits this long for a server connection (PgBouncer's default, 120 s, would hold a webhook for
    # two minutes while the primary is down); DEPLOY.md recommends the gateway's statement timeout
    values["query_wait_timeout"] = QUERY_WAIT_TIMEOUT_SECONDS
    config = CONFIG.format(folder=folder, **values)
    (folder / "pgbouncer.ini").write_text(config)


@contextlib.contextmanager
def running_pgbouncer(server_url: str, server_user: str | None = None, pool_size: int = 40) -> Iterator[PgBouncer]:
    """PgBouncer (pool_mode=transaction, `pool_size` server connections per database) before `server_url`."""
    parts = urlsplit(server_url)
    user, database = parts.username or "postgres", parts.path.lstrip("/") or "postgres"
    folder = Path(tempfile.mkdtemp(prefix="hq-pgbouncer-"))
    (folder / "users.txt").write_text(f'"{user}" ""\n')
    port = free_port()
    _write_config(folder, port, database, server_url, pool_size)
    run_as = _unprivileged_user(server_user)
    if run_as:
        shutil.chown(folder, run_as)
        for f in folder.iterdir():
            shutil.chown(f, run_as)
    command = [BINARY, "-q", str(folder / "pgbouncer.ini")]
    process = subprocess.Popen(command, user=run_as, stderr=subprocess.DEVNULL)
    bouncer = PgBouncer(folder, port, user, database, pool_size, process)
    try:
        _wait_listening(bouncer)
        yield bouncer
    finally:
        bouncer.process.terminate()
        try:
            bouncer.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            bouncer.process.kill()
        shutil.rmtree(folder, ignore_errors=True)


def _wait_listening(bouncer: PgBouncer) -> None:
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if bouncer.process.poll() is not None:
            log = bouncer.folder / "pgbouncer.log"
            tail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            raise RuntimeError(f"pgbouncer exited with {bouncer.process.returncode}: {tail}")
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", bouncer.port), timeout=0.5):
            return
        time.sleep(0.05)
    raise RuntimeError("pgbouncer did not start listening within 15 s")
