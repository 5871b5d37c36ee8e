"""Check and repair a submission folder before nbgrader sees it; every finding is one plain sentence.

Stock nbgrader stops on a file that is not a notebook, silently zeroes a renamed notebook, a notebook
whose cell markers an editor removed and deleted locked cells, and runs code that rewires the
grader. :func:`prepare` fixes what can be fixed (names, markers, missing cells), sets aside what
cannot (damaged files), and :func:`tampering` finds code that changes the grader's own functions.
"""
import ast
import copy
import json
import re

import nbformat

from . import notebooks

WHAT_TO_DO = "open it in JupyterLab, check that it runs, save it and submit it again"
# Modules whose attributes a student cell must never rebind, beside the names the locked cells import.
GRADER_MODULES = {"np", "numpy", "math", "sys", "builtins", "checks", "gradcheck", "public_tests",
                  "course1", "course2", "course3", "course4", "course5", "warnings", "contextlib"}
# Attributes of the kernel that decide what a failing test shows.
ERROR_DISPLAY = {"showtraceback", "showsyntaxerror", "excepthook", "_showtraceback", "run_cell"}
FORBIDDEN_NAMES = {"__builtins__", "modules"}  # sys.modules, builtins swapping
# Modules that reach the network: the course runs offline, so no answer may use them.
NETWORK_MODULES = {"socket", "urllib", "http", "requests", "httpx", "aiohttp", "ftplib", "smtplib", "telnetlib",
                   "websocket", "websockets", "xmlrpc", "asyncssh", "paramiko"}


def read_notebook(path):
    """(notebook, None) for a readable notebook, else (None, the sentence that says what is wrong)."""
    name = path.name
    data = path.read_bytes()
    if not data.strip():
        return None, f"{name} is an empty file, so there was nothing to grade: {WHAT_TO_DO}."
    try:
        content = json.loads(data)
    except (ValueError, UnicodeDecodeError):
        return None, (f"{name} is not valid notebook JSON (the file is damaged or was cut short), so it scored 0: "
                      f"{WHAT_TO_DO}.")
    if not isinstance(content, dict) or not ("cells" in content or "worksheets" in content):
        return None, f"{name} is not a Jupyter notebook (it holds other data), so it scored 0: {WHAT_TO_DO}."
    if content.get("nbformat") != 4:
        return None, (f"{name} is saved in notebook format {content.get('nbformat')!r} but the grader reads format 4, "
                      f"so it scored 0: {WHAT_TO_DO} (JupyterLab converts it).")
    try:
        return nbformat.reads(data.decode("utf-8"), as_version=4), None
    except Exception as e:  # noqa: BLE001 (nbformat raises many kinds of errors on odd files)
        return None, f"{name} could not be read as a notebook ({type(e).__name__}), so it scored 0: {WHAT_TO_DO}."


def _first_line(source):
    return next((line.strip() for line in source.splitlines() if line.strip()), "")


def restore_markers(nb, release):
    """Give cells without nbgrader metadata the metadata of the release cell they match.

    A cell matches by its cell id, else by identical source, else (for answer cells) by its first line
    (``# GRADED FUNCTION: name``). Returns the number of cells matched.
    """
    unmarked = [c for c in nb.cells if not notebooks.grade_id(c)]
    matched = 0
    for ref in (c for c in release.cells if notebooks.grade_id(c)):
        if notebooks.grade_id(ref) in notebooks.cells_by_id(nb):
            continue
        found = (next((c for c in unmarked if ref.get("id") and c.get("id") == ref.get("id")), None)
                 or next((c for c in unmarked if c.source.strip() == ref.source.strip()), None)
                 or next((c for c in unmarked if notebooks.nbgrader_meta(ref).get("solution")
                          and _first_line(c.source) == _first_line(ref.source) != ""), None))
        if found is not None and found.cell_type == ref.cell_type:
            found.metadata["nbgrader"] = copy.deepcopy(notebooks.nbgrader_meta(ref))
            unmarked.remove(found)
            matched += 1
    return matched


def restore_missing(nb, release):
    """Put back every release cell with a grade_id that ``nb`` lacks, after the cell before it.

    Returns the grade_ids put back, in release order.
    """
    present = notebooks.cells_by_id(nb)
    restored, previous = [], None
    for ref in release.cells:
        gid = notebooks.grade_id(ref)
        if not gid:
            continue
        if gid not in present:
            index = nb.cells.index(present[previous]) + 1 if previous else 0
            nb.cells.insert(index, copy.deepcopy(ref))
            present[gid] = nb.cells[index]
            restored.append(gid)
        previous = gid
    return restored


