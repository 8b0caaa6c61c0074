"""HTML pages → parts.

trafilatura reads the title, author, date and article body. It is weak on reader comments (they
often end up in the body), so comment threads and related-story lists are found here first, by the
markup of WordPress, Blogger, Disqus, Movable Type and by class names, and cut out of the tree before
trafilatura sees it. Share and donation widget text that trafilatura keeps is dropped line by line
(`parts.finish_body`). `removed` lists every visible text block of the page that ended up nowhere
else, so nothing is dropped unseen.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable

import trafilatura
from htmldate import find_date
from lxml import etree
from lxml.html import HtmlElement
from trafilatura.metadata import (
    META_URL,
    examine_meta,
    extract_author,
    extract_meta_json,
    extract_sitename,
    extract_title,
    extract_url,
)
from trafilatura.settings import Document as TrafilaturaDocument
from trafilatura.settings import set_date_params
from trafilatura.utils import load_html

from ..lexicons import alternation, words
from ..model import Comment
from ..read.document import parse_published
from .comments import Line, parse_comments
from .lines import (
    is_kind,
    is_title,
    kind_of,
    normalize,
    signature_name,
)
from .parts import Parts, finish_body

# HTML tag names (_INVISIBLE, _BLOCK, _CELL, _INLINE, _HEADINGS) are the markup's grammar, not word lists.
_INVISIBLE = frozenset(
    {"head", "script", "style", "noscript", "template", "svg", "iframe", "object", "select", "button"}
)
# In trafilatura's output <head> is a heading, not the page's <head>.
_INVISIBLE_IN_OUTPUT = _INVISIBLE - {"head"}
# Blocks of page HTML and of trafilatura's output XML (head, item, row, quote, lb).
_BLOCK = {
    "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre",
    "table", "tr", "article", "section", "header", "footer", "nav", "aside", "main", "figure",
    "figcaption", "form", "address", "cite", "hr", "br", "head", "item", "row", "quote", "lb", "list", "code",
}  # fmt: skip
_CELL = {"td", "th", "cell"}
_INLINE = {"a", "span", "b", "i", "em", "strong", "time", "abbr", "img", "input", "label", "textarea", "small"}
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

# The class names and name parts below: data/segment_words.tsv and data/segment_patterns.tsv.
# WordPress writes the post's categories and tags into its classes ("category-worth-sharing").
_TAXONOMY = re.compile(rf"(?:{alternation('segment_patterns.tsv', 'wordpress_class_prefix')})-")
# Comment counters, "Recent comments" sidebars, comment links and icons in a post's header: not a thread.
_NOT_A_THREAD = re.compile(alternation("segment_patterns.tsv", "not_a_thread_name"))
_COMMENT_ITEM_CLASSES = set(words("segment_words.tsv", "comment_item_class"))
_COMMENT_ITEM_ID = re.compile(r"(?:comment|c)[-_]?\d+")
_AUTHOR_CLASSES = words("segment_words.tsv", "author_class")  # tried in this order
_CONTENT_CLASSES = set(words("segment_words.tsv", "content_class"))
# Linear on a run of 100,000 spaces: the lookbehind starts a match only where a run starts (from
# inside it every start would scan the rest), and the possessive `\s*+` gives no space back to be
# tried again by the `\s*` after it.
_SAYS = re.compile(
    rf"(?<!\s)\s*\b(?:{alternation('segment_patterns.tsv', 'says_verb')})\s*+(?::|\.\.\.|…)?\s*+$", re.IGNORECASE
)
_COMMENT_NAME = re.compile(alternation("segment_patterns.tsv", "comment_name"))
_RELATED_NAME = re.compile(alternation("segment_patterns.tsv", "related_name"))
_NAMED = etree.XPath("//*[@id or @class]")
_CHROME = etree.XPath(
    "//script[not(@type='application/ld+json')]|//head/*[not(self::script)]|//style|//noscript|//template"
    "|//svg|//iframe|//object|//nav|//aside|//footer|//select|//button|//input"
)
# Headings and labels short enough to be a list's title ("Related Posts", "You may also like").
_SHORT_LABELS = etree.XPath(
    "//*[self::h2 or self::h3 or self::h4 or self::h5 or self::h6 or self::strong or self::p or self::span"
    " or self::div][string-length(normalize-space()) <= 40]"
)
_ARTICLE = etree.XPath(
    "descendant-or-self::*[self::h1 or contains(@itemprop, 'articleBody')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' entry-content ')"
    " or contains(concat(' ', normalize-space(@class), ' '), ' article-body ')]"
)
# A related-stories box is mostly link text; one that is not may be the story itself.
_RELATED_LINK_SHARE = 0.5
_SHORT_BLOCK_WORDS = 5
_WORDS = re.compile(r"\w+")
_MIN_UNMARKED_COMMENT_WORDS = 4
# What sets a comment's timestamp apart from its other counters ("+3", "2 votes"): a year, a clock time or "ago".
_WHEN_POSTED = re.compile(r"\b\d{4}\b|\d[:.]\d\d|\bago\b", re.IGNORECASE)


class Unsegmentable(ValueError):
    """A page that cannot be read whole: its reason is the skip's."""


