"""Small builders for test data: explicit arguments, no fixtures that drift."""

from __future__ import annotations

import itertools
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from supplements_cms.models import Article, Benefit, CallToAction, Condition, Supplement

_counter = itertools.count(1)


def make_article(
    *,
    conditions: list[str] = (),
    benefits: int = 0,
    additional: int = 0,
    published: bool = True,
    days_ago: float = 1,
    **fields: Any,
) -> Article:
    n = next(_counter)
    defaults: dict[str, Any] = {
        "title": f"Article number {n}",
        "intro": f"Introduction of article {n}.",
        # Complete enough to publish through the admin: a body and a conclusion too.
        "body": f"Lorem ipsum dolor {n} sit amet.",
        "conclusion": f"Vale {n}, lector.",
        "status": Article.Status.PUBLISHED if published else Article.Status.DRAFT,
        "published_at": timezone.now() - timedelta(days=days_ago) if published else None,
    }
    article = Article.objects.create(**{**defaults, **fields})
    if conditions:
        article.conditions.set(list(conditions))
    for i in range(1, benefits + 1):
        Benefit.objects.create(
            article=article, title=f"Benefit {i}", description=f"How benefit {i} works.", position=i
        )
    for i in range(1, additional + 1):
        Benefit.objects.create(
            article=article,
            kind=Benefit.Kind.ADDITIONAL,
            title=f"Extra {i}",
            description=f"Why extra {i} matters.",
            position=i,
        )
    return article


def make_supplement(name: str = "Magnesium glycinate") -> Supplement:
    return Supplement.objects.get_or_create(name=name)[0]


def make_cta(label: str, *, conditions: list[str] = (), **fields: Any) -> CallToAction:
    cta = CallToAction.objects.create(
        label=label,
        heading=fields.pop("heading", f"Heading of {label}"),
        text=fields.pop("text", f"Text of {label}."),
        **fields,
    )
    if conditions:
        cta.conditions.set(Condition.objects.resolve(conditions))
    return cta


def make_user(username: str, *, staff: bool = False, perms: tuple[str, ...] = ()) -> Any:
    user = get_user_model().objects.create_user(username, password="pw", is_staff=staff)
    for codename in perms:
        user.user_permissions.add(Permission.objects.get(codename=codename))
    return user


def signed_in(user: Any, **client_options: Any) -> Client:
    """A test client signed in as ``user`` (``client_options`` go to :class:`Client`)."""
    client = Client(**client_options)
    client.force_login(user)
    return client


def make_article_editor(username: str, *, publish: bool) -> Any:
    """Staff with every permission of the package but deleting (and publishing, if not
    ``publish``): a writer, or a publisher."""
    user = make_user(username, staff=True)
    perms = Permission.objects.filter(content_type__app_label="supplements_cms").exclude(
        codename__startswith="delete_"
    )
    if not publish:
        perms = perms.exclude(codename="publish_article")
    user.user_permissions.add(*perms)
    return user


def dose(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def make_reviewer(contributor=None, username: str = "") -> Any:
    """A reviewer: staff with ``review_article`` (and ``change_article``), linked to a
    contributor (a new one unless given) and with an address for review mail."""
    from supplements_cms.models import Contributor

    contributor = contributor or Contributor.objects.create(name="Grace Hopper", credentials="MD")
    user = make_user(
        username or f"reviewer{next(_counter)}",
        staff=True,
        perms=("review_article", "change_article", "view_article"),
    )
    user.email = f"{user.username}@example.org"
    user.save()
    contributor.user = user
    contributor.save()
    return user


def sign_off(article: Article, contributor=None, on=None) -> Any:
    """The real review workflow on ``article``'s saved text: submitted by an operator's command,
    approved by a reviewer linked to ``contributor``; ``on`` (a date) backdates the sign-off, for
    tests of old reviews. Returns the sign-off."""
    from supplements_cms.editorial.review import ApproveReview, SubmitForReview
    from supplements_cms.models import ReviewRequest

    reviewer = make_reviewer(contributor)
    SubmitForReview(article, None).execute()
    request = ApproveReview(article, reviewer).execute()
    if on is not None:
        when = timezone.make_aware(timezone.datetime.combine(on, timezone.datetime.min.time()))
        ReviewRequest.objects.filter(pk=request.pk).update(decided_at=when.replace(hour=12))
        request.refresh_from_db()
    article.refresh_from_db()
    return request
