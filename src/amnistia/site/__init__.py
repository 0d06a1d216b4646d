"""The static site: data → pages (Jinja) → MkDocs (one stage) → atomic swap."""