# libxml2 builds no element deeper than this (its XML_PARSE_HUGE limit is deeper, and the same),
# and drops the text below without a word.
_MAX_DEPTH = 256


def segment_html(raw: str, *, url: str | None = None, title: str | None = None) -> Parts:
    parts = Parts(title=title)
    tree = _parse(raw)
    if tree is None:
        return parts
    if _depth(tree) >= _MAX_DEPTH:
        raise Unsegmentable(f"HTML nested {_MAX_DEPTH} elements deep: the parser drops the text below that")
    # HTML comments would hide the text after them from `_blocks` (lxml's iterwalk skips them).
    etree.strip_tags(tree, etree.Comment, etree.ProcessingInstruction)
    page_blocks = _blocks(tree)
    meta = _read_metadata(tree, url)

    comment_named, related_named = _named(tree)
    threads = _comment_threads(tree, comment_named)
    in_threads = {node for thread in threads for node in thread}
    related = [r for r in _related_boxes(tree, related_named) if not any(a in in_threads for a in r.iterancestors())]
    for thread in threads:
        parts.comments += _comments(thread)
    for box in related:
        parts.related += [h for h in _headlines(box) if h not in parts.related]
    for node in _outermost([*in_threads, *related]):
        node.drop_tree()
    _set_metadata(meta, tree, parts)
    # What trafilatura cleans out of its copy of the page before reading it: gone here, its several
    # copies of the tree and its searches of them (for boilerplate, and its readability fallback's)
    # are shorter. JSON-LD stays: it tells trafilatura a forum thread from an article.
    for node in _CHROME(tree):
        node.drop_tree()

    extracted = trafilatura.bare_extraction(
        tree, url=url, include_comments=False, favor_precision=True, with_metadata=False, deduplicate=False
    )
    if extracted is not None and extracted.body is not None:
        parts.paragraphs = _blocks(extracted.body, hidden=_INVISIBLE_IN_OUTPUT)
    finish_body(parts)
    parts.removed = _unused(page_blocks, parts)
    return parts


def _depth(tree: HtmlElement) -> int:
    depth = deepest = 0
    for event, _ in etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest


def _parse(raw: str) -> HtmlElement | None:
    try:
        # trafilatura refuses a bare fragment ("<p>...</p>" alone, as a jsonl "html" field may hold).
        tree = load_html(raw)
        return tree if tree is not None else load_html(f"<html><body>{raw}</body></html>")
    except (ValueError, etree.LxmlError):
        return None


