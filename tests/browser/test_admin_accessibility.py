"""Accessibility of the admin pages the package adds or changes: axe-core in a real browser.

Every page is scanned at a desktop and a phone width, with its scripts run (the autocompletes,
the date and time shortcuts and the editors set themselves up first); serious and critical
violations fail the test, and every violation is printed for the log.
"""

from __future__ import annotations

from io import BytesIO

import pytest
import reversion
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image
from playwright.sync_api import Page
from reversion.models import Version

from supplements_cms.models import Article, CallToAction, Condition, LibraryImage, Supplement
from tests.browser.content import build_article
from tests.browser.sign_in import sign_in
from tests.factories import make_supplement

pytestmark = pytest.mark.browser

BLOCKING = {"serious", "critical"}
WIDTHS = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def _pages(live_server) -> dict[str, str]:
    article = Article.objects.get(slug=build_article().strip("/").rsplit("/", 1)[-1])
    for title in ("Magnesium glycinate and fibromyalgia, revised", article.title):
        with reversion.create_revision():
            article.title = title
            article.save()
    newer, older = list(Version.objects.get_for_object(article))[:2]
    make_supplement("Magnesium glycinate")
    out = BytesIO()
    Image.new("RGB", (60, 40), (20, 120, 200)).save(out, "PNG")
    name = default_storage.save("supplements_cms/images/axe.png", ContentFile(out.getvalue()))
    image = LibraryImage.objects.create(
        file=name, alt_text="A glass of water", width=60, height=40, size=out.tell()
    )
    admin = live_server.url + "/admin/supplements_cms/"
    return {
        "article add": admin + "article/add/",
        "article change": admin + f"article/{article.pk}/change/",
        "article list": admin + "article/",
        "import": admin + "article/import/",
        "history": admin + f"article/{article.pk}/history/",
        "compare": admin + f"article/{article.pk}/history/compare/?from={older.pk}&to={newer.pk}",
        "call to action add": admin + "calltoaction/add/",
        "call to action change": admin + f"calltoaction/{CallToAction.objects.first().pk}/change/",
        "condition change": admin + f"condition/{Condition.objects.first().pk}/change/",
        "supplement change": admin + f"supplement/{Supplement.objects.first().pk}/change/",
        "supplement add": admin + "supplement/add/",
        "media library": admin + "libraryimage/",
        "library image": admin + f"libraryimage/{image.pk}/change/",
    }


def blocking_violations(page: Page, name: str) -> list[str]:
    """The ids of serious and critical violations on the page, each printed with its nodes."""
    results = Axe().run(page)
    violations = results.response["violations"]
    # The scan ran: axe reports what it checked, so an empty result is not a script that failed.
    assert len(results.response["passes"]) > 10
    print(f"\naxe {name}: {len(violations)} violation(s)")
    for violation in violations:
        nodes = violation["nodes"]
        print(f"  [{violation['impact']}] {violation['id']}: {len(nodes)} node(s)")
        for node in nodes[:12]:
            print(f"      {node['target']} {node['html'][:140]}")
    return [f"{v['id']} ({len(v['nodes'])})" for v in violations if v["impact"] in BLOCKING]


@pytest.mark.parametrize("width", list(WIDTHS))
def test_no_serious_or_critical_violation_on_the_packages_admin_pages(
    new_page, live_server, width: str, settings, tmp_path
):
    settings.MEDIA_ROOT = str(tmp_path)
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    pages = _pages(live_server)
    page = new_page(viewport=WIDTHS[width])
    sign_in(page, live_server, admin)
    found = {}
    for name, url in pages.items():
        response = page.goto(url)
        assert response is not None
        assert response.status == 200, name
        page.wait_for_load_state("load")
        blocking = blocking_violations(page, f"{name} at {width}")
        if blocking:
            found[name] = blocking
    assert found == {}
