from django.http import HttpResponse
from django.urls import path
from django.views.decorators.cache import never_cache

from portal.urls import urlpatterns as portal_urlpatterns

FLOOR_HTML = (
    "<!DOCTYPE html><html lang='en'><head><title>floor</title></head><body>" + "<p>floor</p>" * 850
)[:10_240] + "</body></html>"


@never_cache
def floor(request):
    """The framework floor: 10 KB of HTML through exactly the site's middleware, no work.
    Never stored by the page cache, so it stays a floor (the cache lookup still runs)."""
    return HttpResponse(FLOOR_HTML)


urlpatterns = [path("bench/floor/", floor), *portal_urlpatterns]