def _read_metadata(tree: HtmlElement, url: str | None) -> TrafilaturaDocument:
    """trafilatura's `extract_metadata` for the fields a page's parts hold: it also sweeps the
    whole tree for categories, tags and a license, which take it a third of its time."""
    meta = examine_meta(tree)
    if meta.author and " " not in meta.author:
        meta.author = None
    try:
        meta = extract_meta_json(tree, meta)
    except Exception:  # trafilatura's own guard: its JSON-LD reader fails on odd markup
        logging.getLogger(__name__).debug("unreadable JSON-LD metadata", exc_info=True)
    meta.title = meta.title or extract_title(tree)
    meta.url = meta.url or extract_url(tree, url)
    # extensive_search=False: htmldate reads the date from markup (meta tags, JSON-LD, <time>, URL)
    # and does not scan the page's text for any date-like string, which is slow and often wrong.
    meta.date = find_date(tree, **{**set_date_params(extensive=False), "url": meta.url})
    meta.sitename = (meta.sitename or extract_sitename(tree) or "").lstrip("@")
    if meta.sitename and "." not in meta.sitename and not meta.sitename[0].isupper():
        meta.sitename = meta.sitename.title()
    meta.sitename = meta.sitename or _host_name(meta.url)
    return meta


def _set_metadata(meta: TrafilaturaDocument, article: HtmlElement, parts: Parts) -> None:
    """The page's metadata into `parts`, with the author, if the page's meta tags and JSON-LD name
    none, searched for in `article`: the page without its comment threads, whose commenters'
    names that search would otherwise take for the byline ("Devin says")."""
    meta.author = meta.author or extract_author(article)
    meta.clean_and_trim()
    parts.title = parts.title or meta.title
    parts.byline = meta.author
    parts.sitename = meta.sitename
    parts.published = parse_published(meta.date)


def _host_name(url: str | None) -> str | None:
    match = META_URL.match(url) if url else None
    return match[1] if match else None


def _named(tree: HtmlElement) -> tuple[list[HtmlElement], list[HtmlElement]]:
    """Elements whose id or class names a comment section, and those that name a related-stories
    list, in page order (one pass over the page's named elements for both)."""
    comments, related = [], []
    for el in _NAMED(tree):
        names = f"{el.get('id', '')} {el.get('class', '')}".lower()
        maybe_comments, maybe_related = _COMMENT_NAME.search(names), _RELATED_NAME.search(names)
        if not (maybe_comments or maybe_related):
            continue
        tokens = _tokens(el)
        if maybe_comments and any(_COMMENT_NAME.search(t) and not _NOT_A_THREAD.search(t) for t in tokens):
            comments.append(el)
        if maybe_related and any(_RELATED_NAME.search(t) for t in tokens):
            related.append(el)
    return comments, related


def _tokens(el: HtmlElement) -> list[str]:
    names = f"{el.get('id', '')} {el.get('class', '')}".lower().split()
    return [name for name in names if not _TAXONOMY.match(name)]


def _is_box(el: HtmlElement) -> bool:
    """Could the element be a page section (not inline, not the whole page, not holding the article)?"""
    return el.tag not in _INLINE and el.tag not in ("html", "body") and not _ARTICLE(el)


def _outermost(nodes: Iterable[HtmlElement]) -> list[HtmlElement]:
    """The nodes that no other given node contains, in page order (a set alone would order them
    by memory address, and comments would change order from run to run)."""
    ordered = list(dict.fromkeys(nodes))
    chosen = set(ordered)
    return [n for n in ordered if not any(a in chosen for a in n.iterancestors())]


def _outermost_where(candidates: list[HtmlElement], keep: Callable[[HtmlElement], bool]) -> list[HtmlElement]:
    """`_outermost` of the page-ordered candidates that `keep` accepts. `keep` searches an element's
    subtree, so it is asked only of candidates that no accepted one contains (on comment threads
    every comment item and its parts are named "comment-…" too)."""
    kept: list[HtmlElement] = []
    chosen: set[HtmlElement] = set()
    for el in candidates:
        if not any(a in chosen for a in el.iterancestors()) and keep(el):
            kept.append(el)
            chosen.add(el)
    return kept


