from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from allies.models import Group


@require_safe
@cache_control(public=True, max_age=300)
def home(request: HttpRequest) -> HttpResponse:
    """The front page: what this is, and the groups that publish here."""
    return render(request, "home.html", {"groups": Group.objects.all()})
