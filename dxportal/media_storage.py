"""Where media (uploaded materials, rendered and published meeting PDFs) are stored: a local
folder by default, or an S3-compatible bucket when DJANGO_MEDIA_BUCKET is set, so that several
app servers share one store. Static files stay with WhiteNoise either way.

Every stored name is made from its content (an upload's or a PDF's SHA-256, a render's
fingerprint), so an object never changes once written. Objects are private: they are written
with no ACL (the bucket's owner only; keep the bucket's Block Public Access on) and reach the
public only through the app, which checks who may read a private material.

Environment (read by dxportal/settings.py):
    DJANGO_MEDIA_BUCKET            the bucket; unset: the folder DJANGO_MEDIA_ROOT
    DJANGO_MEDIA_S3_ENDPOINT_URL   an S3-compatible server's address (unset: AWS S3)
    DJANGO_MEDIA_S3_REGION         its region (default ap-northeast-1, Tokyo)
    DJANGO_MEDIA_S3_PATH_STYLE     "true" for servers that want bucket names in the path
    DJANGO_MEDIA_S3_PREFIX         a folder inside the bucket (default: none)
    AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY
                                   credentials, read by boto3 itself (or an instance role)
"""

from __future__ import annotations

from collections.abc import Mapping

DEFAULT_REGION = "ap-northeast-1"
# A download read from the bucket is kept in memory up to this size, then in a temporary file:
# a 20 MB material or a 300-page packet is never held whole in memory by a reader.
SPOOL_BYTES = 2 * 1024 * 1024
PART_BYTES = 5 * 1024 * 1024  # S3's smallest part
TRUE = ("1", "true", "yes", "on")


def s3_options(env: Mapping[str, str]) -> dict:
    """django-storages' S3Storage options for the bucket the environment names."""
    from boto3.s3.transfer import TransferConfig

    # Large files go up and down in parts, one at a time, with little buffered: boto3's defaults
    # (ten parts at once, a 25 MB write queue) held a 20 MB file nearly twice in memory.
    transfer = TransferConfig(
        multipart_threshold=PART_BYTES,
        multipart_chunksize=PART_BYTES,
        use_threads=False,
        max_io_queue=4,
    )
    transfer.max_in_memory_upload_chunks = 1  # s3transfer's, which boto3 does not take as a keyword
    return {
        "bucket_name": env["DJANGO_MEDIA_BUCKET"],
        "endpoint_url": env.get("DJANGO_MEDIA_S3_ENDPOINT_URL") or None,
        "region_name": env.get("DJANGO_MEDIA_S3_REGION") or DEFAULT_REGION,
        "addressing_style": "path"
        if env.get("DJANGO_MEDIA_S3_PATH_STYLE", "").lower() in TRUE
        else None,
        "location": env.get("DJANGO_MEDIA_S3_PREFIX", "").strip("/"),
        "signature_version": "s3v4",
        "default_acl": None,  # private: the bucket owner's alone
        "querystring_auth": True,  # any URL made for an object is signed and expires
        "querystring_expire": 300,
        "file_overwrite": False,  # a name taken is never written again
        "max_memory_size": SPOOL_BYTES,
        "transfer_config": transfer,
    }


def default_storage_setting(env: Mapping[str, str]) -> dict:
    """STORAGES["default"]: the bucket when the environment names one, else the local folder."""
    if env.get("DJANGO_MEDIA_BUCKET"):
        return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": s3_options(env)}
    return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
