"""Footnotes and video embeds in editors' Markdown: made by the converter, kept by the sanitizer,
and never forged by HTML an editor types."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from supplements_cms.content.markdown import render_markdown, video_of
from tests.factories import make_article

VIDEO = "dQw4w9WgXcQ"


def soup_of(text: str) -> BeautifulSoup:
    return BeautifulSoup(render_markdown(text), "html.parser")


def test_footnotes_link_to_their_note_and_back():
    soup = soup_of(
        "Magnesium is common[^1] and cheap[^cost].\n\n[^1]: In nuts.\n\n[^cost]: Mostly."
    )

    refs = soup.select("sup[id^=fnref] > a.footnote-ref")
    assert [(a.parent["id"], a["href"], a.get_text()) for a in refs] == [
        ("fnref-1", "#fn-1", "1"),
        ("fnref-cost", "#fn-cost", "2"),
    ]
    notes = soup.select("div.footnote li[id]")
    assert [li["id"] for li in notes] == ["fn-1", "fn-cost"]
    assert [a["href"] for a in soup.select("a.footnote-backref")] == ["#fnref-1", "#fnref-cost"]
    assert notes[0].get_text(" ", strip=True).startswith("In nuts.")


def test_html_typed_by_an_editor_cannot_pass_for_a_footnote_or_an_embed():
    forged = (
        '<sup id="fnref-1">1</sup> <a class="footnote-ref" href="#fn-1">x</a> '
        '<li id="fn-1">n</li> <div class="footnote">d</div> '
        f'<div class="scms-embed" data-scms-embed="youtube" data-scms-embed-id="{VIDEO}">v</div> '
        '<h2 id="main" class="x">h</h2>'
    )
    html = render_markdown(forged)

    for attribute in ("id=", "class=", "data-scms"):
        assert attribute not in html


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (f"https://www.youtube.com/watch?v={VIDEO}", ("youtube", VIDEO)),
        (f"https://youtube.com/watch?feature=share&v={VIDEO}", ("youtube", VIDEO)),
        (f"https://youtu.be/{VIDEO}?t=42", ("youtube", VIDEO)),
        (f"https://www.youtube.com/shorts/{VIDEO}", ("youtube", VIDEO)),
        (f"https://www.youtube-nocookie.com/embed/{VIDEO}", ("youtube", VIDEO)),
        ("https://vimeo.com/76979871", ("vimeo", "76979871")),
        ("https://player.vimeo.com/video/76979871", ("vimeo", "76979871")),
    ],
)
def test_videos_of_the_allow_list(address: str, expected):
    assert video_of(address) == expected


@pytest.mark.parametrize(
    "address",
    [
        f"https://youtube.com.evil.example/watch?v={VIDEO}",
        f"https://evil.example/?next=https://youtu.be/{VIDEO}",
        f"https://evil.example/youtu.be/{VIDEO}",
        f"javascript:alert(1)//youtu.be/{VIDEO}",
        f"https://www.youtube.com/watch?v={VIDEO}%22onload=alert(1)",
        f'https://www.youtube.com/watch?v={VIDEO}"><script>alert(1)</script>',
        "https://www.youtube.com/watch?v=short",
        "https://vimeo.com/123abc",
        "https://vimeo.com.evil.example/76979871",
        f"ftp://youtu.be/{VIDEO}",
    ],
)
def test_hostile_addresses_stay_text_and_never_become_a_player(address: str):
    assert video_of(address) is None
    html = render_markdown(address)
    assert "scms-embed" not in html
    assert "iframe" not in html
    assert "<script" not in html


def test_a_video_address_on_its_own_line_becomes_a_click_to_load_placeholder():
    soup = soup_of(
        f"Watch this:\n\nhttps://youtu.be/{VIDEO}\n\n"
        "[How magnesium is absorbed](https://vimeo.com/76979871)\n\n"
        f"In a sentence https://youtu.be/{VIDEO} stays a link to type."
    )

    boxes = soup.select("div.scms-embed")
    assert [(b["data-scms-embed"], b["data-scms-embed-id"]) for b in boxes] == [
        ("youtube", VIDEO),
        ("vimeo", "76979871"),
    ]
    # Nothing from the video's site until the reader asks: a link, with a name to read out.
    assert soup.select("iframe") == []
    assert boxes[0].a["href"] == f"https://www.youtube.com/watch?v={VIDEO}"
    assert boxes[0].a.get_text() == "Play the video (YouTube)"
    assert boxes[1]["data-scms-embed-title"] == "How magnesium is absorbed"
    assert boxes[1].a.get_text() == "Play the video: How magnesium is absorbed (Vimeo)"
    assert soup.find_all("p")[-1].get_text().startswith("In a sentence https://youtu.be/")


def test_an_iframe_typed_by_an_editor_is_removed():
    html = render_markdown(
        f'<iframe src="https://www.youtube-nocookie.com/embed/{VIDEO}" onload="x()"></iframe>'
    )
    assert "iframe" not in html
    assert "onload" not in html


@pytest.mark.django_db
def test_only_an_article_with_a_video_loads_the_player_script(client):
    plain = make_article(title="No video", body="Text only.")
    with_video = make_article(title="A video", body=f"Look:\n\nhttps://youtu.be/{VIDEO}")

    assert b"embeds.js" not in client.get(plain.get_absolute_url()).content
    page = client.get(with_video.get_absolute_url()).content.decode()
    assert "supplements_cms/embeds.js" in page
    assert f'data-scms-embed-id="{VIDEO}"' in page
