#!/usr/bin/env bash
# The floor under ltdeck's memory and slide-change figures, measured beside ltdeck in one run on
# the two-monitor server (`../shared/tools/two-monitors.sh 96`):
# - memory: RSS and PSS 5 s after launch, and the largest mappings, of `examples/floor.rs`
#   (eframe's glow set-up with a console and a fullscreen audience window, and nothing else)
#   and of ltdeck presenting DECK;
# - the harness's step: peers-bench times a step from just before `xdotool key Right` to the
#   first screen grab that shows the new slide. Here, with ltdeck's console focused, ROUNDS
#   times: ten `xdotool key shift` (a key ltdeck ignores: what xdotool alone takes) and ten
#   steps timed as peers-bench does, with how long each step's xdotool took.
# Usage: DISPLAY=:96 benches/floor.sh DECK [ROUNDS]
# (LTDECK_BIN and FLOOR_BIN pick other binaries; needs xdotool and Debian's python3-pil)
set -euo pipefail
deck=$1
rounds=${2:-3}
bin=${LTDECK_BIN:-target/release/ltdeck}
floor=${FLOOR_BIN:-target/release/examples/floor}
[ -x "$floor" ] || cargo build --release --example floor
[ -x "$bin" ] || cargo build --release

# RSS and PSS in MB, then the five largest mappings by RSS.
memory() {
  local pid=$1
  awk '$1 == "Rss:" {r += $2} $1 == "Pss:" {p += $2}
       END {printf "RSS %d MB, PSS %d MB\n", r / 1024, p / 1024}' "/proc/$pid/smaps_rollup"
  awk '/^[0-9a-f]+-[0-9a-f]+ / {n = $6; if (n == "") n = "[anon]"}
       /^Rss:/ {rss[n] += $2}
       END {for (n in rss) printf "  %6.1f MB %s\n", rss[n] / 1024, n}' "/proc/$pid/smaps" |
    sort -rn | head -5
}

launch() {
  "$@" >/dev/null 2>&1 &
  pid=$!
  sleep 5
}

launch "$floor"
echo "floor (examples/floor.rs) at 5 s: $(memory $pid)"
kill $pid
wait $pid 2>/dev/null || true
sleep 1

launch "$bin" "$deck"
trap 'kill $pid 2>/dev/null' EXIT
echo "ltdeck at 5 s: $(memory $pid)"
xdotool search --name "presenter console" windowactivate --sync >/dev/null 2>&1
sleep 1
/usr/bin/python3 - "$rounds" <<'PY'
import subprocess, sys, time
from PIL import ImageGrab

REGION = (1920, 0, 3840, 1080)  # the projector, as peers-bench compares it


def grab():
    return ImageGrab.grab().crop(REGION).tobytes()


def xdotool(key):
    t = time.monotonic()
    subprocess.run(["xdotool", "key", key], capture_output=True)
    return time.monotonic() - t


def step():
    """One step as peers-bench times it, and how long its xdotool took."""
    ref = grab()
    tk = time.monotonic()
    took = xdotool("Right")
    changed, last, t_last = False, None, None
    while time.monotonic() - tk < 15:
        tg = time.monotonic()
        cur = grab()
        if not changed:
            if cur != ref:
                changed, last, t_last = True, cur, tg
        elif cur != last:
            last, t_last = cur, tg
        elif tg - t_last >= 0.3:
            break
    return (t_last - tk if changed else float("nan")), took


for r in range(int(sys.argv[1])):
    alone = []
    for _ in range(10):
        alone.append(xdotool("shift"))
        time.sleep(0.4)
    time.sleep(1)
    steps = [step() for _ in range(10)]
    xdotool("Home")  # back to the first slide for the next round
    time.sleep(2)
    first = sum(1 for s, took in steps if s - took < 0.005)
    print(
        f"round {r + 1}: xdotool alone, 10 keys {sum(alone):.3f} s;"
        f" ltdeck, 10 slides {sum(s for s, _ in steps):.3f} s"
        f" (their xdotool {sum(t for _, t in steps):.3f} s; {first} of 10 seen at the first look)"
    )
    print("  steps, ms:", " ".join(f"{s * 1000:.0f}/{t * 1000:.0f}" for s, t in steps))
PY
