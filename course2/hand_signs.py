"""Procedural pictures of a hand holding up 0 to 5 fingers (the SIGNS dataset).

Each 64x64x3 ``uint8`` picture shows a right hand, palm towards the camera, with a forearm and a
sleeve, in front of a dark background (plain, gradient, stripes or clutter). Skin tone, hand size,
tilt, position, finger lengths and spread, lighting and noise vary from picture to picture. The
backgrounds are dark on purpose: on bright pictures (mean pixel above about 0.5) the TF intro's dense
network, Glorot-initialized and trained with Adam, loses every first-layer ReLU within an epoch (the
first Adam steps move all 12288 weights of a unit the same way) and stays at chance. The count is shown the
usual way: 0 a fist, 1 the index finger, 2 index and middle, 3 index, middle and ring (or thumb,
index and middle), 4 the four fingers with the thumb folded, 5 the open hand.

Drawing is vectorized over a batch of pictures: each picture's parameters come from its own random
stream (so picture ``i`` does not depend on how many are drawn), then every shape is drawn for the
whole batch at once as a signed-distance field of shape (n, 64, 64). The shape functions here
(:func:`ellipse_distance`, :func:`capsule_distance`, :func:`paint`, :class:`Pose`) are reused by the
smiling-faces generator of course 4.

Like :mod:`course1.cat_images`, only operations that IEEE 754 rounds exactly (``+ - * /``,
``sqrt``, comparisons) and the uniform draws of ``np.random.Generator`` are used, so every machine
draws the same bytes; angles are drawn as tangents.
"""

import numpy as np

from course1.cat_images import coverage, turn_from_tangent

SIZE = 64
_Y, _X = np.mgrid[0:SIZE, 0:SIZE] + 0.5
CHUNK = 100  # pictures drawn at once (each distance field then takes 3 MB)


# --------------------------------------------------------------------------- batched shapes


def per_picture(a):
    """(n,) -> (n, 1, 1), to broadcast a per-picture value over the pixel grid."""
    return np.asarray(a, dtype=float)[:, None, None]


def ellipse_distance(cx, cy, rx, ry, c=1.0, s=0.0):
    """Approximate signed distance (pixels, negative inside) to an ellipse, for n pictures.

    Parameters
    ----------
    cx, cy : ndarray, shape (n,)
        Centre in pixels.
    rx, ry : ndarray, shape (n,)
        Radii in pixels; ``rx`` lies along the direction ``(c, s)``.
    c, s : float or ndarray, shape (n,)
        Cosine and sine of the ellipse's tilt.

    Returns
    -------
    ndarray, shape (n, 64, 64)
    """
    c, s = np.broadcast_to(c, np.shape(cx)), np.broadcast_to(s, np.shape(cx))
    dx, dy = _X - per_picture(cx), _Y - per_picture(cy)
    u = (per_picture(c) * dx + per_picture(s) * dy) / per_picture(rx)
    v = (per_picture(c) * dy - per_picture(s) * dx) / per_picture(ry)
    return (np.sqrt(u * u + v * v) - 1.0) * per_picture(np.minimum(rx, ry))


def capsule_distance(x0, y0, x1, y1, width):
    """Signed distance (pixels) to a stroke with round ends from ``(x0, y0)`` to ``(x1, y1)``.

    Parameters
    ----------
    x0, y0, x1, y1 : ndarray, shape (n,)
        End points in pixels.
    width : ndarray, shape (n,)
        Thickness in pixels.

    Returns
    -------
    ndarray, shape (n, 64, 64)
    """
    dx, dy = per_picture(x1) - per_picture(x0), per_picture(y1) - per_picture(y0)
    px, py = _X - per_picture(x0), _Y - per_picture(y0)
    t = np.clip((px * dx + py * dy) / np.maximum(dx * dx + dy * dy, 1e-9), 0.0, 1.0)
    ex, ey = px - t * dx, py - t * dy
    return np.sqrt(ex * ex + ey * ey) - per_picture(width) / 2


