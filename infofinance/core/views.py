"""Error pages in the language of the path."""

from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as django_server_error


@requires_csrf_token
def page_not_found(request, exception):
    return render(request, "404.html", {"noindex": True, "not_found": True}, status=404)


def server_error(request):
    return django_server_error(request)
