"""Kernels that run students' notebooks, each in a bubblewrap sandbox that shows it only what it needs.

The sandbox's file system is an allow-list (:func:`file_system`): read-only, the system's programs
and libraries, the Python environment, the helper library's package folders with
``course1/grading/`` masked, and the data cache; writable, one scratch folder of the kernel's own
(its connection file and a copy of the submission's folder, its working folder), a private ``/tmp``
and ``/dev/shm`` (the watchdog of :mod:`.limits` counts them against its caps). Nothing else of the
machine is there: no course folder, no ``source/``, other submissions, gradebook or home folder.
The kernel has new PID, IPC, UTS and network namespaces, a session of its own, no capabilities, and
dies with the grader. The grader never reads the scratch folder: cell outputs come over the kernel
protocol, and the autograded notebook is written where the kernel cannot write.

Where bubblewrap cannot run, kernels are refused (:class:`SandboxUnavailable`) unless grading without
the sandbox was asked for (``Sandbox.unsandboxed``); :func:`protections` says in one line which
protections are on.
"""
import contextlib
import functools
import importlib.util
import os
import pathlib
import shutil
import stat
import subprocess
import sys
import tempfile
import time

import nbformat
from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute
from traitlets import Bool, default

from . import judge, reference
from .limits import UNSANDBOXED_VARIABLE, Sandbox

BWRAP = "bwrap"
SYSTEM = ("/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32")
# what of /etc the dynamic loader, the C library and Python read (no passwords, keys or host configuration)
ETC = ("ld.so.cache", "ld.so.conf", "ld.so.conf.d", "alternatives", "localtime", "nsswitch.conf", "passwd",
       "group", "mime.types", "fonts")
NAMESPACES = ("--unshare-pid", "--unshare-ipc", "--unshare-uts", "--unshare-net", "--new-session",
              "--die-with-parent", "--cap-drop", "ALL")
INSTALL = "install bubblewrap (Debian/Ubuntu: apt install bubblewrap)"


class SandboxUnavailable(RuntimeError):
    """Kernels cannot be sandboxed here and grading without the sandbox was not asked for."""


def library_folders():
    """The package folders of the helper library (``course1`` ... ``course5`` that are installed)."""
    folders = []
    for n in range(1, 6):
        spec = importlib.util.find_spec(f"course{n}")
        if spec is not None and spec.submodule_search_locations:
            folders.append(pathlib.Path(list(spec.submodule_search_locations)[0]).resolve())
    return folders


def read_only_folders():
    """Every path the kernel sees read-only (at the same path as on this machine); the helper library's
    ``grading`` folder is not among them (:func:`file_system` masks it)."""
    from course1.cache import cache_dir

    seen = [path for path in [*SYSTEM, *(f"/etc/{name}" for name in ETC)] if os.path.lexists(path)]
    python = {sys.prefix, sys.base_prefix, sys.exec_prefix, os.path.dirname(os.path.realpath(sys.executable))}
    wanted = [*sorted(python), *map(str, library_folders()), str(cache_dir())]
    real = [pathlib.Path(os.path.realpath(p)) for p in wanted]
    for path, resolved in zip(wanted, real):  # a folder inside another one of the list comes with it
        if not any(resolved != other and resolved.is_relative_to(other) for other in real) and path not in seen:
            seen.append(path)
    return seen


