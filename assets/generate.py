#!/usr/bin/env python3
"""Draws the sample decks' photos and memes (all made here, no third-party images).

Needs Pillow and the Nanum fonts (Debian: fonts-nanum). Deterministic: the same seed draws the
same pictures, so re-running it changes nothing unless this file changes.

    pip install pillow && python3 assets/generate.py
"""

import math
import random
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

HERE = Path(__file__).parent
NANUM_BOLD = "/usr/share/fonts/truetype/nanum/NanumSquareB.ttf"
NANUM = "/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf"


def font(path, size):
    # A missing font must fail loudly: the default bitmap font has no Hangul.
    return ImageFont.truetype(path, size)


def vertical_gradient(size, top, bottom):
    w, h = size
    img = Image.new("RGB", size)
    px = img.load()
    for y in range(h):
        t = y / (h - 1)
        c = tuple(int(top[i] + (bottom[i] - top[i]) * t) for i in range(3))
        for x in range(w):
            px[x, y] = c
    return img


def stage(path):
    """A dark stage: a warm spotlight on a lectern, heads of an audience in front."""
    rnd = random.Random(7)
    w, h = 1920, 1080
    img = vertical_gradient((w, h), (18, 16, 30), (40, 30, 45))
    light = Image.new("L", (w, h), 0)
    d = ImageDraw.Draw(light)
    d.polygon([(880, 0), (1040, 0), (1400, 900), (520, 900)], fill=120)
    d.ellipse((560, 820, 1360, 980), fill=200)
    light = light.filter(ImageFilter.GaussianBlur(60))
    warm = Image.new("RGB", (w, h), (255, 214, 150))
    img = Image.composite(warm, img, light)
    d = ImageDraw.Draw(img)
    d.rectangle((900, 640, 1020, 900), fill=(70, 45, 35))
    d.rectangle((880, 620, 1040, 650), fill=(95, 60, 45))
    for _ in range(90):
        x = rnd.randint(-40, w + 40)
        y = rnd.randint(930, 1080)
        r = rnd.randint(38, 60)
        shade = rnd.randint(8, 22)
        d.ellipse((x - r, y - r, x + r, y + r), fill=(shade, shade, shade + 4))
        d.rectangle((x - r - 10, min(y + r - 10, h), x + r + 10, h), fill=(shade, shade, shade + 4))
    img.save(path, quality=85)


def skyline(path):
    """Seoul at night, roughly: a gradient sky, a moon, towers with lit windows, a river."""
    rnd = random.Random(2026)
    w, h = 1920, 1080
    img = vertical_gradient((w, h), (10, 14, 40), (60, 40, 90))
    d = ImageDraw.Draw(img)
    d.ellipse((1500, 120, 1620, 240), fill=(250, 240, 200))
    for _ in range(160):
        x, y = rnd.randint(0, w), rnd.randint(0, 500)
        d.point((x, y), fill=(200, 200, 230))
    # N Seoul Tower on a hill.
    d.ellipse((160, 560, 760, 900), fill=(20, 25, 45))
    d.rectangle((452, 330, 468, 600), fill=(200, 200, 215))
    d.rectangle((430, 420, 490, 450), fill=(230, 120, 160))
    x = 0
    while x < w:
        bw = rnd.randint(60, 150)
        bh = rnd.randint(180, 560)
        top = 860 - bh
        tone = rnd.randint(25, 45)
        d.rectangle((x, top, x + bw, 860), fill=(tone, tone, tone + 20))
        for wy in range(top + 12, 850, 22):
            for wx in range(x + 8, x + bw - 10, 18):
                if rnd.random() < 0.45:
                    d.rectangle((wx, wy, wx + 8, wy + 10), fill=(255, 215, 120))
        x += bw + rnd.randint(4, 18)
    river = vertical_gradient((w, 220), (30, 30, 70), (10, 10, 30))
    img.paste(river, (0, 860))
    reflect = img.crop((0, 640, w, 860)).transpose(Image.FLIP_TOP_BOTTOM).filter(ImageFilter.GaussianBlur(6))
    img.paste(Image.blend(reflect, river, 0.6), (0, 860))
    img.save(path, quality=85)


