# Entry points of the course. Each target creates .venv and installs the locked versions on first
# use; every target is a thin wrapper over `python -m course1.grading <command>` or pytest.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: setup demo test release grade bench lab lab-instructor bundle

setup: $(STAMP)

$(STAMP): requirements-lock.txt pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-lock.txt
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

demo: setup
	$(PY) -m course1.grading demo $(if $(ALL),--all)

test: setup
	$(PY) -m pytest

release: setup
	$(PY) -m course1.grading release

# make grade JOBS=1 grades one submission at a time; SCHEDULER=tcp://host:8786 grades on a Dask cluster;
# UNSANDBOXED=1 grades where bubblewrap cannot run (kernels then see everything: the README says what that means).
grade: setup
	$(PY) -m course1.grading grade $(if $(REJUDGE),--rejudge) $(if $(JOBS),--jobs $(JOBS)) $(if $(SCHEDULER),--scheduler $(SCHEDULER)) $(if $(UNSANDBOXED),--unsandboxed)

bench: setup
	$(PY) -m course1.grading bench

lab: setup
	$(PY) -m course1.grading lab

lab-instructor: setup
	$(PY) -m course1.grading lab --instructor

bundle: setup
	$(PY) -m course1.grading bundle
