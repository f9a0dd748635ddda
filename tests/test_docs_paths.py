"""Every module path the docs name exists: ``apilint/…py`` files and ``apilint/…/`` folders in README and
docs/, the ``python -m apilint.x.y`` modules they run, and the files of code-layout tables."""

from __future__ import annotations

import re

from tests.conftest import ROOT

DOCS = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md"), *(ROOT / "benchmarks").glob("*.md"),
               *(ROOT / "examples").rglob("README.md"), *(ROOT / "proxy").glob("*.md")])
EXAMPLES = {"apilint/rules/s3_collections/foo_bar.py"}  # the README's walk-through of adding a rule
PATH = re.compile(r"(?<![\w/.-])apilint/[\w/.-]*?(?:\.py|/)(?![\w.-])")
MODULE = re.compile(r"python3? -m (apilint(?:\.\w+)+)")
TABLE_FOLDER = re.compile(r"^\|[^|\n]*`(apilint/[\w/]+/)`[^|\n]*\|", re.M)


def named_paths(text: str) -> set[str]:
    return set(PATH.findall(text)) - EXAMPLES


def table_files(text: str) -> set[str]:
    """``name.py`` cells in the first column of a table whose first header names an ``apilint/…/`` folder."""
    found = set()
    for header in TABLE_FOLDER.finditer(text):
        rows = text[header.end():].split("\n\n", 1)[0].splitlines()[2:]
        for row in rows:
            first = row.split("|")[1] if row.startswith("|") else ""
            found.update(header.group(1) + name for name in re.findall(r"`(\w+\.py)`", first))
    return found


def _missing(paths: set[str]) -> list[str]:
    return sorted(path for path in paths if not (ROOT / path).exists())


def test_the_extractors_find_paths_modules_and_table_rows():
    text = ("see `apilint/load/jsonsrc.py` and apilint/report/, not apilint/apilint@v1 or apilint.yaml;\n"
            "run `python -m apilint.engine.rule_docs`\n\n| module (`apilint/proxy/`) | job |\n| --- | --- |\n"
            "| `addon.py`, `gone.py` | hooks |\n")
    assert named_paths(text) == {"apilint/load/jsonsrc.py", "apilint/report/", "apilint/proxy/"}
    assert MODULE.findall(text) == ["apilint.engine.rule_docs"]
    assert table_files(text) == {"apilint/proxy/addon.py", "apilint/proxy/gone.py"}
    assert _missing(table_files(text)) == ["apilint/proxy/gone.py"]


def test_every_path_named_in_the_docs_exists():
    missing = {doc.relative_to(ROOT).as_posix(): _missing(named_paths(doc.read_text(encoding="utf-8")))
               for doc in DOCS}
    assert {doc: paths for doc, paths in missing.items() if paths} == {}


def test_every_module_the_docs_run_exists():
    modules = {module for doc in DOCS for module in MODULE.findall(doc.read_text(encoding="utf-8"))}
    assert modules
    assert _missing({module.replace(".", "/") + ".py" for module in modules}) == []


def test_every_file_of_a_layout_table_exists():
    rows = {doc.relative_to(ROOT).as_posix(): table_files(doc.read_text(encoding="utf-8")) for doc in DOCS}
    assert rows["docs/proxy.md"] and rows["docs/recording-format.md"]
    assert {doc: _missing(files) for doc, files in rows.items() if _missing(files)} == {}


def _layout_bullets() -> list[str]:
    """The bullets of README's package layout (Development, up to the first paragraph after the list)."""
    section = (ROOT / "README.md").read_text(encoding="utf-8").split("## Development\n", 1)[1]
    listing = section.split("\n\n")[1]
    return re.split(r"\n(?=- )", listing)


def _resolves(token: str, folder: str) -> bool:
    """A file or folder of the bullet's package (``sN_`` for any section), of ``apilint/``, or of the root."""
    package = ROOT / "apilint" / folder.split("/")[0]
    pattern = token.replace("sN_", "s[0-9]_").rstrip("/")
    return any(any(base.glob(pattern)) for base in (package, ROOT / "apilint", ROOT))


def test_readme_layout_names_every_package_folder_and_only_real_files():
    bullets = _layout_bullets()
    named = set()
    for bullet in bullets:
        folder = re.match(r"- `([\w*/]+/)`", bullet)
        tokens = re.findall(r"`([\w*/]+(?:\.py|/))`", bullet)
        assert [t for t in tokens if not _resolves(t, folder.group(1) if folder else "")] == [], bullet
        named.update(t.rstrip("/") for t in tokens if t.endswith("/"))
    packages = {p.parent.relative_to(ROOT / "apilint").as_posix() for p in (ROOT / "apilint").glob("*/__init__.py")}
    packages |= {"diff/openapi", "diff/proto"}
    assert packages - named == set()
