"""The peer baseline: Wagtail's own form page (wagtail.contrib.forms) with the same fields
as one survey step. Installed only by the bench settings."""

from django.db import models
from modelcluster.fields import ParentalKey
from wagtail.contrib.forms.models import AbstractForm, AbstractFormField


class PeerFormField(AbstractFormField):
    page = ParentalKey("PeerFormPage", on_delete=models.CASCADE, related_name="form_fields")


class PeerFormPage(AbstractForm):
    template = "bench/peer_form_page.html"
    landing_page_template = "bench/peer_form_page_landing.html"
