"""The helper library students install (course1 ... course5 without course1/grading/) never imports the
instructor pipeline: the student wheel omits grading/, so such an import would fail there."""
import ast

from conftest import ROOT

PIPELINE = "course1.grading"


def library_modules():
    for package in sorted(ROOT.glob("course[1-5]")):
        for path in sorted(package.rglob("*.py")):
            if not path.is_relative_to(ROOT / "course1" / "grading"):
                yield path


def imported_modules(path):
    """The absolute names of every module ``path`` imports (relative imports resolved)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([base] if base else [])])
            names += [base, *(f"{base}.{alias.name}" for alias in node.names)]
    return names


def test_walk_finds_the_library_and_resolves_relative_imports(tmp_path):
    assert len(list(library_modules())) >= 10
    assert "course1.grading.batch" in imported_modules(ROOT / "course1" / "grading" / "__main__.py")


def test_no_library_module_imports_the_grading_pipeline():
    offenders = {str(p.relative_to(ROOT)): sorted({n for n in imported_modules(p)
                                                    if n == PIPELINE or n.startswith(PIPELINE + ".")})
                 for p in library_modules()}
    offenders = {p: names for p, names in offenders.items() if names}
    assert not offenders, f"the student wheel has no {PIPELINE}, yet these modules import it: {offenders}"
