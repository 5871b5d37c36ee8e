"""Procedural cartoon pictures for the cat / non-cat dataset.

Every picture is a 64x64x3 ``uint8`` image drawn with NumPy masks on a grid of
pixel centres: a background (plain, gradient, wallpaper, room, outdoors,
clutter), then a subject. Cats have pointed ears, slit pupils, a pink nose and
whiskers, in many fur colours and patterns, at varied sizes, places and tilts.
Non-cats are other animals (dogs with floppy ears, bears with round ears, owls,
fish, foxes with pointed ears), objects (cars, trees, houses, smiley faces) and
landscapes.

Only operations that IEEE 754 rounds exactly (``+ - * /``, ``sqrt``, ``floor``,
comparisons) on float64 and the uniform draws of ``np.random.Generator`` are
used, so every machine draws the same bytes. Rotations are drawn as a tangent
and turned into a unit vector with ``sqrt`` for the same reason.
"""

import numpy as np

SIZE = 64
_Y, _X = np.mgrid[0:SIZE, 0:SIZE] + 0.5

FUR = {
    "orange": (0.92, 0.55, 0.22),
    "grey": (0.55, 0.56, 0.6),
    "black": (0.13, 0.12, 0.14),
    "white": (0.95, 0.94, 0.9),
    "brown": (0.5, 0.34, 0.2),
    "cream": (0.93, 0.84, 0.66),
}
EYE_COLOURS = ((0.45, 0.75, 0.25), (0.95, 0.8, 0.2), (0.35, 0.6, 0.95), (0.85, 0.55, 0.15))
PINK = (0.95, 0.6, 0.65)
DARK = (0.08, 0.07, 0.08)
WHITE = (0.97, 0.97, 0.97)


# --------------------------------------------------------------------------- shapes


def coverage(distance):
    """Anti-aliased coverage of a shape.

    Parameters
    ----------
    distance : ndarray, shape (64, 64)
        Signed distance (in pixels) of each pixel centre to the shape's edge,
        negative inside.

    Returns
    -------
    ndarray, shape (64, 64)
        Values in [0, 1]: 1 well inside, 0 well outside, a ramp one pixel wide.
    """
    return np.clip(0.5 - distance, 0.0, 1.0)


def ellipse(cx, cy, rx, ry, turn=(1.0, 0.0)):
    """Mask of an ellipse centred at ``(cx, cy)`` with radii ``rx, ry`` (pixels).

    ``turn = (cos, sin)`` is the direction of the ``rx`` axis.
    """
    c, s = turn
    dx, dy = _X - cx, _Y - cy
    u = (c * dx + s * dy) / rx
    v = (c * dy - s * dx) / ry
    return coverage((np.sqrt(u * u + v * v) - 1.0) * min(rx, ry))


def polygon(points):
    """Mask of a convex polygon given as a sequence of ``(x, y)`` corners."""
    pts = np.asarray(points, dtype=float)
    nxt = np.roll(pts, -1, axis=0)
    area2 = np.sum(pts[:, 0] * nxt[:, 1] - nxt[:, 0] * pts[:, 1])
    sign = 1.0 if area2 > 0 else -1.0
    distance = np.full((SIZE, SIZE), -np.inf)
    for (x0, y0), (x1, y1) in zip(pts, nxt):
        ex, ey = x1 - x0, y1 - y0
        length = np.sqrt(ex * ex + ey * ey)
        # outward normal of an edge, for either orientation of the corners
        nx, ny = sign * ey / length, -sign * ex / length
        distance = np.maximum(distance, (_X - x0) * nx + (_Y - y0) * ny)
    return coverage(distance)


