"""Text from data or a person (organisation, unit, theme, trust and file names) made safe to put
inside Markdown: every character Markdown, HTML or Streamlit's directives could act on is
escaped, and line breaks become spaces, so the text is shown as written, never obeyed."""

from __future__ import annotations

import re

_MARKUP = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&=^\"'])")


def md(text: object) -> str:
    return _MARKUP.sub(r"\\\1", " ".join(str(text).split()))
