"""HTML article pages: main text and metadata with trafilatura (fragments in fields: `markup`).

A page's main text comes from `trafilatura.bare_extraction` with deduplication off (its repeated-text cache is
per process, so output would depend on the order files are read), comments, images and figures left out; figure
captions and photo credits never reach the body. Metadata: title, authors, canonical URL and site name from
trafilatura and the page's own `<meta>`/JSON-LD; the published time from `article:published_time`, JSON-LD
`datePublished`, `<time datetime>` and similar (with its time and zone; trafilatura's date is day-only and is the
fallback).
"""

from __future__ import annotations

import json
import re
from typing import Any

import lxml.etree
import lxml.html

from transforms.common.publishers import publisher_from_domain
from transforms.dates.published import parse_datetime
from transforms.ingest.article import build_article
from transforms.ingest.parsers.markup import XML_DECL
from transforms.ingest.records import ParsedArticle

_PRUNE_XPATH = [
    # a figure holds media and a caption; one with a lot of text is an unclosed tag that swallowed the body
    "//figure[string-length(normalize-space(.)) < 600]",
    "//figcaption",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' caption ')]",
    "//*[contains(@class, 'photo_desc') or contains(@class, 'img_desc') or contains(@class, 'wp-caption-text')]",
]


# --- page metadata ------------------------------------------------------------------------------------------

_DATE_META = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "published_time",
    "article.published",
    "datepublished",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "publication_date",
    "dc.date.issued",
    "dcterms.issued",
    "dc.date",
    "dcterms.created",
    "date",
    "sailthru.date",
    "parsely-pub-date",
    "article_date_original",
    "originalpublicationdate",
    "cxenseparse:recs:publishtime",
    "dable:published_time",
    "nv:news:published_time",
)


def _jsonld_objects(tree: lxml.html.HtmlElement) -> list[dict]:
    objects: list[dict] = []
    for script in tree.xpath("//script[@type='application/ld+json']")[:20]:
        raw = re.sub(r"^\s*(?:<!\[CDATA\[|<!--)|(?:\]\]>|-->)\s*$", "", (script.text_content() or "").strip())
        try:
            data = json.loads(raw.strip().rstrip(";"))
        except (ValueError, RecursionError):
            continue
        stack = [data]
        while stack and len(objects) < 200:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item[:50])
            elif isinstance(item, dict):
                objects.append(item)
                if isinstance(item.get("@graph"), list):
                    stack.extend(item["@graph"][:50])
    return objects


def _is_article_type(obj: dict) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and ("Article" in k or k in {"BlogPosting", "Report"}) for k in kinds)


def page_metadata(tree: lxml.html.HtmlElement) -> dict:
    """Canonical URL, site name, published time, authors and title from `<link>`, `<meta>`, `<time>`, JSON-LD."""
    meta: dict[str, str] = {}
    for element in tree.xpath("//meta[@content]")[:500]:
        key = (
            (element.get("property") or element.get("name") or element.get("itemprop") or "").strip().lower()
        )
        if key and key not in meta:
            meta[key] = element.get("content") or ""
    result: dict = {}
    canonical = tree.xpath("//link[translate(@rel, 'CANONICAL', 'canonical')='canonical']/@href")
    if canonical and canonical[0].strip().startswith("http"):
        result["url"] = canonical[0].strip()
    elif meta.get("og:url", "").startswith("http"):
        result["url"] = meta["og:url"].strip()
    if meta.get("og:site_name"):
        result["site_name"] = meta["og:site_name"].strip()
    for key in _DATE_META:
        if meta.get(key) and parse_datetime(meta[key]):
            result["published"] = meta[key]
            break
    jsonld = _jsonld_objects(tree)
    articles = [o for o in jsonld if _is_article_type(o)] or jsonld
    if "published" not in result:
        for obj in articles:
            value = obj.get("datePublished") or obj.get("dateCreated")
            if isinstance(value, str) and parse_datetime(value):
                result["published"] = value
                break
    if "published" not in result:
        for element in tree.xpath("//time[@datetime]")[:20]:
            value = element.get("datetime")
            if value and re.search(r"\d{4}-\d{2}-\d{2}", value) and parse_datetime(value):
                result["published"] = value
                break
    authors: list[str] = []
    for obj in articles:
        author = obj.get("author")
        for item in author if isinstance(author, list) else [author]:
            name = item.get("name") if isinstance(item, dict) else item
            if isinstance(name, str) and name.strip() and name.strip() not in authors:
                authors.append(name.strip())
    for key in ("author", "article:author", "dable:author", "byl", "sailthru.author", "parsely-author"):
        value = meta.get(key, "").strip()
        if value and not value.startswith("http") and value not in authors:
            authors.append(value)
    result["authors"] = authors
    for obj in articles:
        headline = obj.get("headline")
        if isinstance(headline, str) and headline.strip():
            result["headline"] = headline.strip()
            break
    publisher = next((o.get("publisher") for o in articles if isinstance(o.get("publisher"), dict)), None)
    if publisher and isinstance(publisher.get("name"), str) and "site_name" not in result:
        result["site_name"] = publisher["name"].strip()
    return result


