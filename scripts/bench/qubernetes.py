"""qube's render beside Qubernetes' own, on the same configuration and key directories.

Runs when QUBERNETES_DIR names a checkout of ConsenSys/qubernetes (at f266e62, its last
release; Debian's `ruby` and `ruby-colorize` are all it needs). For each size the setup is
made once, untimed, in the benchmark's work directory:

- `qubernetes.yaml`: `count` IBFT nodes on GoQuorum 2.7.0 with Tessera, keys under
  `out/config/key<i>` (Qubernetes' default `Key_Dir_Base`);
- the keys: qube's `genKeys` (light KDF) through `loadQubernetes`, in qctl's layout;
- the rest of `out/config`: Qubernetes' own `quorum-config` (Tessera configurations and the
  validator list), then the genesis and permissioned-nodes.json that qube rendered, since
  `quorum-config` needs docker-built tools for the genesis' extraData.

Then, alternating, each run times Qubernetes' `./qubernetes` step, a first render by qube's
`loadQubernetes` into a new directory, and a re-render by qube over an unchanged tree.
"""

import os
import shutil
import statistics
import subprocess

from common import measure, secs, verdict, write

RELEASE = "f266e62"
SIZES = {"full": [10, 100, 1000], "smoke": [2]}
RUNS = {"full": 5, "smoke": 1}
TARGET_RATIO = 10
TARGET_RSS_MB = 30

KEYGEN = 'local net = loadQubernetes("qubernetes.yaml")\nnet:genKeys { kdf = "light" }\n'
RENDER = 'local net = loadQubernetes("qubernetes.yaml")\nnet:render { dir = qube.args[1] }\n'


def config(count):
    """A qctl configuration of `count` IBFT validators with Tessera."""
    lines = ["config:", "  Key_Dir_Base: out/config",
             "genesis:", "  consensus: istanbul", "  Quorum_Version: 2.7.0", "  Tm_Version: 0.10.6", "  Chain_Id: 1000",
             "nodes:"]
    for i in range(1, count + 1):
        lines += [f"  - Node_UserIdent: quorum-node{i}", f"    Key_Dir: key{i}",
                  "    quorum:", "      quorum:", "        consensus: istanbul", "        Quorum_Version: 2.7.0",
                  "      tm:", "        Name: tessera", "        Tm_Version: 0.10.6"]
    return "\n".join(lines) + "\n"


def checkout_commit(directory):
    """The commit QUBERNETES_DIR is at, or None when it is not a git checkout."""
    result = subprocess.run(["git", "-C", directory, "rev-parse", "HEAD"], capture_output=True, text=True)
    return result.stdout.strip() if result.returncode == 0 else None


def prepare(args, qubernetes, count):
    """Makes the work directory of one size once: configuration, keys and out/config."""
    work = os.path.join(args.work, f"qubernetes-{count}")
    marker = os.path.join(work, ".bench-complete")
    if os.path.exists(marker):
        return work
    shutil.rmtree(work, ignore_errors=True)
    write(os.path.join(work, "qubernetes.yaml"), config(count))
    write(os.path.join(work, "keygen.lua"), KEYGEN)
    write(os.path.join(work, "render.lua"), RENDER)
    for name in ["templates", "helpers", "contracts"]:
        os.symlink(os.path.join(qubernetes, name), os.path.join(work, name))
    measure([args.qube, "run", "-q", "keygen.lua"], work)
    measure([args.qube, "run", "-q", "render.lua", "--", "qube-out/seed"], work)
    # quorum-config prints what it writes and fails only on the extraData it cannot compute
    # (replaced below), so its output and exit status are not the benchmark's.
    subprocess.run(["ruby", os.path.join(qubernetes, "quorum-config"), "qubernetes.yaml"], cwd=work,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for name in ["genesis.json", "permissioned-nodes.json"]:
        shutil.copyfile(os.path.join(work, "qube-out", "seed", name), os.path.join(work, "out", "config", name))
    write(marker, "")
    return work


def side_by_side(args, smoke):
    """Rows comparing Qubernetes' render with qube's, or one row saying why it was skipped."""
    qubernetes = os.environ.get("QUBERNETES_DIR")
    if not qubernetes:
        return [("render beside Qubernetes", "skipped: QUBERNETES_DIR is not set", "", "", "")]
    qubernetes = os.path.abspath(qubernetes)
    if not os.path.isfile(os.path.join(qubernetes, "qubernetes")):
        raise SystemExit(f"bench: QUBERNETES_DIR={qubernetes} has no ./qubernetes script")
    if shutil.which("ruby") is None:
        raise SystemExit("bench: QUBERNETES_DIR is set but ruby is not installed (apt-get install ruby ruby-colorize)")
    commit = checkout_commit(qubernetes)
    at = f"at {commit[:7]}" if commit else "(not a git checkout)"
    if not commit or not commit.startswith(RELEASE):
        at += f", not {RELEASE}"

    scale = "smoke" if smoke else "full"
    rows = []
    for count in SIZES[scale]:
        work = prepare(args, qubernetes, count)
        timings = {"qubernetes": [], "first": [], "again": []}
        cpu = {name: [] for name in timings}
        commands = {
            "qubernetes": lambda run: ["ruby", os.path.join(qubernetes, "qubernetes"), "qubernetes.yaml"],
            "first": lambda run: [args.qube, "run", "-q", "render.lua", "--", f"qube-out/first-{run}"],
            "again": lambda run: [args.qube, "run", "-q", "render.lua", "--", "qube-out/again"],
        }
        measure(commands["again"](0), work)  # the tree the re-renders find unchanged
        for run in range(RUNS[scale]):
            for name, command in commands.items():
                timings[name].append(measure(command(run), work))
                cpu[name].append(measure.cpu)
            shutil.rmtree(os.path.join(work, "qube-out", f"first-{run}"))
        wall = {name: statistics.median(w for w, _ in runs) for name, runs in timings.items()}
        rss = {name: max(r for _, r in runs) / 1024 for name, runs in timings.items()}
        cpu = {name: statistics.median(values) for name, values in cpu.items()}
        last = count == SIZES[scale][-1] and not smoke
        label = f"beside Qubernetes, {count} nodes with Tessera"
        rows.append((f"render {label}: Qubernetes {at} ./qubernetes, median of {RUNS[scale]}",
                     f"{secs(wall['qubernetes'])} ({secs(cpu['qubernetes'])})", "", "", ""))
        for name, verb in [("first", "first render"), ("again", "re-render (unchanged)")]:
            ratio = wall["qubernetes"] / wall[name]
            rows.append((f"render {label}: qube loadQubernetes {verb}, wall time (CPU time)",
                         f"{secs(wall[name])} ({secs(cpu[name])})", f"{ratio:.1f}x faster",
                         f">= {TARGET_RATIO}x" if last else "", verdict(ratio >= TARGET_RATIO) if last else ""))
        worst = max(rss["first"], rss["again"])
        rows.append((f"render {label}: peak RSS Qubernetes / qube", f"{rss['qubernetes']:.1f} / {worst:.1f} MB",
                     f"{worst / rss['qubernetes']:.2f}x Qubernetes'",
                     f"qube <= {TARGET_RSS_MB} MB" if last else "", verdict(worst <= TARGET_RSS_MB) if last else ""))
    return rows
