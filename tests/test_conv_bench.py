"""The conv benchmark: loading the notebook's loop functions, the table, and `bench --conv-only`."""
import re
import sys

import nbformat
import numpy as np
import pytest

from course1.grading import __main__ as cli, conv_bench as bench
from course4 import conv

# Loop solutions as the step-by-step notebook holds them (solution markers are comment lines).
LOOP_CELLS = {
    "zero_pad": """def zero_pad(X, pad):
    ### BEGIN SOLUTION
    return np.pad(X, ((0, 0), (pad, pad), (pad, pad), (0, 0)))
    ### END SOLUTION""",
    "conv_single_step": """def conv_single_step(a_slice_prev, W, b):
    ### BEGIN SOLUTION
    return np.sum(a_slice_prev * W) + b.item()
    ### END SOLUTION""",
    "conv_forward": """def conv_forward(A_prev, W, b, hparameters):
    ### BEGIN SOLUTION
    s, p = hparameters["stride"], hparameters["pad"]
    m, n_H_prev, n_W_prev, _ = A_prev.shape
    f, _, _, n_C = W.shape
    n_H, n_W = (n_H_prev - f + 2 * p) // s + 1, (n_W_prev - f + 2 * p) // s + 1
    A_pad = zero_pad(A_prev, p)
    Z = np.zeros((m, n_H, n_W, n_C))
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    a = A_pad[i, h * s:h * s + f, w * s:w * s + f, :]
                    Z[i, h, w, c] = conv_single_step(a, W[..., c], b[..., c])
    ### END SOLUTION
    return Z, (A_prev, W, b, hparameters)""",
    "conv_backward": """def conv_backward(dZ, cache):
    ### BEGIN SOLUTION
    A_prev, W, b, hparameters = cache
    s, p = hparameters["stride"], hparameters["pad"]
    f = W.shape[0]
    A_pad = zero_pad(A_prev, p)
    dA_pad, dW, db = np.zeros(A_pad.shape), np.zeros(W.shape), np.zeros(b.shape)
    m, n_H, n_W, n_C = dZ.shape
    for i in range(m):
        for h in range(n_H):
            for w in range(n_W):
                for c in range(n_C):
                    rows, cols = slice(h * s, h * s + f), slice(w * s, w * s + f)
                    dA_pad[i, rows, cols, :] += W[..., c] * dZ[i, h, w, c]
                    dW[..., c] += A_pad[i, rows, cols, :] * dZ[i, h, w, c]
                    db[..., c] += dZ[i, h, w, c]
    ### END SOLUTION
    return dA_pad[:, p:p + A_prev.shape[1], p:p + A_prev.shape[2], :], dW, db""",
}


def write_notebook(path, grade_ids):
    nb = nbformat.v4.new_notebook()
    nb.cells.append(nbformat.v4.new_code_cell("import numpy as np", metadata={"nbgrader": {
        "grade_id": "setup", "locked": True, "solution": False, "grade": False, "schema_version": 3}}))
    for name in grade_ids:
        nb.cells.append(nbformat.v4.new_code_cell(LOOP_CELLS[name], metadata={"nbgrader": {
            "grade_id": name, "locked": False, "solution": True, "grade": False, "schema_version": 3}}))
    nbformat.write(nb, str(path))
    return path


@pytest.fixture
def small_bench(monkeypatch):
    """The benchmark on a small layer, so the loops take a fraction of a second."""
    monkeypatch.setattr(bench, "SHAPE", (2, 6, 5, 3))
    monkeypatch.setattr(bench, "FILTERS", (3, 3, 3, 4))


