"""One module per site engine, each exposing ENGINE (see site/engine.py)."""
