"""Behaviour of validation-inconsistent."""

from ._input_validation import _post
from ._lint import HEAD, findings


def test_nested_fields_with_same_name_are_not_compared(tmp_path):
    # Stripe: company.address.city (maxLength 100) and individual.address.city (5000) in one request.
    props = ("                company: {type: object, properties: {city: {type: string, maxLength: 100}}}\n"
             "                person: {type: object, properties: {city: {type: string, maxLength: 5000}}}\n")
    spec = HEAD + "paths:\n" + _post("/v1/accounts", "createAccount", props)
    assert findings(tmp_path, spec, "validation-inconsistent") == []


def test_generic_names_skipped_specific_names_compared(tmp_path):
    spec = HEAD + "paths:\n" + _post("/v1/a", "createA", "                email: {type: string, maxLength: 50}\n"
                                     "                name: {type: string, maxLength: 50}\n") + _post(
        "/v1/b", "createB", "                email: {type: string, maxLength: 255}\n"
                            "                name: {type: string, maxLength: 255}\n")
    found = findings(tmp_path, spec, "validation-inconsistent")
    assert len(found) == 1 and "'email'" in found[0].message


def test_identifiers_of_different_resources_may_differ_but_not_be_unchecked(tmp_path):
    # AWS IVS Chat: `identifier` is a room ARN in DeleteRoom and a logging configuration ARN elsewhere.
    room = "                identifier: {type: string, maxLength: 128, pattern: '^arn:room/.+$'}\n"
    logging = "                identifier: {type: string, maxLength: 128, pattern: '^arn:logging/.+$'}\n"
    spec = HEAD + "paths:\n" + _post("/DeleteRoom", "deleteRoom", room) + _post("/DeleteLogging", "deleteLogging",
                                                                              logging)
    assert findings(tmp_path, spec, "validation-inconsistent") == []
    # Vercel: `projectId` has a pattern in one operation and none in another.
    spec += _post("/DeleteOther", "deleteOther", "                identifier: {type: string}\n")
    found = findings(tmp_path, spec, "validation-inconsistent")
    assert len(found) == 1 and "no constraints" in found[0].message


def test_page_sizes_differ_per_collection(tmp_path):
    # YouTube: maxResults is 1-50 on activities and 1-100 on commentThreads.
    spec = HEAD + "paths:\n" + _post("/a", "searchA", "                maxResults: {type: integer, maximum: 50}\n") + \
        _post("/b", "searchB", "                maxResults: {type: integer, maximum: 100}\n")
    assert findings(tmp_path, spec, "validation-inconsistent") == []
