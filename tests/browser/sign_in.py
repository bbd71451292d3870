"""Signing in to the admin through its real login form, as every browser test of the admin does."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

PASSWORD = "pw-for-the-browser-tests"


def sign_in(page: Page, live_server: Any, user: Any) -> Page:
    """Log ``user`` in on ``page`` (its password is set here) and wait for the admin's home."""
    user.set_password(PASSWORD)
    user.save()
    page.goto(live_server.url + "/admin/login/")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(live_server.url + "/admin/")
    return page
