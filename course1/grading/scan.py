"""The static scan of a submission's answer cells, done by the grader before any kernel starts.

Answer cells (every code cell a student may edit: solution cells and cells they added) are read as
IPython would run them (magics and shell lines become the ``get_ipython()`` calls they are) and
fail the whole submission (0, flagged, one plain sentence naming the lines) when they

- use dynamic code or introspection: the constructs of :data:`FORBIDDEN` (the one list of them);
- rewire the grader (:func:`tampering`): rebind a name the locked cells imported, or an attribute
  of the grading and numerical modules, or change the kernel's error display;
- reach for the network (:func:`network_use`): the course works offline.

No solution cell of the curriculum trips the scan (the test suite checks every one).
"""
import ast
import re

from IPython.core.inputtransformer2 import TransformerManager

from . import notebooks

# Modules whose attributes a student cell must never rebind, beside the names the locked cells import.
GRADER_MODULES = {"np", "numpy", "math", "sys", "builtins", "checks", "gradcheck", "public_tests",
                  "course1", "course2", "course3", "course4", "course5", "warnings", "contextlib"}
# Attributes of the kernel that decide what a failing test shows.
ERROR_DISPLAY = {"showtraceback", "showsyntaxerror", "excepthook", "_showtraceback", "run_cell"}
FORBIDDEN_NAMES = {"__builtins__", "modules"}  # sys.modules, builtins swapping
# Modules that reach the network: the course works offline, so no answer may use them.
NETWORK_MODULES = {"socket", "urllib", "http", "requests", "httpx", "aiohttp", "ftplib", "smtplib", "telnetlib",
                   "websocket", "websockets", "xmlrpc", "asyncssh", "paramiko"}

# Dynamic code and introspection: what answer cells may not use, in one place.
FORBIDDEN = {
    # functions that run code built at run time, reach the interpreter's namespaces or the IPython shell
    "calls": {"exec", "eval", "compile", "__import__", "globals", "vars", "locals", "breakpoint", "get_ipython"},
    # attribute access by a computed name (allowed with a literal name that is not a dunder)
    "computed attributes": {"getattr", "setattr", "delattr"},
    # modules of the interpreter's machinery, forbidden to import
    # (beside the list: modules that build functions or code objects, run code from files or bytes,
    # or fetch attributes by strings)
    "modules": {"sys", "gc", "inspect", "ctypes", "importlib", "builtins", "types", "code", "codeop", "dis",
                "marshal", "runpy", "operator", "pickle", "dill", "cloudpickle", "copyreg"},
    # of those, the names no answer may use even without importing them (the locked cells may have)
    "module names": {"sys", "gc", "inspect", "ctypes", "importlib", "builtins"},
    # attributes of frames, code objects, generators and tracebacks
    "frame attributes": {"f_globals", "f_locals", "f_builtins", "f_back", "f_code", "f_trace", "gi_frame",
                         "gi_code", "cr_frame", "cr_code", "ag_frame", "ag_code", "tb_frame", "tb_next",
                         "co_code", "co_consts", "co_names", "co_varnames"},
    # dunder methods an answer may define (any other dunder attribute or name is forbidden), and the one
    # dunder call it may make: super().__init__(...)
    "dunder definitions": {"__init__", "__call__"},
}
DUNDER = re.compile(r"^__\w+__$")


def parse(source):
    """The cell as IPython runs it, parsed (magics and shell lines become ``get_ipython()`` calls), or None
    if it is not valid Python (then IPython does not run it either)."""
    try:
        return ast.parse(TransformerManager().transform_cell(source))
    except (SyntaxError, ValueError):
        return None


def answer_cells(nb):
    """[(label, parsed tree)] of every code cell a student may edit: all but the locked cells that are not
    answers; the label is the grade_id or ``cell N``. Given such a list, returns it as it is."""
    if isinstance(nb, list):
        return nb
    cells = []
    for index, cell in enumerate(nb.cells, 1):
        meta = notebooks.nbgrader_meta(cell)
        if cell.cell_type != "code" or (meta.get("locked") and not meta.get("solution")):
            continue
        tree = parse(cell.source)
        if tree is not None:
            cells.append((notebooks.grade_id(cell) or f"cell {index}", tree))
    return cells


def _is_super_init(node):
    """``super().__init__``"""
    return node.attr == "__init__" and isinstance(node.value, ast.Call) and \
        isinstance(node.value.func, ast.Name) and node.value.func.id == "super"


