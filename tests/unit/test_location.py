from __future__ import annotations

import pytest

from xcomkit.errors import ConfigError
from xcomkit.location import Location


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("s3://aws_xcom@my-bucket/xcom", Location("s3", "aws_xcom", "my-bucket", "xcom")),
        ("s3://c@b/deep/prefix/", Location("s3", "c", "b", "deep/prefix")),
        ("gs://gcp@bucket/p", Location("gs", "gcp", "bucket", "p")),
        ("wasb://az@container/p", Location("wasb", "az", "container", "p")),
        ("file:///tmp/xcom", Location("file", "", "", "tmp/xcom")),
    ],
)
def test_parse_and_print(url: str, expected: Location) -> None:
    assert Location.parse(url) == expected
    assert Location.parse(str(expected)) == expected


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("bucket/prefix", "has no scheme"),
        (
            "s3://bucket/prefix",
            r"lacks a connection id or a bucket; write it as s3://<conn_id>@<bucket>/<prefix>",
        ),
        ("s3://conn@bucket", "has no prefix after the bucket"),
        ("s3://conn@bucket/a/../b", "the prefix contains '.', '..' or '//' segments"),
        ("file://host/tmp", "three slashes"),
        ("file:///", "is the filesystem root; name a directory"),
        ("s3://c@b/p?x=1", "query"),
    ],
)
def test_malformed_paths_say_what_to_write(url: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        Location.parse(url)
