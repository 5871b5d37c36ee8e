"""What must hold for every assignment in source/: adding a folder there adds it to these tests."""
import base64
import html
import io
import json
import re

import pytest
from PIL import Image

from course1.grading import notebooks
from conftest import ASSIGNMENTS, BASELINE, DEMO, ROOT, SOLUTION, TRIMMED, UNTOUCHED, mistake_student

pytestmark = pytest.mark.skipif(not ASSIGNMENTS, reason="no assignment in source/")


def all_mistakes():
    return [pytest.param(a, i, m, id=f"{a}-{m.cell}-{i}")
            for a in ASSIGNMENTS for i, m in enumerate(notebooks.read_mistakes(ROOT / "source" / a))]


def visible_text(page):
    """The text a person sees in an HTML page (tags removed, entities decoded)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def hidden_lines(nb):
    """The lines of code inside the hidden-test regions of a source notebook."""
    lines = []
    for cell in notebooks.test_cells(nb):
        inside = False
        for line in cell.source.splitlines():
            if notebooks.HIDDEN_BEGIN in line:
                inside = True
            elif notebooks.HIDDEN_END in line:
                inside = False
            elif inside and len(line.strip()) >= 12 and not line.strip().startswith("#"):
                lines.append(line.strip())
    return lines


# --- the source notebook and its release -----------------------------------------------------------

GRADING_NOTE = ("**How grading works.** Write your code in the cells marked `# YOUR CODE HERE` (delete the "
                "`raise NotImplementedError()` line) and run the test cell that follows each one.")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_notebook_opens_with_the_grading_note(assignment, graded):
    for name, nb in graded(assignment).source_notebooks.items():
        first = nb.cells[0]
        assert first.cell_type == "markdown" and GRADING_NOTE in " ".join(first.source.split()), \
            f"{name}: the first cell must carry the course's grading note"

@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_graded_cell_has_visible_and_hidden_tests(assignment, graded):
    g = graded(assignment)
    for name, nb in g.source_notebooks.items():
        owners = g.owners
        for cell in notebooks.solution_cells(nb):
            gid = notebooks.grade_id(cell)
            tests = [c for c in notebooks.test_cells(nb) if owners.get(notebooks.grade_id(c)) == gid]
            hidden = [c for c in tests if notebooks.HIDDEN_BEGIN in c.source]
            visible = [c for c in tests if notebooks.strip_hidden_tests(c.source).strip().count("\n") >= 1]
            assert hidden, f"{name}: graded cell {gid!r} has no hidden test after it"
            assert visible, f"{name}: graded cell {gid!r} has no visible test after it"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_is_up_to_date(assignment, graded):
    """release/ equals what nbgrader generates from source/ now (run `make release` if not)."""
    g = graded(assignment)
    for name in g.source_notebooks:
        committed = json.loads((ROOT / "release" / assignment / name).read_text())
        regenerated = json.loads(g.course.release_notebook(assignment, name).read_text())
        assert committed == regenerated, f"release/{assignment}/{name} is stale: run `make release`"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_holds_no_solution_and_no_hidden_test(assignment, graded):
    g = graded(assignment)
    for name, source in g.source_notebooks.items():
        text = (ROOT / "release" / assignment / name).read_text()
        for marker in (notebooks.SOLUTION_BEGIN, notebooks.HIDDEN_BEGIN):
            assert marker not in text, f"release/{assignment}/{name} contains {marker!r}"
        release = notebooks.cells_by_id(notebooks.read(ROOT / "release" / assignment / name))
        for cell in notebooks.solution_cells(source):
            solution = notebooks.solution_code(cell.source).splitlines()
            stub = release[notebooks.grade_id(cell)].source.splitlines()
            body = {line.strip() for line in solution if line.strip() and line not in stub}
            leaked = [line for line in stub if line.strip() in body and not line.strip().startswith("#")]
            assert not leaked, f"{name}: the stub of {notebooks.grade_id(cell)!r} shows solution code {leaked}"
        for line in hidden_lines(source):
            assert line not in text, f"release/{assignment}/{name} shows hidden test code: {line!r}"


# --- grading the reference solution, the release and wrong answers ----------------------------------

@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_gets_full_marks(assignment, graded):
    score = graded(assignment).scores[SOLUTION]
    assert not score.error, score.error
    assert score.max_score > 0
    lost = {c: s for c, s in score.cells.items() if s[0] != s[1]}
    assert score.score == score.max_score, f"solution lost points in {lost}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_runs_clean(assignment, graded):
    """The executed solution has no error anywhere and no stderr in any cell."""
    for name, nb in graded(assignment).autograded(SOLUTION).items():
        for i, cell in enumerate(nb.cells):
            for output in cell.get("outputs", []):
                assert output.output_type != "error", f"{name} cell {i}: {output.ename}: {output.evalue}"
                assert not (output.output_type == "stream" and output.name == "stderr"), \
                    f"{name} cell {i} wrote to stderr: {output.text[:300]}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_graded_cells_alone_get_full_marks(assignment, graded):
    """The solution reduced to setup, graded and test cells scores full: tests need no training cell."""
    score = graded(assignment).scores[TRIMMED]
    assert score.score == score.max_score, f"lost points in {[c for c, s in score.cells.items() if s[0] != s[1]]}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_untouched_release_gets_zero(assignment, graded):
    score = graded(assignment).scores[UNTOUCHED]
    assert not score.error, score.error
    assert score.score == 0, f"the untouched release earned points in {[c for c, s in score.cells.items() if s[0]]}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_graded_cell_has_two_typical_mistakes(assignment, graded):
    g = graded(assignment)
    counts = {notebooks.grade_id(c): 0 for nb in g.source_notebooks.values() for c in notebooks.solution_cells(nb)}
    for mistake in g.mistakes:
        assert mistake.cell in counts, f"mistakes.toml names {mistake.cell!r}, which is no solution cell"
        counts[mistake.cell] += 1
    assert all(n >= 2 for n in counts.values()), f"fewer than two mistakes for {[c for c, n in counts.items() if n < 2]}"
    assert sum(m.demo for m in g.mistakes) == 1, "mark exactly one mistake with demo = true"


@pytest.mark.parametrize("assignment,index,mistake", all_mistakes())
def test_typical_mistake_loses_points(assignment, index, mistake, graded):
    """Judged in the assignment's warm kernel, cell by cell as nbgrader does (course1.grading.mistakes)."""
    g = graded(assignment)
    got, top = g.cell_points(mistake_student(index), mistake.cell)
    assert got < top, f"{mistake.what!r} in {mistake.cell} still earns {got:g} / {top:g}"


