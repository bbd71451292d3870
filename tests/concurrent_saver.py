"""A second process that saves an article through the admin: one of two editors saving at once,
for tests/test_concurrent_saves.py. It uses the example site's settings on a SQLite file."""

from __future__ import annotations

import os


def save_rounds(database: str, username: str, article_id: int, rounds: int, barrier, results):
    os.environ["DJANGO_SETTINGS_MODULE"] = "example_project.settings"
    os.environ["EXAMPLE_DATABASE"] = database
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.test import Client

    from tests.admin_forms import change_url, form_on_page

    class Stub:
        pk = article_id

    client = Client(HTTP_HOST="localhost")
    client.force_login(get_user_model().objects.get(username=username))
    url = change_url(Stub)
    for round_ in range(rounds):
        data = form_on_page(client, url)
        text = f"{username} wrote this in round {round_}."
        barrier.wait(timeout=60)
        try:
            response = client.post(url, {**data, "intro": text})
        except Exception as error:
            results.put((round_, username, 500, repr(error)))
        else:
            page = response.content.decode()
            outcome = "saved" if response.status_code == 302 else page
            if response.status_code == 200:
                kept = text in page
                conflict = "Someone else saved this article" in page
                busy = "The database was busy" in page
                outcome = f"kept={kept} conflict={conflict} busy={busy}"
            results.put((round_, username, response.status_code, outcome))
        barrier.wait(timeout=60)