def segment(p, q, width):
    """Mask of a straight stroke from ``p`` to ``q`` (``(x, y)`` pairs), ``width`` pixels thick."""
    (x0, y0), (x1, y1) = p, q
    dx, dy = x1 - x0, y1 - y0
    t = np.clip(((_X - x0) * dx + (_Y - y0) * dy) / max(dx * dx + dy * dy, 1e-9), 0.0, 1.0)
    ex, ey = _X - x0 - t * dx, _Y - y0 - t * dy
    return coverage(np.sqrt(ex * ex + ey * ey) - width / 2)


def stripes(period, turn=(1.0, 0.0), phase=0.0, duty=0.5):
    """Mask of parallel stripes across the whole image.

    Stripes are ``duty * period`` pixels wide and repeat every ``period`` pixels
    along the direction ``turn = (cos, sin)``.
    """
    c, s = turn
    t = (c * _X + s * _Y) / period + phase
    tri = np.abs(t - np.floor(t) - 0.5) * 2.0  # 0 at a stripe's centre line, 1 between stripes
    return np.clip((duty - tri) * period / 2 + 0.5, 0.0, 1.0)


def paint(img, mask, colour):
    """Blend ``colour`` into ``img`` (H, W, 3) where ``mask`` (H, W) is 1, in place."""
    m = mask[..., None]
    img *= 1.0 - m
    img += m * np.asarray(colour, dtype=float)


def turn_from_tangent(t):
    """Unit vector ``(cos a, sin a)`` of the angle ``a`` whose tangent is ``t``."""
    c = 1.0 / np.sqrt(1.0 + t * t)
    return c, t * c


def compose(a, b):
    """Turn ``a`` followed by turn ``b`` (both ``(cos, sin)``)."""
    return a[0] * b[0] - a[1] * b[1], a[1] * b[0] + a[0] * b[1]


class Figure:
    """A figure drawn onto an image in its own coordinates ``(u, v)`` (v down).

    Each drawing method paints its shape when given a colour and returns the
    shape's mask, so patterns can be laid over a part afterwards.

    Parameters
    ----------
    img : ndarray, shape (64, 64, 3)
        Float image in [0, 1], painted in place.
    cx, cy : float
        Pixel position of the figure's origin.
    scale : float
        Pixels per figure unit.
    turn : tuple of float
        ``(cos, sin)`` of the figure's tilt.
    flip : bool
        Mirror the figure left-right.
    """

    def __init__(self, img, cx, cy, scale, turn=(1.0, 0.0), flip=False):
        self.img, self.cx, self.cy, self.scale, self.turn = img, cx, cy, scale, turn
        self.sx = -1.0 if flip else 1.0

    def at(self, u, v):
        """Pixel ``(x, y)`` of the figure point ``(u, v)``."""
        c, s = self.turn
        u = self.sx * u
        return self.cx + self.scale * (c * u - s * v), self.cy + self.scale * (s * u + c * v)

    def _local(self, turn):
        return compose(self.turn, (turn[0], self.sx * turn[1]))

    def _paint(self, mask, colour):
        if colour is not None:
            paint(self.img, mask, colour)
        return mask

    def ellipse(self, u, v, ru, rv, colour=None, turn=(1.0, 0.0)):
        """Ellipse centred at ``(u, v)`` with radii ``ru, rv``."""
        mask = ellipse(*self.at(u, v), ru * self.scale, rv * self.scale, self._local(turn))
        return self._paint(mask, colour)

    def polygon(self, points, colour=None):
        """Convex polygon with corners ``points``."""
        return self._paint(polygon([self.at(u, v) for u, v in points]), colour)

    def segment(self, p, q, width, colour=None):
        """Stroke from ``p`` to ``q``, ``width`` figure units thick."""
        return self._paint(segment(self.at(*p), self.at(*q), width * self.scale), colour)

    def stripes(self, period, turn=(1.0, 0.0), phase=0.0, duty=0.5):
        """Stripes that turn and scale with the figure (a mask, not painted)."""
        return stripes(period * self.scale, self._local(turn), phase, duty)


