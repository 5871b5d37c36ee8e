"""Hidden tests judged in the grader's process, on the values the student's kernel recorded.

A hidden test region (see :mod:`course1.record`) is one piece of code read two ways:

- the **kernel part** (:func:`kernel_part`): the region without its ``with judge:`` blocks. It builds
  the seeded inputs, calls the student's functions and records what they return;
- the **judge part** (:func:`judge_part`): the same code with each ``with judge:`` block in place and
  each ``record(label, ...)`` / ``record.call(label, func, *args)`` replaced by the value recorded
  under ``label`` (the student's function is never called here: the arguments are rebuilt by the
  judge's own code and compared with the ones the kernel recorded after the call).

The grader runs the judge part in its own process with the notebook's locked imports, the trusted
toolkit, the decoded records and, for values that depend on the notebook's flow, the records of the
reference run (:func:`reference`). A hidden cell earns its points only when its kernel part ran
without error *and* its judge part passed *and* every record was used exactly once. Its outputs are
then replaced by one display output holding the records (kept for ``make grade --rejudge``) and, if
it failed, one error output with the judge's message: nothing the kernel printed in a hidden cell
reaches the feedback.
"""
import ast
import contextlib
import functools
import io
import json
import warnings

import nbformat
import numpy as np
from IPython.core.inputtransformer2 import TransformerManager

from course1 import checks
from course1.record import MAX_BYTES, MIME, Foreign, RecordError, decode, encode

from . import notebooks

JUDGE_MIME = "application/vnd.dlcourse.judge+json"  # the judge's record of a hidden cell, in autograded notebooks
MAX_CELL_BYTES = MAX_BYTES  # records of one hidden cell, as the kernel sent them
JUDGE_NAME, RECORD_NAME = "judge", "record"
LIBRARY_PACKAGES = ("course1", "course2", "course3", "course4", "course5")


class JudgeFailed(checks.CheckFailed):
    """The records of a hidden cell are missing, extra or unreadable."""


def is_hidden_test(cell):
    meta = notebooks.nbgrader_meta(cell)
    return (cell.cell_type == "code" and meta.get("grade") and not meta.get("solution")
            and notebooks.HIDDEN_BEGIN in cell.source)


def _is_judge_block(node):
    return (isinstance(node, ast.With) and len(node.items) == 1
            and isinstance(node.items[0].context_expr, ast.Name) and node.items[0].context_expr.id == JUDGE_NAME)


def _record_kind(node):
    """'value' for record(label, value), 'call' for record.call(label, func, *args), else None."""
    if not isinstance(node, ast.Call):
        return None
    if isinstance(node.func, ast.Name) and node.func.id == RECORD_NAME:
        return "value"
    if (isinstance(node.func, ast.Attribute) and node.func.attr == "call" and isinstance(node.func.value, ast.Name)
            and node.func.value.id == RECORD_NAME):
        return "call"
    return None


def _fill_empty_bodies(tree):
    """A ``pass`` in every block that lost all its statements (``else`` and ``finally`` may be empty)."""
    for node in ast.walk(tree):
        if isinstance(getattr(node, "body", None), list) and not node.body:
            node.body.append(ast.Pass())
    return tree


class _KernelPart(ast.NodeTransformer):
    def visit_With(self, node):
        return None if _is_judge_block(node) else self.generic_visit(node)


class _JudgePart(ast.NodeTransformer):
    def visit_With(self, node):
        if _is_judge_block(node):
            return [self.visit(child) for child in node.body]
        return self.generic_visit(node)

    def visit_Call(self, node):
        kind = _record_kind(node)
        if kind is None:
            return self.generic_visit(node)
        if not node.args:
            raise SyntaxError("record(...) needs its label as the first argument")
        label = self.visit(node.args[0])
        if kind == "value":
            return ast.copy_location(ast.Call(ast.Name("__recorded__", ast.Load()), [label], []), node)
        rest = [self.visit(a) for a in node.args[2:]]
        keywords = [self.visit(k) for k in node.keywords]
        return ast.copy_location(ast.Call(ast.Name("__recorded_call__", ast.Load()), [label, *rest], keywords), node)


