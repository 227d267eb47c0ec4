"""What every benchmark module shares: writing its inputs, timing a child, and the table's words."""

import os
import shutil
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


def discard(args, path):
    """Moves `path` out of the way without deleting it.

    On ext4 without a journal, allocating an inode skips every inode freed in the last minute
    (six while its inode table is not yet written back), one buffer-cache lookup each: deleting
    a few thousand files makes every file created in the following minutes slower. So the
    benchmark deletes nothing before it measures; `purge_trash` removes what is old enough."""
    if os.path.lexists(path):
        trash = os.path.join(args.work, "trash")
        os.makedirs(trash, exist_ok=True)
        os.rename(path, os.path.join(trash, f"{time.time():.6f}-{os.path.basename(path)}"))


def purge_trash(args):
    """Deletes what `discard` moved aside more than ten minutes ago (by an earlier run), once
    everything is timed. A run started within minutes of this one still sees those deletions."""
    trash = os.path.join(args.work, "trash")
    for name in os.listdir(trash) if os.path.isdir(trash) else []:
        if time.time() - float(name.split("-", 1)[0]) > 600:
            shutil.rmtree(os.path.join(trash, name), ignore_errors=True)
