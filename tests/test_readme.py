"""The README is the map: its Layout block names every module of flows/ and transforms/, and nothing that is gone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
NAME = re.compile(r"[\w.]+\.(?:py|csv|toml)")


def layout() -> dict[str, set[str]]:
    """Folder -> the file names the Layout block lists for it."""
    block = README.split("## Layout", 1)[1].split("```", 2)[1]
    folders: dict[str, set[str]] = {}
    current = parent = ""
    for line in block.splitlines():
        head = re.match(r"^(\s*)([\w/]+/)\s", line + " ")
        if head and not head.group(2).startswith(("(", ")")) and line.strip().split()[0].endswith("/"):
            folder = head.group(2)
            if head.group(1):  # indented: a package of the folder above
                current = parent + folder
            else:
                current = parent = folder
        folders.setdefault(current, set()).update(NAME.findall(re.sub(r"\w+/ \([^)]*\)", "", line)))
        for sub, names in re.findall(r"(\w+)/ \(([^)]*)\)", line):  # parsers/ (text, concat, ...), ner/ (...)
            folders.setdefault(f"{current}{sub}/", set()).update(
                n.strip() if "." in n else n.strip() + ".py" for n in names.split(",") if "/" not in n
            )
    return folders


def modules(folder: str) -> set[str]:
    return {p.name for p in (ROOT / folder).glob("*.py") if p.name != "__init__.py"}


def test_layout_names_every_module_and_only_real_ones():
    listed = layout()
    for folder in [
        "flows/",
        "flows/stages/",
        *(
            f"transforms/{p.name}/"
            for p in (ROOT / "transforms").iterdir()
            if p.is_dir() and not p.name.startswith("__")
        ),
    ]:
        assert folder in listed, f"{folder} missing from the README layout"
        assert modules(folder) <= listed[folder], (folder, modules(folder) - listed[folder])
    for folder, names in listed.items():
        for name in names:
            if name.endswith(".py") and name not in modules(folder) and not (ROOT / folder / name).exists():
                raise AssertionError(f"README lists {folder}{name}, which does not exist")


def test_every_table_has_its_grain_in_the_readme():
    tables = {p.stem.split("_", 1)[1] for p in (ROOT / "warehouse" / "ddl").glob("*.sql")}
    schema = README.split("## Schema", 1)[1].split("\n## ", 1)[0]
    missing = [t for t in tables if f"| `{t}` |" not in schema]
    assert missing == []
