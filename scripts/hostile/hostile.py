#!/usr/bin/env python3
"""Runs `qube run` on every case of the hostile-input corpus and prints a table.

Every case starts from a copy of one baseline directory (a network whose keys are generated and
whose tree is rendered), adds one hostile input, and runs the real binary. A case passes when
qube exits 1 (a script error: not 0, not a crash), the first line of standard error starts with
the expected location (`topology.lua:LINE: file:LINE: field: `) and contains the expected
phrase, and no file or directory of the work directory was created, removed or changed (content,
mode or mtime), nor in the directory beside it that a case's links point at. Two control cases
must succeed and change the tree, so the check can fail.

A script case `scripts/<case>.lua` may come with `scripts/<case>.setup`, lines run in the case's
directory before it: `link PATH TARGET` (replacing whatever is at PATH) and `file PATH TEXT`;
`@outside` in TARGET names the directory beside the case's, outside the script's directory.

Usage: QUBE=/path/to/qube hostile.py   (run by scripts/checks/80-hostile-inputs.sh)
"""
import hashlib
import os
import shutil
import stat
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
QUBE = os.path.abspath(os.environ.get("QUBE", ".build/debug/qube"))
TIMEOUT = 60


def generated(name, path):
    """Writes the inputs too big or too odd to keep in the repository."""
    valid = open(os.path.join(HERE, "external-nodes", "valid.yaml"), "rb").read()
    record = valid.split(b"\n", 1)[1]
    if name == "huge-100mb.yaml":
        with open(path, "wb") as f:
            f.write(b"external_nodes:\n")
            chunk = record * (1 << 20 // len(record))
            for _ in range(100 * (1 << 20) // len(chunk) + 1):
                f.write(chunk)
    elif name == "just-over-1mib.yaml":
        with open(path, "wb") as f:
            f.write(b"external_nodes:\n" + record * ((1 << 20) // len(record) + 1))
    elif name == "deeply-nested.yaml":
        with open(path, "wb") as f:
            f.write(b"external_nodes: " + b"[" * 200_000 + b"]" * 200_000 + b"\n")
    elif name == "deeply-nested-blocks.yaml":
        with open(path, "wb") as f:
            f.write(b"external_nodes:\n" + b"".join(b" " * i + b"- \n" for i in range(1, 1300)))
    elif name == "deeply-nested.json":
        with open(path, "wb") as f:
            f.write(b'{"config": ' + b"[" * 500_000 + b"]" * 500_000 + b"}")
    elif name == "huge-9mb.json":
        genesis = open(os.path.join(HERE, "genesis", "valid.json"), "rb").read()
        with open(path, "wb") as f:
            f.write(genesis.rstrip()[:-1] + b', "padding": "' + b"0" * (9 << 20) + b'"}\n')
    else:
        raise SystemExit("hostile.py: no generator for %s" % name)


def snapshot(root):
    """Every entry under root: type, mode, size, mtime and content hash."""
    state = {}
    for directory, dirs, files in os.walk(root):
        for name in dirs + files:
            path = os.path.join(directory, name)
            info = os.lstat(path)
            digest = ""
            if stat.S_ISREG(info.st_mode):
                with open(path, "rb") as f:
                    digest = hashlib.file_digest(f, "sha256").hexdigest()
            elif stat.S_ISLNK(info.st_mode):
                digest = os.readlink(path)
            size = info.st_size if not stat.S_ISDIR(info.st_mode) else 0
            state[os.path.relpath(path, root)] = (info.st_mode, size, info.st_mtime_ns, digest)
    return state


def differences(before, after):
    changed = sorted(p for p in before.keys() & after.keys() if before[p] != after[p])
    return (["created " + p for p in sorted(after.keys() - before.keys())]
            + ["removed " + p for p in sorted(before.keys() - after.keys())]
            + ["changed " + p for p in changed])


def qube_run(directory):
    try:
        done = subprocess.run([QUBE, "run", "-q", "topology.lua"], cwd=directory, capture_output=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return None, "(timed out after %d s)" % TIMEOUT, ""
    return done.returncode, done.stderr.decode("utf-8", "replace"), done.stdout.decode("utf-8", "replace")


def load_cases():
    cases = []
    for number, line in enumerate(open(os.path.join(HERE, "expected.tsv"), encoding="utf-8"), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.rstrip("\n").split("\t")
        if len(fields) != 4 or fields[0] not in ("external", "genesis", "script"):
            raise SystemExit("expected.tsv:%d: expected kind<TAB>case<TAB>location<TAB>phrase" % number)
        cases.append(tuple(fields))
    return cases


def set_up(case, directory):
    """Makes the links and files `scripts/<case>.setup` asks for."""
    setup = os.path.join(HERE, "scripts", case[:-len(".lua")] + ".setup")
    if not os.path.exists(setup):
        return
    for line in open(setup, encoding="utf-8"):
        if not line.strip() or line.startswith("#"):
            continue
        verb, path, value = line.rstrip("\n").split(" ", 2)
        path = os.path.join(directory, path)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if verb == "link":
            if os.path.lexists(path):
                shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else os.remove(path)
            os.symlink(value.replace("@outside", outside(directory)), path)
        elif verb == "file":
            with open(path, "w", encoding="utf-8") as f:
                f.write(value + "\n")
        else:
            raise SystemExit("%s: unknown setup verb %r" % (setup, verb))


def outside(directory):
    """The directory beside a case's, outside its script's directory."""
    return directory + ".outside"


def prepare(kind, case, baseline, directory):
    """Copies the baseline and puts the case's input and script in place."""
    shutil.copytree(baseline, directory, symlinks=True)
    os.mkdir(outside(directory))
    if kind == "script":
        set_up(case, directory)
    template = "genesis.lua.in" if kind == "genesis" else "external.lua.in"
    text = open(os.path.join(HERE, template), encoding="utf-8").read()
    if kind == "script":
        snippet = open(os.path.join(HERE, "scripts", case), encoding="utf-8").read()
        text = text.replace("--[[INPUT]]\n", snippet)
    else:
        source = os.path.join(HERE, "external-nodes" if kind == "external" else "genesis", case)
        if os.path.exists(source):
            shutil.copyfile(source, os.path.join(directory, case))
        else:
            generated(case, os.path.join(directory, case))
        call = 'net:addExternal(readExternal "%s")' % case if kind == "external" else case
        text = text.replace("--[[INPUT]]", call)
    with open(os.path.join(directory, "topology.lua"), "w", encoding="utf-8") as f:
        f.write(text)


def shorten(text, width=150):
    return text if len(text) <= width else text[:width - 1] + "…"


def main():
    work = tempfile.mkdtemp(prefix="qube-hostile-")
    try:
        baseline = os.path.join(work, "baseline")
        os.mkdir(baseline)
        shutil.copyfile(os.path.join(HERE, "external.lua.in"), os.path.join(baseline, "topology.lua"))
        code, err, _ = qube_run(baseline)
        if code != 0:
            raise SystemExit("hostile: the baseline script failed:\n" + err)
        os.remove(os.path.join(baseline, "topology.lua"))

        rows, failures = [], []
        controls = [("external", "valid.yaml", "", ""), ("genesis", "valid.json", "", "")]
        for index, (kind, case, location, phrase) in enumerate(controls + load_cases()):
            directory = os.path.join(work, "case-%03d" % index)
            prepare(kind, case, baseline, directory)
            before = snapshot(directory), snapshot(outside(directory))
            code, err, out = qube_run(directory)
            after = snapshot(directory), snapshot(outside(directory))
            first = err.split("\n", 1)[0]
            label = "%s/%s" % (kind, case)
            problems = []
            if (kind, case, location, phrase) in controls:
                label += " (control)"
                if code != 0:
                    problems.append("the control case failed: " + first)
                if not differences(before[0], after[0]):
                    problems.append("the control case changed nothing")
            else:
                if code != 1:
                    problems.append("exit code %s, expected 1" % code)
                if not first.startswith(location):
                    problems.append("error does not start with %r" % location)
                if phrase not in first:
                    problems.append("error does not say %r" % phrase)
                problems += (differences(before[0], after[0]) + ["outside: " + d for d in differences(before[1], after[1])])[:5]
                if out.strip():
                    problems.append("printed to stdout: " + shorten(out.strip(), 80))
            rows.append((label, "timeout" if code is None else str(code), first))
            if problems:
                failures.append((label, first, problems))
            shutil.rmtree(directory)
            shutil.rmtree(outside(directory))

        width = max(len(r[0]) for r in rows)
        print("%-*s  exit  first line of the error" % (width, "input"))
        print("%s  ----  %s" % ("-" * width, "-" * 40))
        for label, code, first in rows:
            print("%-*s  %-4s  %s" % (width, label, code, shorten(first)))
        for label, first, problems in failures:
            print("FAIL %s\n  got: %s\n  %s" % (label, first, "\n  ".join(problems)), file=sys.stderr)
        print("hostile inputs: %d cases, %d failed" % (len(rows), len(failures)))
        return 1 if failures else 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
