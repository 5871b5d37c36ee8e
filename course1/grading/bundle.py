"""``make bundle``: what an instructor hands to students who do not use the nbgrader exchange.

Two files in ``dist/``: ``release.zip`` (the student notebooks of ``release/``) and a wheel of the
helper library (``course1`` ... ``course5`` without the instructor pipeline ``course1/grading/``).
Neither may hold a solution: the bundle is checked after it is built and refused if any file has
a line that opens or closes an nbgrader solution or hidden-test region, or if it holds a
``mistakes.toml`` or a ``source/`` folder.
"""
import json
import pathlib
import shutil
import subprocess
import sys
import tempfile
import zipfile

from .notebooks import HIDDEN_BEGIN, HIDDEN_END

RELEASE_ZIP = "release.zip"
SECRET_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION", HIDDEN_BEGIN, HIDDEN_END)
STUDENT_README = """# Helper library of the deep-learning course

The Python packages (`course1` ... `course5`) that the course notebooks import: datasets, plots,
reference layers and the visible tests. Install this wheel with `pip install`, unzip `release.zip`
and open the notebooks in JupyterLab.
"""
INSTRUCTOR_ONLY = {"course1": ("grading",)}  # subpackages that students never need


def zip_release(root, dest):
    """Write ``release/`` (notebooks and data files, no checkpoints or caches) into the zip ``dest``."""
    release = root / "release"
    if not release.is_dir():
        raise FileNotFoundError(f"{release} does not exist: run `make release` first")
    files = [p for p in sorted(release.rglob("*")) if p.is_file() and p.suffix != ".pyc"
             and not {".ipynb_checkpoints", "__pycache__"} & set(p.parts)]
    if not files:
        raise FileNotFoundError(f"{release} holds no files: run `make release` first")
    with zipfile.ZipFile(dest, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            zf.write(path, path.relative_to(root).as_posix())
    return dest


def build_wheel(root, dest_dir):
    """Build the helper library's wheel into ``dest_dir`` from a staging copy without ``course1/grading``.

    The build runs in a temporary folder (the checkout gets no ``build/`` or ``*.egg-info``) with the
    setuptools already installed (``--no-build-isolation``: nothing is downloaded).

    Returns
    -------
    pathlib.Path
        The wheel, replacing an older one of the same name.
    """
    packages = sorted(p for p in root.glob("course*") if (p / "__init__.py").is_file())
    if not packages:
        raise FileNotFoundError(f"{root} holds no course packages (course1/, course2/, ...)")
    with tempfile.TemporaryDirectory(prefix="bundle-") as tmp:
        staging, wheels = pathlib.Path(tmp) / "project", pathlib.Path(tmp) / "wheels"
        staging.mkdir()
        shutil.copy2(root / "pyproject.toml", staging / "pyproject.toml")
        # The wheel's description: the repository's README explains solutions and hidden tests.
        (staging / "README.md").write_text(STUDENT_README)
        for package in packages:
            _copy_package(package, staging / package.name, INSTRUCTOR_ONLY.get(package.name, ()))
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
             "--disable-pip-version-check", "--wheel-dir", str(wheels), str(staging)],
            capture_output=True, text=True)
        built = sorted(wheels.glob("*.whl"))
        if result.returncode != 0 or len(built) != 1:
            raise RuntimeError("building the helper library's wheel failed:\n" + result.stderr[-2000:])
        return pathlib.Path(shutil.move(built[0], dest_dir / built[0].name))


def _copy_package(package, dest, drop):
    """Copy a package folder without caches, checkpoints and its subfolders named in ``drop``."""
    caches = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__", "*.pyc")

    def ignore(folder, names):
        ignored = set(caches(folder, names))
        if pathlib.Path(folder) == package:
            ignored |= set(drop) & set(names)
        return ignored

    shutil.copytree(package, dest, ignore=ignore)


def code_lines(name, data):
    """The lines of code in an archive entry: every cell's source lines for a notebook, else its text."""
    text = data.decode("utf-8", errors="replace")
    if name.endswith(".ipynb"):
        try:
            cells = json.loads(text).get("cells", [])
        except (json.JSONDecodeError, AttributeError):
            return text.splitlines()  # not a readable notebook: check it as plain text
        return [line for cell in cells for source in [cell.get("source", "")]
                for line in ("".join(source) if isinstance(source, list) else source).splitlines()]
    return text.splitlines()


def secrets_in(archive):
    """Names of the entries of a zip or wheel that give solutions away, each with the reason.

    A solution or hidden-test region starts with a line that *is* its marker comment (``### BEGIN
    SOLUTION``); a module that only names the marker (a docstring of a tool reading source notebooks)
    gives nothing away.
    """
    found = []
    with zipfile.ZipFile(archive) as zf:
        for name in zf.namelist():
            parts = pathlib.PurePosixPath(name).parts
            if "source" in parts[:-1]:
                found.append(f"{name}: a source/ folder (instructor notebooks)")
            if parts[-1] == "mistakes.toml":
                found.append(f"{name}: the list of typical mistakes")
            lines = [line.strip() for line in code_lines(name, zf.read(name))]
            found += [f"{name}: a {marker!r} line" for marker in SECRET_MARKERS
                      if any(line.startswith(marker) for line in lines)]
    return found


def bundle(root, dist):
    """Build ``dist/release.zip`` and the helper library's wheel; returns their paths.

    Raises
    ------
    RuntimeError
        If a file would give a solution away (that file is deleted and the bundle stops).
    """
    root, dist = pathlib.Path(root).resolve(), pathlib.Path(dist).resolve()
    dist.mkdir(parents=True, exist_ok=True)
    zip_path = zip_release(root, dist / RELEASE_ZIP)
    _refuse_leaks(zip_path)
    wheel_path = build_wheel(root, dist)
    _refuse_leaks(wheel_path)
    return zip_path, wheel_path


def _refuse_leaks(archive):
    leaks = secrets_in(archive)
    if leaks:
        archive.unlink()
        raise RuntimeError(f"{archive.name} would give solutions away and was deleted:\n  " + "\n  ".join(leaks))