# --- pages --------------------------------------------------------------------------------------------------


def _trafilatura_config():
    from trafilatura.settings import use_config

    config = use_config()
    config.set("DEFAULT", "EXTRACTION_TIMEOUT", "0")
    return config


_CONFIG = None


def _skip_license_search() -> None:
    """trafilatura looks for a licence under every footer (`.//footer//a[@href]`), which is quadratic in nested
    footers: a page with 200 unclosed `<footer>`s (found by `make fuzz`: a real page with a slice repeated) took
    8 s there, past the time limit per file. No article field comes from the licence, so the search is skipped."""
    import trafilatura.metadata

    trafilatura.metadata.extract_license = lambda tree: None


def extract_main_text(markup: str, *, url: str | None = None, favor: str = "balanced"):
    """trafilatura's `Document` for a page (None when it finds no main text). Deterministic: no dedup cache."""
    global _CONFIG
    import trafilatura

    if _CONFIG is None:
        _CONFIG = _trafilatura_config()
        _skip_license_search()
    try:
        return _bare_extraction(trafilatura, markup, url, favor, with_metadata=True)
    except AssertionError:
        # htmldate's date search drops every <script> from the tree and asserts each has a parent, which a script
        # parsed at the root of a broken page (`<body><script><html>`) has not: the text without metadata then
        return _bare_extraction(trafilatura, markup, url, favor, with_metadata=False)


def _bare_extraction(
    trafilatura: Any, markup: str, url: str | None, favor: str, *, with_metadata: bool
) -> Any:
    return trafilatura.bare_extraction(
        markup,
        url=url,
        with_metadata=with_metadata,
        include_comments=False,
        include_images=False,
        include_tables=True,
        include_links=False,
        include_formatting=False,
        deduplicate=False,
        favor_precision=favor == "precision",
        favor_recall=favor == "recall",
        prune_xpath=_PRUNE_XPATH,
        date_extraction_params={"extensive_search": False, "original_date": True},
        config=_CONFIG,
    )


_TITLE_SPLIT = re.compile(r"\s+(?:[|»–—-]|::)\s+|\s*[｜]\s*")


def clean_title(title: str | None, site_name: str | None, url: str | None) -> str | None:
    """A page title without the site's name glued on (`… | Yonhap News Agency`, `LinkNaija | …`)."""
    if not title:
        return title
    parts = _TITLE_SPLIT.split(title)
    if len(parts) < 2:
        return title
    host = re.sub(r"^[a-z]+://", "", (url or "").lower()).split("/")[0]
    labels = {
        label for label in host.split(".") if len(label) > 2 and label not in {"www", "com", "net", "org"}
    }
    known_name, _ = publisher_from_domain(host or None)
    marks = {m.casefold() for m in (site_name, known_name) if m} | labels

    def is_site(part: str) -> bool:
        folded = part.casefold().strip()
        squashed = re.sub(r"[^\w]", "", folded)
        return bool(folded) and any(
            mark and (mark in folded or folded in mark or mark in squashed) for mark in marks
        )

    while len(parts) > 1 and is_site(parts[-1]):
        parts.pop()
    while len(parts) > 1 and is_site(parts[0]):
        parts.pop(0)
    if len(parts) == len(_TITLE_SPLIT.split(title)):
        return title
    cleaned = title[title.find(parts[0]) : title.rfind(parts[-1]) + len(parts[-1])].strip()
    return cleaned or title


def parse_html(text: str, *, url: str | None = None) -> ParsedArticle:
    """One HTML article page → `ParsedArticle` (main text, title, authors, published time, URL, publisher)."""
    markup = XML_DECL.sub("", text)
    visible_chars = len(text)
    try:
        tree = lxml.html.document_fromstring(markup)
        meta = page_metadata(tree)
        visible_chars = sum(
            len(t) for t in tree.xpath("//body//text()[not(ancestor::script) and not(ancestor::style)]")
        )
    except (lxml.etree.ParserError, ValueError):
        meta = {"authors": []}
    document = extract_main_text(markup, url=url)
    body_lines: list[str] = []
    title = meta.get("headline")
    authors = list(meta.get("authors", []))
    site_name = meta.get("site_name")
    page_url = meta.get("url") or url
    published = meta.get("published")
    if document is not None:
        body_lines = (document.text or "").split("\n")
        title = document.title or title
        if document.author:
            for name in document.author.split(";"):
                if name.strip() and name.strip() not in authors:
                    authors.insert(0, name.strip())
        site_name = site_name or document.sitename
        page_url = page_url or document.url
        published = published or document.date
    article = build_article(
        body_lines,
        title=clean_title(title, site_name, page_url),
        url=page_url,
        published=published,
        authors=authors,
        site_name=site_name,
        raw_char_count=visible_chars,
    )
    # Of the page's visible text, what did not become body: navigation, related links, captions, bylines.
    article.removed_char_count = max(article.removed_char_count, visible_chars - len(article.body_text))
    return article