def _parse(source):
    return ast.parse(TransformerManager().transform_cell(source))


@functools.lru_cache(maxsize=4096)
def _parsed(source):
    """:func:`_parse`, cached: for reading only (the same tree is handed out again)."""
    return _parse(source)


@functools.lru_cache(maxsize=512)
def kernel_part(source):
    """The code of a hidden test cell that the kernel runs: no ``with judge:`` block."""
    tree = _fill_empty_bodies(ast.fix_missing_locations(_KernelPart().visit(_parse(source))))
    return ast.unparse(tree) + "\n"


@functools.lru_cache(maxsize=512)
def judge_part(source):
    """The code the judge runs for a hidden test cell (see the module's description)."""
    tree = _JudgePart().visit(_parse(source))
    return ast.unparse(_fill_empty_bodies(ast.fix_missing_locations(tree))) + "\n"


@functools.lru_cache(maxsize=512)
def _compiled(source, gid):
    return compile(judge_part(source), f"<judge {gid}>", "exec")


def prelude(nb):
    """The import statements of the notebook's locked cells (its setup), run before every judge part."""
    imports = []
    for cell in nb.cells:
        meta = notebooks.nbgrader_meta(cell)
        if cell.cell_type != "code" or not meta.get("locked") or meta.get("solution") or is_hidden_test(cell):
            continue
        with contextlib.suppress(SyntaxError, ValueError):
            imports += [n for n in _parsed(cell.source).body if isinstance(n, (ast.Import, ast.ImportFrom))]
    return ast.unparse(ast.Module(imports, [])) + "\n"


# --- records -----------------------------------------------------------------------------------------

def records_of(outputs):
    """[(label, payload)] of the record outputs among ``outputs`` (in order), and their total size."""
    found, size = [], 0
    for output in outputs:
        if output.get("output_type") != "display_data" or MIME not in output.get("data", {}):
            continue
        payload = output["data"][MIME]
        if isinstance(payload, str):  # nbformat may keep JSON mimetypes as text
            try:
                payload = json.loads(payload)
            except ValueError:
                payload = None
        size += len(json.dumps(payload)) if payload is not None else 0
        found.append(((payload or {}).get("label") if isinstance(payload, dict) else None, payload))
    return found, size


class Records:
    """The records of one hidden cell, handed out by label to its judge part."""

    def __init__(self, found):
        self.payloads, self.used, self.problems = {}, set(), []
        for label, payload in found:
            if not isinstance(label, str) or not isinstance(payload, dict):
                self.problems.append("a record that is not laid out as the recorder writes it")
            elif label in self.payloads:
                self.problems.append(f"{label!r} was recorded more than once")
            else:
                self.payloads[label] = payload

    def _payload(self, label):
        if label not in self.payloads:
            raise JudgeFailed(f"Nothing was recorded for {label}: the test cell stopped before it, or the "
                              f"recording was changed.")
        self.used.add(label)
        return self.payloads[label]

    def value(self, label):
        try:
            return decode(self._payload(label).get("value"))
        except RecordError as e:
            raise JudgeFailed(f"The value recorded for {label} cannot be read: {e}.") from None

    def call(self, label, *args, **kwargs):
        payload = self._payload(label)
        try:
            after = decode(payload.get("args"))
        except RecordError:
            after = None
        if type(after) is not list or len(after) != len(args):
            raise JudgeFailed(f"{label}: the arguments recorded after the call cannot be read.")
        for i, (before, now) in enumerate(zip(args, after), 1):
            if not _same_input(before, now):
                raise JudgeFailed(f"{label}: the function changed its argument number {i} in place. Work on a copy "
                                  f"(e.g. x = x.copy() or x = x - ...) instead of modifying the caller's data.")
        return self.value(label)

    def unused(self):
        return sorted(set(self.payloads) - self.used)


