"""What every benchmark needs: a throwaway database, gateway subprocesses, readiness, percentiles, machine facts.

Run benchmarks from the repo root as `python bench/<name>.py`; importing this module first puts the repo
root ahead of `bench/` on sys.path (bench/ingest.py would otherwise shadow the `ingest` package).
"""

import asyncio
import contextlib
import os
import platform
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
if sys.path[0] != str(REPO):
    sys.path.insert(0, str(REPO))

BIN = Path(sys.executable).with_name("hq-gateway")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def throwaway_database() -> Iterator[str]:
    """BENCH_DATABASE_URL when set, else a fresh embedded PostgreSQL under .data/ (deleted afterwards)."""
    from gateway.database import start_embedded, stop_embedded

    external = os.environ.get("BENCH_DATABASE_URL")
    if external:
        yield external
        return
    (REPO / ".data").mkdir(exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix="hq-bench-", dir=REPO / ".data"))
    try:
        yield start_embedded(tmp / "pg", cleanup_mode="delete")
    finally:
        stop_embedded()
        shutil.rmtree(tmp, ignore_errors=True)


@contextlib.contextmanager
def spawned(commands: list[tuple[list[str], dict[str, str]]], logs: Path) -> Iterator[list["subprocess.Popen[bytes]"]]:
    """`hq-gateway <args>` subprocesses with their own environment, output in `logs/`, stopped at the end."""
    procs: list[subprocess.Popen[bytes]] = []
    try:
        for i, (args, env) in enumerate(commands):
            with (logs / f"{i}-{args[0]}.log").open("wb") as out:
                procs.append(subprocess.Popen([str(BIN), *args], env=env, stdout=out, stderr=subprocess.STDOUT))
        yield procs
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=15)
            except subprocess.TimeoutExpired:
                p.kill()


async def wait_ready(url: str, seconds: float = 90) -> None:
    async with asyncio.timeout(seconds), httpx.AsyncClient() as client:
        while True:
            with contextlib.suppress(httpx.HTTPError):
                if (await client.get(url)).status_code == 200:
                    return
            await asyncio.sleep(0.2)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def machine() -> str:
    cpu = "unknown cpu"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory_gb:.0f} GB RAM, {platform.platform()}, "
        f"Python {platform.python_version()}, load average {load}"
    )


class KeepAlive:
    """One keep-alive HTTP/1.1 connection that sends pre-built requests: a load generator's client.

    httpx spends ~0.5 ms of CPU per request, which on a 2-core machine the servers under test then lack;
    this writes the request bytes and reads the status line, the headers and `Content-Length` bytes of
    body (uvicorn always sends that length for a non-streaming response).
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def send(self, request: bytes) -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        self.writer.write(request)
        head = await self.reader.readuntil(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return int(head[9:12]), await self.reader.readexactly(length)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(OSError):
                await self.writer.wait_closed()


def post_request(base: str, path: str, body: bytes = b"", headers: dict[str, str] | None = None) -> bytes:
    """The bytes of `POST path` with `body` on a keep-alive connection to `base` (http://host:port)."""
    host = base.split("://", 1)[-1]
    lines = [f"POST {path} HTTP/1.1", f"Host: {host}", f"Content-Length: {len(body)}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body
