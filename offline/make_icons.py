"""Draws the app's icons (offline/static/offline/icons/*.png, committed): a small network, five white nodes joined by
lines, on the top bar's blue. Run again after a change: `.venv/bin/python offline/make_icons.py`.

The maskable icon fills its square with the colour and keeps the drawing inside the central circle of 80 % that every
launcher's mask leaves visible; the others have rounded corners and a slightly larger drawing."""

from pathlib import Path

from PIL import Image, ImageDraw

BLUE = (0x1F, 0x5F, 0x8B, 255)
WHITE = (255, 255, 255, 255)
OUT = Path(__file__).resolve().parent / "static" / "offline" / "icons"
# The drawing on a unit square (0..1, centred at .5): a hub and four services, some of them linked to each other too.
NODES = [(0.5, 0.5), (0.2, 0.25), (0.8, 0.22), (0.22, 0.8), (0.82, 0.74)]
EDGES = [(0, 1), (0, 2), (0, 3), (0, 4), (1, 2), (3, 4), (2, 4)]
SUPERSAMPLE = 4  # drawn four times larger, then scaled down: smooth edges without anti-aliasing in ImageDraw


def draw(size: int, *, maskable: bool) -> Image.Image:
    big = size * SUPERSAMPLE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    if maskable:
        pen.rectangle((0, 0, big, big), fill=BLUE)
        extent = 0.56  # the drawing's width, inside the safe circle (diameter .8) with its nodes' radius
    else:
        pen.rounded_rectangle((0, 0, big - 1, big - 1), radius=big * 0.18, fill=BLUE)
        extent = 0.70

    def at(point):
        x, y = point
        return (big * (0.5 + (x - 0.5) * extent), big * (0.5 + (y - 0.5) * extent))

    line = max(1, round(big * 0.035 * extent / 0.7))
    for a, b in EDGES:
        pen.line((at(NODES[a]), at(NODES[b])), fill=WHITE, width=line)
    for index, node in enumerate(NODES):
        radius = big * (0.11 if index == 0 else 0.075) * extent / 0.7
        x, y = at(node)
        pen.ellipse((x - radius, y - radius, x + radius, y + radius), fill=WHITE)
    return image.resize((size, size), Image.LANCZOS)


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    draw(192, maskable=False).save(OUT / "icon-192.png", optimize=True)
    draw(512, maskable=False).save(OUT / "icon-512.png", optimize=True)
    draw(512, maskable=True).save(OUT / "icon-maskable-512.png", optimize=True)
    # iOS draws its own rounded corners and shows transparency as black: a full square.
    draw(180, maskable=True).convert("RGB").save(OUT / "apple-touch-icon.png", optimize=True)


if __name__ == "__main__":
    main()