def _same_input(before, after):
    """Whether an argument is as the judge built it (``before``) after the student's function ran in the kernel
    (``after``, decoded). Floats agree to 1e-9 relative: the kernel and the judge may build an input with
    different BLAS threads (or, when re-judging, on another CPU), an in-place update changes far more."""
    with contextlib.suppress(RecordError, TypeError, ValueError):
        before = decode(encode(before))  # the judge's own value, as the record would carry it
    return _same(before, after)


def _same(before, after):
    if isinstance(before, np.ndarray):
        if type(after) is not np.ndarray or after.shape != before.shape or after.dtype != before.dtype:
            return False
        if before.dtype.kind in "fc":
            with np.errstate(all="ignore"):
                return bool(np.all((np.abs(after - before) <= 1e-9 * np.abs(before))
                                   | (np.isnan(after) & np.isnan(before))))
        return bool(np.array_equal(after, before))
    if isinstance(before, dict):
        return type(after) is dict and list(after) == list(before) and all(_same(before[k], after[k]) for k in before)
    if isinstance(before, (list, tuple)):
        return (type(after) is type(before) and len(after) == len(before)
                and all(_same(b, a) for b, a in zip(before, after)))
    if isinstance(before, Foreign):
        return (isinstance(after, Foreign) and after.type_name == before.type_name
                and (before.value is None or _same(before.value, after.value)))
    if type(before) is float:
        return type(after) is float and (after == before or abs(after - before) <= 1e-9 * abs(before)
                                         or after != after and before != before)
    return type(after) is type(before) and repr(after) == repr(before)


# --- the verdict of one hidden cell ------------------------------------------------------------------

def _root(node):
    """The name an attribute chain starts from (``deep`` for ``deep.layers.sigmoid``), or None."""
    while isinstance(node, ast.Attribute):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _defined_in_notebook(answers):
    """``defined_in_notebook(name)`` for a judge part: the notebook's answer cells define ``name`` with
    ``def`` and do not hand the work to the helper library's function of the same name."""
    trees = []
    for source in answers:
        with contextlib.suppress(SyntaxError, ValueError):
            trees.append(_parsed(source))
    from_library, course_modules = {}, set()  # names bound to the library's functions, to its modules
    assigned, defs = set(), {}
    for tree in trees:
        for node in tree.body:
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                defs[node.name] = node  # the last definition wins, as when the cells run
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom):
                names = {a.asname or a.name for a in node.names}
                assigned |= names
                if (node.module or "").split(".")[0] in LIBRARY_PACKAGES:
                    from_library.update({a.asname or a.name: a.name for a in node.names})
                    course_modules |= names  # a module or a function
            elif isinstance(node, ast.Import):
                assigned |= {a.asname or a.name for a in node.names}
                course_modules |= {(a.asname or a.name).split(".")[0] for a in node.names
                                   if a.name.split(".")[0] in LIBRARY_PACKAGES}
            elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
                assigned.add(node.id)

    def check(name):
        if name not in defs:
            raise checks.CheckFailed(f"{name} must be a function defined with `def {name}(...)` in this notebook.")
        if name in assigned:
            raise checks.CheckFailed(f"{name} must be the function you define with `def {name}(...)`; the notebook "
                                     f"also imports or assigns the name {name}.")
        for node in ast.walk(defs[name]):
            if (isinstance(node, ast.Attribute) and node.attr == name and _root(node) in course_modules
                    or isinstance(node, ast.Name) and from_library.get(node.id) == name):
                raise checks.CheckFailed(f"{name} calls the helper library's {name}; write your own.")
    return check


def hidden_tests(source_nb):
    """{grade_id: source} of the hidden test cells of an instructor's notebook: the only cells judged, and
    the only code the judge runs (never a cell of the graded notebook, which a student may have forged)."""
    return {notebooks.grade_id(c): c.source for c in source_nb.cells if is_hidden_test(c)}


