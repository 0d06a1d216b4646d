"""Data problems as values: what is wrong, where, and how to fix it.

Like frictionless' error catalogue, a problem is not an exception: checks
yield problems into a Report, and the CLI decides how to print them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with the package, located as precisely as we can."""

    path: str
    """File relative to the package folder (``datasets/releases.csv``)."""
    line: int
    """Physical line in that file (CSV header = line 1); 0 when it is the whole file."""
    field: str
    """Column name, or a JSON location such as ``resources[2].path``; empty for a whole row."""
    code: str
    """Stable kebab-case slug (``type-error``), for tools and the catalogue."""
    message: str
    hint: str
    severity: Severity = Severity.ERROR

    @property
    def location(self) -> str:
        parts = [self.path, str(self.line)]
        if self.field:
            parts.append(self.field)
        return ":".join(parts)

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data["severity"] = self.severity.value
        return data


@dataclass
class Report:
    """Every problem found in one package, plus what was looked at."""

    problems: list[Problem] = field(default_factory=list)
    resources: int = 0
    rows: int = 0

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.WARNING]

    @property
    def valid(self) -> bool:
        return not any(p.severity is Severity.ERROR for p in self.problems)

    def sorted(self) -> list[Problem]:
        """Problems in reading order, at most one per cell and severity.

        Checks run from the most specific (ours) to the most generic
        (frictionless'), so the first problem found for a cell is the one
        that explains it best; a second one about the same cell is noise.
        """
        seen: set[tuple[str, int, str, Severity]] = set()
        kept = []
        for problem in self.problems:
            cell = (problem.path, problem.line, problem.field, problem.severity)
            if problem.field and cell in seen:
                continue
            seen.add(cell)
            kept.append(problem)
        return sorted(set(kept), key=_reading_order)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self.sorted())


def _reading_order(problem: Problem) -> tuple[int, str, int, str, str]:
    # The descriptor first: a broken datapackage.json explains everything after it.
    first = 0 if problem.path == "datapackage.json" else 1
    return (first, problem.path, problem.line, problem.field, problem.code)
