"""dashboard.markup.md, the one escaper for text from data: each kind of markup Streamlit's
Markdown renders, with its escaped form written out by hand.

In the expected strings `J` stands for the invisible WORD JOINER (U+2060) md() puts where a
bare URL, an e-mail address, an emoji shortcode or a material icon would otherwise be made from
the text after the backslash escapes are gone (checked in a real browser by
tests/dashboard/test_e2e_hostile_text.py)."""

from __future__ import annotations

import pytest

from dashboard.markup import WORD_JOINER, md

J = WORD_JOINER

CASES = [
    # (what it is, input, escaped output)
    ("plain words", "Ashdown Moor NHS Trust", "Ashdown Moor NHS Trust"),
    ("nothing", "", ""),
    ("a number", 2025, "2025"),
    ("bold", "**bold**", r"\*\*bold\*\*"),
    ("italic with underscores", "_it_", r"\_it\_"),
    ("strikethrough", "~~gone~~ ~one~", r"\~\~gone\~\~ \~one\~"),
    ("a link to javascript", "[x](javascript:alert(1))", rf"\[x\]\(javascript\:{J}alert\(1\)\)"),
    (
        "an image from outside",
        "![i](http://example.invalid/p.png)",
        rf"\!\[i\]\(http\:{J}//example\.invalid/p\.png\)",
    ),
    (
        "an HTML image",
        "<img src=http://example.invalid/x>",
        rf"\<img src\=http\:{J}//example\.invalid/x\>",
    ),
    ("an HTML tag", "<b>x</b>", r"\<b\>x\</b\>"),
    ("a script", "<script>alert(1)</script>", r"\<script\>alert\(1\)\</script\>"),
    ("HTML entities", "&amp; &#60;", r"\&amp; \&\#60;"),
    ("an autolink", "<http://example.invalid>", rf"\<http\:{J}//example\.invalid\>"),
    ("a bare URL", "see https://example.invalid/a", rf"see https\:{J}//example\.invalid/a"),
    ("a bare www address", "www.example.invalid", rf"www{J}\.example\.invalid"),
    ("a bare WWW address", "WWW.EXAMPLE.INVALID", rf"WWW{J}\.EXAMPLE\.INVALID"),
    ("an e-mail address", "hr@example.invalid", rf"hr@{J}example\.invalid"),
    ("a colour directive", ":red[alert]", rf"\:{J}red\[alert\]"),
    ("a background directive", ":blue-background[x]", rf"\:{J}blue\-background\[x\]"),
    ("an emoji shortcode", ":smile: :+1:", rf"\:{J}smile\: \:{J}\+1\:"),
    ("a material icon", ":material/home:", rf"\:{J}material/home\:"),
    ("inline LaTeX", "$x^2$", r"\$x\^2\$"),
    ("display LaTeX", "$$y$$", r"\$\$y\$\$"),
    ("a heading at line start", "# Head", r"\# Head"),
    ("a list item at line start", "- item", r"\- item"),
    ("a plus list item", "+ item", r"\+ item"),
    ("a numbered list item", "1. one", r"1\. one"),
    ("a quote at line start", "> quoted", r"\> quoted"),
    ("a table row", "a | b | c", r"a \| b \| c"),
    ("a code span", "`code`", r"\`code\`"),
    ("a setext underline", "x\n===", r"x \=\=\="),
    ("new lines that would start blocks", "line1\n\nline2\n# h\r\n- i", r"line1 line2 \# h \- i"),
    ("tabs and repeated spaces", "a\t\tb   c", "a b c"),
    (
        "a reference definition",
        "[r]: http://example.invalid\n[r]",
        rf"\[r\]\: http\:{J}//example\.invalid \[r\]",
    ),
    ("a backslash already there", r"a\*b", r"a\\\*b"),
    ("an apostrophe and quotes", 'St Mary\'s "Hospital"', r"St Mary\'s \"Hospital\""),
    ("a time", "10:30", rf"10\:{J}30"),
    ("a colon before a space", "Trust: East", r"Trust\: East"),
    ("a percentage and ampersand", "People & OD 50%", r"People \& OD 50%"),
]


@pytest.mark.parametrize(("text", "expected"), [(c[1], c[2]) for c in CASES],
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_md_escapes_each_kind_of_markup(text, expected):
    assert md(text) == expected


def test_every_ascii_punctuation_mark_markdown_acts_on_is_escaped():
    """CommonMark lets a backslash escape any ASCII punctuation; these are the ones that open
    something in Markdown, GFM, HTML or Streamlit's directives."""
    acting = "\\`*_{}[]()<>#+-.!|~$:&=^\"'"
    assert md(acting) == "".join("\\" + c for c in acting)


def test_characters_markdown_ignores_are_left_alone():
    assert md("Band 8a, 50% / 2025; ok? @ , é ü — “quoted”") == (
        f"Band 8a, 50% / 2025; ok? @{J} , é ü — “quoted”"
    )


def test_the_reader_sees_the_text_as_written():
    """Taking the escapes and joiners out again gives back the text (on one line)."""
    text = "**Dr** [Ann](javascript:x) <b>O'Neil</b> :red[x] $5 www.x.y a@b.c"
    shown = md(text).replace(J, "").replace("\\", "")
    assert shown == text
