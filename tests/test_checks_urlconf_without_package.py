"""A URLconf that forgets supplements_cms.urls, for tests/test_checks.py."""

urlpatterns = []
