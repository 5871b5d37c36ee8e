"""Limits on a kernel that runs a student's notebook, and the checks that it changed nothing else.

- :class:`SandboxedExecute` starts each kernel under bubblewrap where the machine allows it (no network,
  read-only file system but for the notebook's folder and the data cache); :func:`protections` says
  in one line which protections are on.
- :class:`Watchdog` ends the kernel (with its child processes) when their resident memory passes a
  cap, they are more processes than a cap (a fork bomb) or the notebook runs longer than its time
  budget. A watchdog, not rlimits: an address-space rlimit breaks TensorFlow, which reserves far more
  than it uses, and the process-count rlimit does not bind root.
- :class:`LimitOutputSize` (an autograde preprocessor) cuts text outputs and drops images beyond a
  size, so a notebook printing megabytes cannot bloat the autograded notebook and the feedback.
- :func:`fingerprint` summarises folders (``source/``, the helper library, the data cache) so the
  coordinator can tell whether a job changed anything outside its scratch folder.
"""
import contextlib
import functools
import os
import pathlib
import shutil
import signal
import subprocess
import tempfile
import threading
import time

import psutil
from jupyter_client.manager import AsyncKernelManager
from nbgrader.preprocessors import Execute, NbGraderPreprocessor
from traitlets import Integer, default

DEFAULT_MEMORY_MB = 4096
DEFAULT_WALL_SECONDS = 1800
DEFAULT_MAX_PROCESSES = 64


def limits(config):
    """(memory cap in MB, wall-time budget in s, process cap) from the ``Sandbox`` section of the course config."""
    section = config.get("Sandbox", {})
    return (int(section.get("memory_limit_mb", DEFAULT_MEMORY_MB)),
            float(section.get("wall_seconds", DEFAULT_WALL_SECONDS)),
            int(section.get("max_processes", DEFAULT_MAX_PROCESSES)))


class Watchdog(threading.Thread):
    """Ends kernels started after it: over ``memory_mb`` resident, after ``wall_seconds``, or with more than
    ``max_processes`` processes (a fork bomb: as root the process-count rlimit does not apply).

    Use as a context manager around one autograde; ``reason`` is then a sentence, or "" if it never fired.
    """

    def __init__(self, memory_mb, wall_seconds, max_processes=DEFAULT_MAX_PROCESSES, interval=0.2):
        super().__init__(daemon=True)
        self.memory = memory_mb * 2**20
        self.memory_mb, self.wall_seconds, self.interval = memory_mb, wall_seconds, interval
        self.max_processes = max_processes
        self.reason = ""
        self._done = threading.Event()

    def __enter__(self):
        self.started = time.time()
        self.start()
        return self

    def __exit__(self, *exc):
        self._done.set()
        self.join()

    def kernels(self):
        """Kernel processes this process started since the watchdog started (the outermost ones: not the
        kernel inside its bubblewrap launcher, nor the kernel's forks)."""
        found = {}
        for child in psutil.Process().children(recursive=True):
            try:
                if child.create_time() >= self.started - 1 and "ipykernel_launcher" in " ".join(child.cmdline()):
                    found[child.pid] = child
            except psutil.Error:
                continue
        outermost = []
        for kernel in found.values():
            with contextlib.suppress(psutil.Error):
                if kernel.ppid() not in found:
                    outermost.append(kernel)
        return outermost

    @staticmethod
    def tree_memory(process):
        """Proportional set size of ``process`` and its descendants (resident memory, pages shared between
        them counted once: forked children do not multiply it)."""
        total = 0
        for p in [process, *process.children(recursive=True)]:
            try:
                total += p.memory_full_info().pss
            except (psutil.Error, AttributeError):
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
        return total

    def end(self, kernel, reason):
        self.reason = self.reason or reason
        with contextlib.suppress(OSError):  # the whole group at once, so a fork bomb cannot outrun the kills
            group = os.getpgid(kernel.pid)
            if group != os.getpgid(0):
                os.killpg(group, signal.SIGKILL)
        for p in [*kernel.children(recursive=True), kernel]:
            try:
                p.kill()
            except psutil.Error:
                continue

    def run(self):
        while not self._done.wait(self.interval):
            for kernel in self.kernels():
                try:
                    if len(kernel.children(recursive=True)) + 1 > self.max_processes:
                        self.end(kernel, f"Your notebook started more than {self.max_processes} processes and was "
                                         "stopped; the cells after that point score 0. Do not start processes in "
                                         "a loop (os.fork, multiprocessing, subprocess).")
                    elif self.tree_memory(kernel) > self.memory:
                        self.end(kernel, f"Your notebook used more than {self.memory_mb} MB of memory and was stopped; "
                                         "the cells after that point score 0. Use smaller arrays or free memory.")
                    elif time.time() - self.started > self.wall_seconds:
                        self.end(kernel, f"Your notebook ran longer than {self.wall_seconds:g} s in total and was "
                                         "stopped; the cells after that point score 0. Look for an endless loop.")
                except psutil.Error:
                    continue


