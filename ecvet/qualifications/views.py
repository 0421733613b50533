from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from ecvet.qualifications.selectors import unit_list


@login_required
def unit_list_view(request: HttpRequest) -> HttpResponse:
    return render(request, "qualifications/unit_list.html", {"units": unit_list(user=request.user)})
