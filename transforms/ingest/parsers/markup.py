"""HTML fragments in text fields (JSON values, feed entries, page bodies) to paragraph lines: breaks at blocks,
figures, captions, scripts and media dropped; one-line fields with tags stripped and entities decoded."""

from __future__ import annotations

import re
from html import unescape

import lxml.etree
import lxml.html

# Elements whose text is never article body: media, captions, scripts, forms. A <figure> itself is not dropped
# (feeds leave it unclosed, and the parser would then swallow the whole body into it): its caption and media are.
_DROP_TAGS = frozenset(
    {
        "figcaption",
        "script",
        "style",
        "noscript",
        "iframe",
        "img",
        "picture",
        "video",
        "audio",
        "svg",
        "button",
        "form",
        "input",
        "select",
        "textarea",
        "object",
        "embed",
        "template",
        "head",
        "nav",
    }
)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "aside",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "li",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "address",
        "center",
        "body",
        "html",
    }
)
_CELL_TAGS = frozenset({"td", "th"})
# Caption wrappers that are not <figure>: class names newsrooms use for photo descriptions.
_CAPTION_CLASS = re.compile(
    r"(?:^|[\s_-])(?:caption|figcaption|photo[_-]?(?:desc|caption|info|credit)|img[_-]?(?:desc|caption)|"
    r"image[_-]?(?:desc|caption|credit)|credit|wp-caption-text|art_photo)(?:$|[\s_-])",
    re.IGNORECASE,
)
_HTML_TAG = re.compile(
    r"<(?:p|br|div|span|figure|figcaption|img|a|b|strong|em|i|u|h[1-6]|ul|ol|li|table|tr|td|blockquote|section|"
    r"article|small|font|center)\b[^<>]{0,500}>|</(?:p|div|span|a|b|strong|em|li|h[1-6]|figure)>",
    re.IGNORECASE,
)
# An XML declaration at the start of a fragment or feed (lxml refuses a str that declares its encoding).
XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


# Active or namespaced elements (never body text), and any element written as markup: `<x .../>` or
# `<x ...>…</x>` (ASCII names only, so `<속보>` stays text).
_ACTIVE_TAG = re.compile(
    r"</?(?:script|style|iframe|frame|object|embed|svg|math|template|noscript|link|meta|base|form"
    r"|[a-z]+:[a-z][\w.-]*)\b",
    re.IGNORECASE,
)
_ELEMENT = re.compile(r"<([A-Za-z][\w:.-]*)\b[^<>]*?(?:/>|>.*?</\1\s*>)", re.DOTALL)


def looks_like_html(text: str) -> bool:
    """Whether a field value is HTML markup rather than plain text: a common tag such as `<p>`, an active or
    namespaced element (`<script>`, `<iframe>`, `<xi:include>`), or any closed element."""
    head = text[:20000]
    return bool(_HTML_TAG.search(head) or _ACTIVE_TAG.search(head) or _ELEMENT.search(head))


def _is_caption_element(element: lxml.html.HtmlElement) -> bool:
    cls = element.get("class") or ""
    return bool(cls and _CAPTION_CLASS.search(cls))


def html_to_paragraphs(markup: str) -> tuple[list[str], int, int]:
    """Paragraph lines of an HTML fragment: breaks at `<p>`, `<br>` and other blocks; figures, captions, scripts
    and media dropped. Returns (paragraphs, dropped element count, dropped character count)."""
    markup = XML_DECL.sub("", markup)
    if not markup.strip():
        return [], 0, 0
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return [line.strip() for line in unescape(re.sub(r"<[^>]+>", " ", markup)).split("\n")], 0, 0
    out: list[str] = []
    dropped = [0, 0]

    def walk(element: lxml.html.HtmlElement) -> None:
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag and (tag in _DROP_TAGS or _is_caption_element(element)):
            dropped[0] += 1
            dropped[1] += len(element.text_content() or "") if hasattr(element, "text_content") else 0
        elif tag:
            if tag == "br":
                out.append("\n")
            block = tag in _BLOCK_TAGS
            if block:
                out.append("\n")
            if element.text:
                out.append(_inline(element.text))
            for child in element:
                walk(child)
            if block:
                out.append("\n")
            elif tag in _CELL_TAGS:
                out.append(" ")
        if element.tail:
            out.append(_inline(element.tail))

    walk(root)
    text = "".join(out)
    paragraphs = [line.strip() for line in text.split("\n")]
    return [p for p in paragraphs if p], dropped[0], dropped[1]


def _inline(text: str) -> str:
    # In HTML a newline inside text is a space; paragraph breaks come from elements only.
    return re.sub(r"[ \t\r\n\f]+", " ", text)


def text_field_paragraphs(value: str) -> tuple[list[str], int, int]:
    """Paragraphs of a text field that may hold HTML (`<p>`, `<br>`, figures) or plain text with entities."""
    if looks_like_html(value):
        return html_to_paragraphs(value)
    text = unescape(value) if "&" in value else value
    if text != value and looks_like_html(text):  # markup escaped once (`&lt;script&gt;`) is still markup
        return html_to_paragraphs(text)
    return [line.strip() for line in text.split("\n") if line.strip()], 0, 0


def clean_inline_text(value: str | None) -> str | None:
    """A one-line field (title, author) with tags stripped and entities decoded."""
    if not value:
        return None
    text = re.sub(r"<[^>]+>", " ", value) if "<" in value else value
    text = " ".join(unescape(text).split())
    return text or None