def _comment_threads(tree: HtmlElement, named: list[HtmlElement]) -> list[list[HtmlElement]]:
    """Comment sections: elements whose id or class names comments (WordPress `#comments`,
    `ol.commentlist`, Blogger `.comments`, Disqus `#disqus_thread`), and, on blogs that mark
    nothing, a "Comments" heading with everything after it in its parent."""
    marked = _outermost_where(named, _is_box)
    threads = []
    taken = {el for el in marked if el.tag not in _HEADINGS}
    for heading in tree.iter(*_HEADINGS):
        if heading in taken or any(a in taken for a in heading.iterancestors()):
            continue
        if heading in marked or is_kind(heading.text_content(), "comments_start"):
            run = _run_after(heading)
            threads.append(run)
            taken.update(run)
    in_runs = {node for run in threads for node in run}
    threads += [[el] for el in marked if el not in in_runs and not any(a in in_runs for a in el.iterancestors())]
    return threads


def _run_after(heading: HtmlElement) -> list[HtmlElement]:
    run = [heading]
    sibling = heading.getnext()
    while sibling is not None and not _ARTICLE(sibling):
        if sibling.tag in _HEADINGS and kind_of(sibling.text_content()) not in ("comments_start", "comments_end"):
            break
        run.append(sibling)
        sibling = sibling.getnext()
    return run


def _comments(thread: list[HtmlElement]) -> list[Comment]:
    forms = [form for node in thread for form in node.iter("form")]
    disqus = any("disqus" in t for node in thread for t in _tokens(node))
    items = [el for node in thread for el in node.iter(etree.Element) if _is_comment_item(el, disqus)]
    if not items:
        # A thread without per-comment markup: read its lines as a flattened comment section, and
        # leave out scraps of widget text ("Pending Comments", "View FAQ") that no pattern knows.
        blocks = [b for node in thread for b in _blocks(node, skip=forms) if kind_of(b) is None]
        comments = parse_comments([Line(b, 0) for b in blocks])[0]
        return [c for c in comments if c.author or len(c.text.split()) >= _MIN_UNMARKED_COMMENT_WORDS]
    owned = _owned(thread, set(items))
    comments = []
    for item in items:
        own = owned[item]
        author = _author(own)
        content = [el for el in own if _CONTENT_CLASSES & set((el.get("class") or "").split())]
        replies = [el for el in item.iterdescendants() if el in owned]
        paragraphs = []
        has_text = False
        for block in (b for el in content or [item] for b in _blocks(el, skip=replies + forms)):
            signed = signature_name(block)
            author = author or signed
            # The line that dates a comment is all the page says of when it was posted, and Comment has
            # no field for it: it stays in the text, as the reader saw it.
            if signed or _is_timestamp(block):
                paragraphs.append(block)
            elif not (kind_of(block) or normalize(_SAYS.sub("", block)) == author):
                paragraphs.append(block)
                has_text = True
        if has_text:
            comments.append(Comment(author=author or _signed_after(item), text="\n\n".join(paragraphs)))
    return comments


def _is_timestamp(block: str) -> bool:
    return is_kind(block, "comment_meta") and _WHEN_POSTED.search(block) is not None


def _is_comment_item(el: HtmlElement, disqus: bool) -> bool:
    classes = set((el.get("class") or "").split())
    if classes & _COMMENT_ITEM_CLASSES or "schema.org/Comment" in (el.get("itemtype") or ""):
        return True
    if el.tag in ("li", "div", "article") and _COMMENT_ITEM_ID.fullmatch(el.get("id", "")):
        return True
    return disqus and el.tag == "li" and "post" in classes


def _owned(thread: list[HtmlElement], items: set[HtmlElement]) -> dict[HtmlElement, list[HtmlElement]]:
    """For each comment item, its elements that are not part of a reply nested in it."""
    owned: dict[HtmlElement, list[HtmlElement]] = {item: [] for item in items}
    for node in thread:
        owner: dict[HtmlElement, HtmlElement | None] = {node: node if node in items else None}
        for el in node.iterdescendants(etree.Element):
            parent = el.getparent()
            owner[el] = parent if parent in items else owner[parent]
            if owner[el] is not None and el not in items:
                owned[owner[el]].append(el)
    return owned