def dynamic_constructs(tree):
    """(line, what) for each construct of :data:`FORBIDDEN` in ``tree``."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            modules = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            found += [(node.lineno, f"import {m}") for m in modules if m.split(".")[0] in FORBIDDEN["modules"]]
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            name = node.func.id
            if name in FORBIDDEN["computed attributes"]:
                attr = node.args[1] if len(node.args) > 1 else None
                literal = isinstance(attr, ast.Constant) and isinstance(attr.value, str)
                if not literal or DUNDER.match(attr.value):
                    found.append((node.lineno, f"{name} with a computed or dunder name"))
        elif isinstance(node, ast.Attribute):
            if DUNDER.match(node.attr) and not _is_super_init(node):
                found.append((node.lineno, f".{node.attr}"))
            elif node.attr in FORBIDDEN["frame attributes"]:
                found.append((node.lineno, f".{node.attr}"))
        elif isinstance(node, ast.Name):
            if node.id in FORBIDDEN["calls"] or node.id in FORBIDDEN["module names"] or DUNDER.match(node.id):
                found.append((node.lineno, node.id))
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if DUNDER.match(node.name) and node.name not in FORBIDDEN["dunder definitions"]:
                found.append((node.lineno, f"def {node.name}"))
    return found


def dynamic_code(nb):
    """(``nb``: a notebook, or its :func:`answer_cells`) [one sentence naming the lines of answer cells that use dynamic code or introspection], or []."""
    found = [(label, line, what) for label, tree in answer_cells(nb) for line, what in dynamic_constructs(tree)]
    if not found:
        return []
    shown = sorted(set(found))
    where = ", ".join(f"{label} line {line} ({what})" for label, line, what in shown[:5])
    return [f"Your code uses dynamic code or introspection ({where}{' ...' if len(shown) > 5 else ''}), which "
            f"answers may not use (exec, eval, compile, __import__, importlib, getattr/setattr with computed "
            f"names, globals(), sys, gc, inspect, ctypes, frames, dunder attributes, IPython magics), so the "
            f"submission was not run, scored 0 and is flagged for your instructor to review."]


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


def _imports(tree):
    """(module, bound name) of each import in ``tree``."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from ((a.name, (a.asname or a.name).split(".")[0]) for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            yield from ((f"{node.module or ''}.{a.name}", a.asname or a.name) for a in node.names)


def imported_names(nb):
    """Names that the notebook's locked cells bind by import (the test functions, ``checks``, ...)."""
    names = set()
    for cell in nb.cells:
        if cell.cell_type == "code" and notebooks.nbgrader_meta(cell).get("locked"):
            tree = parse(cell.source)
            if tree is not None:
                names.update(name for _, name in _imports(tree))
    return names - {"plt", "matplotlib", "time"}  # plotting state and timers are the student's to set


def tampering(nb, protected):
    """Sentences naming each line of an answer cell that rewires the grader, empty if none.

    Flags assignments to (or deletion of) attributes of the grading and numerical modules (also
    under another name an answer imported them as), rebinding a name the locked cells imported,
    ``setattr`` on them, ``sys.modules`` and ``__builtins__``, and changes to the kernel's error display.
    """
    cells = answer_cells(nb)
    protected = GRADER_MODULES | set(protected) | {
        name for _, tree in cells for module, name in _imports(tree) if module.split(".")[0] in GRADER_MODULES}
    found = []
    for label, tree in cells:
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
                    if isinstance(t, (ast.Attribute, ast.Subscript)) and (
                            _root_name(t) in protected or set(_attributes(t)) & (ERROR_DISPLAY | FORBIDDEN_NAMES)):
                        found.append((label, node.lineno))
                    elif isinstance(t, ast.Name) and t.id in protected:
                        found.append((label, node.lineno))
            if isinstance(node, ast.Attribute) and node.attr == "modules" and _root_name(node) == "sys" \
                    or isinstance(node, ast.Name) and node.id == "__builtins__":
                found.append((label, node.lineno))
    if not found:
        return []
    where = ", ".join(f"{label} line {line}" for label, line in sorted(set(found)))
    return [f"Your code changes the grader's own functions or modules ({where}), so the submission was not run, "
            f"scored 0 and is flagged for your instructor to review."]


def network_use(nb):
    """[one sentence naming the lines of answer cells that import a networking module], or [] if none.

    The static half of the network check: the kernel sandbox (:mod:`.kernel`) stops the rest.
    """
    found = [(label, node.lineno) for label, tree in answer_cells(nb) for node in ast.walk(tree)
             if isinstance(node, (ast.Import, ast.ImportFrom))
             and any(m.split(".")[0] in NETWORK_MODULES
                     for m in ([a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]))]
    if not found:
        return []
    where = ", ".join(f"{label} line {line}" for label, line in sorted(set(found)))
    return [f"Your code reaches the network ({where}) but the course works offline, so the submission was not run, "
            f"scored 0 and is flagged for your instructor to review."]


def scan(nb, protected):
    """Every sentence the static scan says of ``nb``'s answer cells (empty: it may run).

    ``protected`` -- names the release's locked cells import (:func:`imported_names`)
    """
    cells = answer_cells(nb)  # parsed once for the three checks
    return tampering(cells, protected) + dynamic_code(cells) + network_use(cells)
