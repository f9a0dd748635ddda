"""Behaviour of rate-limit-undocumented."""

from .helpers import found, spec


def test_429_promised_in_an_operation_description_is_documented(tmp_path):
    # Asana: "You may receive a `429 Too Many Requests` response if you hit any of our rate limits."
    def api(description: str) -> str:
        return spec(f"/workspaces/{{workspace_gid}}/tasks/search:\n  get:\n    description: {description}\n"
                    "    responses: {'200': {description: OK}}\n")
    prose = "'You may receive a `429 Too Many Requests` response if you hit any of our rate limits.'"
    assert found(tmp_path, api(prose), "rate-limit-undocumented") == []
    assert len(found(tmp_path, api("'Search tasks (returns at most 100 results).'"), "rate-limit-undocumented")) == 1
