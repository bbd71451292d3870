"""Load the example site's articles; running it again brings them back to the shipped state."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from example_project.demo import content
from supplements_cms.editorial.review import ApproveReview, SubmitForReview
from supplements_cms.models import (
    Article,
    CallToAction,
    Condition,
    Contributor,
    Reference,
    RelatedPost,
    ReviewRequest,
    Supplement,
)

DEMO_USER = "editor"
DEMO_PASSWORD = "editor-demo-password"


class Command(BaseCommand):
    help = "Create or refresh the demo articles and a staff login for the admin."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        user = self._editor()
        supplements = {
            s["name"]: Supplement.objects.update_or_create(
                name=s["name"],
                defaults={
                    "description": s["description"],
                    "upper_limit": _decimal(s.get("upper_limit")),
                    "upper_limit_unit": s.get("upper_limit_unit", ""),
                    "upper_limit_source": s.get("upper_limit_source", ""),
                },
            )[0]
            for s in content.SUPPLEMENTS
        }
        people = {
            c["name"]: Contributor.objects.update_or_create(
                name=c["name"],
                defaults={"credentials": c["credentials"], "profile_url": c["profile_url"]},
            )[0]
            for c in content.CONTRIBUTORS
        }
        for c in content.CONDITIONS:
            condition = Condition.objects.resolve([c["name"]])[0]
            condition.description = c["description"]
            condition.save()
        ctas = {cta["label"]: self._call_to_action(cta) for cta in content.CALLS_TO_ACTION}

        now = timezone.now()
        articles = {}
        for a in content.ARTICLES:
            article, _created = Article.objects.update_or_create(
                slug=a["slug"],
                defaults={
                    "title": a["title"],
                    "seo_title": a["seo_title"],
                    "summary": a["summary"],
                    "intro": a["intro"],
                    "body": a["body"],
                    "additional_benefits_heading": a["additional_benefits_heading"],
                    "additional_benefits_intro": a["additional_benefits_intro"],
                    "dosage_heading": a["dosage_heading"],
                    "dose_min": _decimal(a["dose_min"]),
                    "dose_max": _decimal(a["dose_max"]),
                    "dose_unit": a["dose_unit"],
                    "dose_frequency": a["dose_frequency"],
                    "dosage_note": a["dosage_note"],
                    "conclusion": a["conclusion"],
                    "call_to_action": ctas.get(a["call_to_action"]),
                    "supplement": supplements[a["supplement"]],
                    "author": user,
                    "status": Article.Status.PUBLISHED,
                    "published_at": now - timedelta(days=a["days_ago"]),
                    "byline": people[a["byline"]],
                },
            )
            article.references.all().delete()
            for position, reference in enumerate(a.get("references", []), start=1):
                Reference.objects.create(article=article, position=position, **reference)
            article.conditions.set(a["conditions"])
            article.benefits.all().delete()
            for kind, rows in (("main", a["benefits"]), ("additional", a["additional_benefits"])):
                for position, (title, description) in enumerate(rows, start=1):
                    article.benefits.create(
                        kind=kind, title=title, description=description, position=position
                    )
            articles[a["slug"]] = article

        for a in content.ARTICLES:
            article = articles[a["slug"]]
            article.related_posts.all().delete()
            picks = [RelatedPost(target=articles[slug]) for slug in a["related"]]
            picks += [RelatedPost(title=t, url=u) for t, u in a.get("external_related", [])]
            for position, pick in enumerate(picks, start=1):
                pick.article, pick.position = article, position
                pick.save()

        for a in content.ARTICLES:
            if a.get("reviewer"):
                days = a.get("reviewed_days_ago", 0)
                self._sign_off(articles[a["slug"]], people[a["reviewer"]], now - timedelta(days))

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo content ready: {len(articles)} articles, "
                f"{len(content.CONDITIONS)} conditions, {len(supplements)} supplements."
            )
        )
        self.stdout.write(
            f"Admin: /admin/  user: {DEMO_USER}  password: {DEMO_PASSWORD}  (local demo only)"
        )
        reviewers = sorted(
            {f"reviewer-{slugify(a['reviewer'])}" for a in content.ARTICLES if a.get("reviewer")}
        )
        self.stdout.write(
            f"Medical reviewers (same password; they approve or request changes): "
            f"{', '.join(reviewers)}"
        )

    def _sign_off(self, article: Article, person: Contributor, when) -> None:
        """The demo's reviews are real sign-offs, by an account linked to the reviewer."""
        reviewer, _created = get_user_model().objects.get_or_create(
            username=f"reviewer-{slugify(person.name)}", defaults={"is_staff": True}
        )
        reviewer.set_password(DEMO_PASSWORD)
        reviewer.save()
        reviewer.user_permissions.add(
            *Permission.objects.filter(
                content_type__app_label="supplements_cms",
                codename__in=("review_article", "change_article", "view_article"),
            )
        )
        reviewer = get_user_model().objects.get(pk=reviewer.pk)  # permissions read afresh
        person.user = reviewer
        person.save()
        ReviewRequest.objects.filter(article=article).delete()
        article.refresh_from_db()
        SubmitForReview(article, None).execute()
        sign_off = ApproveReview(article, reviewer).execute()
        ReviewRequest.objects.filter(pk=sign_off.pk).update(decided_at=when)

    def _editor(self):
        user, _created = get_user_model().objects.get_or_create(
            username=DEMO_USER, defaults={"is_staff": True, "is_superuser": True}
        )
        user.is_staff = user.is_superuser = user.is_active = True
        # Readers never see a login name; an article without a byline shows this full name.
        user.first_name, user.last_name = content.EDITOR_NAME
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user

    def _call_to_action(self, data: dict) -> CallToAction:
        cta, _created = CallToAction.objects.update_or_create(
            label=data["label"],
            defaults={
                "heading": data["heading"],
                "text": data["text"],
                "button_label": data["button_label"],
                "button_url": data["button_url"],
                "is_default": data["is_default"],
                "is_active": True,
            },
        )
        cta.conditions.set(Condition.objects.resolve(data["conditions"]))
        return cta


def _decimal(value: str | None) -> Decimal | None:
    return None if value is None else Decimal(value)
