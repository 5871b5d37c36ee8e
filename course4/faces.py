"""Procedural pictures of faces, smiling or not (the "happy house" dataset).

Each 64x64x3 ``uint8`` picture shows a head and shoulders in front of a background. Identity varies
(skin tone, face shape, hair style and colour, eye colour, eyebrows, glasses, clothes), and so do pose
(offset, tilt, size), lighting and noise. The label is the mouth: smiling (a closed smile curving up,
or an open grin showing teeth) or not (a flat line, a frown, or an open "o").

Drawn, like the hand signs, with the batched shape functions of :mod:`course2.hand_signs` (exact
IEEE operations only, one random stream per picture).
"""

import numpy as np

from course1.cat_images import coverage, turn_from_tangent
from course2.hand_signs import (DARKEST_SKIN, LIGHTEST_SKIN, SIZE, Pose, background_parameters,
                                draw_backgrounds, finish, lighting_parameters, paint, paint_shaded,
                                per_picture, shaded_parts, stack)

HAIR = np.array([[0.08, 0.06, 0.05], [0.3, 0.18, 0.1], [0.55, 0.35, 0.18], [0.85, 0.7, 0.4],
                 [0.6, 0.2, 0.08], [0.75, 0.75, 0.75]])
IRIS = np.array([[0.25, 0.15, 0.08], [0.2, 0.45, 0.75], [0.3, 0.55, 0.3], [0.1, 0.1, 0.1]])
LIPS = np.array([0.55, 0.2, 0.2])
MOUTHS = ("smile", "grin", "flat", "frown", "o")  # the first two are smiling
SMILING = 2

JITTER = 1.5  # pixels the face's centre may move from the picture's centre
TILT = 0.12  # largest tangent of the head's tilt
SMALLEST, LARGEST = 13.5, 15.0  # pixels per figure unit (1 = half the face's width)
LINE = 0.1  # thickness of a closed mouth (figure units)
NOISE = 0.06
DIMMEST = 0.5
BACKGROUND_RANGE = (0.15, 0.95)
BACKGROUND_KINDS = (40, 40, 10, 10)  # in a hundred: plain, gradient, stripes, clutter
LOWEST_TONE = 0.3  # skin tones from this far between the darkest and the lightest skin, up to 1
CHUNK = 100


def face_parameters(rng, smiling):
    """Everything random about one picture of a face, smiling (``smiling``) or not (a dict of arrays)."""
    tone = rng.uniform(LOWEST_TONE, 1.0)
    skin = np.clip((1.0 - tone) * DARKEST_SKIN + tone * LIGHTEST_SKIN + rng.uniform(-0.05, 0.05, 3), 0, 1)
    mouth = rng.integers(SMILING) if smiling else SMILING + rng.integers(len(MOUTHS) - SMILING)
    # corner rise of the mouth's curve (figure units): up for a smile, level or down otherwise
    rise = {0: rng.uniform(0.14, 0.3), 1: rng.uniform(0.06, 0.16), 2: rng.uniform(-0.03, 0.03),
            3: rng.uniform(-0.25, -0.1), 4: 0.0}[mouth]
    return {
        "label": float(smiling),
        "mouth": np.arange(len(MOUTHS)) == mouth,
        "rise": rise,
        "mouth_width": rng.uniform(0.34, 0.46),
        "mouth_v": rng.uniform(0.5, 0.62),
        "open": rng.uniform(0.12, 0.22),  # height of an open mouth
        "skin": skin,
        "lips": np.clip(LIPS + rng.uniform(-0.1, 0.1, 3), 0, 1),
        "face_height": rng.uniform(1.1, 1.35),
        "hair": np.clip(HAIR[rng.integers(len(HAIR))] + rng.uniform(-0.05, 0.05, 3), 0, 1),
        "long_hair": float(rng.random() < 0.45),
        "hair_top": rng.uniform(-0.55, -0.3),  # where the fringe ends
        "hair_volume": rng.uniform(1.0, 1.2),
        "bald": float(rng.random() < 0.1),
        "iris": IRIS[rng.integers(len(IRIS))],
        "gaze": rng.uniform(-0.05, 0.05, 2),
        "eye_v": rng.uniform(-0.18, -0.05),
        "brow_tilt": rng.uniform(-0.08, 0.08),
        "glasses": float(rng.random() < 0.3),
        "frame": rng.uniform(0.0, 0.5, 3),
        "shirt": rng.uniform(0.05, 0.95, 3),
        "scale": rng.uniform(SMALLEST, LARGEST),
        "tilt": turn_from_tangent(rng.uniform(-TILT, TILT)),
        "shift": rng.uniform(-JITTER, JITTER, 2),
        **background_parameters(rng, BACKGROUND_RANGE, BACKGROUND_KINDS),
        **lighting_parameters(rng, DIMMEST),
    }


