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

module "preview_policy" {
  source = "../aws-policy"
  count  = local.preview ? 1 : 0

  bucket             = aws_s3_bucket.this.id
  prefix             = var.prefix
  partition          = data.aws_partition.current.partition
  region             = local.region
  kms_key_arn        = var.kms_key_arn
  bucket_key_enabled = local.bucket_key
  mode               = "read_only"
}

resource "aws_s3_bucket_policy" "this" {
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

resource "aws_iam_policy" "preview" {
  count       = local.preview ? 1 : 0
  name        = "${var.name}-xcom-preview"
  path        = var.iam_path
  description = "Airflow API server: read XCom objects under s3://${aws_s3_bucket.this.id}/${var.prefix}/, nothing else."
  policy      = module.preview_policy[0].policy_json
  tags        = var.tags
}

# Keyless (default): the role and its trust policy, both rendered by provider-free modules.
module "trust" {
  source = "../aws-trust"
  count  = local.role_mode ? 1 : 0

  account_id             = data.aws_caller_identity.current.account_id
  partition              = data.aws_partition.current.partition
  region                 = local.region
  role_name              = local.role_name
  role_path              = var.iam_path
  trust                  = var.trust
  connection_assume_role = var.connection_assume_role
}

module "preview_trust" {
  source = "../aws-trust"
  count  = local.role_mode && local.preview ? 1 : 0

  account_id             = data.aws_caller_identity.current.account_id
  partition              = data.aws_partition.current.partition
  region                 = local.region
  role_name              = local.preview_role_name
  role_path              = var.iam_path
  trust                  = local.preview_trust
  connection_assume_role = var.preview_connection_assume_role
}

resource "aws_iam_role" "this" {
  count                = local.role_mode ? 1 : 0
  name                 = local.role_name
  path                 = var.iam_path
  description          = "Airflow workers: XCom objects under s3://${aws_s3_bucket.this.id}/${var.prefix}/ (xcomkit)."
  assume_role_policy   = module.trust[0].trust_policy_json
  max_session_duration = var.max_session_duration
  tags                 = var.tags
}

resource "aws_iam_role" "preview" {
  count                = local.role_mode && local.preview ? 1 : 0
  name                 = local.preview_role_name
  path                 = var.iam_path
  description          = "Airflow API server: read XCom objects under s3://${aws_s3_bucket.this.id}/${var.prefix}/ (xcomkit)."
  assume_role_policy   = module.preview_trust[0].trust_policy_json
  max_session_duration = var.max_session_duration
  tags                 = var.tags
}

resource "aws_iam_role_policy_attachment" "this" {
  count      = local.user_mode ? 0 : 1
  role       = local.role_mode ? aws_iam_role.this[0].name : var.role_name
  policy_arn = aws_iam_policy.this.arn
}

resource "aws_iam_role_policy_attachment" "preview" {
  count      = local.preview && !local.user_mode ? 1 : 0
  role       = local.role_mode ? aws_iam_role.preview[0].name : var.preview_role_name
  policy_arn = aws_iam_policy.preview[0].arn
}

# EC2 reaches a role through an instance profile.
resource "aws_iam_instance_profile" "this" {
  count = local.role_mode && try(module.trust[0].instance_profile_needed, false) ? 1 : 0
  name  = local.role_name
  path  = var.iam_path
  role  = aws_iam_role.this[0].name
  tags  = var.tags
}

# EKS Pod Identity: the association binds the pod's service account to the role (the trust
# policy's session-tag conditions pin the same cluster, namespace and service account).
resource "aws_eks_pod_identity_association" "this" {
  for_each = local.role_mode ? { for p in try(var.trust.eks_pod_identity, []) : "${p.cluster_name}/${p.namespace}/${p.service_account}" => p } : {}

  cluster_name    = each.value.cluster_name
  namespace       = each.value.namespace
  service_account = each.value.service_account
  role_arn        = aws_iam_role.this[0].arn
  tags            = var.tags
}

resource "aws_eks_pod_identity_association" "preview" {
  for_each = local.role_mode && local.preview ? { for p in try(local.preview_trust.eks_pod_identity, []) : "${p.cluster_name}/${p.namespace}/${p.service_account}" => p } : {}

  cluster_name    = each.value.cluster_name
  namespace       = each.value.namespace
  service_account = each.value.service_account
  role_arn        = aws_iam_role.preview[0].arn
  tags            = var.tags
}

# Opt-in: an IAM user with a long-lived key (Airflow outside AWS), rotated on a schedule.
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
  # checkov:skip=CKV_AWS_273:Opt-in (identity_mode = "user") for Airflow outside AWS, which needs a programmatic identity; SSO users cannot hold access keys. The default is a role.
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

resource "time_rotating" "access_key" {
  count         = local.create_key && var.access_key_rotation_days > 0 ? 1 : 0
  rotation_days = var.access_key_rotation_days
}

resource "aws_iam_access_key" "this" {
  count   = local.create_key ? 1 : 0
  user    = aws_iam_user.this[0].name
  pgp_key = var.pgp_key

  lifecycle {
    # A new key before the old one goes (IAM allows two per user), on the first apply after rotation.
    create_before_destroy = true
    replace_triggered_by  = [time_rotating.access_key]
  }
}

resource "aws_iam_user" "preview" {
  # checkov:skip=CKV_AWS_273:Opt-in with identity_mode = "user" for an API server outside AWS; read-only. The default is a role.
  count = local.user_mode && local.preview ? 1 : 0
  name  = "${var.name}-preview"
  path  = var.iam_path
  tags  = var.tags
}

resource "aws_iam_user_policy_attachment" "preview" {
  # checkov:skip=CKV_AWS_40:The read-only user is alone in its role; a group of one adds nothing the attachment does not say.
  count      = local.user_mode && local.preview ? 1 : 0
  user       = aws_iam_user.preview[0].name
  policy_arn = aws_iam_policy.preview[0].arn
}

resource "aws_iam_access_key" "preview" {
  count   = local.create_key && local.preview ? 1 : 0
  user    = aws_iam_user.preview[0].name
  pgp_key = var.pgp_key

  lifecycle {
    create_before_destroy = true
    replace_triggered_by  = [time_rotating.access_key]
  }
}

# --- Airflow --------------------------------------------------------------------------------------

module "connection" {
  source = "../airflow-connection"

  conn_id   = var.conn_id
  conn_type = "aws"
  login     = local.create_key ? aws_iam_access_key.this[0].id : null
  password  = local.secret_in_connection ? aws_iam_access_key.this[0].secret : null
  # role_arn / assume_role_method only where the workload assumes the role itself (modules/aws-trust).
  extra = merge(local.base_extra, try(module.trust[0].connection_extra, {}))

  storage_scheme   = "s3"
  bucket           = local.bucket
  prefix           = var.prefix
  xcomkit_settings = var.xcomkit_settings
}

module "preview_connection" {
  source = "../airflow-connection"
  count  = local.preview ? 1 : 0

  conn_id   = local.preview_conn_id
  conn_type = "aws"
  login     = local.create_key ? aws_iam_access_key.preview[0].id : null
  password  = local.secret_in_connection ? aws_iam_access_key.preview[0].secret : null
  extra     = merge(local.base_extra, try(module.preview_trust[0].connection_extra, {}))

  storage_scheme   = "s3"
  bucket           = local.bucket
  prefix           = var.prefix
  xcomkit_settings = var.xcomkit_settings
}

locals {
  preview_env = local.preview ? {
    (module.preview_connection[0].conn_env_var) = module.preview_connection[0].conn_env_value
    AIRFLOW__XCOMKIT__PREVIEW_CONN_ID           = local.preview_conn_id
  } : {}
}

# The TLS-only policy became the bucket policy (it also refuses SSE-C now): same resource.
moved {
  from = aws_s3_bucket_policy.tls_only
  to   = aws_s3_bucket_policy.this
}
