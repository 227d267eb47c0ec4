#!/usr/bin/env python3
"""Crash safety of `qube run`: SIGKILL at random moments, then check what is on disk.

Usage: crash.py genkeys|render|deploy [--kills N] [--seed S]   (QUBE = the qube binary)

genkeys  A script generates the keys of 16 nodes (light KDFs; every fourth round with locked
         Tessera keys) into a new store per round. Each round kills it once or twice at a random
         moment, then lets it finish. After every kill: no file that existed before the kill
         changed (hash and mode). After every finish: no temporary file is left and every key
         directory is complete and consistent (the run loads every directory with verify = true:
         enode and address match the nodekey, the keystore decrypts, tm.pub matches tm.key).
         At the end, re-running every store changes no byte and no mtime, and an independent
         Python oracle (scripts/oracles/crypto_keys.py) checks a sample of the stores.
render   A script renders a 16-node or a 15-node network, alternately. After every kill the
         tree `out/crash` is exactly the 16-node tree or exactly the 15-node tree, and no key or
         genesis byte changed; every few kills a run finishes and must give the expected tree,
         leaving no staging tree behind.
deploy   A script renders 4 nodes and deploys them through the fake kubectl, whose apply hangs.
         After every kill (and killing the hanging kubectl left behind) keys and tree are
         unchanged, and the next deploy, with a kubectl that answers, completes.

The kill delay is uniform over the measured length of one run, so kills land before, during
and after the interesting part; the counts are printed. Everything happens in a temporary
directory. Exits 1 on any violated invariant.
"""
import argparse
import hashlib
import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
QUBE = os.path.abspath(os.environ.get("QUBE") or os.path.join(ROOT, ".build/debug/qube"))
FAKE_KUBECTL = os.path.join(ROOT, "Tests/Fixtures/kubectl/fake-kubectl")

GENKEYS = """\
local name, count, locked, verify = qube.args[1], tonumber(qube.args[2]), qube.args[3] == "locked", qube.args[4] == "verify"
local net = network { name = name, consensus = "istanbul", chainId = 1000, quorum = "2.7.0", tessera = "0.10.6" }
for i = 1, count do net:addNode { name = "node" .. i } end
net:genKeys { kdf = "light", tesseraPassword = locked, verify = verify }
"""

RENDER = """\
local count = tonumber(qube.args[1])
local net = network {
    name = "crash", consensus = "istanbul", chainId = 1000, quorum = "2.7.0", tessera = "0.10.6",
    context = "kind-a", expose = { type = "NodePort", nodeIp = "192.0.2.10" },
}
for i = 1, count do net:addNode { name = "node" .. i } end
net:genKeys { kdf = "light" }
net:render()
if qube.args[2] == "deploy" then net:deploy() end
"""

failures = []


def fail(message):
    failures.append(message)
    print("  FAIL " + message, file=sys.stderr)


def snapshot(root, with_mtime=False):
    """relative path -> (kind, mode, sha256 or None, mtime) for everything under root."""
    state = {}
    if not os.path.exists(root):
        return state
    for directory, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(directory, name)
            info = os.lstat(path)
            digest = None
            if stat.S_ISREG(info.st_mode):
                with open(path, "rb") as f:
                    digest = hashlib.file_digest(f, "sha256").hexdigest()
            state[os.path.relpath(path, root)] = (stat.S_IFMT(info.st_mode), stat.S_IMODE(info.st_mode), digest,
                                                  info.st_mtime_ns if with_mtime else None)
    return state


def is_temporary(path):
    """qube's own temporary names: `.name.pid.random.tmp` files, `.name.staging-*` trees."""
    name = os.path.basename(path)
    return (name.startswith(".") and name.endswith(".tmp")) or ".staging-" in path


def changed_files(before, after, allow_temporary_removal=True):
    """Entries of `before` that are gone or different in `after`."""
    problems = []
    for path, entry in before.items():
        if path not in after:
            if not (allow_temporary_removal and is_temporary(path)):
                problems.append("removed " + path)
        elif after[path] != entry:
            problems.append("changed " + path)
    return problems


def descendants(pid):
    """The pids of every process below `pid`, from /proc."""
    parents = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open("/proc/%s/stat" % entry) as f:
                    parents[int(entry)] = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    found, frontier = [], [pid]
    while frontier:
        parent = frontier.pop()
        children = [child for child, ppid in parents.items() if ppid == parent]
        found += children
        frontier += children
    return found


