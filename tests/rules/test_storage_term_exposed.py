"""Behaviour of storage-term-exposed."""

from ._lint import HEAD, findings, op


def _props_spec(names: list[str]) -> str:
    props = "".join(f"        {n}: {{type: string}}\n" for n in names)
    return (HEAD + "paths:\n" + op("/v1/pods", op_id="listPods") +
            "components:\n  schemas:\n    Pod:\n      type: object\n      properties:\n" + props)


def test_storage_terms_default_and_extended(tmp_path):
    # hostname is domain vocabulary for Kubernetes and Box; not a default term.
    spec = _props_spec(["hostname", "db_shard", "table_name", "bucket"])
    assert sorted(f.message.split("'")[1] for f in findings(tmp_path, spec, "storage-term-exposed")) == [
        "db_shard", "table_name"]
    found = findings(tmp_path, spec, "storage-term-exposed", options={"extra_terms": ["bucket"]})
    assert sorted(f.message.split("'")[1] for f in found) == ["bucket", "db_shard", "table_name"]


def test_database_products_own_their_storage_terms(tmp_path):
    # Amazon Neptune: CreateDBCluster, DescribeDBInstances... name what the product sells.
    ops = "".join(op(f"/#Action={name}", op_id=name) for name in
                  ["CreateDBCluster", "DescribeDBClusters", "DeleteDBCluster", "AddRoleToDBCluster", "ListTags"])
    assert findings(tmp_path, HEAD + "paths:\n" + ops, "storage-term-exposed") == []
    # Azure SQL: the title says so.
    titled = HEAD.replace("title: Shop", "title: SqlManagementClient") + "paths:\n" + op(
        "/providers/Microsoft.Sql/servers", op_id="listServers")
    assert findings(tmp_path, titled, "storage-term-exposed") == []


def test_one_storage_term_in_a_shop_is_a_leak(tmp_path):
    ops = "".join(op(f"/v1/{name}", op_id=f"list{name}") for name in ["orders", "customers", "db_shards", "items"])
    assert len(findings(tmp_path, HEAD + "paths:\n" + ops, "storage-term-exposed")) == 1
