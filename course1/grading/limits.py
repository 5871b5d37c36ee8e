"""How much a kernel that runs a student's notebook may take, and how much of its output is kept.

- :class:`Sandbox` holds the limits as configurable traits (``c.Sandbox.memory_limit_mb = ...`` in
  ``nbgrader_config.py``), and whether grading without the kernel sandbox is allowed.
- :class:`Watchdog` ends the kernel (with its child processes) when their resident memory (with what
  they keep in their private ``/tmp``) passes a cap, they write more (or more bytes of) files than a
  cap, they are more
  processes than a cap (a fork bomb) or the notebook runs longer than its time budget. A watchdog,
  not rlimits: an address-space rlimit breaks TensorFlow, which reserves far more than it uses, and
  the process-count rlimit does not bind root.
- :class:`LimitOutputSize` (an autograde preprocessor) cuts text outputs and drops images beyond a
  size, so a notebook printing megabytes cannot bloat the autograded notebook and the feedback.
"""
import contextlib
import os
import signal
import threading
import time

import psutil
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Bool, Float, Integer, default
from traitlets.config import Configurable

PRIVATE_MEMORY_FOLDERS = ("tmp", "dev/shm")  # a sandboxed kernel's writable folders held in memory
UNSANDBOXED_VARIABLE = "DLCOURSE_UNSANDBOXED"  # "1": grade without bubblewrap (make grade --unsandboxed)


class Sandbox(Configurable):
    """Limits of one kernel, read from the ``Sandbox`` section of the course config."""

    memory_limit_mb = Integer(4096, help="resident memory of the kernel and its children, with its /tmp, "
                                         "in MB").tag(config=True)
    files_limit_mb = Integer(512, help="files the kernel writes (its private /tmp and scratch folder), "
                                       "in MB").tag(config=True)
    max_files = Integer(100_000, help="files and folders the kernel creates (its private /tmp and scratch "
                                      "folder)").tag(config=True)
    wall_seconds = Float(1800, help="the whole notebook's run time, in s").tag(config=True)
    max_processes = Integer(64, help="processes of the kernel with its children").tag(config=True)
    static_scan = Bool(True, help="refuse answer cells that use dynamic code or introspection (scan.py) before "
                                  "any kernel starts; off only to prove that the judge holds on its own (the "
                                  "test suite's attack corpus)").tag(config=True)
    unsandboxed = Bool(help="grade even where bubblewrap cannot run (kernels then see the whole file system "
                            "and the network); default from $DLCOURSE_UNSANDBOXED").tag(config=True)

    @default("unsandboxed")
    def _unsandboxed_default(self):
        return os.environ.get(UNSANDBOXED_VARIABLE) == "1"


class Watchdog(threading.Thread):
    """Ends kernels started after it when they pass a limit of ``sandbox`` (a :class:`Sandbox`).

    Use as a context manager around one autograde; ``reason`` is then a sentence, or "" if it never fired.
    """

    def __init__(self, sandbox, interval=0.2):
        super().__init__(daemon=True)
        self.limits, self.interval = sandbox, interval
        self.reason = ""
        self._done = threading.Event()
        self._root_device = os.stat("/").st_dev

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
    def tree_memory(processes):
        """Proportional set size of ``processes`` (resident memory, pages shared between them counted
        once: forked children do not multiply it)."""
        total = 0
        for p in processes:
            try:
                total += p.memory_full_info().pss
            except (psutil.Error, AttributeError):
                with contextlib.suppress(psutil.Error):
                    total += p.memory_info().rss
        return total

    def private_tmp(self, processes):
        """(bytes, files) in use on the private ``/tmp`` and ``/dev/shm`` (both in memory) of the first of
        ``processes`` whose root is not this process's root (the sandboxed kernel, once bubblewrap has
        set up its file system), (0, 0) if none is."""
        for p in processes:
            with contextlib.suppress(OSError):
                if os.stat(f"/proc/{p.pid}/root/").st_dev != self._root_device:
                    used = files = 0
                    for folder in PRIVATE_MEMORY_FOLDERS:
                        stat = os.statvfs(f"/proc/{p.pid}/root/{folder}")
                        used += (stat.f_blocks - stat.f_bfree) * stat.f_frsize
                        files += stat.f_files - stat.f_ffree
                    return used, files
        return 0, 0

    def scratch(self, kernel):
        """(bytes, entries) under the kernel's scratch folder (the folder of its connection file), (0, 0)
        for a kernel without one; stops counting past ``max_files`` entries."""
        args = kernel.cmdline()
        folder = os.path.dirname(args[args.index("-f") + 1]) if "-f" in args[:-1] else ""
        if not os.path.basename(folder).startswith("dlcourse-kernel-"):
            return 0, 0
        total, stack, seen = 0, [folder], 0
        while stack and seen <= self.limits.max_files:
            with contextlib.suppress(OSError), os.scandir(stack.pop()) as entries:
                for entry in entries:
                    seen += 1
                    with contextlib.suppress(OSError):
                        if entry.is_dir(follow_symlinks=False):
                            stack.append(entry.path)
                        else:
                            total += entry.stat(follow_symlinks=False).st_blocks * 512
        return total, seen

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

    def check(self, kernel):
        """The sentence saying which limit ``kernel`` passed, or "" if none."""
        limits = self.limits
        tree = [kernel, *kernel.children(recursive=True)]
        if len(tree) > limits.max_processes:
            return (f"Your notebook started more than {limits.max_processes} processes and was stopped; the cells "
                    "after that point score 0. Do not start processes in a loop (os.fork, multiprocessing, "
                    "subprocess).")
        (tmp, tmp_files), (scratch, scratch_files) = self.private_tmp(tree), self.scratch(kernel)
        if tmp + scratch > limits.files_limit_mb * 2**20:
            return (f"Your notebook wrote more than {limits.files_limit_mb} MB of files (in /tmp or its folder) "
                    "and was stopped; the cells after that point score 0. Write smaller files or delete them.")
        if tmp_files + scratch_files > limits.max_files:
            return (f"Your notebook created more than {limits.max_files} files (in /tmp or its folder) and was "
                    "stopped; the cells after that point score 0. Write fewer files.")
        if self.tree_memory(tree) + tmp > limits.memory_limit_mb * 2**20:
            return (f"Your notebook used more than {limits.memory_limit_mb} MB of memory and was stopped; the "
                    "cells after that point score 0. Use smaller arrays or free memory.")
        if time.time() - self.started > limits.wall_seconds:
            return (f"Your notebook ran longer than {limits.wall_seconds:g} s in total and was stopped; the cells "
                    "after that point score 0. Look for an endless loop.")
        return ""

    def run(self):
        while not self._done.wait(self.interval):
            for kernel in self.kernels():
                try:
                    reason = self.check(kernel)
                except psutil.Error:
                    continue
                if reason:
                    self.end(kernel, reason)


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
