"""Road scenes for a car's front camera: several road signs per picture, with known attributes.

Each picture is 24x24x3 and may show any of four objects (a multi-label 0/1 vector per picture):

0. a **stop sign** -- a red disk with a white bar,
1. a **traffic light** -- a dark upright box with one lit green lamp and two dim ones,
2. a **pedestrian-crossing sign** -- a blue square with a white triangle,
3. a **speed-limit sign** -- a white disk with a red ring and a dark number bar.

Two distributions:

- *internet* pictures: bright plain backgrounds, one or two big objects near the centre, no weather;
- *car-camera* pictures: a road scene (sky, road, verge), up to four small objects in the quadrants,
  and the car's conditions: dusk (dark, bluish), rain (a blur and bright drops), small (distant)
  objects and fog of four kinds (:data:`FOG_TYPES`).

The generator knows every attribute of every picture, and flips one label of a seeded share of the
pictures on purpose (attribute ``mislabeled``), so error analysis can be done exactly.

Only operations that IEEE 754 rounds exactly (``+ - * /``, ``sqrt``, ``floor``) on float64 and the
draws of ``np.random.Generator`` are used, in a fixed order, so every machine makes the same bytes.
"""
import numpy as np

__all__ = ["SIZE", "CLASS_NAMES", "FOG_TYPES", "ATTRIBUTES", "draw_scenes", "add_fog", "to_uint8"]

SIZE = 24
CLASS_NAMES = ("stop sign", "traffic light", "crossing sign", "speed limit")
FOG_TYPES = ("none", "haze", "ground fog", "patchy fog", "smog")  # fog_type 0 ... 4
ATTRIBUTES = ("fog", "fog_type", "rain", "dusk", "small", "mislabeled", "car")
FOG_COLOURS = {1: (0.82, 0.84, 0.86), 2: (0.88, 0.88, 0.88), 3: (0.80, 0.80, 0.82), 4: (0.72, 0.62, 0.42)}
FOG_STRENGTH = (0.55, 0.78)  # share of the fog colour in a fogged pixel (at full fog)

_YY, _XX = np.meshgrid(np.arange(SIZE, dtype=np.float64) + 0.5, np.arange(SIZE, dtype=np.float64) + 0.5,
                       indexing="ij")
QUADRANTS = np.array([[6.0, 6.0], [6.0, 18.0], [18.0, 6.0], [18.0, 18.0]])  # (y, x) centres
CAR_PLACES = np.array([3, 1, 0, 2])  # the quadrant of each object in a car picture: stop sign lower right, ...


