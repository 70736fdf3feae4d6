"""User text shown inside Streamlit's Markdown (alerts, captions): escaped, so a crafted share
link or file name cannot turn into a link or a remote image inside the app's own boxes."""

from __future__ import annotations

import re

_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def md(text: object, limit: int = 300) -> str:
    """`text` as literal Markdown: specials backslash-escaped, newlines folded, cut at `limit`."""
    plain = " ".join(str(text).split())
    if len(plain) > limit:
        plain = plain[: limit - 1] + "…"
    return _MARKDOWN_SPECIALS.sub(r"\\\1", plain)
