"""The headline numbers of a notebook: shown as a table, machine-readable for the course's tests."""
import math

RESULTS_MIMETYPE = "application/vnd.dlcourse.results+json"


def _format(value):
    """4 decimals for ordinary numbers, scientific notation for tiny or huge ones (1.19e-07)."""
    return f"{value:.4f}" if value == 0 or 1e-3 <= abs(value) < 1e6 else f"{value:.3e}"


def show_results(results):
    """Display ``results`` as a small table and attach it as JSON to the cell's output.

    Arguments
    results -- dict mapping a name (str) to a real number, e.g. {"test_accuracy": 0.72}

    The JSON copy (mimetype ``application/vnd.dlcourse.results+json``) is what the project's tests
    and ``make bench`` read from an executed notebook.
    """
    from IPython.display import display

    clean = {}
    for name, value in results.items():
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"results[{name!r}] is {value!r}; expected a finite number")
        clean[str(name)] = number
    rows = "".join(f"<tr><td>{name}</td><td>{_format(value)}</td></tr>" for name, value in clean.items())
    width = max(len(name) for name in clean)
    text = "\n".join(f"{name:<{width}}  {_format(value)}" for name, value in clean.items())
    display({
        "text/plain": text,
        "text/html": f"<table><tr><th>result</th><th>value</th></tr>{rows}</table>",
        RESULTS_MIMETYPE: clean,
    }, raw=True)
