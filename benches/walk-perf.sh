#!/usr/bin/env bash
# Where the CPU of ten slide changes goes: `perf record` over ten → 0.8 s apart with the console
# focused (as peers-bench does), then the samples by thread. Run it on the two-monitor server.
# Usage: DISPLAY=:96 benches/walk-perf.sh DECK   (LTDECK_BIN picks another binary; needs xdotool,
# perf; the samples stay in /tmp/ltdeck-walk.perf for `perf report -i`)
set -euo pipefail
bin=${LTDECK_BIN:-target/release/ltdeck}
"$bin" "$1" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
sleep 5
xdotool search --name "console|presenter" windowactivate --sync >/dev/null 2>&1
sleep 1
perf record -g -F 2000 -p "$pid" -o /tmp/ltdeck-walk.perf -- sleep 9 >/dev/null 2>&1 &
rec=$!
sleep 0.5
for _ in $(seq 10); do xdotool key Right; sleep 0.8; done
wait $rec
perf report -i /tmp/ltdeck-walk.perf --no-children --sort comm -g none 2>/dev/null |
  grep -E "Event count|%"