def shrink(points, factor):
    """Corners of a polygon pulled towards its centroid by ``factor``."""
    pts = np.asarray(points, dtype=float)
    centre = pts.mean(axis=0)
    return [tuple(p) for p in centre + factor * (pts - centre)]


# --------------------------------------------------------------------------- colours


def vary(rng, colour, amount=0.08):
    """``colour`` with each channel moved by up to ``amount``, kept in [0, 1]."""
    return tuple(np.clip(np.asarray(colour) + rng.uniform(-amount, amount, 3), 0.0, 1.0))


def random_colour(rng, low=0.0, high=1.0):
    """A colour with channels drawn uniformly in ``[low, high)``."""
    return tuple(rng.uniform(low, high, 3))


def shade(colour, factor):
    """``colour`` darkened (factor < 1) or lightened towards white (factor > 1)."""
    c = np.asarray(colour, dtype=float)
    if factor <= 1.0:
        return tuple(c * factor)
    return tuple(c + (1.0 - c) * (factor - 1.0))


# --------------------------------------------------------------------------- backgrounds

BACKGROUNDS = ("plain", "gradient", "wallpaper", "room", "outdoors", "clutter")


def gradient(rng, top, bottom):
    """An image fading from colour ``top`` to ``bottom`` along a random direction."""
    c, s = turn_from_tangent(rng.uniform(-3.0, 3.0))
    if rng.random() < 0.5:
        c, s = -s, c
    t = (c * (_X - 32) + s * (_Y - 32)) / 90.0 + 0.5
    t = np.clip(t, 0.0, 1.0)[..., None]
    return (1.0 - t) * np.asarray(top) + t * np.asarray(bottom)


def draw_background(rng):
    """A random background: plain, gradient, wallpaper, room, outdoors or clutter."""
    kind = rng.choice(BACKGROUNDS)
    base = random_colour(rng, 0.15, 0.95)
    img = gradient(rng, base, vary(rng, base, 0.3))
    if kind == "plain":
        img[:] = base
    elif kind == "wallpaper":
        turn = turn_from_tangent(rng.uniform(-1.0, 1.0))
        paint(img, 0.6 * stripes(rng.uniform(4, 12), turn, rng.random(), rng.uniform(0.2, 0.6)),
              random_colour(rng, 0.1, 0.9))
        if rng.random() < 0.5:
            paint(img, 0.5 * stripes(rng.uniform(4, 12), (turn[1], -turn[0]), rng.random(), 0.3),
                  random_colour(rng, 0.1, 0.9))
    elif kind == "room":
        floor = rng.uniform(36, 56)
        paint(img, coverage(floor - _Y), random_colour(rng, 0.2, 0.8))
        if rng.random() < 0.5:
            x0 = rng.uniform(0, 50)
            paint(img, polygon([(x0, 6), (x0 + 14, 6), (x0 + 14, 22), (x0, 22)]), (0.65, 0.85, 0.98))
    elif kind == "outdoors":
        img = gradient(rng, (0.45, 0.7, 0.98), (0.8, 0.9, 1.0))
        paint(img, coverage(rng.uniform(34, 54) - _Y), vary(rng, (0.3, 0.62, 0.25), 0.15))
    elif kind == "clutter":
        for _ in range(rng.integers(4, 12)):
            x, y, r = rng.uniform(0, 64), rng.uniform(0, 64), rng.uniform(2, 8)
            if rng.random() < 0.5:
                paint(img, ellipse(x, y, r, r * rng.uniform(0.5, 1.5)), random_colour(rng))
            else:
                paint(img, polygon([(x - r, y - r), (x + r, y - r), (x + r, y + r), (x - r, y + r)]),
                      random_colour(rng))
    return img


# --------------------------------------------------------------------------- cats


