import pytest

from tests.factories import make_user


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _language_of_the_site():
    """A request in another language leaves it active in the thread (LocaleMiddleware does not
    switch back): each test starts, and ends, in the site's language."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: its database is new, its content versions too."""
    from django.core.cache import cache

    from supplements_cms.delivery import versions

    cache.clear()
    versions.forget_checks()


@pytest.fixture
def editor(db):
    """Staff with the permissions an editor of articles has."""
    return make_user(
        "editor",
        staff=True,
        perms=(
            "add_article",
            "change_article",
            "view_article",
            "add_calltoaction",
            "change_calltoaction",
        ),
    )


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def admin_client_(client, admin_user):
    client.force_login(admin_user)
    return client