def file_system(scratch):
    """bubblewrap's arguments for the allow-list file system around ``scratch`` (the writable folder)."""
    mounts = [("/tmp", ["--tmpfs", "/tmp"]), ("/dev", ["--dev", "/dev"]), ("/dev/shm", ["--tmpfs", "/dev/shm"]),
              ("/proc", ["--proc", "/proc"])]
    for path in read_only_folders():
        if os.path.islink(path) and path in SYSTEM:
            mounts.append((path, ["--symlink", os.readlink(path), path]))  # /lib -> usr/lib
        else:
            real = os.path.realpath(path)
            mounts.append((real, ["--ro-bind", real, real]))
            if real != os.path.abspath(path):  # a venv reached through a link: the link too
                mounts.append((path, ["--symlink", real, path]))
    grading = pathlib.Path(__file__).resolve().parent
    mounts.append((str(grading), ["--tmpfs", str(grading), "--remount-ro", str(grading)]))
    mounts.append((str(scratch), ["--bind", str(scratch), str(scratch)]))
    mounts.sort(key=lambda m: pathlib.PurePosixPath(m[0]).parts)  # a folder before what is mounted inside it
    # last, the folders bubblewrap made in memory to hold all this become read-only: only /tmp, /dev/shm (both
    # counted by the watchdog) and the scratch folder stay writable
    return [arg for _, args in mounts for arg in args] + ["--remount-ro", "/dev", "--remount-ro", "/"]


def bwrap_command(kernel_cmd, scratch, workdir):
    """``kernel_cmd`` run under bubblewrap in ``workdir`` with :func:`file_system` around ``scratch``."""
    # bwrap itself ignores SIGINT: an interrupt reaches the kernel as a message (it has a session of its own)
    return ["sh", "-c", 'trap "" INT; exec "$@"', "sh", shutil.which(BWRAP), *file_system(scratch), *NAMESPACES,
            "--chdir", str(workdir), "--", *kernel_cmd]


@functools.cache
def bubblewrap():
    """Why kernels cannot be sandboxed with bubblewrap here, or "" if they can (checked once per process)."""
    if shutil.which(BWRAP) is None:
        return "bubblewrap (bwrap) is not installed"
    with tempfile.TemporaryDirectory(prefix="dlcourse-kernel-probe-") as scratch:
        try:
            probe = subprocess.run(bwrap_command(["true"], scratch, scratch)[4:], capture_output=True, text=True,
                                   timeout=30)
        except (OSError, subprocess.TimeoutExpired) as e:
            return f"bubblewrap cannot run here ({e})"
    if probe.returncode != 0:
        return f"bubblewrap cannot create its sandbox here ({probe.stderr.strip() or probe.returncode})"
    return ""


def refusal(reason):
    """The sentence a grader refusing to run kernels without the sandbox says."""
    return (f"Refusing to grade: the kernel sandbox cannot run ({reason}), and without it a student's notebook "
            f"can read the solutions and the other submissions. {INSTALL[0].upper() + INSTALL[1:]}, or grade "
            f"anyway with `make grade UNSANDBOXED=1` (python -m course1.grading grade --unsandboxed; "
            f"c.Sandbox.unsandboxed = True in nbgrader_config.py for nbgrader's own commands).")


def require_sandbox(config=None):
    """Raise :class:`SandboxUnavailable` unless kernels can be sandboxed or ``Sandbox.unsandboxed`` is set;
    returns "" when sandboxed, else why not."""
    reason = bubblewrap()
    if reason and not Sandbox(config=config).unsandboxed:
        raise SandboxUnavailable(refusal(reason))
    return reason


def protections():
    """One line saying which protections of the student kernels are on in this process."""
    always = ("own scratch folder per submission, gradebook written by the coordinator only, source/ + helper "
              "library + data cache checked after each job, memory/files/time watchdog, process cap, output "
              "limits, static scan")
    reason = bubblewrap()
    if reason:
        return f"Grader protections: {always}; kernel sandbox OFF ({reason}: kernels see every file this user " \
               f"can read, the solutions included, and reach the network; {INSTALL})."
    return f"Grader protections: {always}; kernel sandbox ON (bubblewrap: the kernel sees only the system, the " \
           "Python environment, the helper library and the data cache, read-only, and writes only its scratch " \
           "folder and a private /tmp and /dev/shm; own PID/IPC/UTS namespaces, no network)."


