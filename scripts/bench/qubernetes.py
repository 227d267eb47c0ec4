"""qube's `loadQubernetes` render, beside Qubernetes' own on the same configuration and keys.

qube's series always runs; Qubernetes' joins it when QUBERNETES_DIR names a checkout of
ConsenSys/qubernetes (at f266e62, its last release; Debian's `ruby` and `ruby-colorize` are all
it needs). For each size the setup is made once, untimed, in the benchmark's work directory:

- `qubernetes.yaml`: `count` IBFT nodes on GoQuorum 2.7.0 with Tessera, keys under
  `out/config/key<i>` (Qubernetes' default `Key_Dir_Base`);
- the keys: qube's `genKeys` (light KDF) through `loadQubernetes`, in qctl's layout;
- with Qubernetes, the rest of `out/config`: its own `quorum-config` (Tessera configurations and
  the validator list), then the genesis and permissioned-nodes.json that qube rendered, since
  `quorum-config` needs docker-built tools for the genesis' extraData.

Then, alternating, each run times Qubernetes' `./qubernetes` step, a first render by qube into
a new directory, and a re-render by qube over an unchanged tree. Issue 18's targets apply at
1000 nodes: qube <= 0.17 s and <= 30 MB, and >= 10x Qubernetes.
"""

import os
import shutil
import statistics
import subprocess

from common import discard, measure, secs, verdict, write

RELEASE = "f266e62"
SIZES = {"full": [10, 100, 1000], "smoke": [2]}
RUNS = {"full": 5, "smoke": 1}
TARGET_RATIO = 10
TARGET_RSS_MB = 30
TARGET_SECONDS = 0.17

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
    """Makes the work directory of one size once (configuration, keys and, with Qubernetes,
    the rest of out/config); returns it."""
    work = os.path.join(args.work, f"qubernetes-{count}")
    marker = os.path.join(work, ".bench-complete")
    if not os.path.exists(marker):
        shutil.rmtree(work, ignore_errors=True)
        write(os.path.join(work, "qubernetes.yaml"), config(count))
        write(os.path.join(work, "keygen.lua"), KEYGEN)
        write(os.path.join(work, "render.lua"), RENDER)
        measure([args.qube, "run", "-q", "keygen.lua"], work)
        measure([args.qube, "run", "-q", "render.lua", "--", "qube-out/seed"], work)
        for name in ["genesis.json", "permissioned-nodes.json"]:
            shutil.copyfile(os.path.join(work, "qube-out", "seed", name), os.path.join(work, "out", "config", name))
        write(marker, "")
    if qubernetes and not os.path.exists(os.path.join(work, "out", "config", "tessera-config.json")):
        for name in ["templates", "helpers", "contracts"]:
            if not os.path.lexists(os.path.join(work, name)):
                os.symlink(os.path.join(qubernetes, name), os.path.join(work, name))
        # quorum-config prints what it writes and fails only on the extraData it cannot compute
        # (replaced by qube's genesis again below), so its output and exit status are not the
        # benchmark's.
        subprocess.run(["ruby", os.path.join(qubernetes, "quorum-config"), "qubernetes.yaml"], cwd=work,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        for name in ["genesis.json", "permissioned-nodes.json"]:
            shutil.copyfile(os.path.join(work, "qube-out", "seed", name), os.path.join(work, "out", "config", name))
    return work


def qubernetes_checkout():
    """QUBERNETES_DIR and the words naming its commit, or (None, why it is skipped)."""
    qubernetes = os.environ.get("QUBERNETES_DIR")
    if not qubernetes:
        return None, "skipped: QUBERNETES_DIR is not set"
    qubernetes = os.path.abspath(qubernetes)
    if not os.path.isfile(os.path.join(qubernetes, "qubernetes")):
        raise SystemExit(f"bench: QUBERNETES_DIR={qubernetes} has no ./qubernetes script")
    if shutil.which("ruby") is None:
        raise SystemExit("bench: QUBERNETES_DIR is set but ruby is not installed (apt-get install ruby ruby-colorize)")
    commit = checkout_commit(qubernetes)
    at = f"at {commit[:7]}" if commit else "(not a git checkout)"
    if not commit or not commit.startswith(RELEASE):
        at += f", not {RELEASE}"
    return qubernetes, at


def side_by_side(args, smoke):
    """Rows for qube's loadQubernetes render at every size, with Qubernetes' beside it when
    QUBERNETES_DIR is set (else one row saying the comparison was skipped)."""
    qubernetes, at = qubernetes_checkout()
    scale = "smoke" if smoke else "full"
    rows = [] if qubernetes else [("render beside Qubernetes", at, "", "", "")]
    for count in SIZES[scale]:
        work = prepare(args, qubernetes, count)
        commands = {
            "qubernetes": lambda run: ["ruby", os.path.join(qubernetes, "qubernetes"), "qubernetes.yaml"],
            "first": lambda run: [args.qube, "run", "-q", "render.lua", "--", f"qube-out/first-{run}"],
            "again": lambda run: [args.qube, "run", "-q", "render.lua", "--", "qube-out/again"],
        }
        if not qubernetes:
            del commands["qubernetes"]
        timings = {name: [] for name in commands}
        cpu = {name: [] for name in commands}
        measure(commands["again"](0), work)  # the tree the re-renders find unchanged
        for run in range(RUNS[scale]):
            for name, command in commands.items():
                timings[name].append(measure(command(run), work))
                cpu[name].append(measure.cpu)
            discard(args, os.path.join(work, "qube-out", f"first-{run}"))
        wall = {name: statistics.median(w for w, _ in runs) for name, runs in timings.items()}
        rss = {name: max(r for _, r in runs) / 1024 for name, runs in timings.items()}
        cpu = {name: statistics.median(values) for name, values in cpu.items()}
        last = count == 1000
        label = f"loadQubernetes, {count} nodes with Tessera"
        if qubernetes:
            rows.append((f"render {label}: Qubernetes {at} ./qubernetes, median of {RUNS[scale]}",
                         f"{secs(wall['qubernetes'])} ({secs(cpu['qubernetes'])})", "", "", ""))
        for name, verb in [("first", "qube first render"), ("again", "qube re-render (unchanged)")]:
            ratio = wall["qubernetes"] / wall[name] if qubernetes else None
            targets = ([f"<= {TARGET_SECONDS} s"] if last else []) + ([f">= {TARGET_RATIO}x"] if last and ratio else [])
            ok = wall[name] <= TARGET_SECONDS and (ratio is None or ratio >= TARGET_RATIO)
            rows.append((f"render {label}: {verb}, wall time (CPU time), median of {RUNS[scale]}",
                         f"{secs(wall[name])} ({secs(cpu[name])})", f"{ratio:.1f}x faster than Qubernetes" if ratio else "",
                         ", ".join(targets), verdict(ok) if last else ""))
        worst = max(rss["first"], rss["again"])
        rows.append((f"render {label}: peak RSS " + ("Qubernetes / qube" if qubernetes else "qube"),
                     (f"{rss['qubernetes']:.1f} / " if qubernetes else "") + f"{worst:.1f} MB",
                     f"{worst / rss['qubernetes']:.2f}x Qubernetes'" if qubernetes else "",
                     f"qube <= {TARGET_RSS_MB} MB" if last else "", verdict(worst <= TARGET_RSS_MB) if last else ""))
    return rows
