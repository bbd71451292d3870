"""``manage.py import_articles``: files in, articles out, recorded like any other edit."""

from __future__ import annotations

import os
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.contrib.admin.models import ADDITION, CHANGE, LogEntry
from django.core.management import CommandError, call_command
from reversion.models import Revision, Version

from supplements_cms.models import Article, Benefit, CallToAction, Condition, Supplement
from tests.admin_forms import change_url, form_on_page
from tests.factories import make_cta, make_user
from tests.layout import ARTICLE_PARTS, assert_parts_in_order

pytestmark = pytest.mark.django_db

EXPORT = (Path(__file__).parent / "import_fixtures" / "command-citrate-migraine.txt").read_text(
    encoding="utf-8"
)
# The same article as exported by a site without SEO titles or calls to action.
PLAIN_EXPORT = (
    EXPORT.replace("Title: Magnesium Citrate for Migraine: A Plain Guide\n", "")
    .replace("Title: ", "")
    .split("\nCall to Action")[0]
)


@pytest.fixture(autouse=True)
def operator(db):
    """Whom the command imports as: an editor who may also publish."""
    return make_user(
        "operator",
        staff=True,
        perms=("add_article", "change_article", "view_article", "publish_article"),
    )


@pytest.fixture
def export(tmp_path: Path) -> Path:
    path = tmp_path / "citrate-migraine.txt"
    path.write_text(EXPORT, encoding="utf-8")
    return path


