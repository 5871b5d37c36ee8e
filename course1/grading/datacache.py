"""The data an assignment's notebooks load, recorded per assignment and built by trusted code before grading.

Kernels see the data cache read-only, so whatever they load must be there before the first one
starts. The record (:func:`needs`) lists the calls of the cache's registered loaders
(:data:`course1.cache.LOADERS`) in an assignment's source notebooks, with their arguments (plain
values only): made when the assignment is released, or on its first grading, and made again when
a source notebook changes. It lives in ``.grader/data/`` of the course folder, which no kernel sees.
:func:`fill` runs those calls outside any kernel: in the coordinator before its jobs, and in each
Dask worker on its first job of an assignment. A loader a kernel calls anyway with other arguments
still works (it builds its data in memory, with a warning).
"""
import ast
import contextlib
import hashlib
import importlib
import inspect
import json
import time

from course1 import cache

from . import notebooks, scan

RECORDS = ".grader/data"
_filled = set()  # the calls this process has run already (a Dask worker runs each once)


def _bound_names(trees):
    """name -> "module.attribute" for what the cells import from the helper library."""
    bound = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0].startswith("course"):
                bound.update({a.asname or a.name: f"{node.module}.{a.name}" for a in node.names})
            elif isinstance(node, ast.Import):
                bound.update({a.asname: a.name for a in node.names if a.asname})
    return bound


def _qualified(func, bound):
    """"module.function" of a call's target, if it names something imported from the helper library."""
    parts = []
    while isinstance(func, ast.Attribute):
        parts.insert(0, func.attr)
        func = func.value
    if not isinstance(func, ast.Name):
        return None
    return ".".join([bound.get(func.id, func.id), *parts])


def loader_calls(nb):
    """The registered loaders ``nb`` calls, as ``[name, {argument: value}]`` in the order they appear.

    Raises ``ValueError`` for a call whose arguments are not plain values (the record could not replay it).
    """
    trees = [tree for cell in nb.cells if cell.cell_type == "code" and (tree := scan.parse(cell.source)) is not None]
    bound, calls = _bound_names(trees), []
    for tree in trees:
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or (name := _qualified(node.func, bound)) is None:
                continue
            module = name.rpartition(".")[0]
            if module.split(".")[0] in {f"course{n}" for n in range(1, 6)}:
                with contextlib.suppress(ModuleNotFoundError):  # a method of an object (record.call) is no module
                    importlib.import_module(module)  # registers its loaders
            if name not in cache.LOADERS:
                continue
            try:
                args = [ast.literal_eval(a) for a in node.args]
                kwargs = {k.arg: ast.literal_eval(k.value) for k in node.keywords}
            except ValueError:
                raise ValueError(f"{name} is called with arguments that are not plain values (line "
                                 f"{node.lineno}: {ast.unparse(node)}), so the grader cannot build its data "
                                 f"ahead: pass numbers or strings") from None
            call = [name, dict(inspect.signature(cache.LOADERS[name]).bind(*args, **kwargs).arguments)]
            if call not in calls:
                calls.append(call)
    return calls


def needs(course, assignment):
    """The loader calls of ``assignment`` (see :func:`loader_calls`), from its record in the course folder,
    recorded now if it is missing or older than a source notebook."""
    sources = course.source_notebooks(assignment)
    digest = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()
    path = course.root / RECORDS / f"{assignment}.json"
    try:
        record = json.loads(path.read_text())
        if record["source_sha256"] == digest:
            return record["calls"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    calls = []
    for source in sources:
        calls += [c for c in loader_calls(notebooks.read(source)) if c not in calls]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"source_sha256": digest, "calls": calls}, indent=1) + "\n")
    return calls


def fill(calls):
    """Run each loader call (built or checked in the cache) that this process has not run yet.

    Returns ``[(call as text, seconds)]`` for the calls run now.
    """
    timings = []
    for name, kwargs in calls:
        key = json.dumps([name, kwargs], sort_keys=True)
        if key in _filled:
            continue
        importlib.import_module(name.rpartition(".")[0])
        if name not in cache.LOADERS:
            raise ValueError(f"{name} is not a data loader of the helper library")
        start = time.perf_counter()
        cache.LOADERS[name](**kwargs)
        _filled.add(key)
        arguments = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
        timings.append((f"{name}({arguments})", time.perf_counter() - start))
    return timings


def warm_cache(course, assignments=None):
    """Fill the cache for ``assignments`` of ``course`` (default: all); returns :func:`fill`'s timings."""
    calls = []
    for assignment in assignments or course.assignments():
        calls += [c for c in needs(course, assignment) if c not in calls]
    return fill(calls)
