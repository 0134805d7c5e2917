#!/usr/bin/env bash
# export-memory.sh — does `ltdeck export` grow with the number of pages?
#
# Usage: benches/export-memory.sh [SLIDES...]   (default: 100 300 1000)
# Generates a deck of each size (headings, bullets with Hangul, a code block, a table, speaker
# notes, a pause every fifth slide; no photos) and prints wall time, peak RSS and PDF size for
# `ltdeck export` and `ltdeck export --steps`. LTDECK overrides the binary.
set -euo pipefail
LTDECK="${LTDECK:-$(dirname "$0")/../target/release/ltdeck}"
[ -x "$LTDECK" ] || { echo "build first: cargo build --release" >&2; exit 2; }
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100 300 1000)
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
/usr/bin/python3 - "$WORK" "$LTDECK" "${SIZES[@]}" <<'PY'
import os, subprocess, sys, time
work, ltdeck, sizes = sys.argv[1], sys.argv[2], [int(s) for s in sys.argv[3:]]

def deck(n):
    out = ["---", "title: 메모리 벤치마크", "lang: ko", "paginate: true", "---", ""]
    for i in range(1, n + 1):
        out += [f"## {i}. 슬라이드 제목 — Slide {i}", "",
                f"- 첫 번째 요점 {i}: 한글과 English가 섞인 문장입니다",
                "- the quick brown fox jumps over the lazy dog"]
        if i % 5 == 0:
            out += ["", "<!-- pause -->", "", "- 그리고 마지막 요점"]
        if i % 3 == 0:
            out += ["", "```python", f"def slide_{i}(x: int) -> int:", "    return x * 2", "```"]
        if i % 7 == 0:
            out += ["", "| 항목 | 값 |", "|---|---:|", f"| 번호 | {i} |"]
        out += ["", f"<!-- 발표자 노트 {i}: 이 슬라이드에서는 천천히 말합니다. Keep it short. -->", "", "---", ""]
    return "\n".join(out[:-2]) + "\n"

print("| slides | mode | pages | wall | peak RSS | PDF |")
print("|---:|---|---:|---:|---:|---:|")
for n in sizes:
    path = os.path.join(work, f"deck{n}.md")
    with open(path, "w") as f:
        f.write(deck(n))
    for mode in ([], ["--steps"]):
        pdf = os.path.join(work, f"deck{n}.pdf")
        t0 = time.monotonic()
        p = subprocess.Popen([ltdeck, "export", path, "-o", pdf, "--force", *mode],
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, ru = os.wait4(p.pid, 0)
        wall = time.monotonic() - t0
        err = p.stderr.read().decode()
        pages = err.rsplit(": ", 1)[-1].split()[0] if "pages" in err else "?"
        print(f"| {n} | {' '.join(mode) or 'slides'} | {pages} | {wall:.2f} s | "
              f"{ru.ru_maxrss / 1024:.0f} MB | {os.path.getsize(pdf) / 1e6:.1f} MB |", flush=True)
PY