def _author(own: list[HtmlElement]) -> str | None:
    classes = [(el, (el.get("class") or "").split()) for el in own]
    for wanted in _AUTHOR_CLASSES:
        for el, names in classes:
            if wanted in names or (wanted == "author" and el.get("itemprop") == "author"):
                name = normalize(_SAYS.sub("", el.text_content()))
                if name and len(name.split()) <= 6:
                    return name
    cite = next((el for el in own if el.tag == "cite"), None)
    return (normalize(cite.text_content()) or None) if cite is not None else None


def _signed_after(item: HtmlElement) -> str | None:
    """Movable Type and TypePad sign a comment in the element after it ("Posted by: tj at ...")."""
    following = item.getnext()
    return signature_name(following.text_content()) if following is not None else None


def _related_boxes(tree: HtmlElement, named: list[HtmlElement]) -> list[HtmlElement]:
    marked = _outermost_where(named, lambda el: _is_box(el) and _mostly_links(el))
    return _outermost([*marked, *_related_by_heading(tree)])


def _mostly_links(el: HtmlElement) -> bool:
    text = len(normalize(el.text_content()))
    links = sum(len(normalize(a.text_content())) for a in el.iter("a"))
    return links >= _RELATED_LINK_SHARE * text


def _related_by_heading(tree: HtmlElement) -> list[HtmlElement]:
    """The list after a "Related" / "Read more" / "You may also like" heading."""
    found = []
    for heading in _SHORT_LABELS(tree):
        if not is_kind(heading.text_content(), "related_start"):
            continue
        following = heading.getnext()
        while following is None and heading.getparent() is not None and heading.tag in _INLINE:
            heading = heading.getparent()
            following = heading.getnext()
        if (
            following is not None
            and following.tag in ("ul", "ol", "div")
            and _is_box(following)
            and following.find(".//a") is not None
            and _mostly_links(following)
        ):
            found += [heading, following]
    return found


def _headlines(box: HtmlElement) -> list[str]:
    found = []
    for link in box.iter("a"):
        text = normalize(link.text_content())
        if is_title(text) and len(text.split()) >= 3 and text not in found:
            found.append(text)
    return found


def _blocks(root: HtmlElement, skip: Iterable[HtmlElement] = (), hidden: frozenset[str] = _INVISIBLE) -> list[str]:
    """The visible text of `root`, one string per block element (and per line break)."""
    skipped = set(skip)
    out: list[str] = []
    buffer: list[str] = []

    def flush() -> None:
        text = normalize("".join(buffer))
        buffer.clear()
        if text:
            out.append(text)

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, el in walker:
        tag = el.tag if isinstance(el.tag, str) else None
        if event == "start":
            if tag is None or tag in hidden or el in skipped:
                walker.skip_subtree()
                continue
            if tag in _BLOCK:
                flush()
            elif tag in _CELL:
                buffer.append(" ")
            buffer.append(el.text or "")
        else:
            if tag in _BLOCK:
                flush()
            elif tag in _CELL:
                buffer.append(" ")
            if el is not root:
                buffer.append(el.tail or "")
    flush()
    return out


def _unused(page_blocks: list[str], parts: Parts) -> list[str]:
    """Page blocks found in no part: what the segmenter dropped."""
    units = [parts.title, parts.byline, parts.dateline, *parts.paragraphs, *parts.related]
    units += [c.author for c in parts.comments] + [p for c in parts.comments for p in c.text.split("\n\n")]
    exact = {u for u in units if u}
    # A long block may be a part cut differently (the dateline and its dash off the first paragraph),
    # so it is looked for word by word; a short one like "Syria" in a menu is in the body by chance.
    words = " ".join(_WORDS.findall(" ".join(u for u in units if u)))
    unused: dict[str, None] = {}
    for block in page_blocks:
        if block in exact:
            continue
        if len(block.split()) >= _SHORT_BLOCK_WORDS and " ".join(_WORDS.findall(block)) in words:
            continue
        unused[block] = None
    return list(unused)
