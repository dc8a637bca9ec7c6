"""The named hooks through which the apps above add to what every public page knows.

Content sits below surveys and packets and never imports them: what they add to the public
pages, they register here with Wagtail's hook registry, in their own wagtail_hooks.py.
"""

# fn(*, language) -> dict, merged into ``nav_urls`` (content.context_processors), which is
# cached per language until anything is next published: surveys adds the page-feedback form.
NAV_URLS = "content_nav_urls"
