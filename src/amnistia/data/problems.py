"""Data problems as values: what is wrong, where, and how to fix it.

Like frictionless' error catalogue, a problem is not an exception: checks
yield problems into a Report, and the CLI decides how to print them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import SupportsIndex

from amnistia.data import limits


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


class ProblemList(list[Problem]):
    """A list that keeps the first ``limit`` problems appended and only counts the rest.

    A file with an error on each of a million rows must not take a million
    problems' memory: past the limit, what is left to say is how many more.
    """

    def __init__(self, problems: Iterable[Problem] = (), limit: int | None = None) -> None:
        super().__init__()
        self.limit = limits.PROBLEMS_KEPT if limit is None else limit
        self.dropped: dict[Severity, int] = {}
        self.extend(problems)

    def append(self, problem: Problem, /) -> None:
        if len(self) < self.limit:
            super().append(problem)
        else:
            self.dropped[problem.severity] = self.dropped.get(problem.severity, 0) + 1

    def extend(self, problems: Iterable[Problem], /) -> None:
        for problem in problems:
            self.append(problem)
        if isinstance(problems, ProblemList):
            for severity, count in problems.dropped.items():
                self.dropped[severity] = self.dropped.get(severity, 0) + count

    def __iadd__(self, problems: Iterable[Problem], /) -> ProblemList:  # type: ignore[override,misc]
        self.extend(problems)
        return self

    def insert(self, index: SupportsIndex, problem: Problem, /) -> None:
        raise TypeError("a ProblemList only grows at its end")


@dataclass
class Report:
    """The problems of one package (the first PROBLEMS_KEPT, and how many more), and what was read."""

    problems: ProblemList = field(default_factory=ProblemList)
    resources: int = 0
    rows: int = 0

    def __post_init__(self) -> None:
        if not isinstance(self.problems, ProblemList):  # a plain list, from a test or a tool
            self.problems = ProblemList(self.problems)

    def extend(self, problems: Iterable[Problem]) -> None:
        self.problems.extend(problems)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.sorted() if p.severity is Severity.WARNING]

    def count(self, severity: Severity) -> int:
        """How many problems of ``severity`` were found, kept or not."""
        kept = self.errors if severity is Severity.ERROR else self.warnings
        return len(kept) + self.problems.dropped.get(severity, 0)

    def dropped(self, severity: Severity) -> int:
        """Problems of ``severity`` found past the limit: counted, not kept."""
        return self.problems.dropped.get(severity, 0)

    @property
    def valid(self) -> bool:
        return not self.dropped(Severity.ERROR) and not any(
            p.severity is Severity.ERROR for p in self.problems
        )

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
