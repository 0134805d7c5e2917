#!/usr/bin/env bash
# The first slide changes of a talk, key pressed in the console: for each → (KEYS of them, GAP s
# apart, from 8 s after launch), the time from the console's frame that took the key to the
# start of the projector's frame that shows the slide, from `LTDECK_DEBUG_FRAMES`' lines (egui's
# clock, ms). Run it on the two-monitor server; the projector's frame is painted 1–4 ms after.
# Usage: DISPLAY=:96 benches/first-keys.sh DECK [KEYS] [GAP]   (LTDECK_BIN picks another binary)
set -euo pipefail
bin=${LTDECK_BIN:-target/release/ltdeck}
log=$(mktemp)
LTDECK_DEBUG_FRAMES=1 "$bin" "$1" 2>"$log" >/dev/null &
pid=$!
trap 'kill $pid 2>/dev/null; rm -f "$log"' EXIT
sleep 5
xdotool search --name "presenter console" windowactivate --sync >/dev/null 2>&1
sleep 3
for _ in $(seq "${2:-5}"); do
  xdotool key Right
  sleep "${3:-0.6}"
done
# A console frame that holds for the audience took the key; the next audience frame shows it.
awk '$1 == "console" && $2 == "frame" {t = $3}
     /^console holds for the audience/ && !waiting {key = t; waiting = 1}
     $1 == "audience" && $2 == "frame" && waiting {printf "%.0f ", ($3 - key) * 1000; waiting = 0}
     END {print "ms"}' "$log"