class Judge:
    """Judges the hidden cells of one notebook.

    Arguments
    source_nb -- the instructor's notebook: its hidden test cells and its locked imports are the judge's code
    graded_nb -- the notebook as graded: its answer cells are what ``defined_in_notebook`` reads
    reference -- {grade_id: [(label, payload)]} of the reference run, or None when there is none; with
                 ``reference_run`` the notebook is that run and each cell is its own reference
    """

    def __init__(self, source_nb, graded_nb, reference=None, reference_run=False):
        self.reference, self.reference_run = reference, reference_run
        self.hidden = hidden_tests(source_nb)
        self.prelude = prelude(source_nb)
        answers = []
        for cell in graded_nb.cells:
            meta = notebooks.nbgrader_meta(cell)
            if cell.cell_type == "code" and (meta.get("solution") or not meta.get("locked")):
                answers.append(cell.source)
        self.defined_in_notebook = _defined_in_notebook(answers)
        self._namespace = None

    def namespace(self):
        if self._namespace is None:
            ns = {"__name__": "__judge__"}
            with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
                    contextlib.redirect_stderr(io.StringIO()):
                warnings.simplefilter("ignore")
                exec(compile(self.prelude, "<judge prelude>", "exec"), ns)  # noqa: S102 (the course's own imports)
            self._namespace = ns
        return self._namespace

    def verdict(self, gid, found, kernel_error):
        """None if the hidden cell ``gid`` passes, else the message that says why not.

        Arguments
        gid -- the hidden test cell's grade_id
        found -- [(label, payload)] recorded by the kernel while the cell ran
        kernel_error -- 'ename: evalue' if the cell raised in the kernel, else None
        """
        if gid not in self.hidden:
            return "JudgeFailed: this cell is no hidden test of the assignment."
        if kernel_error:
            return kernel_error
        records = Records(found)
        if records.problems:
            return f"JudgeFailed: {records.problems[0]}."
        if self.reference_run:
            reference_records = Records(found)
        elif self.reference is not None and gid in self.reference:
            reference_records = Records(self.reference[gid])
        else:
            reference_records = None

        def reference(label):
            if reference_records is None:
                raise JudgeFailed("This test compares with the reference run of the assignment, which is missing: "
                                  "ask your instructor to grade again with `make grade`.")
            return reference_records.value(label)

        ns = dict(self.namespace())
        ns.update(__recorded__=records.value, __recorded_call__=records.call, reference=reference,
                  defined_in_notebook=self.defined_in_notebook)
        try:
            code = _compiled(self.hidden[gid], gid)
            with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()), \
                    contextlib.redirect_stderr(io.StringIO()):
                warnings.simplefilter("ignore")
                exec(code, ns)  # noqa: S102 (the instructor's judge part, never the student's code)
        except checks.CheckFailed as e:
            return f"{type(e).__name__}: {e}"
        except Exception as e:  # noqa: BLE001 (a record of an unexpected kind: the cell fails, the batch goes on)
            return (f"JudgeFailed: the values your code recorded could not be checked ({type(e).__name__}); compare "
                    f"what your function returns with its docstring.")
        unused = records.unused()
        if unused:
            return f"JudgeFailed: values were recorded that this test does not expect ({', '.join(unused[:3])})."
        return None


def kernel_error(outputs):
    """'ename: evalue' of the first error output (the kernel's view of the cell), or None."""
    for output in outputs:
        if output.get("output_type") == "error":
            return f"{output.get('ename', 'Error')}: {output.get('evalue', '')}"
    return None