def curve_distance(u, v, width, v0, rise, thickness):
    """Distance (figure units) to a stroke along ``v = v0 - rise (u / width)^2`` for ``|u| <= width``.

    ``u, v`` are (n, 64, 64) figure coordinates; the other arguments are (n, 1, 1).
    """
    uc = np.clip(u, -width, width)
    k = rise / (width * width)
    slope = 2.0 * k * uc
    dv = (v - (v0 - k * uc * uc)) / np.sqrt(1.0 + slope * slope)
    du = u - uc
    return np.sqrt(du * du + dv * dv) - thickness / 2


def grin_distance(u, v, width, v0, rise, depth):
    """Signed distance (figure units, approximate) to a "D"-shaped open mouth.

    Its top edge is the smile curve ``v0 - rise (u / width)^2``, its bottom edge lies ``depth``
    lower in the middle and meets the top at the corners ``u = +-width``.
    """
    k = rise / (width * width)
    top = v0 - k * u * u
    bottom = top + depth * (1.0 - u * u / (width * width))
    return np.maximum(np.maximum(top - v, v - bottom), np.abs(u) - width)


def draw_face_batch(p):
    """Draw a batch of faces on their backgrounds, shape (n, 64, 64, 3) floats before lighting."""
    img = draw_backgrounds(p)
    n = len(p["scale"])
    scale = p["scale"]
    pose = Pose(np.zeros(n), np.zeros(n), scale, p["tilt"][:, 0], p["tilt"][:, 1], np.zeros(n))
    mx, my = pose.at(0.0, 0.2)
    pose.cx, pose.cy = 32.0 + p["shift"][:, 0] - mx, 32.0 + p["shift"][:, 1] - my
    u, v = pose.local()
    rim = 0.1 * scale
    has_hair = 1.0 - p["bald"]
    # shoulders, neck, hair behind the head
    paint_shaded(img, *shaded_parts([(pose.ellipse(0.0, 2.35, 1.9, 1.0), 0.3, 2 * rim)]), p["shirt"])
    back_hair = pose.ellipse(0.0, 0.1, 1.2 * p["hair_volume"], 1.45)
    back_hair = np.maximum(back_hair, pose.below(1.0))
    paint(img, coverage(back_hair) * per_picture(p["long_hair"] * has_hair), p["hair"])
    head = [(pose.capsule((0.0, 0.8), (0.0, 1.8), 0.75), 0.3, rim)]
    for side in (-1.0, 1.0):
        head.append((pose.ellipse(side * 0.98, 0.05, 0.17, 0.27), 0.3, rim))
    head.append((pose.ellipse(0.0, 0.1, 1.0, p["face_height"]), 0.25, 2 * rim))
    paint_shaded(img, *shaded_parts(head), p["skin"])
    # hair on top: the top of an ellipse, cut by the fringe line
    cap = pose.ellipse(0.0, 0.05, 1.08 * p["hair_volume"], p["face_height"] + 0.1)
    cap = np.maximum(cap, pose.below(p["hair_top"]))
    paint(img, coverage(cap) * per_picture(has_hair), p["hair"])
    # eyes, brows, glasses, nose
    white = np.broadcast_to([0.95, 0.95, 0.92], (n, 3))
    dark = np.broadcast_to([0.05, 0.04, 0.04], (n, 3))
    brows = np.where(p["bald"][:, None] > 0, p["skin"] * 0.5, p["hair"] * 0.8)
    for side in (-1.0, 1.0):
        ex, ey = side * 0.38, p["eye_v"]
        paint(img, coverage(pose.ellipse(ex, ey, 0.19, 0.11)), white)
        paint(img, coverage(pose.ellipse(ex + p["gaze"][:, 0], ey + p["gaze"][:, 1], 0.09, 0.09)), p["iris"])
        paint(img, coverage(pose.ellipse(ex + p["gaze"][:, 0], ey + p["gaze"][:, 1], 0.04, 0.04)), dark)
        brow = pose.capsule((side * 0.2, ey - 0.2 - side * p["brow_tilt"]),
                            (side * 0.56, ey - 0.22 + side * p["brow_tilt"]), 0.08)
        paint(img, coverage(brow), brows)
        ring = np.abs(pose.ellipse(ex, ey, 0.27, 0.2)) - 0.03 * per_picture(scale)
        paint(img, coverage(ring) * per_picture(p["glasses"]), p["frame"])
    bridge = pose.capsule((-0.11, p["eye_v"]), (0.11, p["eye_v"]), 0.06)
    paint(img, coverage(bridge) * per_picture(p["glasses"]), p["frame"])
    paint(img, coverage(pose.capsule((0.02, 0.05), (0.07, 0.3), 0.1)), p["skin"] * 0.75)
    # the mouth
    w, v0, rise = per_picture(p["mouth_width"]), per_picture(p["mouth_v"]), per_picture(p["rise"])
    kind = [per_picture(p["mouth"][:, k]) for k in range(len(MOUTHS))]
    line = coverage(curve_distance(u, v, w, v0, rise, LINE) * per_picture(scale))
    paint(img, line * (kind[0] + kind[2] + kind[3]), (p["skin"] + p["lips"]) * 0.22)
    grin = grin_distance(u, v, w, v0 - 0.03, rise, per_picture(p["open"]) + 0.08)
    paint(img, coverage(grin * per_picture(scale)) * kind[1], p["lips"] * 0.4)
    teeth = np.maximum(grin, v - (v0 - 0.03 - rise * u * u / (w * w) + 0.07))
    paint(img, coverage(teeth * per_picture(scale)) * kind[1], white)
    o = pose.ellipse(0.0, p["mouth_v"] + 0.03, 0.5 * p["open"] + 0.03, p["open"] * 0.7 + 0.04)
    paint(img, coverage(o) * kind[4], p["lips"] * 0.4)
    return img


def draw_faces(labels, entropy):
    """Pictures of faces for a sequence of labels (1 = smiling), picture ``i`` from its own random stream.

    Parameters
    ----------
    labels : sequence of int
        1 for a smiling face, 0 for a face that is not smiling.
    entropy : list of int
        Seed of the set, e.g. ``[seed, stream]``. Picture ``i`` is drawn with
        ``SeedSequence(entropy, spawn_key=(i,))``, so it does not depend on how many are drawn.

    Returns
    -------
    ndarray, shape (len(labels), 64, 64, 3), dtype uint8
    """
    labels = [int(label) for label in labels]
    if any(label not in (0, 1) for label in labels):
        raise ValueError(f"labels must be 0 (not smiling) or 1 (smiling), got {sorted(set(labels) - {0, 1})}")
    out = np.empty((len(labels), SIZE, SIZE, 3), dtype=np.uint8)
    for start in range(0, len(labels), CHUNK):
        params = [face_parameters(np.random.default_rng(np.random.SeedSequence(entropy, spawn_key=(i,))),
                                  labels[i])
                  for i in range(start, min(start + CHUNK, len(labels)))]
        p = stack(params)
        out[start:start + len(params)] = finish(draw_face_batch(p), p, NOISE)
    return out
