"""Being written (issue 4): replaced by the real views."""

from django.http import Http404


def memorandum_detail(request, *args, **kwargs):
    raise Http404


def memorandum_pdf(request, *args, **kwargs):
    raise Http404


def memorandum_send(request, *args, **kwargs):
    raise Http404


def memorandum_amend(request, *args, **kwargs):
    raise Http404