def paint(img, mask, colour):
    """Blend ``colour`` into ``img`` where ``mask`` is 1, in place.

    Parameters
    ----------
    img : ndarray, shape (n, 64, 64, 3)
        Float pictures in [0, 1].
    mask : ndarray, shape (n, 64, 64)
        Coverage in [0, 1].
    colour : ndarray, shape (n, 3) or (n, 64, 64, 3)
        One colour per picture, or one per pixel.
    """
    colour = np.asarray(colour, dtype=float)
    if colour.ndim == 2:
        colour = colour[:, None, None, :]
    img += mask[..., None] * (colour - img)


def shaded_parts(parts):
    """Coverage and shading of parts of one colour drawn over each other, each darker near its edge.

    Parameters
    ----------
    parts : iterable of (distance, depth, width)
        In drawing order: a part's signed distance field, shape (n, 64, 64); how much darker its
        very edge is (0 = not at all, 1 = black); and the width of that darker rim in pixels,
        shape (n,).

    Returns
    -------
    alpha : ndarray, shape (n, 64, 64)
        Coverage of all the parts together.
    light : ndarray, shape (n, 64, 64)
        Shading premultiplied by ``alpha``: paint with :func:`paint_shaded`.
    """
    alpha = light = 0.0
    for distance, depth, width in parts:
        m = coverage(distance)
        rim = 1.0 - depth * (1.0 - np.clip(-distance / per_picture(width), 0.0, 1.0))
        alpha = alpha * (1.0 - m) + m
        light = light * (1.0 - m) + m * rim
    return alpha, light


def paint_shaded(img, alpha, light, colour):
    """Paint ``colour`` (n, 3) shaded by ``light`` over ``img`` where ``alpha`` is 1, in place."""
    img *= (1.0 - alpha)[..., None]
    img += light[..., None] * np.asarray(colour, dtype=float)[:, None, None, :]


class Pose:
    """Where n figures sit in their pictures: figure coordinates ``(u, v)`` (v down) to pixels.

    Parameters
    ----------
    cx, cy : ndarray, shape (n,)
        Pixel position of each figure's origin.
    scale : ndarray, shape (n,)
        Pixels per figure unit.
    c, s : ndarray, shape (n,)
        Cosine and sine of each figure's tilt.
    flip : ndarray, shape (n,)
        1 to mirror a figure left-right, 0 to keep it.
    """

    def __init__(self, cx, cy, scale, c, s, flip):
        self.cx, self.cy, self.scale, self.c, self.s = cx, cy, scale, c, s
        self.sx = 1.0 - 2.0 * np.asarray(flip, dtype=float)

    def at(self, u, v):
        """Pixel coordinates ``(x, y)``, each (n,), of the figure points ``(u, v)`` (scalars or (n,))."""
        u = self.sx * u
        return (self.cx + self.scale * (self.c * u - self.s * v),
                self.cy + self.scale * (self.s * u + self.c * v))

    def local(self):
        """Figure coordinates ``(u, v)`` of every pixel centre, each of shape (n, 64, 64)."""
        dx, dy = _X - per_picture(self.cx), _Y - per_picture(self.cy)
        c, s, scale = per_picture(self.c), per_picture(self.s), per_picture(self.scale)
        return per_picture(self.sx) * (c * dx + s * dy) / scale, (c * dy - s * dx) / scale

    def below(self, v0):
        """Signed distance (pixels) to the line ``v = v0`` (scalar or (n,)), negative on the ``v < v0`` side."""
        return (self.local()[1] - per_picture(np.broadcast_to(v0, np.shape(self.cx)))) * per_picture(self.scale)

    def capsule(self, p, q, width):
        """Distance field of a stroke from figure point ``p`` to ``q``, ``width`` figure units thick."""
        return capsule_distance(*self.at(*p), *self.at(*q), width * self.scale)

    def ellipse(self, u, v, ru, rv, tangent=0.0):
        """Distance field of an ellipse centred at ``(u, v)``, radii ``ru, rv``, tilted by ``tangent``."""
        tc, ts = turn_from_tangent(np.asarray(tangent, dtype=float))
        ts = self.sx * ts
        c, s = self.c * tc - self.s * ts, self.s * tc + self.c * ts
        return ellipse_distance(*self.at(u, v), ru * self.scale, rv * self.scale, c, s)


