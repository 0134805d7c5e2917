#!/usr/bin/env bash
# Memory of a presenting ltdeck: RSS 5 s after launch, then after ten slides forward (one → every
# 0.6 s, 2 s to settle), and the peak. Both windows as on stage (run it on the two-monitor server).
# Usage: DISPLAY=:96 benches/rss.sh DECK   (LTDECK_BIN picks another binary; needs xdotool)
set -euo pipefail
bin=${LTDECK_BIN:-target/release/ltdeck}
"$bin" "$1" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
mb() { awk -v k="$1" '$1 == k":" {print int($2 / 1024)}' "/proc/$pid/status"; }
sleep 5
at5=$(mb VmRSS)
for _ in $(seq 10); do xdotool key Right; sleep 0.6; done
sleep 2
echo "rss at 5 s: ${at5} MB; after 10 slides: $(mb VmRSS) MB; peak: $(mb VmHWM) MB"
