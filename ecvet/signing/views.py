"""Being written (issue 4): replaced by the real views."""

from django.http import Http404


def waiting(request, *args, **kwargs):
    raise Http404


def envelope_detail(request, *args, **kwargs):
    raise Http404


def envelope_pdf(request, *args, **kwargs):
    raise Http404


def envelope_withdraw(request, *args, **kwargs):
    raise Http404


def sign(request, *args, **kwargs):
    raise Http404


def decline(request, *args, **kwargs):
    raise Http404


def record_outside(request, *args, **kwargs):
    raise Http404


def scan(request, *args, **kwargs):
    raise Http404


def verify(request, *args, **kwargs):
    raise Http404


def verify_code(request, *args, **kwargs):
    raise Http404