def stack(params):
    """List of per-picture dicts -> dict of arrays with a leading picture axis."""
    return {key: np.stack([np.asarray(p[key], dtype=float) for p in params]) for key in params[0]}


# --------------------------------------------------------------------------- backgrounds

CLUTTER = 8  # most shapes of background clutter
BACKGROUND_KINDS = (20, 30, 20, 30)  # in a hundred backgrounds: plain, gradient, stripes, clutter
BACKGROUND_RANGE = (0.0, 0.25)  # channels of the background colours are drawn in this range
CONTRAST = 0.25  # largest change of a channel across a gradient background


def background_parameters(rng, colours, kinds):
    """Random background: a gradient, sometimes stripes, sometimes clutter shapes (a dict of arrays).

    The channels of the background's colours are drawn in the range ``colours``; ``kinds`` gives
    how many in a hundred backgrounds are plain, gradients, stripes and clutter.
    """
    top = rng.uniform(*colours, 3)
    weights = np.array(kinds, dtype=float)
    kind = rng.choice(4, p=weights / weights.sum())  # 0 plain, 1 gradient, 2 stripes, 3 clutter
    bottom = top if kind == 0 else np.clip(top + rng.uniform(-CONTRAST, CONTRAST, 3), 0.0, 1.0)
    n_clutter = rng.integers(3, CLUTTER + 1) if kind == 3 else 0
    return {
        "bg_top": top,
        "bg_bottom": bottom,
        "bg_dir": turn_from_tangent(rng.uniform(-3.0, 3.0)),
        "stripes": float(kind == 2),
        "stripe_colour": rng.uniform(*colours, 3),
        "stripe_period": rng.uniform(4.0, 12.0),
        "stripe_phase": rng.random(),
        "stripe_dir": turn_from_tangent(rng.uniform(-1.0, 1.0)),
        "clutter_on": np.arange(CLUTTER) < n_clutter,
        "clutter_xy": rng.uniform(0.0, 64.0, (CLUTTER, 4)),  # centre, and the far end of a stroke
        "clutter_size": rng.uniform(2.0, 6.0, CLUTTER),
        "clutter_round": rng.random(CLUTTER) < 0.5,
        "clutter_colour": rng.uniform(0.0, 1.0, (CLUTTER, 3)),
    }


def draw_backgrounds(p):
    """Backgrounds for a batch of parameters (see :func:`background_parameters`), shape (n, 64, 64, 3)."""
    c, s = p["bg_dir"][:, 0], p["bg_dir"][:, 1]
    t = np.clip((per_picture(c) * (_X - 32) + per_picture(s) * (_Y - 32)) / 90.0 + 0.5, 0.0, 1.0)[..., None]
    img = (1.0 - t) * p["bg_top"][:, None, None, :] + t * p["bg_bottom"][:, None, None, :]
    c, s = p["stripe_dir"][:, 0], p["stripe_dir"][:, 1]
    phase = (per_picture(c) * _X + per_picture(s) * _Y) / per_picture(p["stripe_period"]) + per_picture(p["stripe_phase"])
    tri = np.abs(phase - np.floor(phase) - 0.5) * 2.0
    stripes = np.clip((0.4 - tri) * per_picture(p["stripe_period"]) / 2 + 0.5, 0.0, 1.0)
    paint(img, 0.6 * stripes * per_picture(p["stripes"]), p["stripe_colour"])
    for k in range(CLUTTER):
        on = p["clutter_on"][:, k] > 0
        rounded = p["clutter_round"][:, k] > 0
        for which, round_shape in ((on & rounded, True), (on & ~rounded, False)):
            pick = np.flatnonzero(which)  # draw each shape only in the pictures that have it
            if pick.size == 0:
                continue
            x, y, x1, y1 = (p["clutter_xy"][pick, k, j] for j in range(4))
            r = p["clutter_size"][pick, k]
            if round_shape:
                distance = ellipse_distance(x, y, r, 0.7 * r)
            else:
                distance = capsule_distance(x, y, x + (x1 - x) / 4, y + (y1 - y) / 4, r / 2)
            part = img[pick]
            paint(part, coverage(distance), p["clutter_colour"][pick, k])
            img[pick] = part
    return img