class Runner:
    def __init__(self, work, environment=None):
        self.work = work
        self.environment = dict(os.environ, **(environment or {}))

    def command(self, script, arguments):
        return [QUBE, "run", "-q", script, "--"] + [str(a) for a in arguments]

    def finish(self, script, *arguments):
        """Runs to the end; returns the elapsed seconds, failing on a non-zero exit."""
        start = time.monotonic()
        done = subprocess.run(self.command(script, arguments), cwd=self.work, env=self.environment,
                              capture_output=True, timeout=300)
        if done.returncode != 0:
            fail("%s %s exited %d: %s" % (script, " ".join(map(str, arguments)), done.returncode,
                                           done.stderr.decode(errors="replace").strip()))
        return time.monotonic() - start

    def kill(self, script, delay, *arguments):
        """Starts qube, SIGKILLs it after `delay` seconds; True when it was still running.
        Kills whatever it left running (a hanging kubectl) too."""
        process = subprocess.Popen(self.command(script, arguments), cwd=self.work, env=self.environment,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(delay)
        running = process.poll() is None
        if running:
            # Freeze qube so it starts nothing new, note its children (a hanging kubectl), kill it.
            os.kill(process.pid, signal.SIGSTOP)
            children = descendants(process.pid)
            os.kill(process.pid, signal.SIGKILL)
            for child in children:
                try:
                    os.kill(child, signal.SIGKILL)
                except ProcessLookupError:
                    pass
        process.wait()
        return running


def crash_genkeys(work, kills, rng):
    runner = Runner(work)
    with open(os.path.join(work, "genkeys.lua"), "w") as f:
        f.write(GENKEYS)
    keys = os.path.join(work, "keys")
    lengths = {mode: runner.finish("genkeys.lua", "warmup-" + mode, 16, mode, "") for mode in ("unlocked", "locked")}
    stores = {"warmup-" + mode: (mode, snapshot(os.path.join(keys, "warmup-" + mode), with_mtime=True)) for mode in lengths}
    print("  one full run of 16 nodes (light KDFs): %.2f s, %.2f s with locked Tessera keys" % (
        lengths["unlocked"], lengths["locked"]))
    landed = {"before any key": 0, "mid-generation": 0, "after the last key": 0}
    done, round_number = 0, 0
    while done < kills:
        name = "crash-%d" % round_number
        mode = "locked" if round_number % 4 == 3 else "unlocked"
        store_path = os.path.join(keys, name)
        for _ in range(rng.choice([1, 2])):
            before = snapshot(store_path)
            if not runner.kill("genkeys.lua", rng.uniform(0, lengths[mode]), name, 16, mode, ""):
                continue
            done += 1
            store = snapshot(store_path)
            for problem in changed_files(before, store):
                fail("kill %d (%s): %s" % (done, name, problem))
            complete = len([p for p in store if not is_temporary(p)]) >= 16 * 8 + 1
            landed["before any key" if len(store) == len(before) == 0 else
                   "after the last key" if complete else "mid-generation"] += 1
        before = snapshot(store_path)
        runner.finish("genkeys.lua", name, 16, mode, "verify")
        store = snapshot(store_path, with_mtime=True)
        for problem in changed_files(before, {p: e[:3] + (None,) for p, e in store.items()}):
            fail("re-run after a kill (%s): %s" % (name, problem))
        leftovers = [p for p in store if is_temporary(p)]
        if leftovers:
            fail("temporary files left after a complete run: %s" % ", ".join(sorted(leftovers)[:5]))
        stores[name] = (mode, store)
        round_number += 1
    for name, (mode, store) in stores.items():
        if snapshot(os.path.join(keys, name), with_mtime=True) != store:
            fail("keys/%s changed while later stores were generated and killed" % name)
    rerun = list(stores)[:2] + rng.sample(list(stores)[2:], 3)
    for name in rerun:
        runner.finish("genkeys.lua", name, 16, stores[name][0], "")
        if snapshot(os.path.join(keys, name), with_mtime=True) != stores[name][1]:
            fail("re-running genKeys on the complete keys/%s changed a byte or an mtime" % name)
    print("  %d kills in %d rounds: %s" % (done, round_number, ", ".join("%d %s" % (n, k) for k, n in landed.items())))
    print("  no store changed after it was complete; re-running genKeys on %d of them changed no byte and no mtime" % len(rerun))
    python = subprocess.run([os.path.join(ROOT, "scripts/venv.sh")], capture_output=True, text=True, check=True).stdout.strip()
    sample = rerun[:4]
    for name in sample:
        oracle = subprocess.run([python, os.path.join(ROOT, "scripts/oracles/crypto_keys.py"), os.path.join(keys, name)],
                                capture_output=True, text=True)
        if oracle.returncode != 0:
            fail("the Python oracle rejects keys/%s:\n%s" % (name, oracle.stdout[-2000:]))
    print("  independent oracle: keys/%s agree" % ", keys/".join(sample))


def crash_render(work, kills, rng, deploy=False):
    environment = {}
    if deploy:
        scenario = os.path.join(work, "scenario")
        os.mkdir(scenario)
        with open(os.path.join(scenario, "contexts"), "w") as f:
            f.write("kind-a\n")
        wrapper = os.path.join(work, "kubectl")
        with open(wrapper, "w") as f:
            f.write("#!/bin/sh\nFAKE_KUBECTL_SCENARIO='%s' FAKE_KUBECTL_RECORD='%s' exec '%s' \"$@\"\n" % (
                scenario, os.path.join(work, "record"), FAKE_KUBECTL))
        os.chmod(wrapper, 0o755)
        environment["QUBE_KUBECTL"] = wrapper
        record = os.path.join(work, "record")
        hang = os.path.join(scenario, "apply-hang")
    runner = Runner(work, environment)

    def apply_calls():
        log = os.path.join(work, "record", "calls.jsonl")
        return sum(1 for line in open(log) if line.startswith('["apply"')) if deploy and os.path.exists(log) else 0
    with open(os.path.join(work, "render.lua"), "w") as f:
        f.write(RENDER)
    tree, keys = os.path.join(work, "out", "crash"), os.path.join(work, "keys")
    mode = "deploy" if deploy else ""
    size = 4 if deploy else 16
    runner.finish("render.lua", size - 1, mode)
    small = snapshot(tree)
    length = runner.finish("render.lua", size, mode)
    large = snapshot(tree)
    key_state = snapshot(keys, with_mtime=True)
    print("  one full run (%d nodes%s): %.2f s" % (size, ", deploy" if deploy else "", length))
    if small == large:
        fail("the trees of %d and %d nodes are the same: the check would see nothing" % (size - 1, size))
    expected, count = large, size
    done, finished, moved, mid, hanging = 0, 0, 0, 0, 0
    if deploy:
        with open(hang, "w") as f:
            f.write("3600")
        length += 1.0  # the hanging apply: kill it too, sometimes
    while done < kills:
        target = 2 * size - 1 - count if not deploy else count
        applies = apply_calls()
        if not runner.kill("render.lua", rng.uniform(0, length), target, mode):
            continue
        done += 1
        if any(".staging-" in e for e in os.listdir(os.path.dirname(tree))):
            mid += 1
        now = snapshot(tree)
        if deploy and apply_calls() > applies:
            hanging += 1
        if now == (small if target == size - 1 else large) and now != expected:
            moved += 1
            expected, count = now, target
        elif now != expected:
            fail("kill %d: out/crash is neither the %d-node nor the %d-node tree (%d files differ)" % (
                done, size - 1, size, len(set(now.items()) ^ set(expected.items()))))
            expected = now
        if snapshot(keys, with_mtime=True) != key_state:
            fail("kill %d: a key or genesis file changed" % done)
        if deploy or done % 4 == 0:
            if deploy:
                os.rename(hang, hang + ".off")
            runner.finish("render.lua", target, mode)
            if deploy:
                os.rename(hang + ".off", hang)
            finished += 1
            want = small if target == size - 1 else large
            if snapshot(tree) != want:
                fail("after kill %d the finished run did not render the expected tree" % done)
            expected, count = want, target
            leftovers = [e for e in os.listdir(os.path.dirname(tree)) if ".staging-" in e or e.endswith(".previous")]
            if leftovers:
                fail("a finished render left %s" % ", ".join(leftovers))
    if deploy:
        print("  %d kills: %d while a new tree was being written, %d while kubectl apply hung; the next deploy "
              "completed after each of them" % (done, mid, hanging))
    else:
        print("  %d kills: %d while a new tree was being written, %d after the swap; %d finished renders" % (
            done, mid, moved, finished))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("phase", choices=["genkeys", "render", "deploy"])
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--seed", type=int, default=int(time.time()))
    options = parser.parse_args()
    print("crash %s: seed %d (rerun with --seed %d)" % (options.phase, options.seed, options.seed))
    rng = random.Random(options.seed)
    work = tempfile.mkdtemp(prefix="qube-crash-")
    try:
        if options.phase == "genkeys":
            crash_genkeys(work, options.kills, rng)
        else:
            crash_render(work, options.kills, rng, deploy=options.phase == "deploy")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if failures:
        print("crash %s: %d invariant violations" % (options.phase, len(failures)), file=sys.stderr)
        return 1
    print("crash %s: all invariants held" % options.phase)
    return 0


if __name__ == "__main__":
    sys.exit(main())
