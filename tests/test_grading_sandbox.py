"""The kernel sandbox (course1/grading/sandbox.py): what a kernel under bubblewrap can and cannot do, and
the plain kernel it falls back to where bubblewrap is missing."""
import socket

import nbformat
import pytest
from traitlets.config import Config

from course1.grading import sandbox

CELLS = {
    "write_here": "open('here.txt', 'w').write('ok')\nprint('wrote here')",
    "write_outside": "try:\n    open({outside!r}, 'w').write('x')\n    print('wrote outside')\n"
                     "except OSError as e:\n    print('blocked', type(e).__name__)",
    "loopback": "import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), timeout=3)\n"
                "    print('connected')\nexcept OSError as e:\n    print('blocked', type(e).__name__)",
    "endless": "while True:\n    pass",
    "after": "print('still running')",
}


@pytest.fixture
def without_bubblewrap(monkeypatch):
    monkeypatch.setattr(sandbox, "BWRAP", "bwrap-not-installed")
    sandbox.bubblewrap.cache_clear()
    yield
    sandbox.bubblewrap.cache_clear()


def run(tmp_path):
    """Run CELLS in a kernel started by SandboxedExecute: {cell name: its printed text, or the error name}."""
    here, outside = tmp_path / "notebook", tmp_path / "elsewhere"
    here.mkdir()
    outside.mkdir()
    server = socket.create_server(("127.0.0.1", 0))
    code = {k: v.format(outside=str(outside / "x.txt"), port=server.getsockname()[1]) for k, v in CELLS.items()}
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in code.values()])
    config = Config()
    config.Execute.timeout = 5
    config.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:"]
    with server:
        nb, _ = sandbox.SandboxedExecute(config=config).preprocess(nb, {"metadata": {"path": str(here)}})
    said = {name: "".join(o.get("text", "") or o.get("ename", "") for o in cell.outputs)
            for name, cell in zip(code, nb.cells)}
    return said, (here / "here.txt").exists(), (outside / "x.txt").exists()


@pytest.mark.skipif(bool(sandbox.bubblewrap()), reason=f"no kernel sandbox here: {sandbox.bubblewrap()}")
def test_sandboxed_kernel_writes_only_its_folder_and_has_no_network(tmp_path):
    said, wrote_here, wrote_outside = run(tmp_path)
    assert wrote_here and said["write_here"].strip() == "wrote here"
    assert not wrote_outside and said["write_outside"].startswith("blocked"), said
    assert said["loopback"].startswith("blocked"), said
    assert "KeyboardInterrupt" in said["endless"] and said["after"].strip() == "still running", said
    assert "sandbox ON" in sandbox.protections()


def test_without_bubblewrap_kernels_run_plainly_and_the_line_says_so(tmp_path, without_bubblewrap):
    line = sandbox.protections()
    assert "kernel sandbox OFF (bubblewrap (bwrap) is not installed" in line and "\n" not in line
    said, wrote_here, wrote_outside = run(tmp_path)
    assert wrote_here and wrote_outside and said["loopback"].strip() == "connected", said
    assert "KeyboardInterrupt" in said["endless"] and said["after"].strip() == "still running", said


def test_bwrap_command_binds_only_the_writable_folders(tmp_path):
    command = sandbox.bwrap_command(["python", "-m", "ipykernel_launcher"], [tmp_path])
    assert command[-4:] == ["--", "python", "-m", "ipykernel_launcher"]
    assert ["--ro-bind", "/", "/"] == command[command.index("--ro-bind"):command.index("--ro-bind") + 3]
    binds = [command[i + 1] for i, arg in enumerate(command) if arg == "--bind"]
    assert binds == [str(tmp_path)] and "--unshare-net" in command


def test_output_limit_keeps_images_whole_and_drops_big_ones_with_a_note():
    """A picture is never cut: within the limit it stays byte for byte, above it one line says it was dropped."""
    limit = sandbox.LimitOutputSize(max_chars=100, max_image_bytes=1000)
    small, big, text = "iVBOR" + "A" * 495, "iVBOR" + "B" * 1995, "x" * 250
    cell = nbformat.v4.new_code_cell("plot()")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": small, "text/plain": "<Figure>"}),
                    nbformat.v4.new_output("display_data", data={"image/png": big, "text/plain": "<Figure>"}),
                    nbformat.v4.new_output("stream", name="stdout", text=text)]
    cell, _ = limit.preprocess_cell(cell, {}, 0)
    kept, dropped, printed = cell.outputs
    assert kept.data["image/png"] == small and kept.data["text/plain"] == "<Figure>"
    assert "image/png" not in dropped.data
    assert dropped.data["text/plain"].count("\n") == 0 and "dropped by the grader" in dropped.data["text/plain"]
    assert printed.text.startswith("x" * 100) and "cut by the grader" in printed.text and len(printed.text) < 200


def test_output_limit_caps_the_images_of_a_notebook_in_all():
    """Many images each under the limit cannot bloat the notebook: past the total, each is a one-line note."""
    limit = sandbox.LimitOutputSize(max_chars=100, max_image_bytes=1000, max_total_image_bytes=2500)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("plot()") for _ in range(4)])
    for cell in nb.cells:
        cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": "iVBOR" + "A" * 795})]
    nb, _ = limit.preprocess(nb, {})
    kept = [c.outputs[0].data.get("image/png") for c in nb.cells]
    assert [k is not None for k in kept] == [True, True, True, False]
    assert "in all" in nb.cells[3].outputs[0].data["text/plain"]
    nb.cells[0].outputs[0].data["image/png"] = kept[0]  # the next notebook starts its own total
    nb.cells = nb.cells[:1]
    again, _ = limit.preprocess(nb, {})
    assert again.cells[0].outputs[0].data["image/png"] == kept[0]
