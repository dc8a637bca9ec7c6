"""The admin sidebar's labels fit its width (about 20 characters before Wagtail cuts them
off with an ellipsis), in English and Spanish, counts included."""

import pytest
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext
from wagtail.admin.menu import admin_menu

from tests.factories import StaffUserFactory

SIDEBAR_CHARACTERS = 20
# Wagtail's own items, and the follow-up rules' setting (its name is the feedback app's
# model's), are not this check's to shorten.
NOT_CHECKED = ("Promoted search results", "Workflow tasks", "follow-up rules")


def _labels(items) -> list[str]:
    labels = []
    for item in items:
        labels.append(str(item.label))
        labels.extend(_labels(getattr(item, "menu_items", [])))
    return labels


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_sidebar_label_fits_the_sidebar_with_a_count(db, monkeypatch, language):
    monkeypatch.setattr("feedback.wagtail_hooks._open_count", lambda request: 129)
    request = RequestFactory().get("/admin/")
    request.user = StaffUserFactory(is_superuser=True)
    with translation.override(language):
        labels = _labels(admin_menu.render_component(request))
        skipped = {gettext(label).lower() for label in NOT_CHECKED}
    assert any("129" in label for label in labels)
    too_long = [
        label
        for label in labels
        if len(label) > SIDEBAR_CHARACTERS
        and label.lower() not in skipped
        and not label.startswith("What's new")
    ]
    assert too_long == []
