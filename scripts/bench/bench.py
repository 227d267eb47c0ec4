"""The measurements behind scripts/bench.sh, printed as one Markdown table.

Usage: bench.py --qube QUBE --qube-bench QUBE_BENCH --work DIR [--smoke] [--only SECTION ...]

Every figure comes from this run: qube's key generation against PyPI eth-account and
against the floor (the scrypt derivations alone, from the libsodium qube links, spread over
the cores); rendering at 10, 100 and 1000 nodes, first into an empty directory and again over
an unchanged tree, with its growth per 10x nodes; the same render beside Qubernetes' own when
QUBERNETES_DIR names a checkout of it (qubernetes.py); the start-up
of `qube run` on an empty script; and Lua host calls against the same work from Swift.
"""

import argparse
import datetime
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time

from common import discard, measure, purge_trash, secs, verdict, write
from qubernetes import side_by_side

HERE = os.path.dirname(os.path.abspath(__file__))
PYTHON = sys.executable

# geth's presets, as qube's KeystoreKDF uses them: (N, r, p).
SCRYPT = {"standard": (1 << 18, 8, 1), "light": (1 << 12, 8, 6)}

FULL = {"keygen_nodes": 32, "keygen_kdfs": ["standard", "light"], "keygen_runs": 3, "floor_repeats": 3,
        "render_sizes": [10, 100, 1000], "render_runs": 3, "startup_runs": 100, "lua_calls": 10000}
SMOKE = {"keygen_nodes": 2, "keygen_kdfs": ["light"], "keygen_runs": 1, "floor_repeats": 1,
         "render_sizes": [1, 10], "render_runs": 1, "startup_runs": 5, "lua_calls": 100}


def network_script(name, count, body, tessera=True):
    """A topology script declaring `count` exposed validators, then `body`."""
    tessera = '"0.10.6"' if tessera else "false"
    return (f'local net = network {{ name = "{name}", consensus = "istanbul", quorum = "2.7.0", tessera = {tessera},\n'
            f'    expose = {{ type = "NodePort", nodeIp = "192.0.2.10" }} }}\n'
            f'for i = 1, {count} do net:addNode {{ name = ("node-%04d"):format(i) }} end\n'
            f'{body}\n')






def run_json(command):
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def keygen(args, sizes, cores):
    rows = []
    count = sizes["keygen_nodes"]
    for kdf in sizes["keygen_kdfs"]:
        n, r, p = SCRYPT[kdf]
        floor_one = run_json([PYTHON, os.path.join(HERE, "scrypt_floor.py"), args.qube, str(n), str(r), str(p),
                              str(sizes["floor_repeats"])])
        floor = count * floor_one["system_libsodium"] / min(cores, count)
        busy_floor = math.ceil(count / cores) * floor_one["system_libsodium_all_cores"]
        work = os.path.join(args.work, f"keygen-{kdf}")
        runs = []
        for _ in range(sizes["keygen_runs"]):
            discard(args, work)
            write(os.path.join(work, "keygen.lua"), network_script("keygen", count, f'net:genKeys {{ kdf = "{kdf}" }}'))
            runs.append(measure([args.qube, "run", "-q", "keygen.lua"], work)[0])
        qube = statistics.median(runs)
        eth = float(subprocess.run([PYTHON, os.path.join(HERE, "eth_account_keygen.py"), str(count), str(n), str(r), str(p)],
                                   check=True, capture_output=True, text=True).stdout)
        rows += [
            (f"keygen {kdf} ({count} nodes): qube genKeys, median of {len(runs)}", secs(qube), f"{qube / floor:.3f}x floor",
             "<= 1.10x floor" if kdf == "standard" else "", verdict(qube / floor <= 1.10) if kdf == "standard" else ""),
            (f"keygen {kdf}: eth-account create+encrypt, 1 process", secs(eth), f"{eth / qube:.2f}x qube",
             ">= 1.7x qube" if kdf == "standard" else "", verdict(eth / qube >= 1.7) if kdf == "standard" else ""),
            (f"keygen {kdf}: floor = {count} x {secs(floor_one['system_libsodium'])} scrypt / {min(cores, count)} cores",
             secs(floor), f"{eth / floor:.2f}x faster than eth-account", "", ""),
            (f"keygen {kdf}: floor with every core busy = {count} / {cores} x "
             f"{secs(floor_one['system_libsodium_all_cores'])} ({cores} scrypt at once)",
             secs(busy_floor), f"{busy_floor / floor:.2f}x floor; qube {qube / busy_floor:.2f}x this", "", ""),
            (f"keygen {kdf}: one scrypt N={n} r={r} p={p}: libsodium (qube's) / PyNaCl / hashlib",
             f"{secs(floor_one['system_libsodium'])} / {secs(floor_one.get('pynacl', float('nan')))} / {secs(floor_one['hashlib'])}",
             "", "", ""),
        ]
    return rows


