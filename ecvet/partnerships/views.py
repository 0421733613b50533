"""Being written (issue 4): replaced by the real views."""

from django.http import Http404


def partnership_list(request, *args, **kwargs):
    raise Http404


def partnership_new(request, *args, **kwargs):
    raise Http404


def partnership_detail(request, *args, **kwargs):
    raise Http404


def partnership_edit(request, *args, **kwargs):
    raise Http404


def partnership_profile(request, *args, **kwargs):
    raise Http404


def partnership_history(request, *args, **kwargs):
    raise Http404


def partner_new(request, *args, **kwargs):
    raise Http404


def partner_edit(request, *args, **kwargs):
    raise Http404


def partner_remove(request, *args, **kwargs):
    raise Http404


def unit_add(request, *args, **kwargs):
    raise Http404


def partnership_unit(request, *args, **kwargs):
    raise Http404


def unit_agree(request, *args, **kwargs):
    raise Http404


def unit_remove(request, *args, **kwargs):
    raise Http404


def unit_update_version(request, *args, **kwargs):
    raise Http404


def unit_request(request, *args, **kwargs):
    raise Http404


def note_new(request, *args, **kwargs):
    raise Http404


def proposal_answer(request, *args, **kwargs):
    raise Http404
