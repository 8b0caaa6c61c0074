"""Cutting pages into title, byline, dateline, body, comments, related headlines and removed boilerplate."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from frontlines.model import Comment, Document
from frontlines.read import read_paths
from frontlines.read.document import make_document
from frontlines.segment import Unsegmentable, segment

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
PAGES = ROOT / "tests" / "fixtures" / "pages"


def segmented(path: Path) -> Document:
    (doc,) = list(read_paths([path]))
    return segment(doc)


def assert_nothing_leaks_into_body(doc: Document) -> None:
    for comment in doc.comments:
        for paragraph in comment.text.split("\n\n"):
            assert paragraph not in doc.body
    for headline in doc.related_headlines:
        assert headline not in doc.body


def test_layout_a_donation_widget_and_wpdiscuz_comments() -> None:
    doc = segmented(EXAMPLES / "frontline-monitor-shaer.txt")
    assert doc.title == "Syrian Army Regains Shaer Gas Field From ISIS East Of Palmyra"
    assert doc.byline is None  # "Voiceover by" credits the narrator of the video, not the writer
    assert doc.dateline is None
    assert doc.published == dt.date(2017, 5, 14)
    assert doc.paragraphs == [
        "On Saturday, the Syrian Arab Army (SAA) and the National Defense Forces (NDF), with Russian air support, "
        "regained control of the Shaer gas field from ISIS after two days of heavy fighting.",
        "According to pro-government sources, at least 23 ISIS militants were killed in the clashes. "
        "The militant group also lost three vehicles.",
        "Meanwhile, Russian warplanes carried out airstrikes on ISIS positions 15 km south of Deir ez-Zor, "
        "the Russian Defense Ministry announced.",
        "It is worth mentioning that ISIS seized Palmyra for the second time in December 2016.",
    ]
    assert doc.comments == [
        Comment(
            author="Mark Devlin",
            text="The army killed 500 terrorists in Raqqa today, great news.\n\nPalmyra will be next, then Deir Ezzor.",
        ),
        Comment(author=None, text="Russian jets bombed Idlib and killed 40 people yesterday, nobody reports it."),
        Comment(author="aleppo_watcher", text="ISIS captured Homs again? Fake news."),
    ]
    assert doc.related_headlines == []
    for line in [
        "0 $",
        "2,500 $",
        "5,000 $",
        "100 $",
        "Support Frontline Monitor",
        "Voiceover by Chris Hale",
        "Notify of",
        "Newest Most Voted",
        "Inline Feedbacks",
        "View all comments",
        "Would love your thoughts, please comment.",
        "May 14, 2017",
    ]:
        assert line in doc.removed
    assert any("patreon.com" in line for line in doc.removed)
    assert_nothing_leaks_into_body(doc)


def test_layout_b_repeated_headline_dateline_numbered_comments_and_related() -> None:
    doc = segmented(EXAMPLES / "north-syria-monitor-raqqa.txt")
    assert doc.title == "SDF Fighters Clash With Islamic State In Raqqa's Mashlab District"
    assert doc.dateline == "Raqqa (North Syria Monitor)"
    assert doc.published == dt.date(2017, 6, 7)
    assert doc.paragraphs == [
        "Kurdish-led forces clashed with Islamic State militants in the Mashlab district of Raqqa on Tuesday, "
        "Smart News Agency reported.",
        "The Syrian Democratic Forces (SDF) seized the village of Hamrat, north of Raqqa in the province of Raqqa, "
        "on Monday, after IS fighters withdrew.",
        "Amaq News Agency claimed that its fighters killed 30 SDF fighters in a suicide car bomb attack "
        "near the Tabqa airbase.",
        "Dozens of civilians were killed in US-led coalition airstrikes on the western countryside of Raqqa "
        "last week, activists said.",
    ]
    assert doc.comments == [
        Comment(author=None, text="The army should take Deir Ezzor before the SDF does."),
        Comment(author="Abu Omar", text="Turkish shelling killed 12 people in Afrin this morning."),
    ]
    assert doc.related_headlines == [
        "Turkish Shelling Kills Five Civilians In Afrin",
        "Regime Forces Advance Near Daraa",
        "Iraqi Army Retakes Village West Of Mosul",
    ]
    for line in [
        "SDF Fighters Clash With Islamic State In Raqqa's Mashlab District",  # the repeat
        "Islamic State militants.",  # the photo caption
        "2 Comments",
        "Leave a Reply",
        "Your email address will not be published. Required fields are marked *",
    ]:
        assert line in doc.removed
    assert_nothing_leaks_into_body(doc)


def test_plain_text_page_with_byline() -> None:
    doc = segmented(EXAMPLES / "sports-derby.txt")
    assert doc.title == "Late Winner Settles Damascus Derby In Front Of A Full House"
    assert doc.byline == "Tom Reid"
    assert doc.published is None
    assert len(doc.paragraphs) == 3
    assert doc.paragraphs[0].startswith("Al-Wahda edged Al-Jaish 2-1 in the Damascus derby")
    assert "Al-Wahda defence held firm" in doc.paragraphs[1]
    assert (doc.comments, doc.related_headlines, doc.removed) == ([], [], [])


def test_wordpress_html_page() -> None:
    doc = segmented(EXAMPLES / "levant-dispatch-palmyra.html")
    assert doc.title == "Syrian Troops Recapture Palmyra From Daesh"
    assert doc.byline == "Sara Haddad"
    assert doc.published == dt.date(2017, 3, 3)
    assert doc.paragraphs == [
        "Syrian government forces, backed by the Tiger Forces and Russian jets, recaptured the city of Palmyra "
        "from Daesh on Thursday, the state news agency SANA reported.",
        "A roadside bomb killed three soldiers near the T4 airbase west of Palmyra on Wednesday, "
        "the Syrian Observatory for Human Rights said.",
        "Hundreds of people protested peacefully in Idlib city on Friday against the bombing of the province.",
    ]
    assert doc.comments == [
        Comment(
            author="Karim Aziz", text="ISIS captured Homs yesterday, 100 soldiers killed. Why is nobody reporting this?"
        ),
        Comment(
            author="Lina M.", text="Good news for the people of Palmyra.\n\nI hope the museum can be saved this time."
        ),
    ]
    assert doc.related_headlines == [
        "Rebels Shell Government-Held Districts Of Aleppo",
        "Turkish-Backed Fighters Enter Al-Bab",
        "Car Bomb Hits Checkpoint Near Azaz",
    ]
    for line in [
        "Share on Facebook",
        "Tweet",
        "Donate",
        "Become a patron",
        "Levant Dispatch is independent and reader-funded. "
        "Support our reporting with a donation via PayPal or Patreon.",
        "Leave a Reply",
        "Home",
        "Subscribe",
    ]:
        assert line in doc.removed
    assert_nothing_leaks_into_body(doc)


def test_blogger_html_page_with_nested_replies() -> None:
    doc = segmented(EXAMPLES / "astana-opinion.html")
    assert doc.title == "Why the Astana Talks Matter"
    assert doc.byline == "Nadia Karam"
    assert doc.published == dt.date(2017, 1, 20)
    assert len(doc.paragraphs) == 4
    assert doc.paragraphs[0].startswith("When delegations from the government and the armed opposition sit down")
    assert doc.paragraphs[3].endswith("without talks the answer will always be no.")
    assert doc.comments == [
        Comment(
            author="Yusuf Demir",
            text="Thank you for writing this. People forget that talking is not the same as surrendering.\n\n"
            "I hope the guarantors keep their word this time.",
        ),
        Comment(author="Nadia Karam", text="So do I, Yusuf. Small steps first."),
        Comment(author="Anonymous", text="Talks in Kazakhstan will change nothing for the people in the camps."),
    ]
    assert "Email This BlogThis! Share to Twitter Share to Facebook" in doc.removed
    assert "3 comments:" in doc.removed
    assert_nothing_leaks_into_body(doc)


def test_disqus_html_page() -> None:
    doc = segmented(PAGES / "disqus-aleppo.html")
    assert doc.title == "Shelling Hits Western Aleppo Neighbourhood"
    assert doc.byline == "Omar Khatib"
    assert doc.dateline == "ALEPPO, Syria"
    assert doc.published == dt.date(2016, 11, 2)
    assert doc.paragraphs == [
        "Rebel shelling hit the government-held Hamdaniya neighbourhood of western Aleppo on Wednesday, "
        "killing four civilians, a local hospital director told reporters.",
        "Government aircraft struck rebel positions in the eastern part of the city hours later, "
        "according to residents reached by telephone.",
        "Aid agencies have warned that food and fuel are running out in the besieged districts.",
    ]
    assert doc.comments == [
        Comment(
            author="Hassan_88",
            text="The rebels fired 200 rockets at Hamdaniya today and killed dozens, the media hides it.\n\n"
            "Where is the UN?",
        ),
        Comment(author="Maya R.", text="Russian jets bombed the Old City again tonight."),
    ]
    assert doc.related_headlines == ["Aid Convoy Reaches Besieged Madaya", "Clashes Reported Near Palmyra Oil Fields"]
    assert {"Share on Facebook", "Tweet", "You may also like", "© 2016 Syria Ledger"} <= set(doc.removed)
    assert not any("Rebel shelling hit" in line for line in doc.removed)
    assert_nothing_leaks_into_body(doc)


def test_jsonl_pages_keep_their_own_title_and_date() -> None:
    html_page, text_page, _ = read_paths([PAGES / "pages.jsonl"])
    html_doc = segment(html_page)
    assert html_doc.title == "Car Bomb Kills Six In Azaz"
    assert html_doc.published == dt.date(2017, 2, 18)
    assert html_doc.paragraphs == [
        "A car bomb exploded near a market in the northern Syrian town of Azaz on Saturday, killing six people, "
        "a rebel official said.",
        "No group immediately claimed responsibility for the blast.",
    ]
    assert html_doc.comments == [Comment(author="Sami", text="Terrible news from Azaz.")]
    text_doc = segment(text_page)
    assert text_doc.title == "Turkish Troops Enter Jarablus"
    assert len(text_doc.paragraphs) == 2 and "Turkish Troops Enter Jarablus" not in text_doc.removed


def test_hard_wrapped_text_joins_lines_into_paragraphs() -> None:
    doc = segmented(PAGES / "wrapped-wire.txt")
    assert (doc.title, doc.byline, doc.dateline) == (
        "Clashes Reported Near Hama Airport",
        "Leila Nasser",
        "HAMA, Syria",
    )
    assert doc.paragraphs == [
        "Government forces and rebels clashed near the military airport north of Hama on Sunday, a war monitor said, "
        "as the army tried to push insurgents back from the city's outskirts.",
        "The monitor said at least seven fighters were killed on both sides in the fighting, which began before dawn "
        "and lasted into the afternoon.",
        "Rebel groups said they had repelled an attack on the village of Souran, north of the airport.",
    ]


def test_latin1_page_segments_with_accents_intact() -> None:
    doc = segmented(PAGES / "latin1-deir-ez-zor.txt")
    assert doc.title == "Fighting Near Deir ez-Zor Airport"
    assert doc.byline == "Pierre Lefèvre"
    assert "the café where journalists used to meet" in doc.body


def test_html_without_body_gives_an_empty_body() -> None:
    doc = segmented(PAGES / "no-body.html")
    assert doc.title == "Shelling Reported Near Hama"
    assert doc.body == ""
    assert doc.comments == []


@pytest.mark.parametrize(
    "raw",
    ["", "<<<>>> </div></p><html <body <<p>>>", "<html></html>", "<div>" * 250 + "x", "\x00\x01<p>", "<?xml?><a"],
)
def test_garbage_html_never_raises(raw: str) -> None:
    doc = segment(Document(id="x", raw=raw, raw_kind="html"))
    assert isinstance(doc.body, str)


def test_html_nested_past_the_parsers_depth_is_refused_with_its_reason() -> None:
    # libxml2 drops what lies deeper than 256 elements: refused rather than read in part unseen.
    with pytest.raises(Unsegmentable, match="nested 256 elements deep"):
        segment(Document(id="x", raw="<div>" * 3000 + "x", raw_kind="html"))


def test_html_fragment_is_read() -> None:
    doc = segment(
        Document(id="x", raw="<p>Rebels shelled Aleppo on Monday, killing three people.</p>", raw_kind="html")
    )
    assert doc.body == "Rebels shelled Aleppo on Monday, killing three people."


def test_written_by_byline_related_header_and_signed_comments() -> None:
    raw = (
        "Army Shells Rebel Positions Near Daraa\n\n"
        "Written by Jane Doe\n\n"
        "Government artillery shelled rebel positions east of Daraa on Friday, a monitor said.\n\n"
        "Read more\n"
        "Rebels Retake Hill Near Quneitra\n"
        "Aid Reaches Eastern Ghouta\n\n"
        "Comments\n\n"
        "The shelling went on all night.\n"
        "Posted by: Samir | Jun 9, 2017 10:02 PM\n"
        "Nobody cares about Daraa.\n"
        "Posted by: Rana K | Jun 10, 2017 8:15 AM\n"
    )
    doc = segment(Document(id="x", raw=raw))
    assert (doc.title, doc.byline) == ("Army Shells Rebel Positions Near Daraa", "Jane Doe")
    assert doc.paragraphs == ["Government artillery shelled rebel positions east of Daraa on Friday, a monitor said."]
    assert doc.related_headlines == ["Rebels Retake Hill Near Quneitra", "Aid Reaches Eastern Ghouta"]
    assert doc.comments == [
        Comment(author="Samir", text="The shelling went on all night."),
        Comment(author="Rana K", text="Nobody cares about Daraa."),
    ]
    assert "Read more" in doc.removed and "Comments" in doc.removed


def test_segment_returns_a_copy_and_keeps_a_known_date() -> None:
    (doc,) = list(read_paths([EXAMPLES / "levant-dispatch-palmyra.html"], published=dt.date(2017, 3, 4)))
    result = segment(doc)
    assert result.published == dt.date(2017, 3, 4)
    assert doc.body == "" and doc.title is None
    assert result.raw == doc.raw and result.id == doc.id


def _packages_imported_by_segmenting(path: Path, packages: set[str]) -> str:
    """Which of `packages` a fresh interpreter imports to read and segment `path`."""
    code = (
        "import sys; from frontlines.read import read_paths; from frontlines.segment import segment; "
        f"[segment(d) for d in read_paths([{str(path)!r}])]; "
        f"print(sorted(m for m in sys.modules if m.split('.')[0] in {packages!r}))"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_segment_loads_no_nlp_model() -> None:
    assert _packages_imported_by_segmenting(EXAMPLES, {"spacy", "thinc", "torch", "transformers"}) == "[]"


@pytest.mark.parametrize(
    "line", ["Related Posts", "Related:", "Comments (3)", "Share this", "Posted in: News", "Rebels retake the hill", ""]
)
@pytest.mark.parametrize("kind", ["related_start", "comments_start", "widget"])
def test_is_kind_agrees_with_kind_of(line: str, kind: str) -> None:
    from frontlines.segment.lines import is_kind, kind_of

    assert is_kind(line, kind) == (kind_of(line) == kind)  # type: ignore[arg-type]


def test_page_metadata_is_trafilaturas() -> None:
    from trafilatura.metadata import extract_metadata
    from trafilatura.utils import load_html

    from frontlines.segment.html import _read_metadata, _set_metadata
    from frontlines.segment.parts import Parts

    page = load_html(
        "<html><head><title>Rebels retake hill | @northmonitor</title>"
        '<meta name="author" content="Abu Omar"><meta property="article:published_time" content="2017-06-07">'
        '<meta property="article:tag" content="Syria"></head>'
        "<body><article><h1>Rebels retake hill</h1><p>Fighting went on.</p></article></body></html>"
    )
    meta = extract_metadata(page, default_url="https://www.monitor.example/a", extensive=False)
    parts = Parts()
    _set_metadata(_read_metadata(page, "https://www.monitor.example/a"), page, parts)
    assert (parts.title, parts.byline, parts.sitename, parts.published) == (
        meta.title, meta.author, meta.sitename, dt.date(2017, 6, 7)
    )
    assert meta.date == "2017-06-07"


def test_marked_comment_keeps_its_timestamp_and_drops_its_counters() -> None:
    item = (
        '<li class="comment"><div class="comment-author"><cite class="fn">{name}</cite> says:</div>'
        '<div class="comment-meta">November 10, 2012 at 11:03 am</div>{text}<div>+3</div>'
        '<div class="reply"><a href="#">Reply</a></div></li>'
    )
    raw = (
        "<html><body><article><h1>Army Shells Rebel Positions Near Daraa</h1><p>Government artillery shelled rebel "
        "positions east of Daraa on Friday, a monitor said, and residents fled.</p></article>"
        '<ol class="commentlist">'
        + item.format(name="Samir", text="<p>Buckwheat seeds</p>")
        + item.format(name="Rana K", text="")
        + "</ol></body></html>"
    )
    doc = segment(Document(id="x", raw=raw, raw_kind="html"))
    assert doc.comments == [Comment(author="Samir", text="November 10, 2012 at 11:03 am\n\nBuckwheat seeds")]


def test_a_commenters_name_is_not_the_byline() -> None:
    # The page names no author in its markup; trafilatura's author search of the whole page would
    # take the commenter's "comment-author" box for the byline.
    page = (
        "<html><head><title>Rebels retake hill</title></head><body><article><h1>Rebels retake hill</h1>"
        "<p>Rebel fighters retook the hill above the town on Tuesday after two days of shelling.</p>"
        "<p>Residents said the road to the north was closed again by the evening.</p></article>"
        '<div class="post-comments"><div class="comment" id="comment-1">'
        '<div class="comment-author">Devin says:</div>'
        '<div class="comment-content"><p>The road has been closed since Monday, not Tuesday.</p></div>'
        "</div></div></body></html>"
    )
    doc = segment(make_document(page, "html", "page.html", source=None, url=None, published=None))
    assert doc.byline is None
    assert [(c.author, c.text) for c in doc.comments] == [("Devin", "The road has been closed since Monday, not Tuesday.")]


def test_segmenting_html_imports_no_feed_or_archive_reader() -> None:
    assert _packages_imported_by_segmenting(EXAMPLES / "levant-dispatch-palmyra.html", {"feedparser", "warcio"}) == "[]"


@pytest.mark.parametrize(
    "text",
    [
        "Three coalition airstrikes hit a gas station in Farwah area of Sehar district",
        "YPG fighters carried out an ATGM strike in the vicinity of Ali Baski village in northwest Afrin. No fatalities reported",
    ],
)
def test_a_page_of_one_line_is_its_body(text: str) -> None:
    doc = segment(make_document(text, "text", "brief.txt"))
    assert doc.body == text and doc.title is None


def test_a_headline_over_comments_stays_a_title() -> None:
    page = "Rebels retake the hill\n\nComments (2)\n\nAbu Omar\nGood news for the town.\n"
    doc = segment(make_document(page, "text", "page.txt"))
    assert doc.title == "Rebels retake the hill" and doc.body == ""
