from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders

TEMPLATES = Path(settings.BASE_DIR) / "templates"


def test_no_template_carries_an_inline_style_block():
    inline = [
        str(path.relative_to(TEMPLATES)) for path in TEMPLATES.rglob("*.html") if "<style" in path.read_text()
    ]
    assert inline == []


def test_every_admin_page_links_the_compiled_admin_stylesheet(client, manager):
    client.force_login(manager)
    body = client.get("/admin/").content.decode()
    assert '<link rel="stylesheet" href="/static/css/admin.css">' in body
    compiled = Path(finders.find("css/admin.css")).read_text()
    for rule in (
        ".review-tiles",
        ".invitation-timeline",
        ".packet-facts",
        ".packet-comment-text",
        ".review-filters",
    ):
        assert rule in compiled
