# The trust policy of the XCom role and the connection extras that reach it. No provider: tested by
# `terraform test` (exact principals, condition keys and values) and, through moto's STS and IAM,
# by tests/terraform/test_trust_moto.py.

locals {
  role_arn = "arn:${var.partition}:iam::${var.account_id}:role${var.role_path}${var.role_name}"
  t        = var.trust

  irsa = [
    for i, t in local.t.eks_irsa : {
      Sid       = "EksIrsa${i}"
      Effect    = "Allow"
      Principal = { Federated = t.oidc_provider_arn }
      Action    = "sts:AssumeRoleWithWebIdentity"
      # Exact matches (StringEquals, not StringLike): only this service account's token, and only
      # one minted for STS. The keys are the issuer (the provider ARN after "oidc-provider/").
      Condition = {
        StringEquals = {
          "${split("oidc-provider/", t.oidc_provider_arn)[1]}:sub" = "system:serviceaccount:${t.namespace}:${t.service_account}"
          "${split("oidc-provider/", t.oidc_provider_arn)[1]}:aud" = "sts.amazonaws.com"
        }
      }
    }
  ]

  pod_identity = [
    for i, t in local.t.eks_pod_identity : {
      Sid       = "EksPodIdentity${i}"
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      # The Pod Identity agent tags the session with the pod's cluster, namespace and service
      # account; the association alone would let any later association reuse the role.
      Condition = {
        StringEquals = {
          "aws:SourceAccount"                         = var.account_id
          "aws:RequestTag/eks-cluster-arn"            = "arn:${var.partition}:eks:${var.region}:${var.account_id}:cluster/${t.cluster_name}"
          "aws:RequestTag/kubernetes-namespace"       = t.namespace
          "aws:RequestTag/kubernetes-service-account" = t.service_account
        }
      }
    }
  ]

  ecs = local.t.ecs_tasks ? [{
    Sid       = "EcsTasks"
    Effect    = "Allow"
    Principal = { Service = "ecs-tasks.amazonaws.com" }
    Action    = "sts:AssumeRole"
    # Confused-deputy guard: only ECS acting for tasks of this account and region.
    Condition = {
      StringEquals = { "aws:SourceAccount" = var.account_id }
      ArnLike      = { "aws:SourceArn" = "arn:${var.partition}:ecs:${var.region}:${var.account_id}:*" }
    }
  }] : []

  ec2 = local.t.ec2 ? [{
    Sid       = "Ec2Instances"
    Effect    = "Allow"
    Principal = { Service = "ec2.amazonaws.com" }
    Action    = "sts:AssumeRole"
  }] : []

  principals = length(local.t.principal_arns) == 0 ? [] : [
    merge(
      {
        Sid       = "Principals"
        Effect    = "Allow"
        Principal = { AWS = local.t.principal_arns }
        Action    = "sts:AssumeRole"
      },
      local.t.external_id == null ? {} : { Condition = { StringEquals = { "sts:ExternalId" = local.t.external_id } } },
    )
  ]

  trust_policy = {
    Version   = "2012-10-17"
    Statement = concat(local.irsa, local.pod_identity, local.ecs, local.ec2, local.principals)
  }

  assume_method = (
    var.connection_assume_role == "auto"
    ? (length(local.t.principal_arns) > 0 ? "assume_role" : "none")
    : var.connection_assume_role
  )

  # The amazon provider's AwsConnectionWrapper reads these extras: role_arn, assume_role_method,
  # assume_role_kwargs (passed to sts.assume_role) and, for web identity, the federation "file"
  # with its token file.
  connection_extra = merge(
    local.assume_method == "none" ? {} : { role_arn = local.role_arn, assume_role_method = local.assume_method },
    local.assume_method == "assume_role" && local.t.external_id != null ? { assume_role_kwargs = { ExternalId = local.t.external_id } } : {},
    local.assume_method == "assume_role_with_web_identity" ? {
      assume_role_with_web_identity_federation = "file"
      assume_role_with_web_identity_token_file = var.web_identity_token_file
    } : {},
  )
}