def fur_pattern(fig, rng, region, fur):
    """Lay a fur pattern over ``region``: solid, tabby stripes, patches or a white muzzle."""
    pattern = rng.choice(["solid", "tabby", "tabby", "patches", "bicolour"])
    if pattern == "tabby":
        period = rng.uniform(0.25, 0.4)
        lines = fig.stripes(period, turn_from_tangent(rng.uniform(-0.3, 0.3)), rng.random(), 0.4)
        paint(fig.img, region * lines, shade(fur, rng.uniform(0.4, 0.65)))
    elif pattern == "patches":
        spots = np.zeros((SIZE, SIZE))
        for _ in range(3):
            u, v = rng.uniform(-1.0, 1.0), rng.uniform(-0.8, 0.8)
            spots = np.maximum(spots, fig.ellipse(u, v, rng.uniform(0.3, 0.6), rng.uniform(0.3, 0.6)))
        paint(fig.img, region * spots, FUR[rng.choice(["orange", "black", "white"])])
    elif pattern == "bicolour":
        paint(fig.img, region * fig.ellipse(0, 0.45, 0.55, 0.45), FUR["white"])


def draw_cat_head(fig, rng, fur):
    """A cat's head: pointed ears, slit-pupil eyes, pink nose, mouth and whiskers."""
    for side in (-1, 1):
        ear = [(side * 0.98, -0.25), (side * 0.2, -0.8),
               (side * rng.uniform(0.6, 0.95), -rng.uniform(1.35, 1.65))]
        fig.polygon(ear, fur)
        fig.polygon(shrink(ear, 0.5), vary(rng, PINK))
    head = fig.ellipse(0, 0, 1.0, 0.85, fur)
    fur_pattern(fig, rng, head, fur)
    iris = vary(rng, EYE_COLOURS[rng.integers(len(EYE_COLOURS))], 0.05)
    slit = rng.uniform(0.04, 0.09)
    for side in (-1, 1):
        fig.ellipse(side * 0.38, -0.1, 0.22, 0.19, iris)
        fig.ellipse(side * 0.38, -0.1, slit, 0.17, DARK)
        fig.ellipse(side * 0.38 + 0.07, -0.17, 0.04, 0.04, WHITE)
    fig.polygon([(-0.12, 0.2), (0.12, 0.2), (0.0, 0.33)], vary(rng, PINK))
    fig.segment((0.0, 0.32), (0.0, 0.42), 0.05, DARK)
    whisker = WHITE if np.mean(fur) < 0.5 else (0.2, 0.2, 0.2)
    for side in (-1, 1):
        fig.segment((-0.01, 0.42), (side * 0.14, 0.5), 0.05, DARK)
        for k in range(3):
            tip = (side * rng.uniform(1.3, 1.55), 0.12 + 0.2 * k + rng.uniform(-0.08, 0.08))
            fig.segment((side * 0.3, 0.3 + 0.07 * k), tip, 0.045, whisker)


def draw_cat(img, rng, place):
    """A cat's face, close up; fur colour, pattern, eyes and ears drawn at random."""
    draw_cat_head(place(img, 12, 18), rng, vary(rng, FUR[rng.choice(list(FUR))]))


# --------------------------------------------------------------------------- other animals


DOG_FUR = {
    "brown": (0.5, 0.32, 0.17),
    "golden": (0.88, 0.68, 0.35),
    "black": (0.12, 0.11, 0.11),
    "white": (0.95, 0.93, 0.88),
    "grey": (0.6, 0.6, 0.62),
}


