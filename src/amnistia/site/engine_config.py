"""Each language's engine configuration, derived from mkdocs.yml.

Every engine amnistia builds with reads this format (MkDocs, ProperDocs,
Zensical). No plugin of ours is listed: the data fragments go into the
built pages afterwards (fragments.py).
"""

from __future__ import annotations

import urllib.parse
from pathlib import Path
from typing import Any

import yaml

from amnistia.i18n import LANGUAGES, SOURCE_LANGUAGE, translations
from amnistia.site.engine import LanguageBuild, SiteBuildError

THEME_DIR = Path(__file__).resolve().parent.parent / "theme"
# Files of assets/ that are not pages: the record of vendored files stays in
# the repository, beside them, and is not published.
EXCLUDED_DOCS = "/assets/*.md\n"
LANGUAGE_NAMES = {"en": "English", "es": "Español"}


def write_config(base: dict[str, Any], build: LanguageBuild) -> None:
    """Write the engine configuration of one language, derived from mkdocs.yml."""
    gettext = translations(build.language).gettext
    config = dict(base)
    config.update(
        site_name=gettext(str(base.get("site_name", "amnistia"))),
        site_description=gettext(str(base.get("site_description", ""))).strip(),
        docs_dir=str(build.docs_dir),
        site_dir=str(build.site_dir),
        use_directory_urls=True,
        strict=True,
        exclude_docs=EXCLUDED_DOCS,
        nav=[{gettext(title): page} for item in base.get("nav", []) for title, page in item.items()],
        plugins=[
            # Our worker folds accents (theme/assets/javascripts/workers/);
            # hyphens and dots split words too, so "foro-penal" finds "foro".
            {"search": {"lang": build.language, "separator": r"[\s\-\.]+"}},
        ],
    )
    theme = dict(base.get("theme", {}))
    theme.update(language=build.language, custom_dir=str(THEME_DIR), font=False)
    theme["palette"] = [
        {**p, "toggle": {**p["toggle"], "name": gettext(p["toggle"]["name"])}} if "toggle" in p else p
        for p in theme.get("palette", [])
    ]
    config["theme"] = theme
    up = "" if build.language == SOURCE_LANGUAGE else "../"
    site_path = urllib.parse.urlsplit(str(base.get("site_url") or "")).path.rstrip("/") + "/"
    config["extra"] = {
        **base.get("extra", {}),
        "generator": False,
        "feed_title": f"{gettext(str(base.get('site_name', 'amnistia')))}: {gettext('Changelog')}",
        "default_lang": SOURCE_LANGUAGE,
        "default_root": up,
        "alternate": [
            {
                "name": LANGUAGE_NAMES.get(lang, lang),
                "lang": lang,
                "root": up + ("" if lang == SOURCE_LANGUAGE else f"{lang}/"),
                # The 404 page is served at any depth, so MkDocs gives it
                # root-absolute links (under site_url's path, when there is one);
                # it links to each language's home.
                "absolute": site_path + ("" if lang == SOURCE_LANGUAGE else f"{lang}/"),
            }
            for lang in LANGUAGES
        ],
    }
    config["extra"]["search_worker"] = _material_search_worker()
    config["extra"]["not_found"] = {
        "title": gettext("Page not found"),
        "text": gettext(
            "There is no page at this address. It may have moved, or the address may be mistyped."
        ),
        "home": gettext("Go to the home page"),
    }
    site_url = str(base.get("site_url") or "")
    if site_url and build.language != SOURCE_LANGUAGE:
        # MkDocs takes the 404 page's root from site_url: /es/ for Spanish.
        config["site_url"] = site_url.rstrip("/") + f"/{build.language}/"
    config["copyright"] = gettext(str(base.get("copyright", "")))
    build.config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=True), encoding="utf-8")


def _material_search_worker() -> str:
    """The file name of Material's search worker (it carries a hash of its content)."""
    import material

    workers = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    found = sorted(p.name for p in workers.glob("search.*.min.js"))
    if len(found) != 1:
        raise SiteBuildError(f"expected one search worker in {workers}, found {found}")
    return found[0]
