"""Text from data or a person (organisation, unit, theme, trust, sheet and file names, actions,
owners, messages that quote a value) made safe to put inside Markdown, which Streamlit renders
in st.markdown, st.caption, st.write, alerts, toasts, expander/tab/popover labels, widget labels
and help tooltips, radio options and metric labels.

Two layers, because Streamlit's Markdown acts in two places:

- the parser (emphasis, links, images, autolinks `<http://…>`, HTML tags and entities, headings,
  lists and quotes at line start, tables, code spans, LaTeX `$…$`, directives `:red[…]`): a
  backslash before every ASCII punctuation character that could open one of these makes it a
  literal character, and line breaks become spaces so no new block can start;
- rewrites of the parsed text, which backslashes cannot stop because the escapes are gone by
  then: bare URLs (`http://…`, `www.…`) and e-mail addresses turned into links, `:material/…:`
  icons and `:shortcode:` emoji. An invisible WORD JOINER (U+2060) is put where these patterns
  need two characters side by side (after `:` before a word character or `/`, after `www`, after
  `@`), so the text looks and reads the same and no link or icon is made.

Plain-text outputs (downloads, st.text, dataframes) take the data as it is, never md()."""

from __future__ import annotations

import re

WORD_JOINER = "\u2060"
_MARKUP = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:&=^\"'])")
_REWRITTEN = re.compile(r"(?<=:)(?=[\w/+-])|(?<=@)|(?<=www)(?=\.)", re.IGNORECASE)


def md(text: object) -> str:
    """`text` as literal Markdown: shown exactly as written (on one line), never obeyed."""
    flat = " ".join(str(text).split())
    return _MARKUP.sub(r"\\\1", _REWRITTEN.sub(WORD_JOINER, flat))
