"""Generated packages with seeded errors of every kind, for the differential test.

Two tables: ``people`` uses every Table Schema type and constraint the
engine compiles (a composite primary key, a self-reference, custom missing
values and boolean words); ``visits`` points at it with a composite foreign
key. Errors are seeded at random rows with a fixed seed, so a failure is
always the same failure.
"""

from __future__ import annotations

import csv
import json
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

PEOPLE_FIELDS: list[dict[str, Any]] = [
    {"name": "id", "type": "string", "constraints": {"required": True, "pattern": "p[0-9]+"}},
    {"name": "batch", "type": "integer", "constraints": {"required": True}},
    {"name": "age", "type": "integer", "constraints": {"minimum": 18, "maximum": 120}},
    {"name": "score", "type": "number", "constraints": {"minimum": 0.5, "maximum": 9.5}},
    {"name": "member", "type": "boolean", "trueValues": ["yes", "sí"], "falseValues": ["no"]},
    {"name": "born", "type": "date", "constraints": {"minimum": "1900-01-01"}},
    {"name": "seen", "type": "date", "format": "%d/%m/%Y"},
    {"name": "updated", "type": "datetime"},
    {"name": "opens", "type": "time"},
    {"name": "cohort", "type": "year", "constraints": {"enum": [2024, 2025, 2026]}},
    {"name": "month", "type": "yearmonth"},
    {"name": "code", "type": "string", "constraints": {"minLength": 3, "maxLength": 5, "unique": True}},
    {"name": "kind", "type": "string", "constraints": {"enum": ["a", "b", "c"]}},
    {"name": "tags", "type": "list", "delimiter": ";", "constraints": {"minLength": 1, "maxLength": 3}},
    {"name": "email", "type": "string", "format": "email"},
    {"name": "mentor", "type": "string"},
    {"name": "mentor_batch", "type": "integer"},
    {"name": "note", "type": "string"},
]
VISIT_FIELDS: list[dict[str, Any]] = [
    {"name": "visit", "type": "integer", "constraints": {"required": True, "unique": True}},
    {"name": "person", "type": "string", "constraints": {"required": True}},
    {"name": "batch", "type": "integer", "constraints": {"required": True}},
    {"name": "count", "type": "integer", "constraints": {"minimum": 1}},
]

Row = dict[str, str]
Seed = Callable[[Row, random.Random], None]

# Each kind of error a contributor could make, as a change to one good row.
SEEDS: dict[str, Seed] = {
    "type-integer": lambda row, rng: row.update(age=rng.choice(["12a", "3,200", "1.5"])),
    "type-number": lambda row, rng: row.update(score=rng.choice(["x", "1,5"])),
    "type-boolean": lambda row, rng: row.update(member=rng.choice(["true", "Y"])),
    "type-date": lambda row, rng: row.update(born=rng.choice(["2001-02-30", "01/02/2001"])),
    "type-date-format": lambda row, rng: row.update(seen="2020-01-31"),
    "type-datetime": lambda row, rng: row.update(updated=rng.choice(["2020-01-01", "2020-01-01T25:00:00"])),
    "type-time": lambda row, rng: row.update(opens="9h"),
    "type-year": lambda row, rng: row.update(cohort="26"),
    "type-yearmonth": lambda row, rng: row.update(month="2024-13"),
    "type-list-email": lambda row, rng: row.update(email="not-an-address"),
    "required": lambda row, rng: row.update(batch=""),
    "required-by-missing-value": lambda row, rng: row.update(batch="n/a"),
    "enum": lambda row, rng: row.update(kind="d"),
    "enum-typed": lambda row, rng: row.update(cohort="2023"),
    "pattern": lambda row, rng: row.update(id=row["id"].upper()),
    # Below a positive minimum in plain digits: a sign on a count is our own
    # type rule (cells.py), where frictionless would name the minimum.
    "minimum": lambda row, rng: row.update(age="17"),
    "maximum": lambda row, rng: row.update(age="121"),
    "number-minimum": lambda row, rng: row.update(score="0.25"),
    "number-maximum": lambda row, rng: row.update(score="9.75"),
    "date-minimum": lambda row, rng: row.update(born="1899-12-31"),
    "min-length": lambda row, rng: row.update(code="ab"),
    "max-length": lambda row, rng: row.update(code="abcdef"),
    "list-length": lambda row, rng: row.update(tags="a;b;c;d"),
    "unique": lambda row, rng: row.update(code="dup"),
    "self-reference": lambda row, rng: row.update(mentor="p999999", mentor_batch="1"),
}