def tree_bytes(directory):
    return sum(os.path.getsize(os.path.join(root, f)) for root, _, files in os.walk(directory) for f in files)


def render(args, sizes):
    """Renders at every size: a first render into an empty directory, and a re-render over an
    unchanged tree (the usual re-run), both without Tessera; and a re-render with Tessera."""
    first, plain, tessera, cpu_seconds = {}, {}, {}, {}
    works = {count: os.path.join(args.work, f"render-{count}") for count in sizes["render_sizes"]}
    for count, work in works.items():
        marker = os.path.join(work, "keys", ".bench-complete")
        if not os.path.exists(marker):
            # Keys (with Tessera keys) are generated once, light KDF, and reused by later runs.
            discard(args, work)
            write(os.path.join(work, "keygen.lua"), network_script("bench", count, 'net:genKeys { kdf = "light" }'))
            measure([args.qube, "run", "-q", "keygen.lua"], work)
            write(marker, "")
        discard(args, os.path.join(work, "out"))
    for count, work in works.items():
        # First renders go to a new directory each run (named by a script argument, so the
        # output bytes match the re-render's).
        write(os.path.join(work, "render-first.lua"), network_script("bench", count, "net:render { dir = qube.args[1] }", tessera=False))
        measure([args.qube, "run", "-q", "render-first.lua", "--", "out/genesis"], work)  # stores the genesis
        first[count], cpu_seconds[("first", count)] = timed_runs(
            sizes, work, lambda run: [args.qube, "run", "-q", "render-first.lua", "--", f"out/first-{run}"], "out/first-0")

        for label, with_tessera, results in [("plain", False, plain), ("tessera", True, tessera)]:
            script = f"render-{label}.lua"
            write(os.path.join(work, script),
                  network_script("bench", count, f'net:render {{ dir = "out/{label}" }}', tessera=with_tessera))
            measure([args.qube, "run", "-q", script], work)  # the first render, before the re-renders
            results[count], cpu_seconds[(label, count)] = timed_runs(
                sizes, work, lambda run: [args.qube, "run", "-q", script], f"out/{label}")
    return (render_rows(first, "render", "", limits=True, cpu={c: cpu_seconds[("first", c)] for c in first})
            + render_rows(plain, "re-render", " (unchanged)", limits=True, cpu={c: cpu_seconds[("plain", c)] for c in plain})
            + render_rows(tessera, "re-render", " with Tessera", limits=False, cpu={c: cpu_seconds[("tessera", c)] for c in tessera}))


def timed_runs(sizes, work, command, output):
    """Runs `command(run)` in `work` render_runs times. Returns (median wall seconds, peak RSS,
    bytes under `output`) and the median CPU seconds."""
    runs, cpu = [], []
    for run in range(sizes["render_runs"]):
        runs.append(measure(command(run), work))
        cpu.append(measure.cpu)
    result = (statistics.median(w for w, _ in runs), max(rss for _, rss in runs), tree_bytes(os.path.join(work, output)))
    return result, statistics.median(cpu)


