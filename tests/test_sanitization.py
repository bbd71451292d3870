"""No editor text runs script in a reader's browser, whatever field it is typed into.

Every payload goes into every Markdown field and every plain-text field shown on pages, then the
real pages are parsed and searched for anything that could execute: script and frame elements,
event-handler attributes, and URLs with a scheme other than http, https and mailto.
"""

from __future__ import annotations

import html
import json
import re

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.urls import reverse

from supplements_cms.content.markdown import render_markdown
from supplements_cms.models import Article, Benefit, RelatedPost
from tests.factories import make_article, make_cta, make_supplement

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<img src=x onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<details open ontoggle="alert(1)">x</details>',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="&#106;avascript:alert(1)">click</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;script:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="java\tscript:alert(1)">click</a>',
    '<a href="java&#9;script:alert(1)">click</a>',
    '<a href="java&#10;script:alert(1)">click</a>',
    '<a href="&#0;javascript:alert(1)">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<a href="https://ok.example" onmouseover="alert(1)">hover</a>',
    "[click](javascript:alert(1))",
    "[click](JAVASCRIPT:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](vbscript:msgbox(1))",
    "[click](data:text/html,<script>alert(1)</script>)",
    "![pic](javascript:alert(1))",
    '![pic](x" onerror="alert(1))',
    "[click][1]\n\n[1]: javascript:alert(1)",
    "<javascript:alert(1)>",
    '[a](https://ok.example "\\" onmouseover=\\"alert(1))',
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<!--<script>alert(1)</script>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<textarea><script>alert(1)</script></textarea>",
    '<input autofocus onfocus="alert(1)">',
    '<video><source onerror="alert(1)"></video>',
    "<a href='javascript:alert(1)'>**bold link**</a>",
    "```\n</code><script>alert(1)</script>\n```",
    "`<script>alert(1)</script>`",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
]

MARKDOWN_FIELDS = ("intro", "body", "dosage_note", "conclusion", "additional_benefits_intro")
TEXT_FIELDS = ("title", "seo_title", "summary", "additional_benefits_heading", "dosage_heading")
DANGEROUS_TAGS = {
    "script", "iframe", "object", "embed", "form", "style", "meta", "base", "svg", "math",
    "input", "button", "textarea", "video", "source", "details", "noscript",
}  # fmt: skip
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "srcdoc", "data", "xlink:href")
SAFE_SCHEMES = {"", "http", "https", "mailto"}


def scheme(url: str) -> str:
    """The scheme a browser would see: the URL standard drops tabs and newlines anywhere and
    trims control characters and spaces at the ends; a space inside makes the scheme invalid."""
    cleaned = re.sub(r"[\t\n\r]", "", html.unescape(url)).strip("\x00\x20").lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", cleaned)
    return match.group(1) if match else ""


def executable_parts(markup: str) -> list[str]:
    """Everything in ``markup`` that a browser could run, described for the failure message."""
    soup = BeautifulSoup(markup, "html.parser")
    found = []
    for tag in soup.find_all(True):
        # The page's own <meta charset>, viewport and description tags are fine; a refresh is not.
        harmless_meta = tag.name == "meta" and "http-equiv" not in tag.attrs
        # JSON-LD is data browsers never run, as long as it stays one valid JSON document.
        structured_data = tag.name == "script" and tag.attrs == {"type": "application/ld+json"}
        if structured_data:
            json.loads(tag.string)
        if tag.name in DANGEROUS_TAGS and not (harmless_meta or structured_data):
            found.append(f"<{tag.name}>")
        for attribute, value in tag.attrs.items():
            if attribute.lower().startswith("on") or attribute.lower() == "style":
                found.append(f"{tag.name}[{attribute}]")
            if attribute.lower() in URL_ATTRIBUTES and scheme(str(value)) not in SAFE_SCHEMES:
                found.append(f"{tag.name}[{attribute}={value!r}]")
    return found