def lighting_parameters(rng, dimmest):
    """Light: overall brightness in ``[dimmest, 1)`` and a gradient across the picture."""
    return {
        "brightness": rng.uniform(dimmest, 1.0),
        "light_dir": turn_from_tangent(rng.uniform(-3.0, 3.0)),
        "light_slope": rng.uniform(0.0, 0.4),
        "noise": rng.random((SIZE, SIZE, 3)),
    }


def finish(img, p, noise):
    """Light the pictures, add uniform noise of amplitude ``noise``, round to ``uint8``."""
    c, s = p["light_dir"][:, 0], p["light_dir"][:, 1]
    light = 1.0 + per_picture(p["light_slope"]) * (per_picture(c) * (_X - 32) + per_picture(s) * (_Y - 32)) / 64.0
    img *= (light * per_picture(p["brightness"]))[..., None]
    img += noise * (p["noise"] - 0.5)
    return np.floor(np.clip(img, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


# --------------------------------------------------------------------------- hands

DARKEST_SKIN = np.array([0.33, 0.2, 0.12])
LIGHTEST_SKIN = np.array([0.98, 0.83, 0.72])
# fingers in figure units (1 = half the palm's width), index first; the thumb is on the -u side
FINGER_BASE_U = np.array([-0.6, -0.2, 0.2, 0.6])
FINGER_LENGTH = np.array([1.35, 1.5, 1.4, 1.1])
FINGER_SPREAD = np.array([-0.2, -0.07, 0.07, 0.2])  # tangent of each finger's lean
FINGER_WIDTH = 0.36
KNUCKLE = 0.3  # how far a folded finger shows above the palm
FINGER_RIM = 0.55  # how much darker a finger's edge is
NAIL_LIGHTER = 0.45  # a nail's colour: the skin moved this far towards white
# raised fingers (index, middle, ring, little) and thumb for each count; count 3 has two ways
SIGNS = {
    0: ((0, 0, 0, 0, 0),),
    1: ((1, 0, 0, 0, 0),),
    2: ((1, 1, 0, 0, 0),),
    3: ((1, 1, 1, 0, 0), (1, 1, 0, 0, 1)),
    4: ((1, 1, 1, 1, 0),),
    5: ((1, 1, 1, 1, 1),),
}

JITTER = 4.0  # pixels the hand's centre may move from the picture's centre
TILT = 0.2  # largest tangent of the hand's tilt
SMALLEST, LARGEST = 9.5, 14.5  # pixels per figure unit
NOISE = 0.06
MIRRORED = 0.0  # share of left hands (mirrored pictures): right hands only, as in the classic set
DIMMEST = 0.6


def hand_parameters(rng, count):
    """Everything random about one picture of a hand showing ``count`` fingers (a dict of arrays)."""
    ways = SIGNS[count]
    raised = np.array(ways[rng.integers(len(ways))], dtype=float)
    tone = rng.random()
    skin = np.clip((1.0 - tone) * DARKEST_SKIN + tone * LIGHTEST_SKIN + rng.uniform(-0.05, 0.05, 3), 0, 1)
    return {
        "count": count,
        "raised": raised,
        "skin": skin,
        "sleeve": rng.uniform(0.05, 0.95, 3),
        "sleeve_start": rng.uniform(1.6, 2.6),
        "scale": rng.uniform(SMALLEST, LARGEST),
        "tilt": turn_from_tangent(rng.uniform(-TILT, TILT)),
        "flip": float(rng.random() < MIRRORED),
        "shift": rng.uniform(-JITTER, JITTER, 2),
        "lengths": FINGER_LENGTH * rng.uniform(0.88, 1.12, 4),
        "spread": FINGER_SPREAD * rng.uniform(0.6, 1.5) + rng.uniform(-0.04, 0.04, 4),
        "thumb_lean": rng.uniform(0.5, 1.3),
        "palm": rng.uniform(0.95, 1.1, 2),
        **background_parameters(rng, BACKGROUND_RANGE, BACKGROUND_KINDS),
        **lighting_parameters(rng, DIMMEST),
    }


def nail(pose, base, length, ts, tc):
    """Distance field of the nail at the tip of a finger from ``base`` leaning by ``(ts, tc)`` (sin, cos)."""
    def along(t):
        return base[0] + t * ts, base[1] - t * tc
    return pose.capsule(along(length - 0.2), along(length - 0.05), 0.2)


def draw_hands(p):
    """Draw a batch of hands on their backgrounds, shape (n, 64, 64, 3) floats before lighting."""
    img = draw_backgrounds(p)
    n = len(p["scale"])
    scale = p["scale"]
    # the middle of the hand (palm top, figure point (0, -0.4)) goes near the picture's centre
    c, s = p["tilt"][:, 0], p["tilt"][:, 1]
    pose = Pose(np.zeros(n), np.zeros(n), scale, c, s, p["flip"])
    mx, my = pose.at(0.0, -0.4)
    pose.cx = 32.0 + p["shift"][:, 0] - mx
    pose.cy = 34.0 + p["shift"][:, 1] - my
    rim = 0.12 * scale
    parts = [(pose.capsule((0.0, 0.8), (0.0, 6.0), 1.35), 0.35, rim),
             (pose.ellipse(0.0, 0.1, p["palm"][:, 0], p["palm"][:, 1]), 0.3, 2 * rim)]
    nails = []  # (distance field, shown) of the nails of raised fingers
    for k in range(4):
        up = p["raised"][:, k] > 0
        length = np.where(up, p["lengths"][:, k], KNUCKLE)
        tc, ts = turn_from_tangent(np.where(up, p["spread"][:, k], 0.0))
        base = (FINGER_BASE_U[k], -0.65)
        parts.append((pose.capsule(base, (base[0] + length * ts, base[1] - length * tc), FINGER_WIDTH),
                      FINGER_RIM, rim))
        nails.append((nail(pose, base, length, ts, tc), up))
    tc, ts = turn_from_tangent(p["thumb_lean"])
    up = p["raised"][:, 4] > 0
    tip = (np.where(up, -0.8 - 0.95 * ts, 0.1), np.where(up, 0.35 - 0.95 * tc, -0.1))
    parts.append((pose.capsule((-0.8, 0.45), tip, 0.42), FINGER_RIM, rim))
    nails.append((nail(pose, (-0.8, 0.45), 0.95, -ts, tc), up))
    paint_shaded(img, *shaded_parts(parts), p["skin"])
    nail_colour = p["skin"] + NAIL_LIGHTER * (1.0 - p["skin"])
    for distance, shown in nails:
        paint(img, coverage(distance) * per_picture(shown), nail_colour)
    # the sleeve covers the arm beyond the line v = sleeve_start
    sleeve = np.maximum(pose.capsule((0.0, 0.8), (0.0, 6.0), 1.6), -pose.below(p["sleeve_start"]))
    paint_shaded(img, *shaded_parts([(sleeve, 0.3, rim)]), p["sleeve"])
    return img


def draw_signs(labels, entropy):
    """Pictures of hands for a sequence of counts, picture ``i`` from its own random stream.

    Parameters
    ----------
    labels : sequence of int
        Counts 0 to 5.
    entropy : list of int
        Seed of the set, e.g. ``[seed, stream]``. Picture ``i`` is drawn with
        ``SeedSequence(entropy, spawn_key=(i,))``, so it does not depend on how many are drawn.

    Returns
    -------
    ndarray, shape (len(labels), 64, 64, 3), dtype uint8
    """
    labels = [int(label) for label in labels]
    if any(label not in SIGNS for label in labels):
        raise ValueError(f"labels must be counts 0 to 5, got {sorted(set(labels) - set(SIGNS))}")
    out = np.empty((len(labels), SIZE, SIZE, 3), dtype=np.uint8)
    for start in range(0, len(labels), CHUNK):
        params = [hand_parameters(np.random.default_rng(np.random.SeedSequence(entropy, spawn_key=(i,))),
                                  labels[i])
                  for i in range(start, min(start + CHUNK, len(labels)))]
        p = stack(params)
        out[start:start + len(params)] = finish(draw_hands(p), p, NOISE)
    return out
