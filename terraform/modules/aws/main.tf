data "aws_partition" "current" {}

data "aws_region" "current" {}

locals {
  user_mode  = var.identity_mode == "user"
  create_key = local.user_mode && var.create_access_key
  # With a PGP key the secret is only known encrypted, so the connection cannot carry it.
  secret_in_connection = local.create_key && var.pgp_key == null
  bucket               = aws_s3_bucket.this.id
}

# --- bucket ---------------------------------------------------------------------------------------

resource "aws_s3_bucket" "this" {
  # checkov:skip=CKV_AWS_18:XCom objects are short-lived task data; access logging needs a second bucket and is left to the caller (CloudTrail data events cover audit).
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
    # S3 Bucket Keys cut KMS request costs; ignored for SSE-S3.
    bucket_key_enabled = var.sse_algorithm == "aws:kms"
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

module "policy" {
  source = "../aws-policy"

  bucket      = aws_s3_bucket.this.id
  prefix      = var.prefix
  partition   = data.aws_partition.current.partition
  kms_key_arn = var.kms_key_arn
}

resource "aws_s3_bucket_policy" "tls_only" {
  bucket = aws_s3_bucket.this.id
  policy = module.policy.bucket_policy_json

  # Putting a bucket policy while the public access block is being created fails with
  # "OperationAborted: A conflicting conditional operation is currently in progress"
  # (terraform-aws-modules/terraform-aws-s3-bucket#51, hashicorp/terraform-provider-aws#7628).
  depends_on = [aws_s3_bucket_public_access_block.this]
}

# --- identity -------------------------------------------------------------------------------------

resource "aws_iam_policy" "this" {
  name        = "${var.name}-xcom"
  path        = var.iam_path
  description = "Airflow XCom backend: objects under s3://${aws_s3_bucket.this.id}/${var.prefix}/ only."
  policy      = module.policy.policy_json
  tags        = var.tags
}

resource "aws_iam_group" "this" {
  count = local.user_mode ? 1 : 0
  name  = var.name
  path  = var.iam_path
}

resource "aws_iam_group_policy_attachment" "this" {
  count      = local.user_mode ? 1 : 0
  group      = aws_iam_group.this[0].name
  policy_arn = aws_iam_policy.this.arn
}

resource "aws_iam_user" "this" {
  # checkov:skip=CKV_AWS_273:Airflow running outside AWS needs a programmatic identity; SSO users cannot hold access keys. Use identity_mode = "role" inside AWS.
  count = local.user_mode ? 1 : 0
  name  = var.name
  path  = var.iam_path
  tags  = var.tags
}

resource "aws_iam_user_group_membership" "this" {
  count  = local.user_mode ? 1 : 0
  user   = aws_iam_user.this[0].name
  groups = [aws_iam_group.this[0].name]
}

resource "aws_iam_access_key" "this" {
  count   = local.create_key ? 1 : 0
  user    = aws_iam_user.this[0].name
  pgp_key = var.pgp_key
}

# Keyless: the workload already runs as this role (IRSA, instance profile, ECS task role).
resource "aws_iam_role_policy_attachment" "this" {
  count      = local.user_mode ? 0 : 1
  role       = var.role_name
  policy_arn = aws_iam_policy.this.arn
}

# --- Airflow --------------------------------------------------------------------------------------

module "connection" {
  source = "../airflow-connection"

  conn_id   = var.conn_id
  conn_type = "aws"
  login     = local.create_key ? aws_iam_access_key.this[0].id : null
  password  = local.secret_in_connection ? aws_iam_access_key.this[0].secret : null
  extra = merge(
    { region_name = data.aws_region.current.region },
    var.endpoint_url == null ? {} : { endpoint_url = var.endpoint_url },
  )

  storage_scheme        = "s3"
  bucket                = local.bucket
  prefix                = var.prefix
  threshold             = var.threshold
  compression           = var.compression
  dataframe_format      = var.dataframe_format
  env_connection_format = var.env_connection_format
}
