#!/usr/bin/env bash
# Memory of a presenting ltdeck: RSS 5 s after launch, then after ten slides forward (one → every
# 0.6 s, 2 s to settle), and the peak. Both windows as on stage (run it on the two-monitor server).
# With SLIDES, it walks on to that slide, then back to the first (one ← every 0.3 s), and says the
# RSS there too.
# Usage: DISPLAY=:96 benches/rss.sh DECK [SLIDES]   (LTDECK_BIN picks another binary; needs xdotool)
set -euo pipefail
bin=${LTDECK_BIN:-target/release/ltdeck}
"$bin" "$1" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
mb() { awk -v k="$1" '$1 == k":" {print int($2 / 1024)}' "/proc/$pid/status"; }
keys() { for _ in $(seq "$2"); do xdotool key "$1"; sleep "$3"; done; sleep 2; }
sleep 5
at5=$(mb VmRSS)
keys Right 10 0.6
after10=$(mb VmRSS)
if [ -n "${2:-}" ] && [ "$2" -gt 10 ]; then
  keys Right $(($2 - 10)) 0.6
  all=$(mb VmRSS)
  keys Left "$2" 0.3
  echo "rss at 5 s: ${at5} MB; after 10 slides: ${after10} MB; after ${2}: ${all} MB;" \
    "back on the first: $(mb VmRSS) MB; peak: $(mb VmHWM) MB"
else
  echo "rss at 5 s: ${at5} MB; after 10 slides: ${after10} MB; peak: $(mb VmHWM) MB"
fi
