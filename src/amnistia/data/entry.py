"""One entry of the problem catalogue: a title, a message, a hint, a severity."""

from __future__ import annotations

from dataclasses import dataclass

from amnistia.data.problems import Severity


@dataclass(frozen=True)
class Entry:
    title: str
    message: str
    hint: str
    severity: Severity = Severity.ERROR
    private: str = ""
    """The message for a free-text cell, which never quotes the cell (see ``make_problem``)."""
