"""Schemathesis hooks for the conformance runs (the CLI loads this module
through SCHEMATHESIS_HOOKS; test_schemathesis.py calls cap_shards itself)."""

import schemathesis

#: Each shard holds files open and takes milliseconds to create: a generated
#: shard_number in the thousands would spend a run's time on one request (and
#: see test_server_limits.py for what it does to the server).
SHARD_CAP = 4


def cap_shards(body) -> None:
    if isinstance(body, dict):
        for key in ("shard_number", "shards_number"):
            if isinstance(body.get(key), int) and body[key] > SHARD_CAP:
                body[key] = SHARD_CAP


@schemathesis.hook
def before_call(context, case, kwargs):
    cap_shards(case.body)