def copy_regular(source, target):
    """Copy the regular files and folders under ``source`` into ``target`` (links and anything else skipped)."""
    target.mkdir(parents=True, exist_ok=True)
    if not source:
        return
    for entry in os.scandir(source):
        info = entry.stat(follow_symlinks=False)
        if stat.S_ISDIR(info.st_mode):
            copy_regular(entry.path, target / entry.name)
        elif stat.S_ISREG(info.st_mode):
            shutil.copyfile(entry.path, target / entry.name, follow_symlinks=False)


_scratch = {}  # the folder sandboxed kernels were started in -> their scratch folders not yet removed
_left_behind = {}  # that folder -> what its kernels left in their scratch folders (links, ...)


def traces(folder):
    """Paths under ``folder`` (relative) that are not plain files or folders: symbolic links, hard links to
    files elsewhere, pipes, sockets, devices; the kernel's own connection sockets are not counted."""
    found = []
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in dirnames + filenames:
            path = os.path.join(dirpath, name)
            try:
                info = os.lstat(path)
            except OSError:
                continue
            regular = stat.S_ISREG(info.st_mode) and info.st_nlink == 1
            ours = stat.S_ISSOCK(info.st_mode) and dirpath == str(folder) and name.startswith("kernel-ipc-")
            if not (regular or stat.S_ISDIR(info.st_mode) or ours):
                found.append(os.path.relpath(path, folder))
    return sorted(found)


def _remove(origin, scratch):
    """Note what a kernel left in ``scratch`` and remove it (rmtree unlinks links, never follows them)."""
    left = traces(scratch)
    if left:
        _left_behind.setdefault(origin, []).extend(left)
    shutil.rmtree(scratch, ignore_errors=True)
    with contextlib.suppress(KeyError, ValueError):
        _scratch[origin].remove(scratch)
        if not _scratch[origin]:
            del _scratch[origin]


