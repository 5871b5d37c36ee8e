"""Two looks of the same cartoon pictures: web photos, and night frames of the city's security cameras.

Both start from course 1's cat / non-cat generator (:mod:`course1.cat_images`, 64x64x3) and end as
32x32x3 ``uint8`` pictures. A web picture is only shrunk (2x2 averages). A camera frame is what a cheap
street camera at dusk makes of the same scene: colours washed out towards grey (night mode), a 3x3
blur (a soft lens), much darker, and grainy (uniform sensor noise).

As in :mod:`course1.cat_images`, only operations that IEEE 754 rounds exactly (``+ - * /``, ``floor``)
on float64 and the uniform draws of ``np.random.Generator`` are used, in a fixed order, so every
machine makes the same bytes.
"""
import numpy as np

from course1.cat_images import draw_pictures

SIZE = 32
SATURATION = (0.0, 0.3)  # share of the original colour a camera frame keeps (the rest is grey)
BRIGHTNESS = (0.4, 0.8)  # a camera frame is multiplied by a factor in this range ...
BLACK_LEVEL = 0.04  # ... and lifted by the sensor's black level
GRAIN = 0.08  # amplitude of the uniform sensor noise


def shrink(pictures):
    """Average 2x2 blocks: (m, 2h, 2w, 3) -> (m, h, w, 3), float64."""
    p = pictures
    return (p[:, 0::2, 0::2] + p[:, 1::2, 0::2] + p[:, 0::2, 1::2] + p[:, 1::2, 1::2]) / 4.0


def blur(pictures):
    """A 3x3 box blur with the edge pixels repeated, (m, h, w, 3) -> the same shape."""
    padded = np.pad(pictures, ((0, 0), (1, 1), (1, 1), (0, 0)), mode="edge")
    h, w = pictures.shape[1:3]
    total = np.zeros_like(pictures)
    for dy in range(3):
        for dx in range(3):
            total = total + padded[:, dy:dy + h, dx:dx + w]
    return total / 9.0


def to_uint8(pictures):
    """Floats in [0, 1] (clipped) to whole numbers 0-255."""
    return np.floor(np.clip(pictures, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def thumbnails(pictures):
    """What the course's small networks read: half-size thumbnails (2x2 averages), one per column, in [0, 1].

    Parameters
    ----------
    pictures : ndarray, shape (m, h, w, 3), dtype uint8
        h and w even (32x32 camera frames give 16x16 thumbnails, 768 numbers each).

    Returns
    -------
    ndarray, shape (h / 2 * w / 2 * 3, m), dtype float64
    """
    pictures = np.asarray(pictures)
    if pictures.ndim != 4 or pictures.shape[3] != 3 or pictures.shape[1] % 2 or pictures.shape[2] % 2:
        raise ValueError(f"pictures must have shape (m, h, w, 3) with h and w even, got {pictures.shape}")
    small = shrink(pictures.astype(np.float64) / 255.0)
    return small.reshape(len(small), -1).T


def web_pictures(labels, entropy):
    """Web photos for ``labels`` (1 = cat): the generator's pictures, shrunk to 32x32.

    Parameters
    ----------
    labels : ndarray of int, shape (m,)
    entropy : list of int
        Seed of the set (picture ``i`` has its own stream, see :func:`course1.cat_images.draw_pictures`).

    Returns
    -------
    ndarray, shape (m, 32, 32, 3), dtype uint8
    """
    return to_uint8(shrink(draw_pictures(labels, entropy) / 255.0))


def camera_frames(labels, entropy):
    """Security-camera frames for ``labels`` (1 = cat): grey, blurred, dark, grainy, 32x32.

    Parameters
    ----------
    labels : ndarray of int, shape (m,)
    entropy : list of int
        Seed of the set; the camera's own draws (colour, brightness, grain) use ``entropy + [1]``.

    Returns
    -------
    ndarray, shape (m, 32, 32, 3), dtype uint8
    """
    scenes = shrink(draw_pictures(labels, entropy) / 255.0)
    rng = np.random.default_rng(list(entropy) + [1])
    m = len(scenes)
    grey = (scenes[..., 0:1] + scenes[..., 1:2] + scenes[..., 2:3]) / 3.0
    keep = rng.uniform(*SATURATION, size=(m, 1, 1, 1))
    frames = blur(keep * scenes + (1.0 - keep) * grey)
    frames = frames * rng.uniform(*BRIGHTNESS, size=(m, 1, 1, 1)) + BLACK_LEVEL
    frames = frames + GRAIN * (rng.random(frames.shape) - 0.5)
    return to_uint8(frames)
