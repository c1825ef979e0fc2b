"""IAM on moto: users holding exact policies, then enforcement on, as a real account would refuse.

moto enforces actions and resource ARNs once `POST /moto-api/reset-auth` (body `0`) switches IAM
on; it ignores conditions. Set up everything with the root credentials first, then `enforce()`.
"""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from xcomkit_dev.s3_servers import S3Endpoint

ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
REGION = "us-east-1"
ACCOUNT = "123456789012"  # moto's default account
ROOT_KEY = ("testing", "testing")  # moto's root credentials


def client(
    service: str, url: str, key: str = ROOT_KEY[0], secret: str = ROOT_KEY[1], token: str | None = None
) -> Any:
    """Return a boto3 client for a moto server (path-style S3, no retries: refusals come back at once)."""
    import boto3  # noqa: PLC0415
    from botocore.config import Config  # noqa: PLC0415

    return boto3.client(
        service,
        endpoint_url=url,
        region_name=REGION,
        aws_access_key_id=key,
        aws_secret_access_key=secret,
        aws_session_token=token,
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
    )


def enforce(url: str, unauthenticated: int = 0) -> None:
    """Switch IAM enforcement on, after `unauthenticated` more requests that pass unchecked."""
    request = urllib.request.Request(  # noqa: S310 - the loopback moto server
        f"{url}/moto-api/reset-auth",
        data=str(unauthenticated).encode(),
        headers={"Content-Type": "text/plain"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        if response.status != 200:
            raise RuntimeError(f"moto refused to enforce IAM: HTTP {response.status}")


@dataclass(frozen=True)
class MotoIAM:
    """A moto server reached with its root credentials, for IAM and STS set-up."""

    root: S3Endpoint

    def client(self, service: str, identity: S3Endpoint | None = None) -> Any:
        """Return a boto3 client of `service` with the root's (or `identity`'s) keys."""
        who = identity or self.root
        return client(service, self.root.url, who.access_key, who.secret_key)

    def user(self, name: str, policy: str | dict[str, Any] = ALLOW_ALL) -> S3Endpoint:
        """Create a user holding exactly `policy` (inline); return the server reached with its keys."""
        iam = self.client("iam")
        iam.create_user(UserName=name)
        document = policy if isinstance(policy, str) else json.dumps(policy)
        iam.put_user_policy(UserName=name, PolicyName="xcomkit", PolicyDocument=document)
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return self.root.with_keys(key["AccessKeyId"], key["SecretAccessKey"])

    def enforce(self, unauthenticated: int = 0) -> None:
        """Switch IAM enforcement on: from now on every request is checked against the caller's policy."""
        enforce(self.root.url, unauthenticated)