def left_behind(folder):
    """What the sandboxed kernels started in ``folder`` left in their scratch folders that is not a plain
    file (see :func:`traces`), once; [] if nothing. Removes the scratch folders a kernel that was killed
    (and so never cleaned up) still has."""
    origin = str(pathlib.Path(folder).resolve())
    for scratch in list(_scratch.get(origin, [])):
        _remove(origin, scratch)
    return _left_behind.pop(origin, [])


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts kernels under bubblewrap in a scratch folder of their own.

    The kernel talks to the grader over Unix sockets in its scratch folder (no TCP: it has no network)
    and works in a copy of the folder it was started in. Where bubblewrap cannot run, it refuses to
    start kernels unless ``Sandbox.unsandboxed`` is set, and then starts them as usual.
    """

    @default("transport")
    def _transport_default(self):
        return "tcp" if bubblewrap() else "ipc"

    async def _async_pre_start_kernel(self, **kw):
        self._unsandboxed = require_sandbox(self.config)
        if not self._unsandboxed:
            if getattr(self, "_private", None) is None:  # a restarted kernel keeps its scratch folder
                self._private = pathlib.Path(tempfile.mkdtemp(prefix="dlcourse-kernel-"))
            self.connection_file = str(self._private / "kernel.json")
            self.ip = str(self._private / "kernel-ipc")
            self.kernel_spec.interrupt_mode = "message"  # a signal would stop at bwrap, outside the kernel's session
        return await super()._async_pre_start_kernel(**kw)

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        # TensorFlow's C++ notices stay out of the grader's output (course2.determinism hides the ones at import)
        env = {**(kw.get("env") or os.environ), "TF_CPP_MIN_LOG_LEVEL": "3"}
        env.pop(UNSANDBOXED_VARIABLE, None)
        if not self._unsandboxed:
            work = self._private / "work"
            self._origin = str(pathlib.Path(kw.get("cwd") or os.getcwd()).resolve())
            if self._private not in _scratch.setdefault(self._origin, []):
                _scratch[self._origin].append(self._private)
            copy_regular(kw.get("cwd"), work)
            (self._private / "home").mkdir(exist_ok=True)
            kw["cwd"] = str(work)
            kernel_cmd = bwrap_command(kernel_cmd, self._private, work)
            # its parent is bwrap, PID 1 of its namespace: told so, ipykernel neither polls its parent (it would
            # quit at once; --die-with-parent ends it with the grader instead) nor prints its connection banner
            kw["independent"] = True
            env["JPY_PARENT_PID"] = "1"
            # tools that keep a config or cache folder use the scratch folder (nothing else is writable)
            env.update(HOME=str(self._private / "home"), IPYTHONDIR=str(self._private / "ipython"),
                       MPLCONFIGDIR=str(self._private / "matplotlib"), KERAS_HOME=str(self._private / "keras"),
                       TMPDIR="/tmp")
        kw["env"] = env
        return await super()._async_launch_kernel(kernel_cmd, **kw)

    async def _async_cleanup_resources(self, restart=False):
        await super()._async_cleanup_resources(restart)
        if not restart and getattr(self, "_private", None):
            _remove(getattr(self, "_origin", None), self._private)
            self._private = None


class SandboxedExecute(Execute):
    """nbgrader's Execute preprocessor with kernels started by :class:`SandboxedKernelManager`, hidden tests
    judged outside the kernel (:mod:`.judge`) and cell timeouts from the reference run (:mod:`.reference`).

    The kernel runs each hidden cell's kernel part only; afterwards the grader judges the records and
    rewrites the hidden cells' outputs, so what nbgrader's ``SaveAutoGrades`` reads is the judge's verdict.
    Each code cell's seconds are kept in the notebook's metadata (``dlcourse.seconds``), and a cell that ran
    out of time is named there (``dlcourse.timed_out``).
    """

    reference_run = Bool(False, help="This execution is the assignment's reference run: each hidden cell is "
                                     "its own reference.").tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)

    def preprocess(self, nb, resources=None, km=None):
        info = (resources or {}).get("nbgrader", {})
        root, assignment = self.config.get("CourseDirectory", {}).get("root"), info.get("assignment")
        name = f"{info.get('notebook')}.ipynb"
        source_path = pathlib.Path(root or ".", "source", assignment or "", name)
        # the judge's code comes from the instructor's notebook, never from the graded one
        source_nb = nbformat.read(source_path, as_version=4) if assignment and source_path.is_file() else \
            nbformat.v4.new_notebook()
        stored = None
        if root and assignment and not self.reference_run:
            stored = reference.load(root, assignment)
        self._allowed, self._budget = reference.timeouts(stored, name)
        self._started = time.monotonic()
        self._meta = nb.metadata.setdefault(reference.METADATA_KEY, {})
        self._meta.update(seconds={}, timed_out=[])
        if self._allowed:
            self.timeout_func = self._timeout
        saved = judge.split_hidden(nb, source_nb)
        try:
            nb, resources = super().preprocess(nb, resources, km)
        finally:
            for index, source in saved.items():
                nb.cells[index].source = source
        judge.judge_notebook(nb, saved, source_nb, reference.records(stored, name) if stored else None,
                             self.reference_run)
        return nb, resources

    def _timeout(self, cell):
        """A cell's seconds: its reference time's allowance, else what is left of the notebook's budget,
        never more than ``Execute.timeout``."""
        allowed = self._allowed.get(reference.cell_key(cell, None))
        left = max(1.0, self._budget - (time.monotonic() - self._started))
        return max(1, int(min(self.timeout or left, left, allowed or left)))

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return super().preprocess_cell(cell, resources, index)
        limit = self._timeout(cell) if self._allowed else self.timeout
        started = time.monotonic()
        try:
            return super().preprocess_cell(cell, resources, index)
        finally:
            seconds = time.monotonic() - started
            key = reference.cell_key(cell, index)
            self._meta["seconds"][key] = round(seconds, 3)
            if limit and seconds >= limit:
                self._meta["timed_out"].append({"cell": index + 1, "key": key, "limit": limit})
