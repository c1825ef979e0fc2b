# --- identity -------------------------------------------------------------------------------------

resource "aws_iam_policy" "this" {
  name        = "${var.name}-xcom"
  path        = var.iam_path
  description = "Airflow XCom backend: objects under s3://${aws_s3_bucket.this.id}/${var.prefix}/ only."
  policy      = module.policy.policy_json
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

resource "aws_iam_role" "this" {
  count                = local.role_mode ? 1 : 0
  name                 = local.role_name
  path                 = var.iam_path
  description          = "Airflow workers: XCom objects under s3://${aws_s3_bucket.this.id}/${var.prefix}/ (xcomkit)."
  assume_role_policy   = module.trust[0].trust_policy_json
  max_session_duration = var.max_session_duration
  tags                 = var.tags
}

resource "aws_iam_role_policy_attachment" "this" {
  count      = local.user_mode ? 0 : 1
  role       = local.role_mode ? aws_iam_role.this[0].name : var.role_name
  policy_arn = aws_iam_policy.this.arn
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
