from ._lint import HEAD, findings, op

RULE = "lifecycle-verb-inconsistent"


def _spec(op_ids: list[str], method: str = "post") -> str:
    return HEAD + "paths:\n" + "".join(op(f"/v1/r{i}", method, oid) for i, oid in enumerate(op_ids))


def test_pure_synonym_flagged(tmp_path):
    found = findings(tmp_path, _spec(["updateOrder", "updateCustomer", "modifyInvoice"], "patch"), RULE)
    assert len(found) == 1 and "modify" in found[0].message


def test_association_verbs_not_flagged_for_other_objects(tmp_path):
    # GitHub / OpenAI: add a member to a group, remove a label: not a different word for "create".
    ids = ["createOrder", "createCustomer", "createInvoice", "addGroupMember", "addFollowers"]
    assert findings(tmp_path, _spec(ids), RULE) == []


def test_association_verb_flagged_for_same_object(tmp_path):
    # The reference's example: CreateTags in one place, AddTags in another.
    ids = ["createOrder", "createCustomer", "createTags", "addTags"]
    found = findings(tmp_path, _spec(ids), RULE)
    assert len(found) == 1 and "'add'" in found[0].message


def test_adding_several_existing_items_is_not_creating_one(tmp_path):
    # GitHub: issues/create-label makes a label; issues/add-labels attaches existing labels to an issue.
    ids = ["issues/create", "issues/create-comment", "issues/create-label", "issues/add-labels"]
    assert findings(tmp_path, _spec(ids), RULE) == []


def test_read_vs_get_on_different_objects_not_flagged(tmp_path):
    # Kubernetes: readNamespacedPod for resources, getAPIVersions for discovery documents.
    ids = ["readNamespacedPod", "readNamespacedService", "readNode", "getAPIVersions"]
    assert findings(tmp_path, _spec(ids, "get"), RULE) == []
