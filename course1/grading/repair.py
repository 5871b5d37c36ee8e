"""Check and repair a submission folder before nbgrader sees it; every finding is one plain sentence.

Stock nbgrader stops on a file that is not a notebook, silently zeroes a renamed notebook, a notebook
whose cell markers an editor removed and deleted locked cells. :func:`prepare` fixes what can be
fixed (names, markers, missing cells) and sets aside what cannot (damaged files); :mod:`.scan`
finds the code that must not run at all.
"""
import copy
import json

import nbformat

from . import notebooks

WHAT_TO_DO = "open it in JupyterLab, check that it runs, save it and submit it again"


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