def run(*args: str) -> tuple[str, str]:
    """The command's output; as "operator" unless the arguments say otherwise or only look."""
    if "--user" not in args and "--dry-run" not in args:
        args = (*args, "--user", "operator")
    out, err = StringIO(), StringIO()
    call_command("import_articles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def failure(*args: str) -> tuple[str, str]:
    """(the command's one-line error, its standard error) for a run that must fail."""
    err = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("import_articles", *args, stdout=StringIO(), stderr=err)
    message = str(raised.value)
    assert "\n" not in message
    return message, err.getvalue()


def test_import_creates_a_draft_with_every_part(export):
    out, _err = run(str(export))

    article = Article.objects.get()
    assert f"created: {article.slug} ({export})" in out
    assert article.status == Article.Status.DRAFT
    assert article.title == "The Benefits of Magnesium Citrate for Migraine"
    assert article.seo_title == "Magnesium Citrate for Migraine: A Plain Guide"
    assert article.supplement.name == "Magnesium Citrate"
    assert [c.name for c in article.conditions.all()] == ["Migraine"]
    assert (article.dose_min, article.dose_max, article.dose_unit, article.dose_frequency) == (
        Decimal("300"),
        Decimal("600"),
        "mg",
        "per day",
    )
    main = article.benefits.filter(kind=Benefit.Kind.MAIN).order_by("position")
    assert [b.title for b in main] == ["Fewer Attacks", "Calmer Nerves"]
    extra = article.benefits.filter(kind=Benefit.Kind.ADDITIONAL).order_by("position")
    assert [b.title for b in extra] == ["Regularity", "Better Rest"]
    assert '<h2 id="what-is-magnesium-citrate">What is Magnesium Citrate?</h2>' in article.body_html
    assert article.call_to_action.text.startswith("Keep a headache diary")
    assert "Scroll to top" not in article.body + article.conclusion


def test_an_import_is_recorded_as_an_edit_by_the_user(export, operator):
    run(str(export))
    article = Article.objects.get()

    [version] = Version.objects.get_for_object(article)
    assert version.revision.user == operator
    assert version.revision.comment == f"Imported from “{export}”."
    # The revision holds the article as imported, its parts and its version included.
    assert version.field_dict["imported_edit_number"] == article.edit_number
    kept = {v.content_type.model for v in version.revision.version_set.all()}
    assert {"article", "benefit", "articlecondition"} <= kept
    [entry] = LogEntry.objects.all()
    assert (entry.user, entry.action_flag, entry.object_id) == (operator, ADDITION, str(article.pk))
    assert entry.get_change_message() == f"Imported from “{export}”."


def test_saving_needs_a_user_and_a_dry_run_does_not(export):
    message, _err = failure(str(export))
    assert "--user USERNAME" in message
    message, _err = failure(str(export), "--user", "nobody")
    assert message == "No user “nobody”."

    out, _err = run(str(export), "--dry-run")

    assert "Would create the article “the-benefits-of-magnesium-citrate-for-migraine”." in out
    assert Article.objects.count() == 0


def test_publishing_needs_a_user_who_may_publish(export):
    make_user("writer", staff=True, perms=("add_article", "change_article"))

    message, _err = failure(str(export), "--publish", "--user", "writer")

    assert message == "writer may not publish articles (supplements_cms.publish_article)."
    assert Article.objects.count() == 0


def test_publish_keeps_an_article_with_unaccepted_claims_a_draft_and_says_why(export):
    out, _err = run(str(export), "--publish")
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert "kept as a draft" in out
    assert "disease claim" in out


def test_publish_puts_a_complete_article_without_claims_live(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text(
        EXPORT.replace("Migraine", "Busy Weeks")
        .replace("migraine", "busy week")
        .replace(
            "Fewer Attacks: Trials of daily magnesium reported fewer busy week days for "
            "some adults.",
            "Steady Days: Readers describe steadier afternoons.",
        )
        .replace("the person who treats your busy weeks", "your pharmacist"),
        encoding="utf-8",
    )
    out, _err = run(str(path), "--publish")
    article = Article.objects.get()
    assert article.status == Article.Status.PUBLISHED, out
    assert LogEntry.objects.filter(object_id=str(article.pk), change_message="Published").exists()


def test_imported_article_renders_its_parts_in_order(client, export):
    run(str(export))
    article = Article.objects.get()
    # Published here directly: this test is about the page, not the publishing rule.
    Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)
    article.refresh_from_db()
    article.published_at = article.published_at or article.created_at
    article.save()

    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    # No related posts: the imported article is the only one.
    assert_parts_in_order(soup, ARTICLE_PARTS[:-2] + ARTICLE_PARTS[-1:])
    assert "300 to 600 mg per day" in soup.select_one(".scms-dosage").get_text(" ", strip=True)
    assert soup.select_one(".scms-cta").get_text().count("headache diary") == 1


def test_reimport_updates_the_same_article(export):
    run(str(export))
    first = Article.objects.get()
    export.write_text(EXPORT.replace("300 to 600 mg", "200 to 400 mg"), encoding="utf-8")

    out, _err = run(str(export))

    assert f"updated: {first.slug}" in out
    article = Article.objects.get()
    assert article.pk == first.pk
    assert article.dose_min == Decimal("200")
    assert article.benefits.count() == 4
    assert CallToAction.objects.count() == 1
    newest = Version.objects.get_for_object(article).first()
    assert newest.revision.comment == f"Imported from “{export}”: changed Dosage note, Dose."
    assert LogEntry.objects.latest("pk").action_flag == CHANGE


def test_the_same_file_again_changes_nothing_and_records_nothing(export):
    run(str(export))

    out, _err = run(str(export))

    assert "unchanged: the-benefits-of-magnesium-citrate-for-migraine" in out
    assert "0 imported, 1 unchanged, nothing failed." in out
    assert Revision.objects.count() == LogEntry.objects.count() == 1


def test_dry_run_prints_the_structure_and_saves_nothing(export):
    out, _err = run(str(export), "--dry-run")

    assert Article.objects.count() == Supplement.objects.count() == Condition.objects.count() == 0
    for expected in (
        "The Benefits of Magnesium Citrate for Migraine",
        "Magnesium Citrate for Migraine: A Plain Guide",
        "What is Magnesium Citrate?",
        "Fewer Attacks",
        "Better Rest",
        "300 to 600 mg per day",
        "Migraine",
        "1 parsed, nothing failed.",
    ):
        assert expected in out


def test_options_set_supplement_and_conditions(export):
    run(
        str(export),
        "--supplement",
        "Magnesium Glycinate",
        "--condition",
        "Sleep problems",
        "--condition",
        "migraine",
    )

    article = Article.objects.get()
    assert article.supplement.name == "Magnesium Glycinate"
    assert sorted(c.name for c in article.conditions.all()) == ["Sleep problems", "migraine"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "empty"),
        (b"   \n\n  \n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
        (b"\xff\xfe\xfd not utf-8 \xc3\x28", "UTF-8"),
    ],
)
def test_unreadable_file_fails_with_its_name_and_reason(tmp_path, content, reason):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)

    message, err = failure(str(bad), "--user", "operator")

    assert message == f"0 imported, 1 failed: {bad}"
    line = err.strip()
    assert line.startswith(f"{bad}: ")
    assert reason.lower() in line.lower()
    assert Article.objects.count() == 0


