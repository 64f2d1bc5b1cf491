"""An S3-compatible server on a loopback port for the tests of media in an object store:
moto in server mode, started as its own process (the portal's servers reach it over HTTP,
as they would reach MinIO).

moto refuses an anonymous read unless the bucket's policy allows it, as a real store does,
so the public and the signed modes are told apart; it does not check signatures.
"""

import json
import subprocess
import sys
import urllib.error
import urllib.request

from tests.scale.servers import free_port, wait_for

ACCESS_KEY = "portal-test-key"
SECRET_KEY = "portal-test-secret"
REGION = "us-east-1"


class S3Server:
    def __init__(self, folder):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self.log = open(folder / "moto.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_for(lambda: urllib.request.urlopen(self.endpoint, timeout=2).status == 200, "moto")  # noqa: S310
        except BaseException:
            self.stop()
            raise

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)
        self.log.close()

    def client(self):
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def create_bucket(self, name, public):
        """A bucket; `public`: anyone may read its objects (a bucket policy, as in
        docs/operations.md), else only signed requests."""
        client = self.client()
        client.create_bucket(Bucket=name)
        if public:
            client.put_bucket_policy(
                Bucket=name,
                Policy=json.dumps(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": "*",
                                "Action": ["s3:GetObject"],
                                "Resource": [f"arn:aws:s3:::{name}/*"],
                            }
                        ],
                    }
                ),
            )
        return name

    def keys(self, bucket, prefix=""):
        pages = (
            self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
        )
        return sorted(item["Key"] for page in pages for item in page.get("Contents", ()))

    def environment(self, bucket, urls="public"):
        """The portal's settings for media in `bucket` (portal/storage.py)."""
        return {
            "DJANGO_S3_BUCKET": bucket,
            "DJANGO_S3_ENDPOINT_URL": self.endpoint,
            "DJANGO_S3_REGION": REGION,
            "DJANGO_S3_ACCESS_KEY_ID": ACCESS_KEY,
            "DJANGO_S3_SECRET_ACCESS_KEY": SECRET_KEY,
            "DJANGO_S3_URLS": urls,
        }


def fetch(url):
    """(status, headers, body) of a GET without credentials, as a reader's browser."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read()