def passed(score):
    """grade_id -> True where the test cell earned its points, for every test cell of the score."""
    return {cell: got == top for cell, (got, top) in score.cells.items()}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_mistakes_give_the_same_results_in_reversed_order(assignment, graded):
    """No mistake leaks into the next one: judged in reversed order in another kernel, every cell agrees."""
    g = graded(assignment)
    assert set(g.judged) == set(g.reversed_judged)
    differ = {s: {c for c in passed(g.judged[s]) if passed(g.judged[s])[c] != passed(g.reversed_judged[s]).get(c)}
              for s in g.judged}
    assert not any(differ.values()), f"order changes the result of {({s: d for s, d in differ.items() if d})}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_kernel_route_fails_the_cells_nbgrader_fails(assignment, graded):
    """On the demo mistake and on the trimmed solution, the kernel route and nbgrader's autograde agree on
    every test cell's pass or fail."""
    g = graded(assignment)
    tests = {notebooks.grade_id(c) for nb in g.source_notebooks.values() for c in notebooks.test_cells(nb)}
    for kernel, autograded in ((mistake_student(g.demo_index), DEMO), (BASELINE, TRIMMED)):
        fast, real = passed(g.judged[kernel]), passed(g.scores[autograded])
        assert set(fast) == tests, f"{kernel}: the kernel route judged {sorted(set(fast) ^ tests)} wrongly"
        differ = sorted(c for c in tests if fast[c] != real[c])
        assert not differ, f"{kernel} vs {autograded}: the routes disagree on {differ}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_demo_mistake_scores_in_between(assignment, graded):
    score = graded(assignment).scores[DEMO]
    assert 0 < score.score < score.max_score


# --- cheats ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_rebinding_comparisons_does_not_hide_a_mistake(assignment, graded):
    g = graded(assignment)
    demo = g.mistakes[g.demo_index]
    honest = g.cell_points(DEMO, demo.cell)
    cheat = g.cell_points("cheat_rebind", demo.cell)
    assert cheat[0] <= honest[0] < honest[1], f"rebinding comparisons earned {cheat} vs honest {honest}"


