"""``make lab``: JupyterLab in the student workspace, with the nbgrader extension configured."""
import os
import shutil
import subprocess
import sys


def seed_workspace(root, workspace):
    """Copy ``release/`` into ``workspace`` without overwriting anything a student already has.

    Returns
    the list of files copied (relative paths)
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


def lab(root, port=8888):
    """Seed ``workspace/`` and run JupyterLab on loopback until interrupted."""
    workspace = root / "workspace"
    workspace.mkdir(exist_ok=True)
    copied = seed_workspace(root, workspace)
    print(f"workspace: {workspace} ({len(copied)} new file(s) copied from release/)")
    (root / ".exchange").mkdir(exist_ok=True)
    env = dict(os.environ)
    # nbgrader's server extensions look for nbgrader_config.py on the Jupyter config path.
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(p for p in (str(root), env.get("JUPYTER_CONFIG_PATH")) if p)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--ServerApp.root_dir={workspace}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers often run as root
    print("JupyterLab prints its URL with the access token below; open it in your browser. Ctrl-C stops it.")
    return subprocess.call(command, env=env, cwd=root)