def draw_dog(img, rng, place):
    """A dog's face: long head, floppy ears, muzzle, big black nose, round eyes."""
    fur = vary(rng, DOG_FUR[rng.choice(list(DOG_FUR))])
    ears = shade(fur, rng.uniform(0.5, 0.9))
    fig = place(img, 11, 17)
    head = fig.ellipse(0, 0, 0.88, 1.0, fur)
    if rng.random() < 0.3:
        spots = np.zeros((SIZE, SIZE))
        for _ in range(4):
            spots = np.maximum(spots, fig.ellipse(rng.uniform(-0.8, 0.8), rng.uniform(-0.9, 0.6), 0.18, 0.15))
        paint(img, head * spots, DARK)
    for side in (-1, 1):
        fig.ellipse(side * 0.92, 0.2, 0.3, 0.65, ears, turn=turn_from_tangent(side * rng.uniform(0.1, 0.5)))
    fig.ellipse(0, 0.48, 0.5, 0.38, shade(fur, 1.4))
    fig.ellipse(0, 0.3, 0.21, 0.14, DARK)
    fig.segment((0, 0.42), (0, 0.62), 0.05, DARK)
    if rng.random() < 0.4:
        fig.ellipse(0, 0.8, 0.13, 0.17, vary(rng, PINK))
    for side in (-1, 1):
        fig.ellipse(side * 0.36, -0.2, 0.13, 0.13, (0.2, 0.12, 0.06))
        fig.ellipse(side * 0.36 + 0.04, -0.24, 0.04, 0.04, WHITE)


BEAR_FUR = {"brown": (0.42, 0.27, 0.15), "black": (0.12, 0.12, 0.13), "polar": (0.95, 0.94, 0.9)}


def draw_bear(img, rng, place):
    """A bear's (or panda's) face: round head, round ears, pale muzzle, small eyes."""
    panda = rng.random() < 0.25
    fur = FUR["white"] if panda else vary(rng, BEAR_FUR[rng.choice(list(BEAR_FUR))])
    ears = DARK if panda else fur
    fig = place(img, 11, 17)
    for side in (-1, 1):
        fig.ellipse(side * 0.72, -0.72, 0.32, 0.32, ears)
        fig.ellipse(side * 0.72, -0.72, 0.17, 0.17, shade(ears, 0.7))
    fig.ellipse(0, 0, 1.0, 0.92, fur)
    fig.ellipse(0, 0.35, 0.42, 0.32, shade(fur, 1.4) if not panda else fur)
    fig.ellipse(0, 0.22, 0.15, 0.1, DARK)
    fig.segment((0, 0.3), (0, 0.45), 0.05, DARK)
    for side in (-1, 1):
        if panda:
            fig.ellipse(side * 0.38, -0.12, 0.22, 0.17, DARK, turn=turn_from_tangent(side * 0.6))
            fig.ellipse(side * 0.38, -0.15, 0.06, 0.06, WHITE)
        else:
            fig.ellipse(side * 0.38, -0.15, 0.09, 0.09, DARK)


def draw_owl(img, rng, place):
    """An owl: oval body, wings, big round eyes, beak, sometimes ear tufts."""
    feathers = vary(rng, rng.choice([(0.5, 0.38, 0.25), (0.62, 0.6, 0.58), (0.8, 0.6, 0.35)]), 0.1)
    fig = place(img, 10, 14)
    if rng.random() < 0.5:
        for side in (-1, 1):
            fig.polygon([(side * 0.65, -0.65), (side * 0.2, -0.85), (side * 0.8, -1.3)], feathers)
    fig.ellipse(0, 0.3, 0.85, 1.15, feathers)
    belly = fig.ellipse(0, 0.65, 0.55, 0.7, shade(feathers, 1.5))
    paint(img, belly * fig.stripes(0.25, (0.0, 1.0), rng.random(), 0.3), shade(feathers, 0.7))
    for side in (-1, 1):
        fig.ellipse(side * 0.75, 0.5, 0.3, 0.75, shade(feathers, 0.7), turn=turn_from_tangent(side * 0.3))
        fig.ellipse(side * 0.36, -0.3, 0.36, 0.36, shade(feathers, 1.6))
        fig.ellipse(side * 0.36, -0.3, 0.24, 0.24, vary(rng, (1.0, 0.75, 0.1), 0.05))
        fig.ellipse(side * 0.36, -0.3, 0.13, 0.13, DARK)
        fig.ellipse(side * 0.36 + 0.06, -0.36, 0.04, 0.04, WHITE)
        fig.segment((side * 0.2, 1.4), (side * 0.25, 1.55), 0.12, (0.9, 0.6, 0.1))
    fig.polygon([(-0.1, -0.12), (0.1, -0.12), (0.0, 0.12)], (0.9, 0.6, 0.1))


