"""Contributors edit datapackage.json, release notes and mkdocs.yml by pull request.

None of it may write outside the build, run code, reach the network, or put
live markup on a page. Each case asserts the exit code, the exact location,
a hint, no traceback, and that the project and the previous site are as
they were.
"""

from __future__ import annotations

import json
import shutil
import socket
from pathlib import Path
from typing import Any

import pytest

from site_support import live_payloads
from support import LATEST, bump, copy_project, invoke, snapshot

PAYLOAD = "amnistiaxss"
"""Marker inside every payload, so a live one can be told from Material's own scripts."""
PAYLOADS = [
    f"<script>{PAYLOAD}(1)</script>",
    f"[a](javascript:{PAYLOAD}(2))",
    f"[b](JaVaScRiPt:{PAYLOAD}(3))",
    f"[c](&#106;avascript:{PAYLOAD}(4))",
    f"[d](vbscript:{PAYLOAD}(5))",
    f"[e](data:text/html,<script>{PAYLOAD}(6)</script>)",
    f'<a href="https://example.org" onclick="{PAYLOAD}(7)">f</a>',
    f"<img src=x onerror={PAYLOAD}(8)>",
    f"{{: onclick={PAYLOAD}(9) }}",
    f"</title><script>{PAYLOAD}(10)</script>",
    f'"><meta http-equiv="refresh" content="0;url=javascript:{PAYLOAD}(11)">',
    f"<javascript:{PAYLOAD}(12)>",
]


def _edit_descriptor(project: Path, change: Any) -> None:
    path = project / "datapackage.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _refused(project: Path, tmp_path: Path, location: str, words: str) -> None:
    """validate and build both refuse at ``location``; nothing is written anywhere."""
    before = snapshot(project)
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    (out / "index.html").write_text("the previous site", encoding="utf-8")
    site_before = snapshot(out)
    for command in (["validate", str(project)], ["build", str(project), "--out", str(out)]):
        result = invoke(*command)
        assert result.code == 1, result.out + result.err
        assert location in result.out, result.out
        assert words in result.out, result.out
        assert "→" in result.out  # every problem ends with a hint
        assert "Traceback" not in result.out + result.err
    assert snapshot(project) == before
    assert snapshot(out) == site_before


@pytest.mark.parametrize(
    "name",
    [
        "../../../../docs/en/about",
        "../docs/en/about",
        "docs/en/about",
        "/tmp/evil",
        "Releases",
        "rel_eases",
        "..",
        "-releases",
        "releases\\..\\x",
        "C:releases",
        "",
    ],
)
def test_a_resource_name_never_becomes_a_path(tmp_path: Path, name: str) -> None:
    project = copy_project(tmp_path)
    about = (project / "docs" / "en" / "about.md").read_bytes()
    _edit_descriptor(project, lambda data: data["resources"][1].update(name=name))
    _refused(project, tmp_path, "resources[1].name:", "is not a plain name")
    assert (project / "docs" / "en" / "about.md").read_bytes() == about


@pytest.mark.parametrize(
    ("where", "key", "value"),
    [
        ("", "profile", "https://example.org/profile.json"),
        ("", "$schema", "http://example.org/profile.json"),
        ("resources[2].", "profile", "https://example.org/resource.json"),
        ("resources[2].", "dialect", "https://example.org/dialect.json"),
        ("resources[2].", "dialect", "dialect.json"),
        ("resources[2].", "schema", "https://example.org/schema.json"),
        ("resources[2].", "profile", "../profile.json"),
    ],
)
def test_remote_references_are_refused_before_any_network_access(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, key: str, value: str
) -> None:
    project = copy_project(tmp_path)

    def change(data: dict[str, Any]) -> None:
        (data["resources"][2] if where else data)[key] = value

    _edit_descriptor(project, change)
    attempts: list[object] = []

    def no_network(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("the test forbids network access")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *a, **k: attempts.append(a) or [])
    _refused(project, tmp_path, f"{where}{key}:", "is an address or a file")
    assert not attempts, attempts