class LimitOutputSize(NbGraderPreprocessor):
    """Cut each text output to ``max_chars`` characters; keep each image whole up to ``max_image_bytes``
    (its base64 size) and replace a larger one, or one past ``max_total_image_bytes`` for the notebook,
    by a one-line note (an image cut short would be corrupt)."""

    max_chars = Integer(100_000, help="longest text output kept, in characters").tag(config=True)
    max_image_bytes = Integer(2_000_000, help="largest image kept (base64 size)").tag(config=True)
    max_total_image_bytes = Integer(20_000_000, help="all images of one notebook together (base64 size); "
                                                     "images past it are dropped").tag(config=True)

    def preprocess(self, nb, resources):
        self._image_total = 0
        return super().preprocess(nb, resources)

    def _cut(self, text):
        if len(text) <= self.max_chars:
            return text
        return text[: self.max_chars] + f"\n... (output cut by the grader: it was {len(text)} characters long)\n"

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            if "text" in output:
                output.text = self._cut("".join(output.text) if isinstance(output.text, list) else output.text)
            data, notes = output.get("data", {}), []
            for key, value in list(data.items()):
                if isinstance(value, list):
                    value = "".join(value)
                if not isinstance(value, str):
                    continue  # JSON data (e.g. the results cell's dict) is not text to cut
                if not key.startswith("image/"):
                    data[key] = self._cut(value)
                elif len(value) > self.max_image_bytes:
                    del data[key]
                    notes.append(f"(an image of {len(value)} bytes was dropped by the grader: the limit is "
                                 f"{self.max_image_bytes} bytes)")
                elif getattr(self, "_image_total", 0) + len(value) > self.max_total_image_bytes:
                    del data[key]
                    notes.append(f"(an image was dropped by the grader: the notebook's images passed "
                                 f"{self.max_total_image_bytes} bytes in all)")
                else:
                    self._image_total = getattr(self, "_image_total", 0) + len(value)
            if notes:
                data["text/plain"] = " ".join(notes)
        return cell, resources


def fingerprint(folders):
    """A comparable summary (path, size, mtime) of every file under ``folders`` (missing ones skipped)."""
    seen = {}
    for folder in map(pathlib.Path, folders):
        if not folder.is_dir():
            continue
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames[:] = [d for d in dirnames if d not in {"__pycache__", ".ipynb_checkpoints"}]
            for name in filenames:
                path = os.path.join(dirpath, name)
                try:
                    stat = os.stat(path)
                except OSError:
                    continue
                seen[path] = (stat.st_size, stat.st_mtime_ns)
    return seen


def changed(before, after, additions=True):
    """Paths modified or removed (and, if ``additions``, added) between two :func:`fingerprint` results."""
    keys = before.keys() | after.keys() if additions else before.keys()
    return sorted(p for p in keys if before.get(p) != after.get(p))


BWRAP = "bwrap"
BWRAP_PROBE = ["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--unshare-net", "true"]


