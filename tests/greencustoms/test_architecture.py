"""The floor plan of docs/architecture.md holds: import-linter's contracts, and no import cycle anywhere."""

import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
PACKAGES = [
    "accounts",
    "activity",
    "console",
    "core",
    "delegations",
    "demo",
    "documents",
    "greencustoms",
    "materials",
    "outbox",
    "participants",
    "sessions",
    "website",
    "workshops",
]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(tree):
    return subprocess.run([LINT_IMPORTS], cwd=tree, capture_output=True, text=True, timeout=120, check=False)


def copy_of_the_code(tmp_path):
    for package in PACKAGES:
        shutil.copytree(ROOT / package, tmp_path / package, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    return tmp_path


def test_the_import_contracts_are_kept():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout


@pytest.mark.parametrize(
    ("module", "wrong_import", "arrow"),
    [
        ("workshops/models.py", "from workshops import forms", "workshops.models -> workshops.forms"),
        # The domain apps in one direction: a lower app importing a higher one.
        (
            "workshops/selectors.py",
            "from participants import selectors",
            "workshops.selectors -> participants.selectors",
        ),
        ("sessions/services.py", "from delegations import models", "sessions.services -> delegations.models"),
        ("participants/models.py", "from console.views import workshops", "participants.models -> console.views"),
        ("activity/models.py", "from participants import models", "activity.models -> participants.models"),
    ],
)
def test_an_arrow_pointing_the_wrong_way_breaks_the_contracts(tmp_path, module, wrong_import, arrow):
    tree = copy_of_the_code(tmp_path)
    with open(tree / module, "a") as source:
        source.write(f"\n{wrong_import}  # noqa\n")
    result = lint_imports(tree)
    assert result.returncode == 1 and arrow in result.stdout, result.stdout


def test_no_import_cycle_anywhere_not_even_inside_functions():
    """Imports written inside functions count too: a cycle hidden that way is still a cycle."""
    # No cache: grimp's is .grimp_cache/ in the checkout, which lint-imports (test_the_import_contracts_are_kept,
    # perhaps on another xdist worker at the same moment) writes too, file by file without renaming.
    graph = grimp.build_graph(*PACKAGES, cache_dir=None)
    modules = {module for module in graph.modules if ".migrations" not in module}
    cycles = {
        tuple(sorted((module, imported)))
        for module in modules
        for imported in graph.find_modules_directly_imported_by(module) & modules
        if graph.chain_exists(importer=imported, imported=module)
    }
    assert not cycles
