"""What every benchmark module shares: writing its inputs, timing a child, and the table's words."""

import os
import subprocess
import sys
import time


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def measure(command, cwd):
    """Runs command; returns (wall seconds, peak RSS in KiB) of that one child process, and
    records its CPU seconds (user + system) in measure.cpu."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read()
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    measure.cpu = usage.ru_utime + usage.ru_stime
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed in {cwd}:\n{stderr.decode(errors='replace')}")
    return wall, usage.ru_maxrss


def secs(seconds):
    if seconds != seconds:
        return "n/a"
    return f"{seconds:.2f} s" if seconds >= 1 else f"{seconds * 1000:.1f} ms"


def verdict(ok):
    return "met" if ok else "MISSED"
