data "aws_partition" "current" {}

data "aws_region" "current" {}

data "aws_caller_identity" "current" {}

locals {
  role_mode     = var.identity_mode == "role"
  existing_role = var.identity_mode == "existing_role"
  user_mode     = var.identity_mode == "user"
  create_key    = local.user_mode && var.create_access_key
  # With a PGP key the secret is only known encrypted, so the connection cannot carry it.
  secret_in_connection = local.create_key && var.pgp_key == null
  bucket               = aws_s3_bucket.this.id
  bucket_key           = var.sse_algorithm == "aws:kms"
  region               = data.aws_region.current.region
  role_name            = coalesce(var.role_name, var.name)
  preview              = var.create_preview_identity
  preview_role_name    = coalesce(var.preview_role_name, "${local.role_name}-preview")
  preview_conn_id      = coalesce(var.preview_conn_id, "${var.conn_id}_preview")
  # null means "the workers' trust"; a tuple index, because the two objects may differ in shape.
  preview_trust = [var.preview_trust, var.trust][var.preview_trust == null ? 1 : 0]

  base_extra = merge(
    { region_name = local.region },
    var.endpoint_url == null ? {} : { endpoint_url = var.endpoint_url },
  )
}

# --- bucket ---------------------------------------------------------------------------------------

resource "aws_s3_bucket" "this" {
  # checkov:skip=CKV_AWS_18:Access logging is opt-in (var.access_log_bucket): it needs a second bucket the caller owns; CloudTrail data events cover audit.
  # checkov:skip=CKV_AWS_144:Cross-region replication of ephemeral XCom data doubles cost for data Airflow can recompute.
  # checkov:skip=CKV_AWS_145:SSE-S3 is the default and always on; SSE-KMS is one variable away (sse_algorithm, kms_key_arn).
  # checkov:skip=CKV_AWS_21:Versioning is opt-in (var.versioning): XComs are written once and expire after retention_days.
  # checkov:skip=CKV2_AWS_62:Nothing consumes event notifications for XCom objects.
  bucket        = var.bucket
  bucket_prefix = var.bucket == null ? var.bucket_prefix : null
  force_destroy = var.force_destroy
  tags          = var.tags
}

resource "aws_s3_bucket_public_access_block" "this" {
  bucket                  = aws_s3_bucket.this.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

# No ACLs: the bucket owner owns every object.
resource "aws_s3_bucket_ownership_controls" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = var.sse_algorithm
      kms_master_key_id = var.kms_key_arn
    }
    # S3 Bucket Keys cut KMS request costs; ignored for SSE-S3. The KMS statement of the policy
    # pins the encryption context this implies (the bucket ARN).
    bucket_key_enabled = local.bucket_key
    # SSE-C (a key the caller sends and S3 forgets) is refused by S3 itself, besides the bucket
    # policy's deny.
    blocked_encryption_types = ["SSE-C"]
  }
}

resource "aws_s3_bucket_versioning" "this" {
  count  = var.versioning ? 1 : 0
  bucket = aws_s3_bucket.this.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "this" {
  bucket = aws_s3_bucket.this.id

  rule {
    id     = "expire-xcom"
    status = "Enabled"

    filter {
      prefix = "${var.prefix}/"
    }

    expiration {
      days = var.retention_days
    }

    dynamic "noncurrent_version_expiration" {
      for_each = var.versioning ? [1] : []
      content {
        noncurrent_days = var.retention_days
      }
    }
  }

  rule {
    id     = "abort-incomplete-multipart-uploads"
    status = "Enabled"

    # Empty filter: the whole bucket.
    filter {}

    abort_incomplete_multipart_upload {
      days_after_initiation = var.abort_incomplete_multipart_days
    }
  }

  # The rules must see the versioning state they apply to.
  depends_on = [aws_s3_bucket_versioning.this]
}

resource "aws_s3_bucket_logging" "this" {
  count         = var.access_log_bucket == null ? 0 : 1
  bucket        = aws_s3_bucket.this.id
  target_bucket = var.access_log_bucket
  target_prefix = var.access_log_prefix
}

module "policy" {
  source = "../aws-policy"

  bucket             = aws_s3_bucket.this.id
  prefix             = var.prefix
  partition          = data.aws_partition.current.partition
  region             = local.region
  kms_key_arn        = var.kms_key_arn
  bucket_key_enabled = local.bucket_key
}

resource "aws_s3_bucket_policy" "this" {
  bucket = aws_s3_bucket.this.id
  policy = module.policy.bucket_policy_json

  # Putting a bucket policy while the public access block is being created fails with
  # "OperationAborted: A conflicting conditional operation is currently in progress"
  # (terraform-aws-modules/terraform-aws-s3-bucket#51, hashicorp/terraform-provider-aws#7628).
  depends_on = [aws_s3_bucket_public_access_block.this]
}

# The TLS-only policy became the bucket policy (it also refuses SSE-C now): same resource.
moved {
  from = aws_s3_bucket_policy.tls_only
  to   = aws_s3_bucket_policy.this
}
