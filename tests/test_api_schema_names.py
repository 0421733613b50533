"""The OpenAPI document names each schema once: two different schemas of the same name in two
API modules would silently show one of them for both (ninja keys schemas by class name)."""

from __future__ import annotations

import importlib
import inspect
import json
from collections import defaultdict
from pathlib import Path

from ninja import Schema

API_MODULES = (
    "ecvet.accounts.api",
    "ecvet.institutions.api",
    "ecvet.notifications.api",
    "ecvet.qualifications.transfer.api",
    "ecvet.qualifications.api",
    "ecvet.partnerships.api",
    "ecvet.signing.api",
    "ecvet.mobilities.api",
    "ecvet.assessments.api",
    "ecvet.transcripts.api",
    "ecvet.recognition.api",
    "ecvet.europass.api",
)


def test_no_two_different_api_schemas_share_a_name():
    seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for name in API_MODULES:
        module = importlib.import_module(name)
        for cls in vars(module).values():
            if inspect.isclass(cls) and issubclass(cls, Schema) and cls.__module__ == name:
                schema = json.dumps(cls.model_json_schema(), sort_keys=True)
                seen[cls.__name__][schema].add(name)
    clashes = {
        cls: sorted(m for ms in shapes.values() for m in ms)
        for cls, shapes in seen.items()
        if len(shapes) > 1
    }
    assert clashes == {}


def test_every_api_module_is_checked():
    root = Path(__file__).resolve().parents[1]
    found = {
        ".".join(path.relative_to(root).with_suffix("").parts)
        for path in (root / "ecvet").rglob("api.py")
    } - {"ecvet.api"}
    assert found == set(API_MODULES)


def test_the_learner_profile_and_the_partnerships_trainee_profile_template_both_show():
    from ecvet.api import api

    schemas = api.get_openapi_schema()["components"]["schemas"]
    assert "knowledge" in schemas["LearnerProfileOut"]["properties"]
    assert "profile_knowledge" in schemas["ProfileOut"]["properties"]
    assert "line" in schemas["ProblemOut"]["properties"]
    assert "row" in schemas["LearnerImportProblemOut"]["properties"]
