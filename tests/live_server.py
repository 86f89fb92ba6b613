"""Start the real service (uvicorn in a subprocess) on a free port, and look at its processes."""

from __future__ import annotations

import os
from pathlib import Path

from service.processes import Server, free_port, service_process

__all__ = ["Server", "alive", "children", "cpu_seconds", "free_port", "live_server"]

CLK_TCK = os.sysconf("SC_CLK_TCK")


live_server = service_process  # the real service on a free port (service/processes.py)


def children(pid: int) -> list[int]:
    """Direct child processes of ``pid`` (from /proc)."""
    out = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            out.append(int(entry.name))
    return out


def cpu_seconds(pid: int) -> float:
    """User + system CPU time used so far by ``pid`` (0 if it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
