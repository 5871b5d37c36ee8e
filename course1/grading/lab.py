"""``make lab``: JupyterLab on loopback with the nbgrader extension, for a student or an instructor.

The nbgrader server extensions (assignment list, formgrader, validate, course list) read
``nbgrader_config.py`` from the Jupyter config path, so the course folder is put first on
``JUPYTER_CONFIG_PATH``; that file sets the course id and keeps the exchange in the course's ignored
``.exchange/`` folder. The browser test starts JupyterLab through the same functions.
"""
import os
import secrets
import shutil
import signal
import subprocess
import sys


def seed_workspace(root, workspace):
    """Copy ``release/`` into ``workspace`` without overwriting anything a student already has.

    Returns
    -------
    list of str
        The files copied, relative to ``workspace``.
    """
    copied = []
    for path in sorted((root / "release").rglob("*")):
        if path.is_dir() or ".ipynb_checkpoints" in path.parts:
            continue
        relative = path.relative_to(root / "release")
        target = workspace / relative
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
            copied.append(str(relative))
    return copied


def lab_environment(root):
    """The environment JupyterLab runs in: the course's config first, this Python's ``bin/`` on PATH.

    ``bin/`` matters twice: the server extensions start kernels with this Python, and nbgrader creates
    a new gradebook by running the ``alembic`` program found on PATH.
    """
    env = dict(os.environ)
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(p for p in (str(root), env.get("JUPYTER_CONFIG_PATH")) if p)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    return env


def lab_command(folder, port, token):
    """The command line of a JupyterLab server on 127.0.0.1:``port`` serving ``folder``.

    The server fails rather than moving to another port when ``port`` is taken, so the URL printed
    beforehand stays true.
    """
    if not 0 < port < 65536:
        raise ValueError(f"port must be between 1 and 65535, got {port}")
    if not token:
        raise ValueError("an empty token would leave the server open to every local user")
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--ServerApp.port_retries=0", f"--ServerApp.root_dir={folder}",
               f"--IdentityProvider.token={token}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers often run as root
    return command


def prepare(root, workspace, seed=True):
    """Create ``workspace`` (seeded from ``release/`` unless ``seed`` is False) and the exchange folder.

    Returns
    -------
    list of str
        The files copied into ``workspace``.
    """
    if not (root / "nbgrader_config.py").exists():
        raise FileNotFoundError(f"{root} is not a course folder: it has no nbgrader_config.py")
    workspace.mkdir(parents=True, exist_ok=True)
    (root / ".exchange").mkdir(exist_ok=True)
    return seed_workspace(root, workspace) if seed else []


def start_lab(root, folder, port, token, extra_env=None, **popen):
    """Start JupyterLab for the course ``root``, serving ``folder``; returns the ``subprocess.Popen``.

    The server runs *in* ``folder``: nbgrader's assignment list fetches into and submits from the
    server's current folder (``Exchange.assignment_dir`` is ``"."``), not from its root_dir.
    ``extra_env`` adds environment variables; ``popen`` goes to ``subprocess.Popen``.
    """
    env = {**lab_environment(root), **(extra_env or {})}
    return subprocess.Popen(lab_command(folder, port, token), env=env, cwd=folder, **popen)


def lab(root, port=8888, token=None, instructor=False):
    """Run JupyterLab on loopback until interrupted; returns its exit code.

    A student's server serves ``workspace/`` (seeded from ``release/``, never overwriting). An
    instructor's serves the course folder itself, so that the formgrader's links to ``source/`` and
    ``release/`` open in Lab; the exchange, course id and grading settings are the same for both.
    """
    workspace = root / "workspace"
    copied = prepare(root, workspace)
    folder = root if instructor else workspace
    token = token or secrets.token_hex(24)
    print(f"workspace: {workspace} ({len(copied)} new file(s) copied from release/)")
    print(f"exchange:  {root / '.exchange'} (course id and all grading settings: {root / 'nbgrader_config.py'})")
    print(f"serving:   {folder} ({'instructor' if instructor else 'student'})")
    print(f"\nOpen http://127.0.0.1:{port}/lab?token={token}\n"
          "Assignments and Formgrader are in the Nbgrader menu, Validate in a notebook's toolbar, "
          "Create Assignment in the right sidebar. Ctrl-C stops the server.\n", flush=True)
    with start_lab(root, folder, port, token) as process:
        signal.signal(signal.SIGTERM, lambda signum, frame: process.terminate())  # never orphan the server
        try:
            return process.wait()
        except KeyboardInterrupt:
            process.terminate()  # Jupyter shuts its kernels down on SIGTERM
            return process.wait()
