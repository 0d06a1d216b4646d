"""Released versions: frozen snapshots, row-level diffs, downloads and citations."""