def test_loop_functions_are_read_from_the_solution_cells(tmp_path):
    loops = bench.load_loop_functions(write_notebook(tmp_path / "nb.ipynb", LOOP_CELLS))
    assert sorted(loops) == sorted(bench.LOOP_FUNCTIONS)
    rng = np.random.default_rng(0)
    A_prev, W, b = rng.standard_normal((2, 5, 4, 3)), rng.standard_normal((3, 3, 3, 2)), rng.standard_normal((1, 1, 1, 2))
    Z, cache = loops["conv_forward"](A_prev, W, b, {"stride": 2, "pad": 1})
    Z_fast, cache_fast = conv.conv_forward(A_prev, W, b, stride=2, pad=1)
    np.testing.assert_allclose(Z, Z_fast, atol=1e-10)
    dZ = rng.standard_normal(Z.shape)
    for got, expected in zip(loops["conv_backward"](dZ, cache), conv.conv_backward(dZ, cache_fast)):
        np.testing.assert_allclose(got, expected, atol=1e-10)


def test_missing_notebook_and_missing_cells(tmp_path):
    with pytest.raises(FileNotFoundError):
        bench.load_loop_functions(tmp_path / "absent.ipynb")
    path = write_notebook(tmp_path / "nb.ipynb", ["zero_pad", "conv_single_step"])
    with pytest.raises(LookupError, match="no solution cell defines conv_forward, conv_backward"):
        bench.load_loop_functions(path)


def test_conv_bench_times_the_notebook_loops(tmp_path, small_bench):
    lines = []
    rows = bench.conv_bench(notebook=write_notebook(tmp_path / "nb.ipynb", LOOP_CELLS), repeats=2,
                            progress=lines.append)
    assert [r[0] for r in rows] == ["loops (notebook)", "course4.conv", "course4.conv, 1 BLAS thread", "tf.nn.conv2d"]
    assert all(seconds > 0 for row in rows for seconds in row[1:])
    table = bench.conv_table(rows)
    for line in ["loops / numpy", "numpy / tf", "numpy 1 thread / tf", "target: numpy forward within 2x"]:
        assert line in table


def test_conv_bench_without_the_notebook_times_the_rest(tmp_path, small_bench):
    lines = []
    rows = bench.conv_bench(root=tmp_path, repeats=1, progress=lines.append)
    assert lines[0] == "loop version: source notebook not found"
    assert [r[0] for r in rows] == ["course4.conv", "course4.conv, 1 BLAS thread", "tf.nn.conv2d"]
    assert "loops / numpy" not in bench.conv_table(rows)


def test_conv_table_ratios_and_verdict():
    rows = [["loops (notebook)", 15.0, 30.0], ["course4.conv", 0.03, 0.06], ["tf.nn.conv2d", 0.02, 0.04]]
    table = bench.conv_table(rows)
    assert "500.00x" in table and "1.50x" in table
    assert table.endswith("1.50x, ok")
    assert bench.conv_table([["course4.conv", 0.05, 0.1], ["tf.nn.conv2d", 0.02, 0.04]]).endswith("2.50x, MISSED")
    table = bench.conv_table([["course4.conv", 0.05, 0.1], ["course4.conv, 1 BLAS thread", 0.01, 0.03],
                              ["tf.nn.conv2d", 0.02, 0.04]])
    assert re.search(r"numpy 1 thread / tf +0.50x +0.75x", table)
    assert table.endswith("2.50x, MISSED; with 1 BLAS thread 0.50x, ok")


def test_cli_conv_only_skips_the_notebook_bench(monkeypatch, capsys):
    monkeypatch.setattr(cli, "bench", lambda *a, **k: pytest.fail("the notebook bench ran"))
    monkeypatch.setattr(bench, "conv_bench", lambda root: [["course4.conv", 0.03, 0.06], ["tf.nn.conv2d", 0.02, 0.04]])
    assert cli.main(["bench", "--conv-only"]) == 0
    assert re.search(r"numpy / tf +1.50x", capsys.readouterr().out)


def test_cli_bench_without_course4_prints_a_note(monkeypatch, capsys):
    monkeypatch.setattr(cli, "bench", lambda root, assignments: [])
    monkeypatch.setattr(cli, "bench_table", lambda rows: "notebook table")
    # as where course4 is missing: importing the conv benchmark fails
    monkeypatch.setitem(sys.modules, "course1.grading.conv_bench", None)
    assert cli.main(["bench"]) == 0
    out = capsys.readouterr().out
    assert "notebook table" in out and "conv benchmark skipped: course4 cannot be imported" in out