def to_uint8(pictures):
    """Floats in [0, 1] (clipped) to whole numbers 0-255.

    Parameters
    ----------
    pictures : ndarray of float, any shape

    Returns
    -------
    ndarray of uint8, same shape
    """
    return np.floor(np.clip(pictures, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def _paint(canvas, mask, colour):
    """Paint ``colour`` (3,) where ``mask`` (m, S, S) is true, in place."""
    canvas[mask] = colour


def _objects(canvas, labels, cy, cx, r, rng):
    """Draw the objects of ``labels`` (m, 4) at centres (m, 4) and radii (m, 4) on canvas (m, S, S, 3)."""
    lamp = rng.integers(0, 3, size=len(canvas))  # which lamp of a traffic light is lit (always green)
    for k in range(4):
        on = labels[:, k] == 1
        dy = _YY[None] - cy[:, k, None, None]
        dx = _XX[None] - cx[:, k, None, None]
        rr = r[:, k, None, None]
        on3 = on[:, None, None]
        if k == 0:  # stop: red disk, white bar
            d = np.sqrt(dy * dy + dx * dx)
            _paint(canvas, on3 & (d <= rr), (0.85, 0.08, 0.08))
            _paint(canvas, on3 & (np.abs(dy) <= 0.22 * rr) & (np.abs(dx) <= 0.6 * rr), (0.97, 0.97, 0.97))
        elif k == 1:  # traffic light: dark box, three lamps, one lit
            _paint(canvas, on3 & (np.abs(dx) <= 0.5 * rr) & (np.abs(dy) <= 1.05 * rr), (0.08, 0.08, 0.10))
            for j, offset in enumerate((-0.65, 0.0, 0.65)):
                ly = dy - offset * rr
                lit = (lamp == j)[:, None, None]
                spot = on3 & (np.sqrt(ly * ly + dx * dx) <= 0.3 * rr + 0.35)
                _paint(canvas, spot & lit, (0.15, 0.95, 0.35))
                _paint(canvas, spot & ~lit, (0.30, 0.28, 0.20))
        elif k == 2:  # crossing: blue square, white triangle
            _paint(canvas, on3 & (np.abs(dx) <= 0.9 * rr) & (np.abs(dy) <= 0.9 * rr), (0.10, 0.30, 0.85))
            tri = (dy <= 0.6 * rr) & (dy >= -0.6 * rr) & (np.abs(dx) <= (dy + 0.6 * rr) * 0.55)
            _paint(canvas, on3 & tri, (0.97, 0.97, 0.97))
        else:  # speed limit: red ring, white disk, dark number
            d = np.sqrt(dy * dy + dx * dx)
            _paint(canvas, on3 & (d <= rr), (0.85, 0.08, 0.08))
            _paint(canvas, on3 & (d <= 0.68 * rr), (0.97, 0.97, 0.97))
            _paint(canvas, on3 & (np.abs(dy) <= 0.3 * rr) & (np.abs(dx) <= 0.12 * rr + 0.5), (0.1, 0.1, 0.1))


def _internet(m, rng):
    """Internet pictures: labels (m, 4) int64 and float pictures (m, S, S, 3)."""
    count = 1 + (rng.random(m) < 0.5)  # one or two objects
    order = np.argsort(rng.random((m, 4)), axis=1)  # which objects, in which position
    labels = np.zeros((m, 4), dtype=np.int64)
    rows = np.arange(m)
    labels[rows, order[:, 0]] = 1
    labels[rows[count == 2], order[count == 2, 1]] = 1
    cy = np.full((m, 4), 12.0) + rng.uniform(-2.0, 2.0, size=(m, 4))
    cx = np.full((m, 4), 12.0) + rng.uniform(-2.0, 2.0, size=(m, 4))
    r = rng.uniform(6.0, 8.5, size=(m, 4))
    two = count == 2
    first, second = order[:, 0], order[:, 1]
    cx[rows[two], first[two]] = 6.5 + rng.uniform(-1.0, 1.0, size=two.sum())
    cx[rows[two], second[two]] = 17.5 + rng.uniform(-1.0, 1.0, size=two.sum())
    r[two] = rng.uniform(4.2, 5.3, size=(two.sum(), 4))
    background = rng.uniform(0.55, 1.0, size=(m, 1, 1, 3))
    canvas = np.broadcast_to(background, (m, SIZE, SIZE, 3)).copy()
    canvas = canvas + rng.uniform(-0.03, 0.03, size=canvas.shape)
    _objects(canvas, labels, cy, cx, r, rng)
    return labels, canvas


def _road(m, rng):
    """Car-camera road backgrounds (m, S, S, 3): sky, horizon, grey road between green verges."""
    horizon = rng.uniform(9.0, 13.0, size=(m, 1, 1))
    sky = (_YY[None] < horizon)[..., None]
    half_width = (_YY[None] - horizon) * rng.uniform(0.7, 1.0, size=(m, 1, 1))
    centre = 12.0 + rng.uniform(-2.0, 2.0, size=(m, 1, 1))
    road = (np.abs(_XX[None] - centre) <= half_width)[..., None]
    sky_colour = np.array([0.62, 0.74, 0.88]) + rng.uniform(-0.06, 0.06, size=(m, 1, 1, 3))
    road_colour = np.array([0.42, 0.42, 0.44]) + rng.uniform(-0.05, 0.05, size=(m, 1, 1, 1))
    verge_colour = np.array([0.30, 0.50, 0.22]) + rng.uniform(-0.05, 0.05, size=(m, 1, 1, 3))
    canvas = np.where(sky, sky_colour, np.where(road, road_colour, verge_colour))
    return canvas + rng.uniform(-0.03, 0.03, size=canvas.shape)


def _blur(pictures):
    """3x3 box blur with repeated edges, (m, S, S, 3) -> the same shape."""
    padded = np.pad(pictures, ((0, 0), (1, 1), (1, 1), (0, 0)), mode="edge")
    total = np.zeros_like(pictures)
    for dy in range(3):
        for dx in range(3):
            total = total + padded[:, dy:dy + SIZE, dx:dx + SIZE]
    return total / 9.0


def _patches(m, rng):
    """A smooth random field in [0, 1], (m, S, S): bilinear upsampling of a 4x4 grid of uniform draws."""
    grid = rng.random((m, 4, 4))
    pos = (np.arange(SIZE, dtype=np.float64) + 0.5) / SIZE * 3.0  # 0 ... 3
    i0 = np.minimum(np.floor(pos).astype(int), 2)
    t = pos - i0
    rows = grid[:, i0] * (1.0 - t)[None, :, None] + grid[:, i0 + 1] * t[None, :, None]  # (m, S, 4)
    return rows[:, :, i0] * (1.0 - t)[None, None, :] + rows[:, :, i0 + 1] * t[None, None, :]


def add_fog(pictures, fog_type, rng):
    """Fog over pictures, the way the car's camera sees it.

    Parameters
    ----------
    pictures : ndarray, shape (m, 24, 24, 3)
        Floats in [0, 1], or uint8 (then the result is uint8 too).
    fog_type : int or ndarray of int, shape (m,)
        1 haze (even, grey-blue), 2 ground fog (thicker towards the bottom), 3 patchy fog (smooth blobs),
        4 smog (even, brown-yellow); 0 leaves a picture as it is. See :data:`FOG_TYPES`.
    rng : numpy.random.Generator
        Draws the fog's strength (and the patches).

    Returns
    -------
    ndarray, shape (m, 24, 24, 3)
        The fogged pictures: each pixel ``(1 - s) * pixel + s * fog_colour``, with the local strength
        ``s`` in ``FOG_STRENGTH`` (scaled by the fog's pattern).
    """
    as_uint8 = np.asarray(pictures).dtype == np.uint8
    x = np.asarray(pictures, dtype=np.float64)
    if as_uint8:
        x = x / 255.0
    m = len(x)
    fog_type = np.broadcast_to(np.asarray(fog_type, dtype=np.int64), (m,))
    if np.any((fog_type < 0) | (fog_type >= len(FOG_TYPES))):
        raise ValueError(f"fog_type must be in 0 ... {len(FOG_TYPES) - 1}")
    strength = rng.uniform(*FOG_STRENGTH, size=(m, 1, 1))
    ground = 0.55 + 0.45 * _YY[None] / SIZE + 0.0 * strength  # 0.55 at the top, 1 at the bottom
    patches = 0.45 + 0.7 * _patches(m, rng)
    pattern = np.ones((m, SIZE, SIZE))
    pattern = np.where((fog_type == 2)[:, None, None], ground * 1.1, pattern)
    pattern = np.where((fog_type == 3)[:, None, None], patches, pattern)
    s = np.clip(strength * pattern, 0.0, 0.92) * (fog_type > 0)[:, None, None]
    colour = np.zeros((m, 1, 1, 3))
    for t, c in FOG_COLOURS.items():
        colour[fog_type == t] = c
    out = x * (1.0 - s[..., None]) + colour * s[..., None]
    return to_uint8(out) if as_uint8 else out


def _car(m, rng, fog_share, fog_types):
    """Car-camera pictures: labels (m, 4), float pictures and the attributes (see :func:`draw_scenes`)."""
    labels = (rng.random((m, 4)) < 0.45).astype(np.int64)
    small = rng.random(m) < 0.25
    dusk = rng.random(m) < 0.2
    rain = rng.random(m) < 0.2
    fog = rng.random(m) < fog_share
    fog_type = np.where(fog, np.asarray(fog_types)[rng.integers(0, len(fog_types), size=m)], 0)
    slot = np.broadcast_to(CAR_PLACES, (m, 4))  # each kind of object has its usual place on the road
    cy = QUADRANTS[slot, 0] + rng.uniform(-1.5, 1.5, size=(m, 4))
    cx = QUADRANTS[slot, 1] + rng.uniform(-1.5, 1.5, size=(m, 4))
    r = np.where(small[:, None], rng.uniform(2.6, 3.2, size=(m, 4)), rng.uniform(3.8, 4.8, size=(m, 4)))
    canvas = _road(m, rng)
    _objects(canvas, labels, cy, cx, r, rng)
    # dusk: darker, bluish
    dim = rng.uniform(0.35, 0.5, size=(m, 1, 1, 1))
    dusk_picture = canvas * dim * np.array([0.85, 0.9, 1.15]) + 0.02
    canvas = np.where(dusk[:, None, None, None], dusk_picture, canvas)
    # rain: a blurred lens and bright drops
    drops = rng.random((m, SIZE, SIZE)) < 0.06
    rain_picture = _blur(canvas)
    rain_picture = np.where(drops[..., None], 0.5 * rain_picture + 0.5 * 0.95, rain_picture)
    canvas = np.where(rain[:, None, None, None], rain_picture, canvas)
    canvas = add_fog(canvas, fog_type, rng)
    canvas = canvas + rng.uniform(-0.025, 0.025, size=canvas.shape)
    attributes = {"fog": fog, "fog_type": fog_type.astype(np.int64), "rain": rain, "dusk": dusk, "small": small}
    return labels, canvas, attributes


def draw_scenes(m, entropy, car_share, fog_share=0.0, fog_types=(1, 2, 3, 4), mislabeled_share=0.03):
    """Draw ``m`` road pictures with their labels and attributes.

    Parameters
    ----------
    m : int
        Number of pictures.
    entropy : list of int
        Seed of the set (``np.random.default_rng(entropy)``).
    car_share : float
        Share of car-camera pictures (the rest are internet pictures); the car pictures come first.
    fog_share : float
        Share of the car-camera pictures with fog.
    fog_types : tuple of int
        The fog types a fogged car picture draws from (uniformly), see :data:`FOG_TYPES`.
    mislabeled_share : float
        Share of the pictures with one label flipped on purpose.

    Returns
    -------
    x : ndarray, shape (m, 24, 24, 3), dtype uint8
        The pictures.
    y : ndarray, shape (4, m), dtype int64
        The recorded labels (object k present: 1), one column per picture, wrong where ``mislabeled``.
    truth : ndarray, shape (4, m), dtype int64
        The labels without the flips.
    attributes : dict of str to ndarray, shape (m,)
        ``fog``, ``rain``, ``dusk``, ``small``, ``mislabeled``, ``car`` (bool) and ``fog_type`` (int64, 0: none).
    """
    rng = np.random.default_rng(list(entropy))
    n_car = int(round(m * car_share))
    car_labels, car_x, attributes = _car(n_car, rng, fog_share, fog_types)
    web_labels, web_x = _internet(m - n_car, rng)
    labels = np.concatenate([car_labels, web_labels])
    x = np.concatenate([car_x, web_x])
    pad = np.zeros(m - n_car, dtype=bool)
    attributes = {k: np.concatenate([v, np.zeros(m - n_car, dtype=v.dtype)]) for k, v in attributes.items()}
    attributes["car"] = np.concatenate([np.ones(n_car, dtype=bool), pad])
    mislabeled = rng.random(m) < mislabeled_share
    flip = rng.integers(0, 4, size=m)
    recorded = labels.copy()
    recorded[np.flatnonzero(mislabeled), flip[mislabeled]] ^= 1
    attributes["mislabeled"] = mislabeled
    return to_uint8(x), recorded.T.copy(), labels.T.copy(), attributes
