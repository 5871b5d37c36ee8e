"""Plots the notebooks share."""

import math

import matplotlib.pyplot as plt
import numpy as np


def show_image_grid(images, titles=None, ncols=8, figsize=None):
    """Show images side by side in a grid.

    Parameters
    ----------
    images : array_like, shape (n, height, width, 3) or (n, height, width)
        The images (``uint8``, or floats in [0, 1]).
    titles : sequence of str, optional
        One title per image, e.g. its label or "predicted cat, is non-cat".
    ncols : int, default 8
        Images per row (fewer when there are fewer images).
    figsize : tuple of float, optional
        Figure size in inches; by default 1.6 inches per image.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, with one axis per image.
    """
    images = np.asarray(images)
    n = len(images)
    ncols = max(1, min(ncols, n))
    nrows = max(1, math.ceil(n / ncols))
    if figsize is None:
        figsize = (1.6 * ncols, 1.6 * nrows + (0.3 * nrows if titles is not None else 0.0))
    fig = plt.figure(figsize=figsize)
    for i, image in enumerate(images):
        ax = fig.add_subplot(nrows, ncols, i + 1)
        ax.imshow(image, cmap="gray" if image.ndim == 2 else None)
        ax.axis("off")
        if titles is not None:
            ax.set_title(titles[i], fontsize=8)
    fig.tight_layout()
    return fig
