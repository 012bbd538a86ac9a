from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from allies.models import Group


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The front page: what this is, and the groups that publish here."""
    return render(request, "home.html", {"groups": Group.objects.all()})