def edited_locked_cells(nb, release):
    """grade_ids of locked cells (setup, tests) whose source the student changed."""
    ours = notebooks.cells_by_id(nb)
    return [notebooks.grade_id(ref) for ref in release.cells
            if notebooks.nbgrader_meta(ref).get("locked") and not notebooks.nbgrader_meta(ref).get("solution")
            and notebooks.grade_id(ref) in ours and ours[notebooks.grade_id(ref)].source != ref.source]


def unmark_duplicates(nb):
    """Keep the nbgrader markers on the first cell of each grade_id only; returns the duplicated grade_ids.

    The later copies stay in place as ordinary cells (a copied answer cell still defines what it defines).
    """
    seen, duplicated = set(), []
    for cell in nb.cells:
        gid = notebooks.grade_id(cell)
        if gid in seen:
            cell.metadata.pop("nbgrader", None)
            duplicated.append(gid)
        seen.add(gid)
    return sorted(set(duplicated) - {None})


def _longest_increasing(values):
    """Indices of a longest increasing subsequence of ``values`` (the cells that stayed in place)."""
    best = []  # best[i]: indices of the longest increasing run ending at values[i]
    for i, v in enumerate(values):
        runs = [best[j] for j in range(i) if values[j] < v]
        best.append(max(runs, key=len, default=[]) + [i])
    return set(max(best, key=len, default=[]))


def restore_order(nb, release):
    """Put the marked cells back in the release's order, each followed by the unmarked cells that followed it.

    Returns the grade_ids that moved (the fewest cells whose moving explains the order found), in release
    order; empty if the order was right.
    """
    order = {gid: i for i, gid in enumerate(notebooks.grade_id(c) for c in release.cells if notebooks.grade_id(c))}
    head, groups = [], []
    for cell in nb.cells:
        gid = notebooks.grade_id(cell)
        if gid in order:
            groups.append((gid, [cell]))
        else:
            (groups[-1][1] if groups else head).append(cell)
    kept = _longest_increasing([order[gid] for gid, _ in groups])
    moved = sorted((gid for i, (gid, _) in enumerate(groups) if i not in kept), key=order.get)
    groups.sort(key=lambda group: order[group[0]])
    if moved:
        nb.cells = head + [cell for _, cells in groups for cell in cells]
    return moved


def repair(nb, release, name):
    """Repair one submitted notebook in place against its release; returns sentences for the student."""
    notes = []
    duplicated = unmark_duplicates(nb)
    if duplicated:
        notes.append(f"Cell(s) {', '.join(duplicated)} appeared more than once in {name}; the grader graded the first "
                     f"copy and ran the others as ordinary cells. Do not copy the assignment's cells.")
    if not any(notebooks.grade_id(c) for c in nb.cells):
        matched = restore_markers(nb, release)
        total = sum(1 for c in release.cells if notebooks.grade_id(c))
        notes.append(f"{name} had lost the grader's cell markers (some editors remove them); {matched} of {total} "
                     f"marked cells were matched back by their content. Submit notebooks saved by JupyterLab.")
    edited = edited_locked_cells(nb, release)
    if edited:
        notes.append(f"You changed the locked cell(s) {', '.join(edited)} in {name}; the grader ran the original "
                     f"version instead. Leave locked cells as they are.")
    answers = {notebooks.grade_id(c) for c in notebooks.solution_cells(release)}
    restored = restore_missing(nb, release)
    if restored:
        lost = [g for g in restored if g in answers]
        notes.append(f"Cell(s) {', '.join(restored)} were missing from {name} and were put back from the assignment"
                     + (f"; your answer for {', '.join(lost)} was missing, so its tests score 0" if lost else "")
                     + ". Do not delete cells of the assignment.")
    moved = restore_order(nb, release)
    if moved:
        notes.append(f"Cells of {name} were not in the assignment's order ({', '.join(moved[:3])}"
                     f"{' ...' if len(moved) > 3 else ''} moved); the grader ran them in the original order. "
                     f"Do not move the assignment's cells.")
    return notes


def prepare(folder, releases):
    """Check and repair the notebooks of one submission folder in place.

    Arguments
    folder -- ``submitted/<student>/<assignment>/`` in the job's scratch copy
    releases -- notebook name -> release notebook of the assignment

    Returns
    notes -- sentences for the student, in the order found
    """
    notes, readable = [], {}
    for path in sorted(folder.glob("*.ipynb")):
        nb, problem = read_notebook(path)
        path.unlink()  # written back below once checked and repaired
        if problem:
            notes.append(problem)
        else:
            readable[path.name] = nb
    expected = set(releases)
    unknown = sorted(set(readable) - expected)
    for name in sorted(expected - set(readable)):
        ids = {notebooks.grade_id(c) for c in releases[name].cells} - {None}
        candidates = [u for u in unknown if ids & {notebooks.grade_id(c) for c in readable[u].cells}
                      or len(expected - set(readable)) == len(unknown) == 1]
        if candidates:
            readable[name] = readable.pop(candidates[0])
            unknown.remove(candidates[0])
            notes.append(f"{candidates[0]} was graded as {name}, the name it was handed out with; keep that name.")
        elif not any(name in n for n in notes):
            notes.append(f"{name} is missing from your submission, so its tests score 0: submit it with that name.")
    for name in unknown:
        notes.append(f"{name} is not part of this assignment and was not graded.")
        del readable[name]
    for name, nb in readable.items():
        notes.extend(repair(nb, releases[name], name))
        notebooks.write(nb, folder / name)
    return notes


