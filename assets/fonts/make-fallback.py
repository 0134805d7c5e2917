#!/usr/bin/env python3
"""Makes ltdeck's bundled Korean fallback face from Debian's fonts-nanum (SIL OFL 1.1).

    apt-get install fonts-nanum python3-fonttools && python3 assets/fonts/make-fallback.py

Kept: ASCII and Latin-1 (English words in Korean slides), general punctuation, arrows, maths
operators, enclosed numbers (①), box drawing, shapes (■ ▲), misc symbols and dingbats (☆ ✓), CJK
symbols and punctuation (「」 · 〜), Hangul jamo (U+1100, U+3130, U+A960, U+D7B0 blocks), all 11,172
modern syllables, enclosed CJK (㈜), CJK units (㎞) and fullwidth forms. Dropped: Hanja (4,888 Han
characters; Han keeps its install hint, as Kana does) and hinting (egui does not hint).

NanumGothic's licence reserves the name "Nanum", so the subset (a Modified Version) is renamed
"ltdeck Gothic KR"; the copyright notice and designer credits are kept.
"""
import pathlib

from fontTools import subset
from fontTools.ttLib import TTFont

SOURCE = pathlib.Path("/usr/share/fonts/truetype/nanum")
HERE = pathlib.Path(__file__).resolve().parent
FAMILY = "ltdeck Gothic KR"
RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x00FF), (0x2010, 0x205E), (0x20A9, 0x20A9), (0x20AC, 0x20AC),
    (0x2100, 0x21FF), (0x2200, 0x22FF), (0x2460, 0x24FF), (0x2500, 0x257F), (0x25A0, 0x27BF),
    (0x1100, 0x11FF), (0x3000, 0x303F), (0x3130, 0x318F), (0x3200, 0x33FF), (0xA960, 0xA97F),
    (0xAC00, 0xD7A3), (0xD7B0, 0xD7FF), (0xFF00, 0xFFEF),
]
RENAMED = {1, 3, 4, 6, 16}


def make(source: str, style: str) -> None:
    font = TTFont(SOURCE / source)
    options = subset.Options()
    options.hinting = False
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.drop_tables += ["TSI0", "TSI1", "TSI2", "TSI3", "TSI5"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[c for lo, hi in RANGES for c in range(lo, hi + 1)])
    subsetter.subset(font)
    names = font["name"]
    names.names = [r for r in names.names if r.nameID not in RENAMED | {7}]
    postscript = FAMILY.replace(" ", "") + "-" + style
    for name_id, text in {
        1: FAMILY,
        2: style,
        3: f"{postscript};ltdeck subset",
        4: f"{FAMILY} {style}",
        6: postscript,
        10: "A subset of a NAVER/NHN Hangul typeface for ltdeck, under the SIL Open Font License 1.1.",
        16: FAMILY,
        17: style,
    }.items():
        names.setName(text, name_id, 3, 1, 0x409)
    out = HERE / f"ltdeckGothicKR-{style}.ttf"
    font.save(out)
    print(out, out.stat().st_size, "bytes,", len(font.getBestCmap()), "characters")


make("NanumGothic.ttf", "Regular")
make("NanumGothicBold.ttf", "Bold")
