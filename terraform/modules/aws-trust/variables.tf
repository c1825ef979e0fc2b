variable "account_id" {
  description = "Account that owns the role (12 digits)."
  type        = string

  validation {
    condition     = can(regex("^[0-9]{12}$", var.account_id))
    error_message = "account_id must be a 12-digit AWS account id."
  }
}

variable "partition" {
  description = "AWS partition of the ARNs (`aws`, `aws-cn`, `aws-us-gov`, ...)."
  type        = string
  default     = "aws"
  nullable    = false

  validation {
    condition     = can(regex("^aws(-[a-z]+)*$", var.partition))
    error_message = "partition must look like aws, aws-cn or aws-us-gov."
  }
}

variable "region" {
  description = "Region of the ECS tasks and EKS clusters named in `trust` (used in their ARNs)."
  type        = string

  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region such as eu-west-1."
  }
}

variable "role_name" {
  description = "Name of the role the trust policy is for."
  type        = string

  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.role_name))
    error_message = "role_name must be 1-64 characters of letters, digits and +=,.@_-."
  }
}

variable "role_path" {
  description = "IAM path of the role."
  type        = string
  default     = "/"
  nullable    = false

  validation {
    condition     = can(regex("^/([A-Za-z0-9+=,.@_-]+/)*$", var.role_path))
    error_message = "role_path must begin and end with / (e.g. / or /xcomkit/)."
  }
}

variable "trust" {
  description = <<-EOT
    Who may assume the role; every entry adds one statement to the trust policy, and at least one must be set.
    `eks_irsa`: EKS IAM roles for service accounts, each `{ oidc_provider_arn, namespace, service_account }`
    (conditions on the token's exact `sub` and `aud`). `eks_pod_identity`: EKS Pod Identity, each
    `{ cluster_name, namespace, service_account }` (conditions on the session tags the Pod Identity agent sets).
    `ecs_tasks`: ECS tasks of this account and region. `ec2`: EC2 instances (instance profile).
    `principal_arns`: IAM roles or users (also of other accounts) that call sts:AssumeRole themselves; with
    `external_id` they must pass it.
  EOT
  type = object({
    eks_irsa = optional(list(object({
      oidc_provider_arn = string
      namespace         = string
      service_account   = string
    })), [])
    eks_pod_identity = optional(list(object({
      cluster_name    = string
      namespace       = string
      service_account = string
    })), [])
    ecs_tasks      = optional(bool, false)
    ec2            = optional(bool, false)
    principal_arns = optional(list(string), [])
    external_id    = optional(string)
  })
  nullable = false

  validation {
    condition     = length(var.trust.eks_irsa) + length(var.trust.eks_pod_identity) + length(var.trust.principal_arns) > 0 || var.trust.ecs_tasks || var.trust.ec2
    error_message = "trust must name at least one workload: eks_irsa, eks_pod_identity, ecs_tasks, ec2 or principal_arns."
  }

  validation {
    condition     = alltrue([for t in var.trust.eks_irsa : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/[a-z0-9.-]+(/[A-Za-z0-9._-]+)*$", t.oidc_provider_arn))])
    error_message = "trust.eks_irsa[*].oidc_provider_arn must be an IAM OIDC provider ARN (arn:aws:iam::<account>:oidc-provider/oidc.eks.<region>.amazonaws.com/id/<id>)."
  }

  validation {
    # Kubernetes names: DNS labels for namespaces, DNS subdomains for service accounts. A wildcard
    # would widen the trust to every service account, which the exact StringEquals below refuses.
    condition = alltrue([
      for t in concat(var.trust.eks_irsa, var.trust.eks_pod_identity) :
      can(regex("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", t.namespace)) && can(regex("^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$", t.service_account))
    ])
    error_message = "namespace and service_account must be Kubernetes names (lower case letters, digits, dashes; service accounts may hold dots); wildcards are not accepted."
  }

  validation {
    condition     = alltrue([for t in var.trust.eks_pod_identity : can(regex("^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$", t.cluster_name))])
    error_message = "trust.eks_pod_identity[*].cluster_name must be an EKS cluster name (1-100 letters, digits, dashes, underscores)."
  }

  validation {
    condition     = alltrue([for a in var.trust.principal_arns : can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:(root|role/.+|user/.+)$", a))])
    error_message = "trust.principal_arns entries must be IAM role, user or account root ARNs (arn:aws:iam::<account>:role/<name>)."
  }

  validation {
    condition     = var.trust.external_id == null || (length(var.trust.principal_arns) > 0 && length(coalesce(var.trust.external_id, "-")) >= 2 && length(coalesce(var.trust.external_id, "-")) <= 1224 && can(regex("^[A-Za-z0-9+=,.@:/-]+$", coalesce(var.trust.external_id, "-"))))
    error_message = "trust.external_id is for principal_arns only and must be 2-1224 characters of letters, digits and +=,.@:/-."
  }
}

variable "web_identity_token_file" {
  description = "With `connection_assume_role = \"assume_role_with_web_identity\"`: the projected service account token the hook reads (EKS mounts it here)."
  type        = string
  default     = "/var/run/secrets/eks.amazonaws.com/serviceaccount/token"
  nullable    = false

  validation {
    condition     = startswith(var.web_identity_token_file, "/")
    error_message = "web_identity_token_file must be an absolute path."
  }
}

variable "connection_assume_role" {
  description = "How the Airflow connection reaches the role. `auto`: `assume_role` (with `role_arn`) when `trust.principal_arns` is set, else nothing (the workload already runs as the role: IRSA-annotated service account, Pod Identity, ECS task role, instance profile). `none`, `assume_role`, or `assume_role_with_web_identity` (needs `trust.eks_irsa`: the hook exchanges the projected token itself)."
  type        = string
  default     = "auto"
  nullable    = false

  validation {
    condition     = contains(["auto", "none", "assume_role", "assume_role_with_web_identity"], var.connection_assume_role)
    error_message = "connection_assume_role must be auto, none, assume_role or assume_role_with_web_identity."
  }

  validation {
    condition     = var.connection_assume_role != "assume_role_with_web_identity" || length(var.trust.eks_irsa) > 0
    error_message = "connection_assume_role = \"assume_role_with_web_identity\" needs trust.eks_irsa."
  }

  validation {
    condition     = var.connection_assume_role != "assume_role" || length(var.trust.principal_arns) > 0
    error_message = "connection_assume_role = \"assume_role\" needs trust.principal_arns: only they call sts:AssumeRole themselves."
  }
}