def test_good_files_are_imported_and_bad_ones_listed(tmp_path, export):
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    missing = tmp_path / "missing.txt"

    with pytest.raises(CommandError) as raised:
        run(str(empty), str(export), str(missing))

    assert "1 imported, 2 failed" in str(raised.value)
    assert "empty.txt" in str(raised.value)
    assert "missing.txt" in str(raised.value)
    assert Article.objects.count() == 1


def test_a_file_that_fails_validation_leaves_nothing_behind(tmp_path):
    # The parser accepts it, the model refuses it (the title is longer than the field allows):
    # neither the article nor its call to action or supplement may survive.
    long_title = "Magnesium Citrate for Migraine " + "and more " * 40
    bad = tmp_path / "too-long.txt"
    bad.write_text(EXPORT.replace("The Benefits of Magnesium Citrate for Migraine", long_title))

    with pytest.raises(CommandError, match=r"too-long\.txt"):
        run(str(bad))

    assert Article.objects.count() == 0
    assert CallToAction.objects.count() == 0
    assert Benefit.objects.count() == 0


def test_a_folder_imports_its_text_files_in_any_case_and_names_the_others(tmp_path, export):
    (tmp_path / "notes.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "older").mkdir()
    second = tmp_path / "second.md"
    second.write_text(EXPORT.replace("Migraine", "Restless Legs"), encoding="utf-8")
    shouting = tmp_path / "THIRD.TXT"
    shouting.write_text(EXPORT.replace("Migraine", "Sleep"), encoding="utf-8")

    out, err = run(str(tmp_path))

    assert "3 imported, nothing failed." in out
    assert f"created: the-benefits-of-magnesium-citrate-for-sleep ({shouting})" in out
    assert Article.objects.count() == 3
    assert err.splitlines() == [
        f"{tmp_path / 'notes.pdf'}: skipped: not a .txt or .md file",
        f"{tmp_path / 'older'}: skipped: a folder; folders are not read recursively",
    ]


def test_links_out_of_a_folder_are_refused_and_named(tmp_path, export):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    secret = outside / "secret.txt"
    secret.write_text("Private Notes\n\nNot for the site.", encoding="utf-8")
    folder = tmp_path / "exports"
    folder.mkdir()
    export.rename(folder / export.name)
    (folder / "notes.txt").symlink_to(secret)
    (folder / "same.txt").symlink_to(folder / export.name)

    message, err = failure(str(folder), "--user", "operator")

    assert message.startswith("1 imported, 1 failed: ")
    assert message.endswith(str(folder / "notes.txt"))
    assert f"{folder / 'notes.txt'}: a link to a file outside the folder; not followed" in err
    # A link inside the folder to a file already read is the same file: read once.
    assert [a.title for a in Article.objects.all()] == [
        "The Benefits of Magnesium Citrate for Migraine"
    ]


def test_an_empty_folder_is_a_failure(tmp_path):
    with pytest.raises(CommandError, match="1 failed"):
        run(str(tmp_path))


def test_related_posts_that_name_existing_articles_are_linked(tmp_path, export):
    run(str(export))
    citrate = Article.objects.get()
    second = tmp_path / "sleep.txt"
    second.write_text(
        "Magnesium and Sleep\n\nA short note on sleep.\n\nRelated Posts\n\n"
        f"{citrate.title}\nA Post That Does Not Exist Here\nShare this:\n",
        encoding="utf-8",
    )

    run(str(second))
    run(str(second))

    sleep = Article.objects.get(slug="magnesium-and-sleep")
    assert [r.target for r in sleep.related_posts.all()] == [citrate]


# Limits.


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, export, settings):
    settings.SUPPLEMENTS_CMS = {"IMPORT_MAX_BYTES": 1000}
    small = tmp_path / "small.txt"
    small.write_text(PLAIN_EXPORT[:900], encoding="utf-8")

    message, err = failure(str(export), str(small), "--user", "operator")

    assert message == f"1 imported, 1 failed: {export}"
    assert err.strip() == (
        f"{export}: larger than the limit of 1000\xa0bytes (IMPORT_MAX_BYTES): 1.2\xa0KB"
    )


def test_a_device_named_on_the_command_line_is_not_read():
    message, err = failure(os.devnull, "--user", "operator")

    assert message == f"0 imported, 1 failed: {os.devnull}"
    assert err.strip() == f"{os.devnull}: not a regular file or folder"


