"""Limits on a kernel that runs a student's notebook, and the checks that it changed nothing else.

- :class:`Watchdog` ends the kernel (with its child processes) when their resident memory passes a
  cap or the notebook runs longer than its time budget. A watchdog, not an address-space rlimit: an
  rlimit on virtual memory breaks TensorFlow, which reserves far more than it uses.
- :class:`LimitOutputSize` (an autograde preprocessor) cuts text outputs and drops images beyond a
  size, so a notebook printing megabytes cannot bloat the autograded notebook and the feedback.
- :func:`fingerprint` summarises folders (``source/``, the helper library, the data cache) so the
  coordinator can tell whether a job changed anything outside its scratch folder.
"""
import os
import pathlib
import threading
import time

import psutil
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer

DEFAULT_MEMORY_MB = 4096
DEFAULT_WALL_SECONDS = 1800


def limits(config):
    """(memory cap in MB, wall-time budget in s) from the ``Sandbox`` section of the course config."""
    section = config.get("Sandbox", {})
    return (int(section.get("memory_limit_mb", DEFAULT_MEMORY_MB)),
            float(section.get("wall_seconds", DEFAULT_WALL_SECONDS)))


class Watchdog(threading.Thread):
    """Ends kernels started after it, when over ``memory_mb`` resident or after ``wall_seconds``.

    Use as a context manager around one autograde; ``reason`` is then a sentence, or "" if it never fired.
    """

    def __init__(self, memory_mb, wall_seconds, interval=0.2):
        super().__init__(daemon=True)
        self.memory = memory_mb * 2**20
        self.memory_mb, self.wall_seconds, self.interval = memory_mb, wall_seconds, interval
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
        """Kernel processes this process started since the watchdog started."""
        found = []
        for child in psutil.Process().children(recursive=True):
            try:
                if child.create_time() >= self.started - 1 and "ipykernel_launcher" in " ".join(child.cmdline()):
                    found.append(child)
            except psutil.Error:
                continue
        return found

    @staticmethod
    def tree_rss(process):
        total = 0
        for p in [process, *process.children(recursive=True)]:
            try:
                total += p.memory_info().rss
            except psutil.Error:
                continue
        return total

    def end(self, kernel, reason):
        self.reason = self.reason or reason
        for p in [*kernel.children(recursive=True), kernel]:
            try:
                p.kill()
            except psutil.Error:
                continue

    def run(self):
        while not self._done.wait(self.interval):
            for kernel in self.kernels():
                try:
                    if self.tree_rss(kernel) > self.memory:
                        self.end(kernel, f"Your notebook used more than {self.memory_mb} MB of memory and was stopped; "
                                         "the cells after that point score 0. Use smaller arrays or free memory.")
                    elif time.time() - self.started > self.wall_seconds:
                        self.end(kernel, f"Your notebook ran longer than {self.wall_seconds:g} s in total and was "
                                         "stopped; the cells after that point score 0. Look for an endless loop.")
                except psutil.Error:
                    continue


class LimitOutputSize(NbGraderPreprocessor):
    """Cut each text output to ``max_chars`` characters and drop images above ``max_image_bytes``."""

    max_chars = Integer(100_000, help="longest text output kept, in characters").tag(config=True)
    max_image_bytes = Integer(2_000_000, help="largest image kept (base64 size)").tag(config=True)

    def _cut(self, text):
        if len(text) <= self.max_chars:
            return text
        return text[: self.max_chars] + f"\n... (output cut by the grader: it was {len(text)} characters long)\n"

    def preprocess_cell(self, cell, resources, index):
        for output in cell.get("outputs", []):
            if "text" in output:
                output.text = self._cut("".join(output.text) if isinstance(output.text, list) else output.text)
            for key, value in list(output.get("data", {}).items()):
                size = len(value) if isinstance(value, str) else len("".join(value)) if isinstance(value, list) else 0
                if key.startswith("image/") and size > self.max_image_bytes:
                    del output.data[key]
                    output.data["text/plain"] = f"(an image of {size} bytes was dropped by the grader)"
                elif isinstance(value, str):
                    output.data[key] = self._cut(value)
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