HOOK = """
from pathlib import Path
Path(__file__).with_name("HOOK-RAN").write_text("code from mkdocs.yml ran")
"""


@pytest.mark.parametrize(
    ("addition", "line_words"),
    [
        ("hooks:\n  - evil.py\n", ("mkdocs.yml:", 'the setting "hooks" is not allowed')),
        ("plugins:\n  - search\n", ("mkdocs.yml:", 'the setting "plugins" is not allowed')),
        ("evil: !!python/name:os.system\n", ("mkdocs.yml:", "would run Python code")),
        (
            "extra:\n  x: !!python/object/apply:os.system [touch HOOK-RAN]\n",
            ("mkdocs.yml:", "would run Python code"),
        ),
        ("site_dir: /tmp/elsewhere\n", ("mkdocs.yml:", 'the setting "site_dir" is not allowed')),
        ("watch: [src]\n", ("mkdocs.yml:", 'the setting "watch" is not allowed')),
        ("hooks: [evil.py\n", ("mkdocs.yml:", "it is not valid YAML")),
    ],
)
def test_mkdocs_yml_runs_no_code(tmp_path: Path, addition: str, line_words: tuple[str, str]) -> None:
    project = copy_project(tmp_path)
    (project / "evil.py").write_text(HOOK, encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + addition, encoding="utf-8")
    _refused(project, tmp_path, *line_words)
    assert not (project / "HOOK-RAN").exists()
    assert not list(tmp_path.rglob("HOOK-RAN"))


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("  - tables\n", "  - tables\n  - evil\n", 'the Markdown extension "evil"'),
        ("  - tables\n", "  - tables\n  - datasets.evil:\n      x: 1\n", '"datasets.evil"'),
        (
            "  - assets/tables.js\n",
            "  - assets/tables.js\n  - https://cdn.example.org/x.js\n",
            "is not a file under assets/",
        ),
        ("  name: material\n", "  name: material\n  custom_dir: overrides\n", '"custom_dir" is not allowed'),
        ("  name: material\n", "  name: readthedocs\n", 'the theme must be "material"'),
    ],
)
def test_mkdocs_yml_settings_are_an_allow_list(tmp_path: Path, old: str, new: str, words: str) -> None:
    project = copy_project(tmp_path)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new, 1), encoding="utf-8")
    _refused(project, tmp_path, "mkdocs.yml:", words)


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped project with every payload in descriptor text and in release notes."""
    tmp_path = tmp_path_factory.mktemp("injected")
    project = copy_project(tmp_path)
    text = " ".join(PAYLOADS)

    def change(data: dict[str, Any]) -> None:
        data["title"] = text
        data["description"] = text
        for resource in data["resources"]:
            resource["title"] = f"{resource['name']} {text}"
            resource["description"] = text
            for field in resource["schema"]["fields"]:
                field["title"] = text
                field["description"] = text

    # Release notes arrive through `amnistia release`, on a real correction.
    sources = project / "datasets" / "sources.csv"
    sources.write_text(
        sources.read_text(encoding="utf-8").replace("Garbled translation.", "Garbled; checked again.", 1),
        encoding="utf-8",
    )
    notes = tmp_path / "notes.md"
    notes.write_text(f"## en\nNotes. {text}\n\n## es\nNotas. {text}\n", encoding="utf-8")
    released = invoke(
        "release", "minor", "--notes", str(notes), "--date", "2026-12-01", "--package", str(project)
    )
    assert released.code == 0, released.out + released.err
    _edit_descriptor(project, change)
    out = tmp_path / "out"
    result = invoke("build", str(project), "--out", str(out))
    assert result.code == 0, result.out + result.err
    return out


def test_no_payload_is_live_anywhere_in_the_built_site(injected_site: Path) -> None:
    assert live_payloads(injected_site, PAYLOAD) == []


@pytest.mark.parametrize("root", ["", "es/"])
def test_payloads_show_as_text(injected_site: Path, root: str) -> None:
    data_page = (injected_site / root / "data" / "releases" / "index.html").read_text(encoding="utf-8")
    # The title stays text inside <title>, and the heading shows what was typed.
    assert f"<title>releases &lt;script&gt;{PAYLOAD}(1)&lt;/script&gt;" in data_page
    assert f"{{: onclick={PAYLOAD}(9) }}" in data_page
    changelog = (injected_site / root / "changelog" / "index.html").read_text(encoding="utf-8")
    assert f"&lt;img src=x onerror={PAYLOAD}(8)&gt;" in changelog
    # Markdown still works where it is wanted: the links are there, without their targets.
    assert '<a rel="noopener noreferrer nofollow">a</a>' in changelog


def test_safe_links_in_prose_survive(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    text = "See [the law](https://example.org/law) and [the changelog](../changelog/), *in full*."
    _edit_descriptor(project, lambda data: data["resources"][0].update(description=text))
    out = tmp_path / "out"
    assert invoke("build", str(project), "--out", str(out)).code == 0
    html = (out / "data" / "index.html").read_text(encoding="utf-8")
    assert '<a href="https://example.org/law" rel="noopener noreferrer nofollow">the law</a>' in html
    assert '<a href="../changelog/" rel="noopener noreferrer nofollow">the changelog</a>' in html
    assert "<em>in full</em>" in html


def _versions(project: Path) -> Path:
    return project / "datasets" / "versions"


def _released_version_refused(project: Path, tmp_path: Path, location: str, words: str) -> None:
    before = snapshot(project)
    for command in (["validate", str(project)], ["build", str(project), "--out", str(tmp_path / "out")]):
        result = invoke(*command)
        assert result.code == 1, result.out
        assert location in result.out and words in result.out, result.out
        assert "amnistia redact" in result.out  # the hint
    assert snapshot(project) == before
    assert not (tmp_path / "out").exists()


def test_a_deleted_version_is_caught(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    shutil.rmtree(_versions(project) / "1.1.0")
    _released_version_refused(
        project, tmp_path, "datasets/versions/index.json:1:1.1.0:", "its folder is gone"
    )


def test_a_renamed_version_is_caught(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    renamed = bump(LATEST, "minor")
    (_versions(project) / LATEST).rename(_versions(project) / renamed)
    result = invoke("validate", str(project))
    assert result.code == 1
    assert f"datasets/versions/index.json:1:{LATEST}:" in result.out
    assert (
        f"datasets/versions/index.json:1:{renamed}: the folder of version {renamed} is not a release"
        in result.out
    )


def test_an_edited_frozen_descriptor_is_caught(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    frozen = _versions(project) / "1.2.0" / "datapackage.json"
    frozen.write_text(
        frozen.read_text(encoding="utf-8").replace("Foro Penal", "Foro  Penal", 1), encoding="utf-8"
    )
    _released_version_refused(
        project, tmp_path, "datasets/versions/1.2.0/datapackage.json:1:1.2.0:", "was changed"
    )


def test_a_version_without_notes_in_both_languages_is_caught(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    frozen = _versions(project) / "1.1.0" / "datapackage.json"
    data = json.loads(frozen.read_text(encoding="utf-8"))
    del data["releaseNotes"]["es"]
    frozen.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    _released_version_refused(
        project,
        tmp_path,
        "datasets/versions/1.1.0/datapackage.json:1:releaseNotes:",
        "no release notes in es",
    )


def test_a_working_version_below_the_latest_release_is_caught(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    _edit_descriptor(project, lambda data: data.update(version="1.0.5"))
    _released_version_refused(
        project, tmp_path, "datapackage.json:1:version:", f"is below the latest release, {LATEST}"
    )
