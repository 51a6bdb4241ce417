"""The validation cases shared with the Lua tests (tests/data/model_cases.json):
a list of {model, input, ok, path, message_contains[, strict]}. Checked the
way the model constructors check: strictly, unless a case says "strict": false."""

import json

import pytest

from conftest import MODEL_CASES
from qedge import ValidationError, models


def _cases():
    if not MODEL_CASES.is_file():
        return []
    return json.loads(MODEL_CASES.read_text(encoding="utf-8"))


CASES = _cases()


def _case_id(case):
    verdict = "accepts" if case["ok"] else f"rejects-{case.get('path', '')}"
    return f"{case['model']}-{verdict}"


def test_cases_exist():
    assert CASES, f"{MODEL_CASES} is missing or empty"


def _check(case, run):
    if case["ok"]:
        return run()
    with pytest.raises(ValidationError) as exc:
        run()
    if case.get("path") is not None:
        assert exc.value.path == case["path"]
    if case.get("message_contains") is not None:
        assert case["message_contains"] in exc.value.message
    return None


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_case_through_validate(case):
    strict = case.get("strict", True)
    out = _check(case, lambda: models.validate(case["model"], case["input"], strict=strict))
    cls = getattr(models, case["model"], None)
    if case["ok"] and isinstance(cls, type) and issubclass(cls, models.Model):
        assert isinstance(out, cls)
        # What validation returns serialises back to equivalent input.
        assert cls.from_dict(out.to_dict()) == out


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_case_through_the_model_class(case):
    cls = getattr(models, case["model"], None)
    if not (isinstance(cls, type) and issubclass(cls, models.Model)):
        pytest.skip(f"{case['model']} is not an object model")
    if not isinstance(case["input"], dict):
        pytest.skip("input is not an object")
    if case.get("strict", True):
        _check(case, lambda: cls(**case["input"]))
    else:
        _check(case, lambda: cls.from_dict(case["input"]))