@pytest.mark.parametrize("cheat", ["cheat_always_equal", "cheat_subclass"])
@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_objects_equal_to_everything_earn_nothing(assignment, cheat, graded):
    g = graded(assignment)
    functions = {o for o in g.owners.values()
                 if any(re.search(rf"^def {re.escape(o)}\(", c.source, re.M)
                        for nb in g.source_notebooks.values() for c in notebooks.solution_cells(nb))}
    earned = {f: g.cell_points(cheat, f) for f in functions if g.cell_points(cheat, f)[0] > 0}
    assert functions and not earned, f"{cheat} earned points for {earned}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_switching_off_error_display_earns_nothing(assignment, graded):
    score = graded(assignment).scores["cheat_silent_errors"]
    assert score.score == 0, f"earned points in {[c for c, s in score.cells.items() if s[0]]}"


# --- feedback -------------------------------------------------------------------------------------

@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_feedback_shows_no_hidden_test_code(assignment, graded):
    g = graded(assignment)
    secret = [line for nb in g.source_notebooks.values() for line in hidden_lines(nb)]
    assert secret
    for student in (SOLUTION, UNTOUCHED, DEMO):
        pages = g.feedback_html(student)
        assert pages, f"no feedback written for {student}"
        for name, page in pages.items():
            text = visible_text(page)
            assert notebooks.HIDDEN_BEGIN not in text
            shown = [line for line in secret if line in text]
            assert not shown, f"{student}'s feedback {name} shows hidden test code: {shown[:3]}"


# --- plots ----------------------------------------------------------------------------------------

FEEDBACK_IMAGE = re.compile(r'src="data:image/png;base64,([^"]*)"')


def decodes_as_png(data):
    """None if ``data`` (base64) is a whole PNG picture, else why not."""
    try:
        raw = base64.b64decode(data, validate=True)
        with Image.open(io.BytesIO(raw)) as picture:
            picture.load()  # reads every pixel row: a cut file fails here
            return None if picture.format == "PNG" else f"a {picture.format} file"
    except Exception as e:  # noqa: BLE001 (any failure means a broken picture)
        return f"{type(e).__name__}: {e}"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_plot_survives_grading(assignment, graded):
    """Every picture of the autograded solution and of each feedback page decodes as a whole PNG."""
    g = graded(assignment)
    broken, count = [], 0
    for name, nb in g.autograded(SOLUTION).items():
        for i, cell in enumerate(nb.cells):
            for output in cell.get("outputs", []):
                if "image/png" in output.get("data", {}):
                    count += 1
                    why = decodes_as_png("".join(output.data["image/png"]).replace("\n", ""))
                    broken += [f"{name} cell {i}: {why}"] if why else []
    for student in (SOLUTION, UNTOUCHED, DEMO):
        for name, page in g.feedback_html(student).items():
            for data in FEEDBACK_IMAGE.findall(page):
                count += 1
                why = decodes_as_png(data.replace("\n", ""))
                broken += [f"{student}'s feedback {name}: {why}"] if why else []
    assert not broken, f"{len(broken)} of {count} pictures are broken: {broken[:3]}"


# --- verdicts outside the kernel --------------------------------------------------------------------

EXPECTATIONS = re.compile(r"\b(check_\w+|CheckFailed|defined_in_notebook|reference)\s*\(")


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_hidden_tests_keep_their_expectations_out_of_the_kernel(assignment, graded):
    """Each hidden region records in the kernel and checks in the judge: its kernel part calls no check and
    holds no expected value; visible tests carry no points, hidden ones all of them."""
    from course1.grading import judge

    for name, nb in graded(assignment).source_notebooks.items():
        for cell in notebooks.test_cells(nb):
            gid, points = notebooks.grade_id(cell), notebooks.nbgrader_meta(cell).get("points", 0)
            if notebooks.HIDDEN_BEGIN not in cell.source:
                assert points == 0, f"{name}: the visible test {gid} carries {points} points"
                continue
            assert points > 0, f"{name}: the hidden test {gid} carries no points"
            kernel_code = judge.kernel_part(cell.source)
            assert "record" in kernel_code, f"{name}: {gid} records nothing"
            found = EXPECTATIONS.findall(kernel_code) + re.findall(r"\bexpected\w*\s*=", kernel_code)
            assert not found, f"{name}: the kernel part of {gid} checks or computes expectations: {found}"
            compile(judge.judge_part(cell.source), gid, "exec")