def outlined(d, xy, text, size, anchor="mm", path=NANUM_BOLD):
    f = font(path, size)
    d.text(xy, text, font=f, fill="white", anchor=anchor, stroke_width=max(3, size // 14), stroke_fill="black")


def meme(path):
    """Two panels: a cheerful face saying the tests will catch it; the same face, on fire."""
    w, h = 1200, 1000
    img = Image.new("RGB", (w, h), (250, 250, 250))
    d = ImageDraw.Draw(img)
    for i, (bg, fire) in enumerate([((120, 180, 230), False), ((70, 30, 20), True)]):
        top = i * 500
        d.rectangle((0, top, w, top + 500), fill=bg)
        if fire:
            rnd = random.Random(11)
            for _ in range(70):
                x = rnd.randint(0, w)
                fh = rnd.randint(80, 300)
                d.polygon([(x - 40, top + 500), (x + 40, top + 500), (x + rnd.randint(-20, 20), top + 500 - fh)],
                          fill=rnd.choice([(240, 120, 20), (250, 180, 40), (220, 60, 20)]))
        cx, cy = 600, top + 260
        d.ellipse((cx - 120, cy - 120, cx + 120, cy + 120), fill=(255, 214, 90), outline="black", width=6)
        d.ellipse((cx - 55, cy - 40, cx - 25, cy - 10), fill="black")
        d.ellipse((cx + 25, cy - 40, cx + 55, cy - 10), fill="black")
        d.arc((cx - 60, cy - 10, cx + 60, cy + 70), 20, 160, fill="black", width=7)
        d.line((0, top + 500, w, top + 500), fill="black", width=6)
    outlined(d, (600, 70), "금요일 오후 6시 배포", 72)
    outlined(d, (600, 440), "테스트 있으니까 괜찮아", 56)
    outlined(d, (600, 570), "월요일 아침", 72)
    outlined(d, (600, 940), "이것도 괜찮아…", 56)
    img.save(path)


def meme_deploying(path):
    """An animated meme (짤): the cheerful face at the laptop while the flames around it flicker
    and the deploy spinner turns. 480x270, 20 frames at 10 fps, loops for ever."""
    w, h = 480, 270
    frames = []
    for i in range(20):
        img = Image.new("RGB", (w, h), (70, 30, 20))
        d = ImageDraw.Draw(img)
        rnd = random.Random(100 + i)
        for _ in range(40):
            x = rnd.randint(0, w)
            fh = rnd.randint(40, 150)
            d.polygon([(x - 22, h), (x + 22, h), (x + rnd.randint(-12, 12), h - fh)],
                      fill=rnd.choice([(240, 120, 20), (250, 180, 40), (220, 60, 20)]))
        cx, cy = 240, 150
        d.rounded_rectangle((cx - 95, cy + 20, cx + 95, cy + 80), radius=8, fill=(60, 60, 70), outline="black", width=3)
        d.ellipse((cx - 50, cy - 80, cx + 50, cy + 20), fill=(255, 214, 90), outline="black", width=4)
        d.ellipse((cx - 24, cy - 50, cx - 10, cy - 36), fill="black")
        d.ellipse((cx + 10, cy - 50, cx + 24, cy - 36), fill="black")
        d.arc((cx - 26, cy - 36, cx + 26, cy - 4), 20, 160, fill="black", width=4)
        # The deploy spinner on the laptop: one bright dot going round.
        for k in range(8):
            a = 2 * math.pi * k / 8
            on = k == i % 8
            r = 5 if on else 3
            x, y = cx + 18 * math.cos(a), cy + 50 + 18 * math.sin(a)
            d.ellipse((x - r, y - r, x + r, y + r), fill=(250, 250, 250) if on else (120, 120, 130))
        outlined(d, (240, 34), "배포 중" + "." * (1 + i % 3), 36)
        frames.append(img)
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=100, loop=0, optimize=False)


def hare_and_tortoise(path):
    """Two progress bars on one scale: slides done (hare) and time gone (tortoise)."""
    w, h = 1600, 900
    img = Image.new("RGB", (w, h), (24, 26, 34))
    d = ImageDraw.Draw(img)
    f = font(NANUM, 44)
    bars = [("slides", 0.62, (90, 200, 120)), ("time", 0.48, (240, 170, 60))]
    for i, (label, frac, color) in enumerate(bars):
        y = 260 + i * 260
        d.rounded_rectangle((200, y, 1400, y + 90), radius=45, fill=(55, 58, 70))
        d.rounded_rectangle((200, y, 200 + int(1200 * frac), y + 90), radius=45, fill=color)
        d.text((200, y - 70), label, font=f, fill=(230, 230, 235))
        cx = 200 + int(1200 * frac)
        if label == "slides":
            d.ellipse((cx - 70, y - 10, cx + 50, y + 100), fill=(235, 235, 240))
            d.ellipse((cx - 10, y - 90, cx + 10, y + 10), fill=(235, 235, 240))
            d.ellipse((cx + 15, y - 80, cx + 35, y + 10), fill=(235, 235, 240))
        else:
            d.chord((cx - 80, y - 30, cx + 60, y + 110), 180, 360, fill=(90, 140, 80))
            d.ellipse((cx + 40, y + 10, cx + 90, y + 60), fill=(120, 170, 100))
    img.save(path)


def badge(path):
    """A conference speaker badge with a lanyard hole and a Hangul name."""
    w, h = 900, 1200
    img = Image.new("RGB", (w, h), (245, 245, 240))
    d = ImageDraw.Draw(img)
    d.rectangle((0, 0, w, 330), fill=(38, 84, 164))
    d.rounded_rectangle((390, 40, 510, 80), radius=20, fill=(245, 245, 240))
    d.text((450, 200), "PyCon Korea", font=font(NANUM_BOLD, 84), fill="white", anchor="mm")
    d.text((450, 560), "김파이", font=font(NANUM_BOLD, 170), fill=(30, 30, 30), anchor="mm")
    d.text((450, 760), "발표자 · Speaker", font=font(NANUM, 72), fill=(38, 84, 164), anchor="mm")
    d.rectangle((0, 1060, w, h), fill=(250, 200, 60))
    d.text((450, 1130), "라이트닝 토크", font=font(NANUM_BOLD, 64), fill=(30, 30, 30), anchor="mm")
    img.save(path)


def main():
    stage(HERE / "stage.jpg")
    hare_and_tortoise(HERE / "hare-tortoise.png")
    skyline(HERE / "seoul-night.jpg")
    meme(HERE / "meme-friday-deploy.png")
    meme_deploying(HERE / "meme-deploying.gif")
    badge(HERE / "speaker-badge.png")


if __name__ == "__main__":
    main()
