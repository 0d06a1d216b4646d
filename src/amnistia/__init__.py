"""amnistia: an open-data tracker of Venezuela's February 2026 amnesty law."""

from __future__ import annotations

__version__ = "0.1.0"
