"""What the admin's article form posts: every field and inline, for tests to vary."""

from __future__ import annotations

from bs4 import BeautifulSoup

from supplements_cms.models import Article, Benefit, Reference

ADD_URL = "/admin/supplements_cms/article/add/"


def form_data(**overrides):
    data = {
        "title": "Magnesium bisglycinate and cramps",
        "seo_title": "",
        "slug": "",
        "summary": "A short summary.",
        "intro": "Cramps are *common*.",
        "body": "## What is it?\n\nA chelate [ref:1].",
        "conclusion": "That is all.",
        "additional_benefits_heading": "",
        "additional_benefits_intro": "",
        "dosage_heading": "",
        "dose_min": "200",
        "dose_max": "400",
        "dose_unit": "mg",
        "dose_frequency": "per day",
        "dosage_note": "With food.",
        "new_conditions": "",
        "supplement": "",
        "call_to_action": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "author": "",
        "byline": "",
        "disclaimer_mode": "add",
        "disclaimer": "",
        "references-TOTAL_FORMS": "1",
        "references-INITIAL_FORMS": "0",
        "references-MIN_NUM_FORMS": "0",
        "references-MAX_NUM_FORMS": "1000",
        "references-0-position": "1",
        "references-0-authors": "Doe J, Roe R",
        "references-0-title": "Magnesium and muscle cramps",
        "references-0-publication": "Nutrients",
        "references-0-year": "2021",
        "references-0-doi": "https://doi.org/10.3390/nu13010001",
        "references-0-pmid": "",
        "references-0-url": "",
        "benefits-TOTAL_FORMS": "3",
        "benefits-INITIAL_FORMS": "0",
        "benefits-MIN_NUM_FORMS": "0",
        "benefits-MAX_NUM_FORMS": "1000",
        "benefits-0-position": "1",
        "benefits-0-kind": "main",
        "benefits-0-title": "Muscle relaxation",
        "benefits-0-description": "Helps muscles *let go*.",
        "benefits-1-position": "2",
        "benefits-1-kind": "main",
        "benefits-1-title": "Electrolyte balance",
        "benefits-1-description": "Part of the mineral balance.",
        "benefits-2-position": "1",
        "benefits-2-kind": "additional",
        "benefits-2-title": "Bone health",
        "benefits-2-description": "Bones hold most of it.",
        "related_posts-TOTAL_FORMS": "1",
        "related_posts-INITIAL_FORMS": "0",
        "related_posts-MIN_NUM_FORMS": "0",
        "related_posts-MAX_NUM_FORMS": "1000",
        "related_posts-0-position": "1",
        "related_posts-0-target": "",
        "related_posts-0-url": "https://ods.od.nih.gov/factsheets/Magnesium-Consumer/",
        "related_posts-0-title": "NIH: magnesium",
    }
    data.update(overrides)
    return data


def errors_of(response) -> str:
    soup = BeautifulSoup(response.content, "html.parser")
    return " | ".join(e.get_text(" ", strip=True) for e in soup.select(".errorlist, .errornote"))


def change_url(article) -> str:
    return f"/admin/supplements_cms/article/{article.pk}/change/"


def form_on_page(client, url: str) -> dict[str, str | list[str]]:
    """The admin form's data as a browser would send it unchanged: what the page shows."""
    response = client.get(url)
    assert response.status_code == 200
    return form_in(response.content)


def form_in(page: bytes) -> dict[str, str | list[str]]:
    """The data of the admin's article form in ``page``, as a browser sends it unchanged."""
    form = BeautifulSoup(page, "html.parser").select_one("form#article_form")
    assert form is not None, "no article form on the page"
    data: dict[str, str | list[str]] = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        name = field["name"]
        if field.name == "textarea":
            data[name] = field.get_text()
        elif field.name == "select":
            chosen = [o.get("value", o.get_text()) for o in field.select("option[selected]")]
            data[name] = chosen if field.has_attr("multiple") else (chosen[0] if chosen else "")
        elif field.get("type") in ("checkbox", "radio"):
            if field.has_attr("checked"):
                data[name] = field.get("value", "on")
        elif field.get("type") not in ("submit", "button", "file"):
            data[name] = field.get("value", "")
    # A textarea's first newline is eaten by HTML parsers; the admin's own are none.
    data.pop("csrfmiddlewaretoken", None)
    return data


PARAGRAPH = (
    "Magnesium takes part in hundreds of enzyme reactions, from making energy to relaxing "
    "muscle after it contracts. Studies have tried several forms and amounts, with mixed "
    "results that are worth reading *closely* before starting [ref:1]."
)
BODY = "\n\n".join(f"## Part {n}\n\n{PARAGRAPH}\n\n{PARAGRAPH}" for n in range(1, 11))


def make_long_article(title: str, benefits: int, references: int) -> Article:
    """An article with the same text whatever its size, and that many benefits and references,
    each as full as an editor writes them (each benefit's description a text of its own)."""
    article = Article.objects.create(
        title=title, intro=PARAGRAPH, body=BODY, conclusion=PARAGRAPH, status="draft"
    )
    rows = [
        Benefit(
            article=article,
            title=f"Benefit {n}",
            # A text of its own each, its HTML rendered, as a save leaves them.
            description=f"{PARAGRAPH} Benefit {n}.\n\n- one point\n- another point",
            position=n,
        )
        for n in range(1, benefits + 1)
    ]
    for row in rows:
        row.render_markdown_fields()
    Benefit.objects.bulk_create(rows)
    Reference.objects.bulk_create(
        Reference(
            article=article,
            authors="Doe J, Roe R",
            title=f"Magnesium study number {n}",
            publication="Nutrients",
            year=2020,
            doi=f"10.3390/nu{n:08d}",
            position=n,
        )
        for n in range(1, references + 1)
    )
    return article