def test_the_detector_finds_what_it_looks_for():
    # A check that cannot fail proves nothing: the detector must flag raw payloads.
    flagged = [p for p in PAYLOADS if executable_parts(p)]
    assert len(flagged) >= 25
    assert executable_parts('<a href="&#106;avascript:x">a</a>') == ["a[href='javascript:x']"]
    assert executable_parts('<a href="/articles/">a</a><a href="https://x.example">b</a>') == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_render_markdown_never_returns_executable_markup(payload):
    assert executable_parts(render_markdown(payload)) == []


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_page_runs_editor_text(client, payload):
    supplement = make_supplement(f"Magnesium {payload}"[:120])
    article = make_article(
        **dict.fromkeys(MARKDOWN_FIELDS, payload),
        **dict.fromkeys(TEXT_FIELDS, payload[:200]),
        dose_min=1,
        dose_unit="mg",
        dose_frequency=payload[:60],
        conditions=[f"Condition {payload}"[:100]],
        supplement=supplement,
    )
    Benefit.objects.create(article=article, title=payload[:120], description=payload, position=1)
    Benefit.objects.create(
        article=article, kind=Benefit.Kind.ADDITIONAL, title="x", description=payload, position=1
    )
    RelatedPost.objects.create(
        article=article, position=1, title=payload[:200], url="https://ok.example/"
    )
    make_cta(
        "Default",
        is_default=True,
        heading=payload[:200],
        text=payload,
        button_label=payload[:60],
        button_url="/articles/",
    )
    condition = article.conditions.get()
    pages = [
        article.get_absolute_url(),
        reverse("supplements_cms:article_list"),
        condition.get_absolute_url(),
        supplement.get_absolute_url(),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert executable_parts(response.content.decode()) == [], url
    # The page still shows the editor's title, as text, so the test looked at the right page.
    detail = BeautifulSoup(client.get(article.get_absolute_url()).content, "html.parser")
    assert detail.h1.get_text() == payload[:200]


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS[:12])
def test_preview_endpoint_is_sanitized_like_the_page(editor_client, payload):
    response = editor_client.post(reverse("supplements_cms:editor_preview"), {"content": payload})

    assert response.status_code == 200
    assert response.content.decode() == render_markdown(payload)
    assert executable_parts(response.content.decode()) == []


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        ("## Section", "<h2>Section</h2>"),
        ("# Top", "<h2>Top</h2>"),
        ("**bold** and *italic*", "<strong>bold</strong> and <em>italic</em>"),
        ("- one\n- two", "<ul>\n<li>one</li>\n<li>two</li>\n</ul>"),
        ("1. one\n2. two", "<ol>\n<li>one</li>\n<li>two</li>\n</ol>"),
        ("[site](https://example.org)", '<a href="https://example.org" rel="noopener noreferrer">'),
        ("[page](/articles/)", '<a href="/articles/" rel="noopener noreferrer">page</a>'),
        ("[mail](mailto:a@example.org)", 'href="mailto:a@example.org"'),
        ("![alt text](/media/a.png)", '<img alt="alt text" src="/media/a.png">'),
        ("> quoted", "<blockquote>\n<p>quoted</p>\n</blockquote>"),
        ("`code`", "<code>code</code>"),
        ("| a | b |\n|---|---|\n| 1 | 2 |", "<td>1</td>"),
    ],
)
def test_harmless_markdown_survives(markdown, expected):
    # A sanitizer that strips everything would pass the payload tests; it must fail here.
    assert expected in render_markdown(markdown)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        " javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "ftp://example.org/",
        "//evil.example/",
    ],
)
def test_urls_editors_type_must_be_http_or_on_the_site(url):
    article = make_article()
    post = RelatedPost(article=article, position=1, title="Elsewhere", url=url)
    with pytest.raises(ValidationError) as raised:
        post.full_clean()
    assert "url" in raised.value.message_dict


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["https://example.org/a", "http://example.org/", "/articles/x/"])
def test_good_urls_editors_type_are_accepted(url):
    RelatedPost(article=make_article(), position=1, title="Elsewhere", url=url).full_clean()


@pytest.mark.django_db
def test_stored_html_is_what_the_page_prints():
    article = make_article(intro="<script>alert(1)</script>Hello **there**")
    stored = Article.objects.get(pk=article.pk).intro_html
    assert "<script" not in stored
    assert stored.endswith("Hello <strong>there</strong></p>")