def good_person(index: int, rng: random.Random) -> Row:
    mentor = f"p{rng.randrange(0, index)}" if index and rng.random() < 0.5 else ""
    return {
        "id": f"p{index}",
        "batch": str(index % 3),
        "age": str(rng.randrange(18, 121)),
        "score": f"{rng.uniform(0.5, 9.5):.2f}",
        "member": rng.choice(["yes", "sí", "no", "-"]),
        "born": f"{rng.randrange(1900, 2020)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}",
        "seen": f"{rng.randrange(1, 29):02d}/{rng.randrange(1, 13):02d}/2020",
        "updated": f"2026-0{rng.randrange(1, 10)}-1{rng.randrange(0, 10)}T1{rng.randrange(0, 10)}:30:00Z",
        "opens": f"0{rng.randrange(0, 10)}:15:00",
        "cohort": rng.choice(["2024", "2025", "2026", ""]),
        "month": f"2025-{rng.randrange(1, 13):02d}",
        "code": f"c{index:04d}",
        "kind": rng.choice("abc"),
        "tags": ";".join(rng.sample(["x", "y", "z"], rng.randrange(1, 4))),
        "email": rng.choice(["a@example.org", ""]),
        "mentor": mentor,
        "mentor_batch": str(int(mentor[1:]) % 3) if mentor else "",
        "note": rng.choice(["", "plain words", 'with "quotes", and commas', "two\nlines"]),
    }


def write_package(folder: Path, rows: int, seed: int, errors_per_kind: int = 2) -> dict[str, int]:
    """A package of ``rows`` people and their visits, with seeded errors; how many of each kind."""
    rng = random.Random(seed)
    people = [good_person(index, rng) for index in range(rows)]
    seeded: dict[str, int] = {}
    for kind, seed_error in SEEDS.items():
        for _ in range(errors_per_kind):
            seed_error(people[rng.randrange(0, rows)], rng)
        seeded[kind] = errors_per_kind
    # A duplicate primary key (id, batch): a copy of an earlier row's key.
    for _ in range(errors_per_kind):
        twin = people[rng.randrange(0, rows)]
        people[rng.randrange(0, rows)].update(id=twin["id"], batch=twin["batch"], code="")
    visits = []
    for number in range(rows):
        person = people[rng.randrange(0, rows)]
        visits.append({"visit": str(number), "person": person["id"], "batch": person["batch"], "count": "1"})
    for _ in range(errors_per_kind):
        visits[rng.randrange(0, rows)].update(person="p-nobody")  # a dangling composite key
        visits[rng.randrange(0, rows)].update(visit="0")  # a duplicate unique integer
    (folder / "data").mkdir(parents=True, exist_ok=True)
    _write_csv(folder / "data" / "people.csv", PEOPLE_FIELDS, people)
    _write_csv(folder / "data" / "visits.csv", VISIT_FIELDS, visits)
    (folder / "datapackage.json").write_text(json.dumps(_descriptor(), indent=2), encoding="utf-8")
    return seeded


def _write_csv(path: Path, fields: list[dict[str, Any]], rows: list[Row]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[f["name"] for f in fields], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _descriptor() -> dict[str, Any]:
    people_schema = {
        "fields": PEOPLE_FIELDS,
        "missingValues": ["", "-", "n/a"],
        "primaryKey": ["id", "batch"],
        "foreignKeys": [
            {"fields": ["mentor", "mentor_batch"], "reference": {"resource": "", "fields": ["id", "batch"]}}
        ],
    }
    visits_schema = {
        "fields": VISIT_FIELDS,
        "primaryKey": ["visit"],
        "foreignKeys": [
            {"fields": ["person", "batch"], "reference": {"resource": "people", "fields": ["id", "batch"]}}
        ],
    }
    return {
        "name": "generated",
        "resources": [
            {"name": "visits", "path": "data/visits.csv", "schema": visits_schema},
            {"name": "people", "path": "data/people.csv", "schema": people_schema},
        ],
    }