def render_rows(results, verb, label, limits, cpu):
    """Rows for one series: wall time, peak RSS and bytes per size, with growth from the size before."""
    rows = []
    counts = sorted(results)
    for index, count in enumerate(counts):
        wall, rss, size = results[count]
        last = limits and count == counts[-1]
        if index == 0:
            growth, per = (None, None, None), ""
        else:
            before = results[counts[index - 1]]
            growth = tuple(now / then for now, then in zip(results[count], before))
            per = f"x per {count // counts[index - 1]}x nodes"
        ratio = [f"{g:.1f}{per}" if g else "" for g in growth]
        time_targets = (["< 1 s"] if last else []) + (["<= 11x per 10x"] if growth[0] else [])
        time_ok = (wall < 1 or not last) and (growth[0] is None or growth[0] <= 11)
        rows += [
            (f"{verb} {count} nodes{label}: wall time (CPU time)", f"{secs(wall)} ({secs(cpu[count])})", ratio[0], ", ".join(time_targets),
             verdict(time_ok) if time_targets else ""),
            (f"{verb} {count} nodes{label}: peak RSS", f"{rss / 1024:.1f} MB", ratio[1],
             "< 150 MB" if last else "", verdict(rss / 1024 < 150) if last else ""),
            (f"{verb} {count} nodes{label}: " + ("bytes written" if verb == "render" else "output bytes (unchanged files linked)"), f"{size:,}", ratio[2],
             "<= 11x per 10x" if growth[2] else "", verdict(growth[2] <= 11) if growth[2] else ""),
        ]
    return rows


def startup(args, sizes):
    work = os.path.join(args.work, "startup")
    write(os.path.join(work, "empty.lua"), "")
    runs = sizes["startup_runs"]
    if shutil.which("hyperfine"):
        report = os.path.join(work, "hyperfine.json")
        subprocess.run(["hyperfine", "-N", "--style", "none", "--warmup", "5", "--runs", str(runs), "--export-json", report,
                        f"{args.qube} run empty.lua"], cwd=work, check=True, stdout=subprocess.DEVNULL)
        with open(report) as f:
            median, tool = json.load(f)["results"][0]["median"], "hyperfine"
    else:
        median, tool = statistics.median(measure([args.qube, "run", "empty.lua"], work)[0] for _ in range(runs)), "loop"
    return [(f"start-up: qube run empty.lua, median of {runs} ({tool})", f"{median * 1000:.1f} ms", "", "< 30 ms",
             verdict(median < 0.030))]


def lua_overhead(args, sizes):
    result = run_json([args.qube_bench, "lua-overhead", str(sizes["lua_calls"])])
    count = result["count"]
    return [
        (f"Lua: {count} net:addNode{{...}} host calls (script fixed cost {secs(result['luaFixed'])} excluded)",
         secs(result["lua"]), f"{result['lua'] / result['swift']:.2f}x Swift", "", ""),
        (f"Swift: {count} NetworkSession.addNode(NodeSpec)", secs(result["swift"]),
         f"{result['lua'] / count * 1e6:.1f} us per Lua call", "", ""),
    ]






def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--qube", required=True)
    parser.add_argument("--qube-bench", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--smoke", action="store_true")
    parser.add_argument("--only", action="append", help="run only this section (repeatable)")
    args = parser.parse_args()
    args.qube, args.qube_bench, args.work = (os.path.abspath(p) for p in (args.qube, args.qube_bench, args.work))
    sizes = SMOKE if args.smoke else FULL
    cores = len(os.sched_getaffinity(0))
    load = os.getloadavg()

    sections = {"keygen": lambda: keygen(args, sizes, cores), "render": lambda: render(args, sizes),
                "qubernetes": lambda: side_by_side(args, args.smoke), "startup": lambda: startup(args, sizes),
                "lua": lambda: lua_overhead(args, sizes)}
    unknown = set(args.only or []) - set(sections)
    if unknown:
        parser.error(f"--only takes {', '.join(sections)}, not {', '.join(sorted(unknown))}")
    rows = [row for name, section in sections.items() if not args.only or name in args.only for row in section()]
    purge_trash(args)

    print(f"qube benchmarks, {datetime.date.today().isoformat()}, {cores} cores, "
          f"load average before {load[0]:.2f} / after {os.getloadavg()[0]:.2f}{' (smoke sizes)' if args.smoke else ''}")
    print()
    print("| Measure | Value | Ratio | Target | |")
    print("|---|---:|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
