"""The OpenAPI document names each schema once: a schema of the mobilities API named like a
different schema of another API module would silently show one of them for both."""

from __future__ import annotations

import importlib
import inspect
import json

from ninja import Schema

OTHER_API_MODULES = (
    "ecvet.accounts.api",
    "ecvet.institutions.api",
    "ecvet.notifications.api",
    "ecvet.qualifications.transfer.api",
    "ecvet.qualifications.api",
    "ecvet.partnerships.api",
    "ecvet.signing.api",
)


def _schemas(name: str) -> dict[str, str]:
    """The request and response schemas defined in an API module: name → JSON Schema."""
    module = importlib.import_module(name)
    return {
        cls.__name__: json.dumps(cls.model_json_schema(), sort_keys=True)
        for cls in vars(module).values()
        if inspect.isclass(cls) and issubclass(cls, Schema) and cls.__module__ == name
    }


def test_no_mobilities_api_schema_takes_the_name_of_a_different_one():
    ours = _schemas("ecvet.mobilities.api")
    clashes = [
        (name, module)
        for module in OTHER_API_MODULES
        for name, schema in _schemas(module).items()
        if name in ours and ours[name] != schema
    ]
    assert clashes == []


def test_the_learner_profile_and_the_partnerships_trainee_profile_template_both_show():
    from ecvet.api import api

    schemas = api.get_openapi_schema()["components"]["schemas"]
    assert "knowledge" in schemas["LearnerProfileOut"]["properties"]
    assert "profile_knowledge" in schemas["ProfileOut"]["properties"]
    assert "line" in schemas["ProblemOut"]["properties"]
    assert "row" in schemas["LearnerImportProblemOut"]["properties"]
