#!/usr/bin/env bash
# export-vs-marp.sh — `ltdeck export` beside `marp --pdf` on the same deck, in one run.
#
# Usage: benches/export-vs-marp.sh [-r RUNS] [-d DECK] [-m MARP]
#   DECK  a Marp deck (default: the peers-bench deck, ${PEERS_WORK:-/tmp/peers}/deck.md:
#         30 slides, 10 photos of 4000×3000; make it with ../shared/tools/peers-bench.sh -o marp)
#   MARP  the marp binary (default: marp on PATH, else /tmp/marp/node_modules/.bin/marp;
#         `npm i @marp-team/marp-cli` and `apt-get install chromium` give it)
#   LTDECK the ltdeck binary (default target/release/ltdeck)
#
# Each run exports the deck with each tool in turn (alternating, so a busy machine hurts both)
# and prints wall time, CPU time (user+sys of the process and its children), peak RSS (the
# largest of the process tree: Chromium's renderer is a child) and the PDF's size. Medians last.
set -euo pipefail
RUNS=3
DECK="${PEERS_WORK:-/tmp/peers}/deck.md"
MARP="$(command -v marp || echo /tmp/marp/node_modules/.bin/marp)"
LTDECK="${LTDECK:-$(dirname "$0")/../target/release/ltdeck}"
while getopts "r:d:m:" o; do
  case $o in
    r) RUNS=$OPTARG ;;
    d) DECK=$OPTARG ;;
    m) MARP=$OPTARG ;;
    *) exit 2 ;;
  esac
done
[ -s "$DECK" ] || { echo "no deck at $DECK" >&2; exit 2; }
[ -x "$LTDECK" ] || { echo "build first: cargo build --release" >&2; exit 2; }
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

/usr/bin/python3 - "$RUNS" "$DECK" "$MARP" "$LTDECK" "$OUT" <<'PY'
import os, statistics, subprocess, sys, threading, time
runs, deck, marp, ltdeck, out = int(sys.argv[1]), *sys.argv[2:]

def tree_rss_kb(root):
    """Sum of VmRSS over a process and its descendants."""
    kids = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                with open(f"/proc/{p}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                kids.setdefault(ppid, []).append(int(p))
            except OSError:
                pass
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo += kids.get(pid, [])
        try:
            with open(f"/proc/{pid}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
        except OSError:
            pass
    return total

def measure(cmd, pdf):
    if os.path.exists(pdf):
        os.remove(pdf)
    t0 = time.monotonic()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    def watch():
        while p.poll() is None:
            peak[0] = max(peak[0], tree_rss_kb(p.pid))
            time.sleep(0.02)
    w = threading.Thread(target=watch); w.start()
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    w.join()
    err = p.stderr.read().decode(errors="replace")
    if p.returncode != 0 or not os.path.exists(pdf):
        sys.exit(f"{cmd[0]} failed ({p.returncode}): {err}")
    # ru covers the process; children's CPU is in RUSAGE_CHILDREN after wait4 of the direct child.
    return dict(wall=wall, cpu=ru.ru_utime + ru.ru_stime,
                rss=max(peak[0], ru.ru_maxrss) / 1024, size=os.path.getsize(pdf) / 1e6)

tools = {
    "ltdeck export": lambda pdf: [ltdeck, "export", deck, "-o", pdf, "--force"],
    "marp --pdf": lambda pdf: [marp, "--pdf", "--allow-local-files", deck, "-o", pdf],
}
res = {t: [] for t in tools}
for i in range(runs):
    for name, cmd in tools.items():
        pdf = os.path.join(out, name.split()[0] + ".pdf")
        r = measure(cmd(pdf), pdf)
        res[name].append(r)
        print(f"run {i+1} {name:14} wall {r['wall']:6.2f} s  cpu {r['cpu']:6.2f} s  "
              f"peak RSS {r['rss']:6.0f} MB  PDF {r['size']:5.1f} MB", flush=True)
print()
print("| tool | wall (median, min–max) | CPU | peak RSS | PDF size |")
print("|---|---:|---:|---:|---:|")
for name, rs in res.items():
    med = lambda k: statistics.median(r[k] for r in rs)
    rng = lambda k: f"{min(r[k] for r in rs):.2f}–{max(r[k] for r in rs):.2f}"
    print(f"| {name} | {med('wall'):.2f} s ({rng('wall')}) | {med('cpu'):.2f} s | "
          f"{med('rss'):.0f} MB | {med('size'):.1f} MB |")
PY
