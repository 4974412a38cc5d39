"""Running the real `hq-gateway` console script in tests: its path, a free port, a subprocess."""

import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

HQ_GATEWAY = Path(sys.executable).with_name("hq-gateway")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def own_server_environment(url: str, **values: str) -> dict[str, str]:
    """The environment for a subprocess on a server of its own: not behind the suite's pooler, if any."""
    env = {k: v for k, v in os.environ.items() if k not in ("HQ_DATABASE_POOLER", "HQ_DIRECT_DATABASE_URL")}
    return {**env, "DATABASE_URL": url, **values}


def spawn_gateway(args: list[str], env: dict[str, str], log: IO[bytes] | Any) -> "subprocess.Popen[bytes]":
    """`hq-gateway <args>` with its own environment; stdout and stderr go to `log`."""
    return subprocess.Popen([str(HQ_GATEWAY), *args], env=env, stdout=log, stderr=subprocess.STDOUT)