def draw_fish(img, rng, place):
    """A fish: oval body, triangular tail, fin, one eye, sometimes stripes."""
    if rng.random() < 0.6:
        img[:] = gradient(rng, (0.2, 0.5, 0.85), (0.05, 0.2, 0.5))
    scales = vary(rng, rng.choice([(0.95, 0.5, 0.1), (0.3, 0.5, 0.95), (0.95, 0.85, 0.2), (0.6, 0.6, 0.65)]))
    fig = place(img, 12, 17)
    fins = shade(scales, 0.7)
    fig.polygon([(0.95, 0.0), (1.75, -0.6), (1.75, 0.6)], fins)
    fig.polygon([(-0.2, -0.55), (0.5, -0.55), (0.1, -0.95)], fins)
    body = fig.ellipse(0, 0, 1.2, 0.62, scales)
    if rng.random() < 0.5:
        paint(img, body * fig.stripes(0.45, (1.0, 0.0), rng.random(), 0.3), WHITE)
    fig.ellipse(-0.75, -0.12, 0.15, 0.15, WHITE)
    fig.ellipse(-0.77, -0.12, 0.08, 0.08, DARK)
    fig.segment((-1.15, 0.12), (-0.95, 0.15), 0.06, DARK)
    for _ in range(rng.integers(0, 4)):
        r = rng.uniform(0.06, 0.14)
        fig.ellipse(rng.uniform(-2.0, -1.3), rng.uniform(-1.5, 0.5), r, r, shade((0.6, 0.8, 1.0), 1.3))


def draw_fox(img, rng, place):
    """A fox's face, a cat-like distractor: big pointed ears, white cheeks, long pointed snout."""
    fur = vary(rng, (0.88, 0.42, 0.12))
    fig = place(img, 11, 16)
    for side in (-1, 1):
        ear = [(side * 0.95, -0.2), (side * 0.15, -0.75), (side * 0.85, -1.7)]
        fig.polygon(ear, fur)
        fig.polygon(shrink(ear, 0.5), DARK)
    fig.ellipse(0, 0, 1.0, 0.8, fur)
    for side in (-1, 1):
        fig.polygon([(side * 0.98, 0.0), (side * 0.15, 0.25), (side * 0.6, 0.65)], WHITE)
    fig.polygon([(-0.42, 0.1), (0.42, 0.1), (0.0, 1.05)], WHITE)
    fig.ellipse(0, 0.95, 0.13, 0.1, DARK)
    for side in (-1, 1):
        fig.ellipse(side * 0.4, -0.2, 0.16, 0.1, (0.95, 0.7, 0.15), turn=turn_from_tangent(side * 0.4))
        fig.ellipse(side * 0.4, -0.2, 0.07, 0.07, DARK)


# --------------------------------------------------------------------------- objects and scenes


def draw_car(img, rng, place):
    """A car seen from the side: body, cabin, windows, wheels, headlight."""
    paint_colour = random_colour(rng, 0.1, 0.95)
    fig = place(img, 14, 22)
    fig.polygon([(-0.55, -0.1), (0.5, -0.1), (0.3, -0.52), (-0.4, -0.52)], paint_colour)
    fig.polygon([(-0.45, -0.13), (-0.05, -0.13), (-0.05, -0.45), (-0.35, -0.45)], (0.7, 0.85, 0.95))
    fig.polygon([(0.02, -0.13), (0.4, -0.13), (0.25, -0.45), (0.02, -0.45)], (0.7, 0.85, 0.95))
    fig.polygon([(-1.0, -0.12), (1.0, -0.12), (1.0, 0.32), (-1.0, 0.32)], paint_colour)
    fig.ellipse(0.93, 0.0, 0.07, 0.06, (1.0, 0.95, 0.5))
    for side in (-1, 1):
        fig.ellipse(side * 0.58, 0.35, 0.22, 0.22, DARK)
        fig.ellipse(side * 0.58, 0.35, 0.1, 0.1, (0.7, 0.7, 0.72))