@functools.cache
def bubblewrap():
    """Why kernels cannot be sandboxed with bubblewrap here, or "" if they can (checked once per process)."""
    path = shutil.which(BWRAP)
    if path is None:
        return "bubblewrap (bwrap) is not installed"
    try:
        probe = subprocess.run([path, *BWRAP_PROBE], capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"bubblewrap cannot run here ({e})"
    if probe.returncode != 0:
        return f"bubblewrap cannot create namespaces here ({probe.stderr.strip() or probe.returncode})"
    return ""


def protections():
    """One line saying which protections of the student kernels are on in this process."""
    always = ("own scratch folder per submission, gradebook written by the coordinator only, source/ + helper "
              "library + data cache checked after each job, memory/time watchdog, process cap, output limits")
    reason = bubblewrap()
    if reason:
        return f"Grader protections: {always}; kernel sandbox OFF ({reason}: kernels can write anywhere this user " \
               "can and reach the network)."
    return f"Grader protections: {always}; kernel sandbox ON (bubblewrap: read-only file system except the " \
           "notebook's folder and the data cache, no network)."


def _needed_under_tmp():
    """The folders the kernel needs that the private /tmp would hide: the Python environment and the
    course library, when they live under /tmp (a course cloned or a venv made there)."""
    import sys

    library = pathlib.Path(__file__).resolve().parents[2]
    folders = {pathlib.Path(p).resolve() for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, library)}
    return sorted(str(f) for f in folders if f.is_relative_to("/tmp"))


def bwrap_command(kernel_cmd, writable):
    """``kernel_cmd`` run under bubblewrap: everything read-only, a private /tmp, ``writable`` folders
    writable, no network (its own empty network namespace), ended with the grader."""
    binds = [arg for folder in _needed_under_tmp() for arg in ("--ro-bind", folder, folder)]
    binds += [arg for folder in writable for arg in ("--bind", str(folder), str(folder))]
    # bwrap itself ignores SIGINT (the grader interrupts a cell by signalling the kernel's process group,
    # bwrap included, and bwrap's death would kill the kernel); ipykernel sets its own handler per cell.
    return ["sh", "-c", 'trap "" INT; exec "$@"', "sh", shutil.which(BWRAP), "--ro-bind", "/", "/",
            "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", *binds, "--unshare-net", "--die-with-parent",
            "--", *kernel_cmd]


class SandboxedKernelManager(AsyncKernelManager):
    """A kernel manager that starts kernels under bubblewrap where the machine allows it.

    The kernel talks to the grader over Unix sockets in a private folder (no TCP: it has no network),
    and may write only in its working folder (the autograded copy of the submission), that private
    folder and the data cache. Where bubblewrap is missing or cannot create namespaces, kernels start
    as usual (:func:`protections` says which).
    """

    @default("transport")
    def _transport_default(self):
        return "tcp" if bubblewrap() else "ipc"

    async def _async_pre_start_kernel(self, **kw):
        if not bubblewrap():
            self._private = pathlib.Path(tempfile.mkdtemp(prefix="dlcourse-kernel-"))
            self.connection_file = str(self._private / "kernel.json")
            self.ip = str(self._private / "kernel-ipc")
        return await super()._async_pre_start_kernel(**kw)

    async def _async_launch_kernel(self, kernel_cmd, **kw):
        # TensorFlow's C++ notices stay out of the grader's output (course2.determinism hides the ones at import)
        kw["env"] = {**(kw.get("env") or os.environ), "TF_CPP_MIN_LOG_LEVEL": "3"}
        if not bubblewrap():
            from course1.cache import cache_dir

            writable = [self._private, cache_dir(), *([kw["cwd"]] if kw.get("cwd") else [])]
            kernel_cmd = bwrap_command(kernel_cmd, writable)
            # the home folder is read-only: tools that keep a config or cache folder use the private one
            kw["env"] = {**kw["env"], "IPYTHONDIR": str(self._private / "ipython"),
                         "MPLCONFIGDIR": str(self._private / "matplotlib"), "KERAS_HOME": str(self._private / "keras")}
        return await super()._async_launch_kernel(kernel_cmd, **kw)

    async def _async_cleanup_resources(self, restart=False):
        await super()._async_cleanup_resources(restart)
        if not restart and getattr(self, "_private", None):
            shutil.rmtree(self._private, ignore_errors=True)


class SandboxedExecute(Execute):
    """nbgrader's Execute preprocessor with kernels started by :class:`SandboxedKernelManager`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("kernel_manager_class", SandboxedKernelManager)
        super().__init__(*args, **kwargs)
