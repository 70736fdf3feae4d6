"""User text shown inside Streamlit's Markdown (alerts, captions): escaped, so a crafted share
link or file name cannot turn into a link, an e-mail link, an icon or a remote image inside the
app's own boxes.

Backslash escapes stop Markdown's own syntax, but Streamlit links bare web and e-mail addresses
and turns `:material/name:` into an icon after Markdown has been read (issue 20, defect 6), so a
zero-width space also breaks each pattern they look for: after the `:` of `://`, before the `.` of
`www.`, before every `@`, and after a `:` that a letter or digit follows (`:material/...:`,
`:smile:`, `mailto:`). The text reads the same, field paths such as `treatment.price` stay whole,
and nothing in it is an address or a shortcode any more (checked in Chromium)."""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")
_LINK_OR_SHORTCODE = re.compile(r"(?<=:)(?=//)|(?i:(?<=www)(?=\.))|(?=@)|(?<=:)(?=[A-Za-z0-9_+-])")
ZERO_WIDTH_SPACE = "\u200b"


def md(text: object, limit: int = 300) -> str:
    """`text` as literal Markdown: specials backslash-escaped, newlines folded, cut at `limit`."""
    plain = " ".join(str(text).split())
    if len(plain) > limit:
        plain = plain[: limit - 1] + "…"
    spaced = _LINK_OR_SHORTCODE.sub(ZERO_WIDTH_SPACE, plain)
    return _MARKDOWN_SPECIALS.sub(r"\\\1", spaced)