def draw_tree(img, rng, place):
    """A tree: trunk with a round leafy crown, or a pointed pine."""
    leaves = vary(rng, (0.2, 0.55, 0.2), 0.12)
    fig = place(img, 11, 16)
    fig.polygon([(-0.15, 0.3), (0.15, 0.3), (0.18, 1.5), (-0.18, 1.5)], vary(rng, (0.45, 0.3, 0.15)))
    if rng.random() < 0.5:
        for k in range(3):
            w, top = 1.0 - 0.25 * k, -0.2 - 0.55 * k
            fig.polygon([(-w, top + 0.8), (w, top + 0.8), (0.0, top - 0.3)], shade(leaves, 1.0 - 0.1 * k))
    else:
        for _ in range(rng.integers(4, 7)):
            r = rng.uniform(0.4, 0.6)
            fig.ellipse(rng.uniform(-0.6, 0.6), rng.uniform(-0.6, 0.3), r, r, vary(rng, leaves, 0.06))
        if rng.random() < 0.4:
            for _ in range(4):
                fig.ellipse(rng.uniform(-0.7, 0.7), rng.uniform(-0.6, 0.3), 0.09, 0.09, (0.9, 0.15, 0.1))


def draw_house(img, rng, place):
    """A house: walls, pointed roof, door and windows."""
    fig = place(img, 12, 18)
    fig.polygon([(-0.8, -0.2), (0.8, -0.2), (0.8, 1.0), (-0.8, 1.0)], random_colour(rng, 0.4, 0.95))
    fig.polygon([(-1.0, -0.15), (1.0, -0.15), (0.0, -1.1)], vary(rng, (0.6, 0.2, 0.15), 0.15))
    fig.polygon([(-0.15, 0.4), (0.15, 0.4), (0.15, 1.0), (-0.15, 1.0)], vary(rng, (0.4, 0.25, 0.15)))
    for side in (-1, 1):
        fig.polygon([(side * 0.35, 0.1), (side * 0.6, 0.1), (side * 0.6, 0.35), (side * 0.35, 0.35)],
                    (0.7, 0.85, 0.95))


def draw_smiley(img, rng, place):
    """A smiley face: round head, two eyes, a smile; sometimes a wink or a tongue."""
    face = vary(rng, (1.0, 0.85, 0.15)) if rng.random() < 0.7 else random_colour(rng, 0.3, 1.0)
    fig = place(img, 12, 18)
    fig.ellipse(0, 0, 1.0, 1.0, face)
    for side in (-1, 1):
        if side == 1 and rng.random() < 0.2:
            fig.segment((0.25, -0.3), (0.5, -0.3), 0.08, DARK)
        else:
            fig.ellipse(side * 0.36, -0.3, 0.1, 0.16, DARK)
    ring = fig.ellipse(0, 0.05, 0.6, 0.55) - fig.ellipse(0, 0.0, 0.55, 0.48)
    paint(img, np.clip(ring, 0, 1) * fig.polygon([(-1, 0.15), (1, 0.15), (1, 1), (-1, 1)]), DARK)
    if rng.random() < 0.3:
        fig.ellipse(0, 0.6, 0.14, 0.12, vary(rng, PINK))


