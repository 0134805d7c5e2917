#!/usr/bin/env bash
# CPU use of a presenting ltdeck over 60 s with the countdown running, both windows open.
# Usage: DISPLAY=:99 benches/idle-cpu.sh [deck] [seconds]   (needs Xvfb running on DISPLAY, xdotool)
# LTDECK_BIN picks another binary (an older build, side by side); LTDECK_ARGS replaces
# `--windowed` (empty on the two-monitor server: console and slides fullscreen, as on stage).
set -euo pipefail
deck=${1:-decks/welcome.md}
secs=${2:-60}
bin=${LTDECK_BIN:-target/release/ltdeck}
# shellcheck disable=SC2086
"$bin" ${LTDECK_ARGS---windowed} "$deck" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null' EXIT
sleep 4
win=$(xdotool search --name 'presenter console' | head -1)
xdotool windowfocus "$win"
xdotool key Right          # the first move forward starts the countdown
sleep 3                    # let the slide's images arrive
ticks() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
# CPU time of every thread in ns (llvmpipe's rasterizer threads included): finer than ticks,
# which count 10 ms each; a thread that ends in between is not counted.
ns() { cat /proc/"$pid"/task/*/schedstat 2>/dev/null | awk '{s += $1} END {print s}'; }
hz=$(getconf CLK_TCK)
a=$(ticks)
na=$(ns)
sleep "$secs"
b=$(ticks)
nb=$(ns)
awk -v a="$a" -v b="$b" -v na="$na" -v nb="$nb" -v hz="$hz" -v s="$secs" \
  'BEGIN { printf "cpu: %.2f%% of one core over %d s (%d ticks; %.1f ms/s by schedstat)\n",
           (b - a) / hz / s * 100, s, b - a, (nb - na) / 1e6 / s }'
