"""The REST API at /api/v1/: one NinjaAPI that mounts each app's own router.

Errors speak the same language as the screens: a domain rule refused → its message with the
rule's status code; invalid data → 422 with the field errors; not visible → 404.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.security import django_auth

from ecvet.accounts.api import ApiTokenAuth
from ecvet.accounts.api import router as accounts_router
from ecvet.errors import DomainError
from ecvet.institutions.api import router as institutions_router

api = NinjaAPI(
    title="ECVET Mobility API",
    version="1",
    description=(
        "Institutions, people, qualifications and units of learning outcomes (with their "
        "versions, outcomes and ESCO skills), partnerships (partners, the units they agree on, "
        "comments and proposed outcomes, the Memorandum of Understanding), and signing: "
        "signature requests, signing with your password, declining, signatures made on paper, "
        "and the public verification of a signed document by its code or PDF; learners (and "
        "their import from a CSV or XLSX spreadsheet), mobilities and their status, the learner "
        "profile for the host, and the three-party Learning Agreement with the assessment plan "
        "of each unit, signed through the same signing operations; during and after the "
        "mobility, the host's assessment of each learning outcome with its evidence files, the "
        "learner's self-assessment and the two side by side, the transcript of records, the "
        "sending school's validation and recognition, Europass Mobility and recommendation "
        "letters. Authenticate with a personal token from your "
        "profile page: `Authorization: Bearer <token>`."
    ),
    auth=[ApiTokenAuth(), django_auth],
    urls_namespace="api-1",
)
api.add_router("/", accounts_router)
api.add_router("/", institutions_router)
api.add_router("/", "ecvet.notifications.api.router")
# Before the units router, whose "/units/{unit_id}" would otherwise take "/units/export".
api.add_router("/", "ecvet.qualifications.transfer.api.router")
api.add_router("/", "ecvet.qualifications.api.router")
api.add_router("/", "ecvet.partnerships.api.router")
api.add_router("/", "ecvet.signing.api.router")
api.add_router("/", "ecvet.mobilities.api.router")
api.add_router("/", "ecvet.assessments.api.router")
api.add_router("/", "ecvet.transcripts.api.router")
api.add_router("/", "ecvet.recognition.api.router")
api.add_router("/", "ecvet.europass.api.router")


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
    return api.create_response(request, {"detail": exc.message}, status=exc.status_code)


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    if hasattr(exc, "error_dict"):
        errors = [
            {"loc": ["body", "payload", field], "msg": str(message)}
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    else:
        errors = [{"loc": ["body", "payload"], "msg": str(message)} for message in exc.messages]
    return api.create_response(request, {"detail": errors}, status=422)