def draw_landscape(img, rng, place):
    """A landscape: sky, sun, mountains with snowy peaks, ground.

    It fills the whole picture, so ``place`` is not used.
    """
    img[:] = gradient(rng, vary(rng, (0.4, 0.65, 0.95)), vary(rng, (0.85, 0.9, 1.0)))
    sx, sy = rng.uniform(6, 58), rng.uniform(5, 20)
    paint(img, ellipse(sx, sy, 5, 5), (1.0, 0.9, 0.3))
    horizon = rng.uniform(38, 50)
    for _ in range(rng.integers(1, 4)):
        x, w, h = rng.uniform(0, 64), rng.uniform(12, 26), rng.uniform(14, 30)
        rock = vary(rng, (0.45, 0.42, 0.4), 0.1)
        paint(img, polygon([(x - w, horizon), (x + w, horizon), (x, horizon - h)]), rock)
        paint(img, polygon([(x - w * 0.25, horizon - h * 0.75), (x + w * 0.25, horizon - h * 0.75),
                            (x, horizon - h)]), WHITE)
    paint(img, coverage(horizon - _Y), vary(rng, (0.35, 0.6, 0.2), 0.12))


NON_CATS = {  # how many in a hundred non-cats (whole numbers, so their sum is exact)
    draw_dog: 20,
    draw_bear: 12,
    draw_fox: 10,
    draw_owl: 10,
    draw_fish: 10,
    draw_car: 10,
    draw_tree: 8,
    draw_house: 6,
    draw_smiley: 7,
    draw_landscape: 7,
}


# --------------------------------------------------------------------------- pictures

JITTER = 2.5  # pixels the subject's centre may move from the picture's centre
TILT = 0.15  # largest tangent of the subject's tilt
NOISE = 0.08  # amplitude of the uniform pixel noise
DIMMEST = 0.3  # darkest lighting: every picture is multiplied by a factor in [DIMMEST, 1)


def make_place(rng):
    """A function that puts a figure somewhere in the picture, at a random size, tilt and side.

    The returned ``place(img, smallest, largest, middle=(0, 0))`` draws a scale in
    ``[smallest, largest)`` pixels per figure unit and puts the figure point
    ``middle`` within ``JITTER`` pixels of the picture's centre.
    """
    def place(img, smallest, largest, middle=(0.0, 0.0)):
        fig = Figure(img, 0.0, 0.0, rng.uniform(smallest, largest),
                     turn_from_tangent(rng.uniform(-TILT, TILT)), flip=rng.random() < 0.5)
        mx, my = fig.at(*middle)
        fig.cx = 32.0 + rng.uniform(-JITTER, JITTER) - mx
        fig.cy = 32.0 + rng.uniform(-JITTER, JITTER) - my
        return fig
    return place


def draw_picture(rng, is_cat):
    """One 64x64x3 ``uint8`` picture of a cat (``is_cat``) or of something else."""
    img = draw_background(rng)
    if is_cat:
        draw_cat(img, rng, make_place(rng))
    else:
        kinds = list(NON_CATS)
        weights = np.array(list(NON_CATS.values()), dtype=float)
        kinds[rng.choice(len(kinds), p=weights / weights.sum())](img, rng, make_place(rng))
    img *= rng.uniform(DIMMEST, 1.0)
    img += NOISE * (rng.random(img.shape) - 0.5)
    return np.floor(np.clip(img, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def draw_pictures(labels, entropy):
    """Pictures for a sequence of labels (1 = cat), picture ``i`` from its own random stream.

    Parameters
    ----------
    labels : sequence of int
        1 for a cat, 0 for anything else.
    entropy : list of int
        Seed of the set, e.g. ``[seed, stream]``. Picture ``i`` is drawn with
        ``SeedSequence(entropy, spawn_key=(i,))``, so it does not depend on how
        many pictures are drawn.

    Returns
    -------
    ndarray, shape (len(labels), 64, 64, 3), dtype uint8
    """
    out = np.empty((len(labels), SIZE, SIZE, 3), dtype=np.uint8)
    for i, label in enumerate(labels):
        rng = np.random.default_rng(np.random.SeedSequence(entropy, spawn_key=(i,)))
        out[i] = draw_picture(rng, bool(label))
    return out