def test_an_article_with_too_many_benefits_is_refused_with_the_limit(tmp_path):
    bullets = "\n".join(f"- Point {n}: Something useful." for n in range(1, 61))
    big = tmp_path / "many.txt"
    big.write_text(f"Zinc for Acne\n\nIntro.\n\nAdditional Benefits\n\n{bullets}\n")

    message, err = failure(str(big), "--user", "operator")

    assert message == f"0 imported, 1 failed: {big}"
    assert err.strip() == (
        f"{big}: An article can have at most 50 benefits (ARTICLE_MAX_BENEFITS); "
        "this one would have 60."
    )
    assert Article.objects.count() == Benefit.objects.count() == 0


# Re-importing over editors' work.


def edit_in_admin(client, article, **changes):
    """Save the article through the admin's change form, as an editor would."""
    data = form_on_page(client, change_url(article))
    data.update(changes)
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_reimport_leaves_an_article_edited_in_the_admin_alone(tmp_path, export, admin_client_):
    run(str(export))
    article = Article.objects.get()
    edit_in_admin(admin_client_, article, intro="An editor rewrote this introduction.")
    export.write_text(EXPORT.replace("300 to 600 mg", "200 to 400 mg"), encoding="utf-8")

    dry, _err = run(str(export), "--dry-run")
    out, _err = run(str(export))

    assert (
        "Would skip “the-benefits-of-magnesium-citrate-for-migraine”: changed in the admin "
        "since its last import (--overwrite would change Introduction, Dosage note, Dose)." in dry
    )
    assert f"skipped: {article.slug} ({export}): changed in the admin since its last import" in out
    assert "0 imported, 1 skipped" in out
    article.refresh_from_db()
    assert article.intro == "An editor rewrote this introduction."
    assert article.dose_min == Decimal("300")


def test_overwrite_updates_it_and_keeps_what_the_file_lacks(tmp_path, admin_client_, operator):
    plain = tmp_path / "plain.txt"
    plain.write_text(PLAIN_EXPORT, encoding="utf-8")
    run(str(plain))
    article = Article.objects.get()
    assert (article.seo_title, article.call_to_action) == ("", None)
    cta = make_cta("Diary", text="Write down each attack.")
    edit_in_admin(
        admin_client_,
        article,
        seo_title="Magnesium and migraine, plainly",
        call_to_action=str(cta.pk),
        intro="An editor rewrote this introduction.",
    )
    plain.write_text(PLAIN_EXPORT.replace("300 to 600 mg", "200 to 400 mg"), encoding="utf-8")

    out, _err = run(str(plain), "--overwrite")

    assert f"updated: {article.slug} ({plain})" in out
    article.refresh_from_db()
    assert article.intro.startswith("Migraine days take a toll")
    assert article.dose_min == Decimal("200")
    assert article.seo_title == "Magnesium and migraine, plainly"
    assert article.call_to_action == cta
    newest = Version.objects.get_for_object(article).first()
    assert newest.revision.user == operator
    assert newest.revision.comment == (
        f"Imported from “{plain}”: changed Introduction, Dosage note, Dose."
    )
    entry = LogEntry.objects.filter(user=operator).latest("pk")
    assert (entry.action_flag, entry.object_id) == (CHANGE, str(article.pk))
    # And the next import sees an article no editor has touched since.
    plain.write_text(PLAIN_EXPORT.replace("300 to 600 mg", "100 to 200 mg"), encoding="utf-8")
    out, _err = run(str(plain))
    assert f"updated: {article.slug}" in out


def test_identical_calls_to_action_are_reused(tmp_path, export, admin_client_):
    two_paragraphs = EXPORT.replace(
        "a month before and after you start, and bring", "a month.\n\nBring"
    )
    export.write_text(two_paragraphs, encoding="utf-8")
    second = tmp_path / "second.txt"
    second.write_text(two_paragraphs.replace("Migraine", "Tension Headache"), encoding="utf-8")
    run(str(export), str(second))
    cta = CallToAction.objects.get()
    # An editor saves it in the admin unchanged: the browser sends its lines with CRLF.
    response = admin_client_.post(
        f"/admin/supplements_cms/calltoaction/{cta.pk}/change/",
        {
            "label": cta.label,
            "heading": cta.heading,
            "text": cta.text.replace("\n", "\r\n") + "\r\n",
            "button_label": "",
            "button_url": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    export.write_text(two_paragraphs.replace("300 to 600 mg", "200 to 400 mg"), encoding="utf-8")

    third = tmp_path / "third.txt"
    third.write_text(two_paragraphs.replace("Migraine", "Sleep"), encoding="utf-8")

    out, _err = run(str(export), str(second), str(third), "--overwrite")

    assert "2 imported, 1 unchanged" in out
    assert CallToAction.objects.count() == 1
    assert {a.call_to_action for a in Article.objects.all()} == {cta}
