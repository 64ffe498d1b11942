"""Where private files live, read from the environment (used by ``config.settings``).

Every file the app writes (uploads, decision letters, generated reports) goes through a ``FileField``
and therefore through Django's ``default`` storage; nothing opens a path on disk. Without
``STORAGE_BUCKET`` that storage is the private folder ``PRIVATE_MEDIA_ROOT`` (the embedded default);
with it, an S3-compatible bucket (AWS S3, MinIO, Ceph, ...) through ``django-storages``, so several web
and worker machines share the same files.
"""

from __future__ import annotations

from typing import Any

FILESYSTEM = "django.core.files.storage.FileSystemStorage"
S3 = "storages.backends.s3.S3Storage"


def private_storage(env) -> dict[str, Any]:
    """The ``STORAGES`` entry of the private files for the environment ``env`` (a ``environ.Env``).

    ``STORAGE_BUCKET``: the bucket; empty keeps the local folder. ``STORAGE_URL``: the endpoint of an
    S3-compatible server (empty for AWS itself). ``STORAGE_ACCESS_KEY``/``STORAGE_SECRET_KEY`` (or
    boto3's own ``AWS_*`` variables), ``STORAGE_REGION``, ``STORAGE_PREFIX`` (a folder in the bucket).
    Objects are private (no ACL, signed URLs only), names are never overwritten.
    """
    bucket = env.str("STORAGE_BUCKET", default="")
    if not bucket:
        return {"BACKEND": FILESYSTEM}
    options = {
        "bucket_name": bucket,
        "endpoint_url": env.str("STORAGE_URL", default="") or None,
        "region_name": env.str("STORAGE_REGION", default="") or None,
        "location": env.str("STORAGE_PREFIX", default=""),
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
        # Path-style addressing: MinIO and most S3-compatible servers have no bucket subdomains.
        "addressing_style": "path",
    }
    access_key = env.str("STORAGE_ACCESS_KEY", default="")
    if access_key:
        options["access_key"] = access_key
        options["secret_key"] = env.str("STORAGE_SECRET_KEY", default="")
    return {"BACKEND": S3, "OPTIONS": options}
