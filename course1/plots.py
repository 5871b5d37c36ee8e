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


def plot_decision_boundary(predict, X, y, ax=None, title=None, resolution=300):
    """Colour the plane by a classifier's predictions and draw the labelled points on top.

    Parameters
    ----------
    predict : callable
        Takes points as an array of shape (2, k) and returns their labels, shape (1, k) or (k,).
    X : array_like, shape (2, m)
        The points, one per column.
    y : array_like, shape (1, m) or (m,)
        Their labels (0 / 1), used as the points' colours.
    ax : matplotlib.axes.Axes, optional
        Where to draw; by default the current axes.
    title : str, optional
        The axes' title.
    resolution : int, default 300
        Grid points along each axis (the grid covers the data plus a margin of 1).

    Returns
    -------
    matplotlib.axes.Axes
        The axes, holding the filled contour of the predictions and the scatter of the points.
    """
    X = np.asarray(X, dtype=float)
    y = np.asarray(y).ravel()
    if ax is None:
        ax = plt.gca()
    x_min, x_max = X[0].min() - 1, X[0].max() + 1
    y_min, y_max = X[1].min() - 1, X[1].max() + 1
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution))
    grid = np.stack([xx.ravel(), yy.ravel()])
    Z = np.asarray(predict(grid), dtype=float).reshape(xx.shape)
    ax.contourf(xx, yy, Z, cmap=plt.cm.Spectral, alpha=0.8)
    ax.scatter(X[0], X[1], c=y, cmap=plt.cm.Spectral, s=12, edgecolors="k", linewidths=0.3)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title is not None:
        ax.set_title(title)
    return ax
