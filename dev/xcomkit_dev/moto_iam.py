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


@dataclass(frozen=True)
class MotoIAM:
    """A moto server reached with its root credentials, for IAM and STS set-up."""

    root: S3Endpoint

    def client(self, service: str, identity: S3Endpoint | None = None) -> Any:
        """Return a boto3 client of `service` with the root's (or `identity`'s) keys."""
        import boto3  # noqa: PLC0415

        who = identity or self.root
        return boto3.client(
            service,
            endpoint_url=self.root.url,
            region_name=self.root.region,
            aws_access_key_id=who.access_key,
            aws_secret_access_key=who.secret_key,
        )

    def user(self, name: str, policy: str | dict[str, Any] = ALLOW_ALL) -> S3Endpoint:
        """Create a user holding exactly `policy` (inline); return the server reached with its keys."""
        iam = self.client("iam")
        iam.create_user(UserName=name)
        document = policy if isinstance(policy, str) else json.dumps(policy)
        iam.put_user_policy(UserName=name, PolicyName="xcomkit", PolicyDocument=document)
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return self.root.with_keys(key["AccessKeyId"], key["SecretAccessKey"])

    def enforce(self) -> None:
        """Switch IAM enforcement on: from now on every request is checked against the caller's policy."""
        request = urllib.request.Request(  # noqa: S310 - the loopback moto server
            f"{self.root.url}/moto-api/reset-auth",
            data=b"0",
            headers={"Content-Type": "text/plain"},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            if response.status != 200:
                raise RuntimeError(f"moto refused to enforce IAM: HTTP {response.status}")
