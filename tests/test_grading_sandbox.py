"""The kernel sandbox (course1/grading/kernel.py): what a kernel under bubblewrap can and cannot do, the
refusal where bubblewrap is missing and the plain kernel when grading unsandboxed was asked for; the
output limits (course1/grading/limits.py)."""
import os
import pathlib
import socket
import sys

import nbformat
import pytest
from traitlets.config import Config

from course1.cache import cache_dir
from course1.grading import kernel, limits

CELLS = {
    "write_here": "open('here.txt', 'w').write('ok')\nprint('wrote here')",
    "write_outside": "try:\n    open({outside!r}, 'w').write('x')\n    print('wrote outside')\n"
                     "except OSError as e:\n    print('blocked', type(e).__name__)",
    "write_cache": "try:\n    open({cache!r}, 'w').write('x')\n    print('wrote the cache')\n"
                   "except OSError as e:\n    print('blocked', type(e).__name__)",
    "loopback": "import socket\ntry:\n    socket.create_connection(('127.0.0.1', {port}), timeout=3)\n"
                "    print('connected')\nexcept OSError as e:\n    print('blocked', type(e).__name__)",
    "endless": "while True:\n    pass",
    "after": "print('still running')",
}


SANDBOXED = not kernel.bubblewrap()
needs_bubblewrap = pytest.mark.skipif(not SANDBOXED, reason=f"no kernel sandbox here: {kernel.bubblewrap()}")


@pytest.fixture
def without_bubblewrap(monkeypatch):
    monkeypatch.setattr(kernel, "BWRAP", "bwrap-not-installed")
    kernel.bubblewrap.cache_clear()
    yield
    kernel.bubblewrap.cache_clear()


def run(tmp_path, unsandboxed=False):
    """Run CELLS in a kernel started by SandboxedExecute: {cell name: its printed text, or the error name}."""
    here, outside = tmp_path / "notebook", tmp_path / "elsewhere"
    here.mkdir()
    outside.mkdir()
    server = socket.create_server(("127.0.0.1", 0))
    code = {k: v.format(outside=str(outside / "x.txt"), port=server.getsockname()[1],
                        cache=str(cache_dir() / "planted-by-a-kernel.txt")) for k, v in CELLS.items()}
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in code.values()])
    config = Config()
    config.Execute.timeout = 5
    config.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:"]
    config.Sandbox.unsandboxed = unsandboxed
    with server:
        nb, _ = kernel.SandboxedExecute(config=config).preprocess(nb, {"metadata": {"path": str(here)}})
    said = {name: "".join(o.get("text", "") or o.get("ename", "") for o in cell.outputs)
            for name, cell in zip(code, nb.cells)}
    return said, (here / "here.txt").exists(), (outside / "x.txt").exists()


@needs_bubblewrap
def test_sandboxed_kernel_writes_only_its_scratch_copy_and_has_no_network(tmp_path):
    said, wrote_here, wrote_outside = run(tmp_path)
    # it wrote into its scratch copy of the folder, which the grader never reads: the folder itself is untouched
    assert said["write_here"].strip() == "wrote here" and not wrote_here
    assert not wrote_outside and said["write_outside"].startswith("blocked"), said
    assert said["write_cache"].startswith("blocked") and not (cache_dir() / "planted-by-a-kernel.txt").exists()
    assert said["loopback"].startswith("blocked"), said
    assert "KeyboardInterrupt" in said["endless"] and said["after"].strip() == "still running", said
    assert "sandbox ON" in kernel.protections()


def test_without_bubblewrap_kernels_are_refused(tmp_path, without_bubblewrap, monkeypatch):
    monkeypatch.delenv(limits.UNSANDBOXED_VARIABLE, raising=False)
    line = kernel.protections()
    assert "kernel sandbox OFF (bubblewrap (bwrap) is not installed" in line and "\n" not in line
    with pytest.raises(kernel.SandboxUnavailable, match="apt install bubblewrap.*UNSANDBOXED=1"):
        run(tmp_path)


def test_unsandboxed_on_request_kernels_run_plainly(tmp_path, without_bubblewrap):
    said, wrote_here, wrote_outside = run(tmp_path, unsandboxed=True)
    (cache_dir() / "planted-by-a-kernel.txt").unlink()
    assert wrote_here and wrote_outside and said["loopback"].strip() == "connected", said
    assert "KeyboardInterrupt" in said["endless"] and said["after"].strip() == "still running", said


