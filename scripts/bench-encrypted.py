#!/usr/bin/env python3
"""Issue 24: whole processes, plain against encrypted, medians of a few runs with the
CPU time (user + system) each used beside its wall-clock time: on a machine shared
with other builds the wall clock mostly measures the queue for a core, the CPU time
hardly.

Runs on the databases `cargo bench --bench lookup` leaves in RT_BENCH_DIR (the demo
`SCALE-TODAY.db`, its copies `.raw.db` under a raw key file `.raw.key` and
`.passphrase.db` under `.passphrase.key`, and Taskwarrior's data `task-SCALE-TODAY`):

    RT_BENCH_DIR=/work/bench24 RT_BENCH_RUNS=5 cargo bench --bench lookup
    scripts/bench-encrypted.py --dir /work/bench24 --bin target/release/roundtable

For each scale and each lookup the forms are run in turn (plain, raw key, passphrase,
then again), so that the load falls alike on each. The meeting screen's first frame is
timed in an 80x24 pseudo-terminal (what tmux gives a pane): from starting `roundtable
run` to the frame's last line (its key hints) having arrived; its CPU time is that of
the process's threads at that moment (/proc/PID/task/*/schedstat), before the
whole-file check starts beside it. Then Ctrl-Q.
"""

import argparse
import datetime
import fcntl
import os
import pty
import resource
import select
import shutil
import sqlite3
import statistics
import struct
import subprocess
import sys
import termios
import time

FORMS = [("plain", ""), ("raw key", ".raw"), ("passphrase", ".passphrase")]


def load():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def env(today):
    e = dict(os.environ)
    for k in ("ROUNDTABLE_DB", "ROUNDTABLE_KEY", "TASKRC", "TASKDATA"):
        e.pop(k, None)
    e["ROUNDTABLE_TODAY"] = today
    e["NO_COLOR"] = "1"
    e["TERM"] = "xterm-256color"
    return e


def children_cpu():
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def run(argv, e, before=None):
    """Wall and CPU seconds of one whole process, its output read through a pipe."""
    if before:
        before()
    c0, t0 = children_cpu(), time.perf_counter()
    p = subprocess.run(argv, env=e, stdin=subprocess.DEVNULL, capture_output=True)
    wall = time.perf_counter() - t0
    cpu = children_cpu() - c0
    if p.returncode != 0:
        sys.exit(f"{argv} failed: {p.stderr.decode(errors='replace')}")
    return wall, cpu


def threads_cpu(pid):
    """Seconds on a CPU so far of every thread of `pid`."""
    total = 0
    for t in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{t}/schedstat") as f:
            total += int(f.read().split()[0])
    return total / 1e9


def first_frame(argv, e, marker=b"Ctrl-Q quit"):
    """Wall and CPU seconds from start to the first frame's last line, 80x24."""
    t0 = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, e)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    seen, wall, cpu = b"", None, None
    while wall is None:
        r, _, _ = select.select([fd], [], [], 30)
        if not r:
            sys.exit(f"{argv}: no frame in 30 s")
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            sys.exit(f"{argv}: ended before its first frame: {seen[-500:]!r}")
        seen += chunk
        if b"\x1b[6n" in chunk:
            # The screen asks where the cursor is as it takes the terminal (ratatui's
            # init): answer as a terminal (and tmux) does.
            os.write(fd, b"\x1b[1;1R")
        if marker in seen:
            wall = time.perf_counter() - t0
            cpu = threads_cpu(pid)
    os.write(fd, b"\x11")  # Ctrl-Q
    deadline = time.time() + 60
    while time.time() < deadline:
        r, _, _ = select.select([fd], [], [], 1)
        try:
            if r and not os.read(fd, 65536):
                break
        except OSError:
            break
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done:
            break
        os.write(fd, b"\x11")
    else:
        sys.exit(f"{argv}: did not quit")
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass
    os.close(fd)
    return wall, cpu


def med(xs):
    return statistics.median(xs) * 1000


def subjects(db):
    c = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    one = lambda sql, *a: c.execute(sql, a).fetchone()[0]
    case = one(
        """SELECT r.id FROM referral r ORDER BY
           (SELECT COUNT(*) FROM case_discussion d WHERE d.referral_id = r.id) DESC,
           (SELECT COUNT(*) FROM action a WHERE a.referral_id = r.id) DESC, r.id LIMIT 1"""
    )
    last = one("SELECT date FROM meeting WHERE state = 'closed' ORDER BY date DESC LIMIT 1")
    nxt = one("SELECT date FROM meeting WHERE state = 'planned' ORDER BY date LIMIT 1")
    actions = one("SELECT COUNT(*) FROM action")
    cases = one(
        """SELECT COUNT(*) FROM case_discussion d JOIN meeting m ON m.id = d.meeting_id
           WHERE m.date = ?""",
        last,
    )
    return case, last, nxt, actions, cases


def lookups(case, last, nxt, today, out):
    year_ago = (datetime.date.fromisoformat(today) - datetime.timedelta(days=364)).isoformat()
    ics = os.path.join(out, "panel.ics")
    minutes = os.path.join(out, "minutes")
    return [
        ("--version", ["--version"], None),
        ("actions --overdue --agency YOS", ["actions", "--overdue", "--agency", "YOS"], None),
        ("actions --overdue --agency YOS --json",
         ["actions", "--overdue", "--agency", "YOS", "--json"], None),
        (f"case {case}", ["case", str(case)], None),
        (f"agenda --meeting {nxt}", ["agenda", "--meeting", nxt], None),
        ("report (a year)", ["report", "--from", year_ago, "--to", today], None),
        ("calendar --out FILE", ["calendar", "--out", ics], ics),
        (f"minutes --meeting {last} --out DIR", ["minutes", "--meeting", last, "--out", minutes],
         minutes),
    ]


