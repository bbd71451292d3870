"""What makes a health article trustworthy: who wrote and reviewed it, and its sources."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..content.fields import LinkField

validate_pmid = RegexValidator(
    r"^[1-9]\d{0,8}$", _("A PubMed ID is a number of up to nine digits, such as 31234567.")
)
validate_doi = RegexValidator(
    r"^10\.\d{4,9}/\S+$",
    _("A DOI starts with “10.”, a registrant code and a slash, such as 10.1000/xyz123."),
    flags=re.IGNORECASE,
)


_DOI_PREFIX = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


class Contributor(models.Model):
    """A person named on articles: an author or a medical reviewer, with their credentials."""

    name = models.CharField(_("name"), max_length=120)
    credentials = models.CharField(
        _("credentials"), max_length=120, blank=True, help_text=_("For example “MD” or “RD, PhD”.")
    )
    profile_url = LinkField(_("profile URL"), blank=True)
    # Set by an administrator: the account that signs medical reviews as this person.
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributor",
        verbose_name=_("reviewer's account"),
        help_text=_(
            "The user who signs medical reviews as this person; they need the permission "
            "“Can review articles medically”."
        ),
    )

    class Meta:
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class Reference(models.Model):
    """A source an article cites; ``[ref:N]`` in the text points at the N-th reference."""

    article = models.ForeignKey(
        "supplements_cms.Article", on_delete=models.CASCADE, related_name="references"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    authors = models.CharField(_("authors"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=300)
    publication = models.CharField(
        _("journal or site"), max_length=200, blank=True, help_text=_("For example “Nutrients”.")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    url = LinkField(_("URL"), blank=True)
    pmid = models.CharField(_("PubMed ID"), max_length=9, blank=True, validators=[validate_pmid])
    doi = models.CharField(_("DOI"), max_length=200, blank=True, validators=[validate_doi])

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean_fields(self, exclude=None) -> None:
        # A DOI pasted as a link or with its "doi:" label is common; keep the identifier only.
        self.doi = _DOI_PREFIX.sub("", self.doi.strip())
        self.pmid = self.pmid.strip()
        super().clean_fields(exclude)

    def clean(self) -> None:
        super().clean()
        if self.year is not None and not 1800 <= self.year <= 2100:
            raise ValidationError({"year": _("Enter the year of publication, such as 2021.")})

    @property
    def doi_url(self) -> str:
        return f"https://doi.org/{self.doi}" if self.doi else ""

    @property
    def pubmed_url(self) -> str:
        return f"https://pubmed.ncbi.nlm.nih.gov/{self.pmid}/" if self.pmid else ""

    @property
    def link(self) -> str:
        """The best single link: the DOI, else PubMed, else the URL given."""
        return self.doi_url or self.pubmed_url or self.url


class ClaimAcceptance(models.Model):
    """A publisher's decision to publish an article although a sentence of it reads as a disease
    claim: which warning (its key: criterion, sentence, phrase and field), who accepted it, and
    when. A claim written or reworded later has another key: it needs an acceptance of its own."""

    article = models.ForeignKey(
        "supplements_cms.Article", on_delete=models.CASCADE, related_name="claim_acceptances"
    )
    key = models.CharField(_("warning"), max_length=32)
    phrase = models.CharField(_("phrase"), max_length=300)
    reason = models.CharField(_("reason"), max_length=300)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("accepted by"),
    )
    accepted_at = models.DateTimeField(_("accepted"), auto_now_add=True)

    class Meta:
        verbose_name = _("accepted claim warning")
        verbose_name_plural = _("accepted claim warnings")
        constraints = [
            models.UniqueConstraint(fields=["article", "key"], name="scms_claim_accepted_once")
        ]

    def __str__(self) -> str:
        return f"{self.phrase} ({self.accepted_by}, {self.accepted_at:%Y-%m-%d})"