def mounts(command):
    """(option, source, target) of each mount in a bwrap command (targets only for --tmpfs, --dev, --proc)."""
    found, i = [], command.index(kernel.shutil.which(kernel.BWRAP)) + 1
    while command[i] != "--":
        option = command[i]
        if option in {"--ro-bind", "--bind", "--symlink"}:
            found.append((option, command[i + 1], command[i + 2]))
            i += 3
        elif option in {"--tmpfs", "--dev", "--proc", "--remount-ro", "--chdir"}:
            found.append((option, None, command[i + 1]))
            i += 2
        else:
            i += 1
    return found


@needs_bubblewrap
def test_the_file_system_is_an_allow_list(tmp_path):
    scratch = tmp_path / "dlcourse-kernel-x"
    command = kernel.bwrap_command(["python", "-m", "ipykernel_launcher"], scratch, scratch / "work")
    assert command[-4:] == ["--", "python", "-m", "ipykernel_launcher"]
    found = mounts(command)
    writable = [target for option, _, target in found if option == "--bind"]
    assert writable == [str(scratch)], writable
    read_only = {target for option, _, target in found if option == "--ro-bind"}
    course = pathlib.Path(__file__).resolve().parents[1]
    library = {str(course / f"course{n}") for n in range(1, 6)}
    assert library <= read_only and str(cache_dir().resolve()) in read_only
    assert os.path.realpath(sys.prefix) in read_only
    for forbidden in ["/", str(course), str(course / "source"), str(pathlib.Path.home()), "/etc", "/tmp"]:
        assert forbidden not in read_only, f"{forbidden} is bound into the sandbox"
    grading = str(course / "course1" / "grading")
    assert ("--tmpfs", None, grading) in found and ("--remount-ro", None, grading) in found
    order = [target for _, _, target in found if target]
    assert order.index(grading) > order.index(str(course / "course1")), "the mask must come after the library"
    tail = command[:command.index("--unshare-pid")][-4:]
    assert tail == ["--remount-ro", "/dev", "--remount-ro", "/"], "the folders bwrap makes in memory stay writable"
    assert ("--tmpfs", None, "/dev/shm") in found
    for flag in ["--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-net", "--new-session",
                 "--die-with-parent"]:
        assert flag in command
    assert command[command.index("--cap-drop") + 1] == "ALL"


def test_output_limit_keeps_images_whole_and_drops_big_ones_with_a_note():
    """A picture is never cut: within the limit it stays byte for byte, above it one line says it was dropped."""
    limit = limits.LimitOutputSize(max_chars=100, max_image_bytes=1000)
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
    limit = limits.LimitOutputSize(max_chars=100, max_image_bytes=1000, max_total_image_bytes=2500)
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


def one_submission(root):
    from course1.grading import notebooks, samples
    from course1.grading.course import Course
    from conftest import ROOT

    samples.copy_course(ROOT, root)
    course = Course(root)
    course.generate_release("c1w2_python_basics")
    samples.write_submission(course, "ada", "c1w2_python_basics", transform=notebooks.graded_only)
    return course


def test_make_grade_refuses_without_bubblewrap(tmp_path, without_bubblewrap, monkeypatch):
    from course1.grading.__main__ import main

    monkeypatch.delenv(limits.UNSANDBOXED_VARIABLE, raising=False)
    one_submission(tmp_path)
    with pytest.raises(SystemExit, match="Refusing to grade.*apt install bubblewrap.*UNSANDBOXED=1"):
        main(["--root", str(tmp_path), "grade", "--jobs", "1"])
    assert not (tmp_path / "grades.csv").exists() and not (tmp_path / "feedback").exists()


def test_unsandboxed_grading_says_so_in_every_row(tmp_path, without_bubblewrap, monkeypatch, capsys):
    import csv

    from course1.grading.__main__ import main

    monkeypatch.delenv(limits.UNSANDBOXED_VARIABLE, raising=False)
    one_submission(tmp_path)
    assert main(["--root", str(tmp_path), "grade", "--jobs", "1", "--unsandboxed"]) == 0
    assert "kernel sandbox OFF" in capsys.readouterr().out
    with open(tmp_path / "grades.csv") as f:
        (row,) = csv.DictReader(f)
    assert row["score"] == row["max_score"] and row["sandbox"] == "off: bubblewrap (bwrap) is not installed", row