def clear(path):
    if os.path.isdir(path):
        shutil.rmtree(path)
    elif os.path.exists(path):
        os.remove(path)
    subprocess.run(["sync"])


def main():
    a = argparse.ArgumentParser()
    a.add_argument("--dir", required=True)
    a.add_argument("--bin", required=True)
    a.add_argument("--scales", default="large,county")
    a.add_argument("--runs", type=int, default=5)
    a.add_argument("--today", default=datetime.date.today().isoformat())
    a.add_argument("--only", default="lookups,frame,task")
    o = a.parse_args()
    binary = os.path.abspath(o.bin)
    e = env(o.today)
    only = o.only.split(",")
    print(f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC, "
          f"{os.cpu_count()} cores, load {load()}; medians of {o.runs} whole processes "
          "(after one untimed), wall ms / CPU ms (user+sys)")
    for scale in o.scales.split(","):
        base = os.path.join(o.dir, f"{scale}-{o.today}.db")
        forms = []
        for label, suffix in FORMS:
            db = f"{base}{suffix}.db" if suffix else base
            key = f"{base}{suffix}.key" if suffix else None
            if os.path.exists(db) and (key is None or os.path.exists(key)):
                forms.append((label, db, key))
        if not forms:
            sys.exit(f"no {base}: run the cargo bench with RT_BENCH_DIR={o.dir} first")
        case, last, nxt, actions, cases = subjects(base)
        out = os.path.join(o.dir, f"out-{scale}")
        os.makedirs(out, exist_ok=True)
        print(f"\n{scale}: {actions} actions; case {case}; minutes of {last} ({cases} cases); "
              f"forms: {', '.join(f[0] for f in forms)}; load {load()}")
        header = " | ".join(f"{f[0]} wall / CPU" for f in forms)
        ratio = "raw ÷ plain (wall, CPU)"

        def argv(db, key, args):
            k = ["--key-file", key] if key else []
            return [binary, "--db", db] + k + args

        rows = []
        if "lookups" in only:
            rows += [(label, args, writes) for label, args, writes in
                     lookups(case, last, nxt, o.today, out)]
        if rows:
            print(f"| lookup | {header} | {ratio} |")
        for label, args, writes in rows:
            before = (lambda w=writes: clear(w)) if writes else None
            got = {f[0]: ([], []) for f in forms}
            for i in range(o.runs + 1):
                for f in forms:
                    w, c = run(argv(f[1], f[2], args), e, before)
                    if i:
                        got[f[0]][0].append(w)
                        got[f[0]][1].append(c)
            cells = " | ".join(f"{med(got[f[0]][0]):.1f} / {med(got[f[0]][1]):.1f}" for f in forms)
            r = ""
            if "plain" in got and "raw key" in got:
                r = (f"{med(got['raw key'][0]) / med(got['plain'][0]):.2f}, "
                     f"{med(got['raw key'][1]) / med(got['plain'][1]):.2f}")
            print(f"| `{label}` | {cells} | {r} |", flush=True)
        if "frame" in only:
            got = {f[0]: ([], []) for f in forms}
            for i in range(o.runs + 1):
                for f in forms:
                    w, c = first_frame(argv(f[1], f[2], ["run"]), e)
                    if i:
                        got[f[0]][0].append(w)
                        got[f[0]][1].append(c)
            cells = " | ".join(f"{med(got[f[0]][0]):.1f} / {med(got[f[0]][1]):.1f}" for f in forms)
            r = ""
            if "plain" in got and "raw key" in got:
                r = (f"{med(got['raw key'][0]) / med(got['plain'][0]):.2f}, "
                     f"{med(got['raw key'][1]) / med(got['plain'][1]):.2f}")
            print(f"| meeting screen: `run` to its first frame, 80x24 | {cells} | {r} |", flush=True)
        rc = os.path.join(o.dir, f"task-{scale}-{o.today}", "taskrc")
        if "task" in only:
            if not shutil.which("task"):
                print("Taskwarrior: `task` is not installed; skipped")
            elif not os.path.exists(rc):
                print(f"Taskwarrior: no {rc} (the cargo bench writes it); skipped")
            else:
                te = dict(e)
                for lbl, rt_args, tw_args in [
                    ("list", ["actions", "--overdue", "--agency", "YOS"],
                     ["project:YOS", "+OVERDUE", "list"]),
                    ("export", ["actions", "--overdue", "--agency", "YOS", "--json"],
                     ["project:YOS", "+OVERDUE", "export"]),
                ]:
                    got = {f[0]: ([], []) for f in forms}
                    tw = ([], [])
                    for i in range(o.runs + 1):
                        w, c = run(["task", f"rc:{rc}"] + tw_args, te)
                        if i:
                            tw[0].append(w)
                            tw[1].append(c)
                        for f in forms:
                            w, c = run(argv(f[1], f[2], rt_args), e)
                            if i:
                                got[f[0]][0].append(w)
                                got[f[0]][1].append(c)
                    cells = "; ".join(
                        f"{f[0]} {med(got[f[0]][0]):.1f} / {med(got[f[0]][1]):.1f} "
                        f"({med(tw[0]) / med(got[f[0]][0]):.0f}× wall, "
                        f"{med(tw[1]) / med(got[f[0]][1]):.0f}× CPU)"
                        for f in forms
                    )
                    print(f"Taskwarrior {lbl}: task {med(tw[0]):.1f} / {med(tw[1]):.1f}; {cells}",
                          flush=True)
        print(f"(load now {load()})")


if __name__ == "__main__":
    main()
