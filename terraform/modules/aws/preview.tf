# --- read-only identity for the API server (create_preview_identity) ------------------------------

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

resource "aws_iam_policy" "preview" {
  count       = local.preview ? 1 : 0
  name        = "${var.name}-xcom-preview"
  path        = var.iam_path
  description = "Airflow API server: read XCom objects under s3://${aws_s3_bucket.this.id}/${var.prefix}/, nothing else."
  policy      = module.preview_policy[0].policy_json
  tags        = var.tags
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

resource "aws_iam_role" "preview" {
  count                = local.role_mode && local.preview ? 1 : 0
  name                 = local.preview_role_name
  path                 = var.iam_path
  description          = "Airflow API server: read XCom objects under s3://${aws_s3_bucket.this.id}/${var.prefix}/ (xcomkit)."
  assume_role_policy   = module.preview_trust[0].trust_policy_json
  max_session_duration = var.max_session_duration
  tags                 = var.tags
}

resource "aws_iam_role_policy_attachment" "preview" {
  count      = local.preview && !local.user_mode ? 1 : 0
  role       = local.role_mode ? aws_iam_role.preview[0].name : var.preview_role_name
  policy_arn = aws_iam_policy.preview[0].arn
}

resource "aws_eks_pod_identity_association" "preview" {
  for_each = local.role_mode && local.preview ? { for p in try(local.preview_trust.eks_pod_identity, []) : "${p.cluster_name}/${p.namespace}/${p.service_account}" => p } : {}

  cluster_name    = each.value.cluster_name
  namespace       = each.value.namespace
  service_account = each.value.service_account
  role_arn        = aws_iam_role.preview[0].arn
  tags            = var.tags
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