def _root_name(node):
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        node = node.func if isinstance(node, ast.Call) else node.value
    return node.id if isinstance(node, ast.Name) else None


def _attributes(node):
    names = []
    while isinstance(node, (ast.Attribute, ast.Subscript, ast.Call)):
        if isinstance(node, ast.Attribute):
            names.append(node.attr)
        node = node.func if isinstance(node, ast.Call) else node.value
    return names


def imported_names(nb):
    """Names that the notebook's locked cells bind by import (the test functions, ``checks``, ...)."""
    names = set()
    for cell in nb.cells:
        if cell.cell_type == "code" and notebooks.nbgrader_meta(cell).get("locked"):
            try:
                tree = ast.parse(_python_only(cell.source))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, (ast.Import, ast.ImportFrom)):
                    names.update((a.asname or a.name).split(".")[0] for a in node.names)
    return names - {"plt", "matplotlib", "time"}  # plotting state and timers are the student's to set


def _python_only(source):
    """Source with IPython magics and shell lines blanked (they are not Python)."""
    return re.sub(r"^\s*[%!].*$", "", source, flags=re.MULTILINE)


def tampering(nb, protected):
    """Sentences naming each line of a student cell that rewires the grader, empty if none.

    Flags assignments to (or deletion of) attributes of the grading and numerical modules,
    rebinding a name the locked cells imported, ``setattr`` on them, ``sys.modules`` and
    ``__builtins__``, and changes to the kernel's error display.
    """
    protected = GRADER_MODULES | set(protected)
    found = []
    for index, cell in enumerate(nb.cells, 1):
        meta = notebooks.nbgrader_meta(cell)
        if cell.cell_type != "code" or (meta.get("locked") and not meta.get("solution")):
            continue
        label = notebooks.grade_id(cell) or f"cell {index}"
        try:
            tree = ast.parse(_python_only(cell.source))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            targets = []
            if isinstance(node, (ast.Assign, ast.Delete)):
                targets = node.targets
            elif isinstance(node, (ast.AugAssign, ast.AnnAssign)):
                targets = [node.target]
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {"setattr", "delattr"} \
                    and node.args and _root_name(node.args[0]) in protected:
                found.append((label, node.lineno))
            for target in targets:
                for t in (target.elts if isinstance(target, ast.Tuple) else [target]):
                    if isinstance(t, ast.Name) and t.id in protected:
                        found.append((label, node.lineno))
                    elif isinstance(t, (ast.Attribute, ast.Subscript)) and (
                            _root_name(t) in protected or set(_attributes(t)) & (ERROR_DISPLAY | FORBIDDEN_NAMES)):
                        found.append((label, node.lineno))
            if isinstance(node, ast.Attribute) and node.attr == "modules" and _root_name(node) == "sys" \
                    or isinstance(node, ast.Name) and node.id == "__builtins__":
                found.append((label, node.lineno))
    if not found:
        return []
    where = ", ".join(f"{label} line {line}" for label, line in sorted(set(found)))
    return [f"Your code changes the grader's own functions or modules ({where}), so the submission was not run, "
            f"scored 0 and is flagged for your instructor to review."]


def scan(nb, protected):
    """Everything the static scan says of ``nb``'s student cells: :func:`tampering` and :func:`network_use`."""
    return tampering(nb, protected) + network_use(nb)


def network_use(nb):
    """[one sentence naming the lines of student cells that import a networking module], or [] if none.

    The static half of the network check: the kernel sandbox (``sandbox.py``) stops the rest, where it runs.
    """
    found = []
    for index, cell in enumerate(nb.cells, 1):
        meta = notebooks.nbgrader_meta(cell)
        if cell.cell_type != "code" or (meta.get("locked") and not meta.get("solution")):
            continue
        try:
            tree = ast.parse(_python_only(cell.source))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            if any(m.split(".")[0] in NETWORK_MODULES for m in modules):
                found.append((notebooks.grade_id(cell) or f"cell {index}", node.lineno))
    if not found:
        return []
    where = ", ".join(f"{label} line {line}" for label, line in sorted(set(found)))
    return [f"Your code reaches the network ({where}) but the course works offline, so the submission was not run, "
            f"scored 0 and is flagged for your instructor to review."]
