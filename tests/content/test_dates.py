"""Dates as US readers and Spanish readers write them, on a rendered page."""

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def _set_review_dates(page, *, last: dt.date, due: dt.date):
    page.last_reviewed, page.next_review_due = last, due
    page.save_revision().publish()


def test_education_pages_write_dates_the_us_way_in_english_and_with_de_in_spanish(client, library):
    last, due = dt.date(2026, 11, 26), dt.date(2027, 12, 6)
    _set_review_dates(library["heart"], last=last, due=due)
    _set_review_dates(library["heart_es"], last=last, due=due)

    english = client.get(library["heart"].url).content.decode()
    assert "November 26, 2026" in english
    assert "December 6, 2027" in english
    assert "26 November" not in english

    spanish = client.get(library["heart_es"].url).content.decode()
    assert "26 de noviembre de 2026" in spanish
    assert "6 de diciembre de 2027" in spanish
    assert "26 noviembre 2026" not in spanish