def judged_outputs(found, error, message):
    """The outputs a hidden cell keeps after judging: its records (for re-judging) and the verdict."""
    kept = {"records": [payload for _, payload in found], "kernel_error": error}
    outputs = [nbformat.v4.new_output("display_data", data={JUDGE_MIME: kept})]
    if message is not None:
        ename, _, evalue = message.partition(": ")
        outputs.append(nbformat.v4.new_output("error", ename=ename or "CheckFailed", evalue=evalue, traceback=[message]))
    return outputs


def stored(outputs):
    """(found, kernel_error) kept by :func:`judged_outputs` in an autograded cell, or None."""
    for output in outputs:
        if output.get("output_type") == "display_data" and JUDGE_MIME in output.get("data", {}):
            kept = output["data"][JUDGE_MIME]
            if isinstance(kept, str):
                kept = json.loads(kept)
            found = [((p or {}).get("label") if isinstance(p, dict) else None, p) for p in kept.get("records", [])]
            return found, kept.get("kernel_error")
    return None


def judge_cell(judge, gid, outputs):
    """Judge the hidden cell ``gid`` from what its kernel part printed; returns the outputs it keeps."""
    found, size = records_of(outputs)
    error = kernel_error(outputs)
    if size > MAX_CELL_BYTES:
        found, message = [], f"JudgeFailed: the cell recorded more than {MAX_CELL_BYTES // 1_000_000} MB."
    else:
        message = judge.verdict(gid, found, error)
    return judged_outputs(found, error, message)


def graded_hidden_cells(nb, hidden):
    """Indexes of the test cells of ``nb`` that carry the grade_id of a hidden test (``hidden``)."""
    return [i for i, c in enumerate(nb.cells) if c.cell_type == "code" and notebooks.grade_id(c) in hidden
            and notebooks.nbgrader_meta(c).get("grade") and not notebooks.nbgrader_meta(c).get("solution")]


def split_hidden(nb, source_nb):
    """Replace each hidden cell's source by the kernel part of the source notebook's cell of that grade_id;
    returns {index: the source it had} to put back."""
    hidden = hidden_tests(source_nb)
    saved = {}
    for index in graded_hidden_cells(nb, hidden):
        cell = nb.cells[index]
        saved[index] = cell.source
        cell.source = kernel_part(hidden[notebooks.grade_id(cell)])
    return saved


def judge_notebook(nb, saved, source_nb, reference=None, reference_run=False):
    """Put the hidden cells' sources back (``saved`` from :func:`split_hidden`) and judge them."""
    for index, source in saved.items():
        nb.cells[index].source = source
    judge = Judge(source_nb, nb, reference, reference_run)
    for index in saved:
        cell = nb.cells[index]
        cell.outputs = judge_cell(judge, notebooks.grade_id(cell), cell.get("outputs", []))
    return nb


def reference_records(nb):
    """{grade_id: [(label, payload)]} of the hidden cells of an executed (judged) notebook."""
    result = {}
    for cell in nb.cells:
        if is_hidden_test(cell):
            kept = stored(cell.get("outputs", []))
            result[notebooks.grade_id(cell)] = kept[0] if kept else records_of(cell.get("outputs", []))[0]
    return result


def rejudge_notebook(autograded, source, reference=None):
    """Judge an autograded notebook's stored records again with the judge parts of ``source``.

    Returns the list of grade_ids whose verdict changed; ``autograded`` is updated in place.
    """
    judge = Judge(source, autograded, reference)
    changed = []
    for index in graded_hidden_cells(autograded, judge.hidden):
        cell = autograded.cells[index]
        gid = notebooks.grade_id(cell)
        cell.source = judge.hidden[gid]
        kept = stored(cell.get("outputs", []))
        found, error = kept if kept else ([], "JudgeFailed: nothing was recorded for this cell")
        before = [o.get("evalue") for o in cell.outputs if o.get("output_type") == "error"]
        cell.outputs = judged_outputs(found, error, judge.verdict(gid, found, error))
        if before != [o.get("evalue") for o in cell.outputs if o.get("output_type") == "error"]:
            changed.append(gid)
    return changed
