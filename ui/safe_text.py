"""User text shown inside Streamlit's Markdown (alerts, captions): escaped, so a crafted share
link or file name cannot turn into a link, an e-mail link, an icon or a remote image inside the
app's own boxes.

Backslash escapes stop Markdown's own syntax, but Streamlit links bare web and e-mail addresses
and turns `:material/name:` into an icon after Markdown has been read (issue 20, defect 6), so a
zero-width space also goes on either side of every `:`, `.` and `@`: the text reads the same and
nothing in it is an address or a shortcode any more."""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
_ADDRESS_PARTS = re.compile(r"([:.@])")
ZERO_WIDTH_SPACE = "\u200b"


def md(text: object, limit: int = 300) -> str:
    """`text` as literal Markdown: specials backslash-escaped, newlines folded, cut at `limit`."""
    plain = " ".join(str(text).split())
    if len(plain) > limit:
        plain = plain[: limit - 1] + "…"
    spaced = _ADDRESS_PARTS.sub(rf"{ZERO_WIDTH_SPACE}\1{ZERO_WIDTH_SPACE}", plain)
    return _MARKDOWN_SPECIALS.sub(r"\\\1", spaced)
