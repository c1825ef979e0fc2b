# What the trust policy admits, statement by statement: IRSA on the exact `sub` and `aud` of one
# service account's token, Pod Identity on the session tags of one cluster/namespace/service
# account, ECS and EC2 with their service principals, principal ARNs with an optional external id;
# and the connection extras the amazon provider reads for each way of reaching the role.
# tests/terraform/test_trust_moto.py feeds the same JSON to moto's STS and IAM.

variables {
  account_id = "123456789012"
  region     = "eu-west-1"
  role_name  = "xcomkit-airflow"
  role_path  = "/xcomkit/"
}

run "irsa_pins_sub_and_aud" {
  command = plan

  variables {
    trust = {
      eks_irsa = [{
        oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE"
        namespace         = "airflow"
        service_account   = "airflow-worker"
      }]
    }
  }

  assert {
    condition = jsondecode(output.trust_policy_json).Statement == [{
      Sid       = "EksIrsa0"
      Effect    = "Allow"
      Principal = { Federated = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE" }
      Action    = "sts:AssumeRoleWithWebIdentity"
      Condition = {
        StringEquals = {
          "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:sub" = "system:serviceaccount:airflow:airflow-worker"
          "oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE:aud" = "sts.amazonaws.com"
        }
      }
    }]
    error_message = "IRSA must trust only the OIDC provider, only AssumeRoleWithWebIdentity, and pin sub and aud with StringEquals."
  }

  assert {
    condition     = !strcontains(output.trust_policy_json, "*") && !strcontains(output.trust_policy_json, "StringLike")
    error_message = "No wildcard and no StringLike: a token for another service account must not match."
  }

  assert {
    condition     = output.role_arn == "arn:aws:iam::123456789012:role/xcomkit/xcomkit-airflow"
    error_message = "role_arn must be arn:<partition>:iam::<account>:role<path><name>."
  }

  assert {
    condition     = output.assume_role_method == "none" && output.connection_extra == {}
    error_message = "With IRSA alone (auto) the pod already runs as the role: the connection needs no role_arn."
  }
}

run "irsa_two_service_accounts_two_statements" {
  command = plan

  variables {
    trust = {
      eks_irsa = [
        { oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/A", namespace = "airflow", service_account = "worker" },
        { oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/A", namespace = "airflow", service_account = "triggerer" },
      ]
    }
  }

  assert {
    # One statement each: a shared statement with lists would also admit worker tokens from the
    # other namespace when namespaces differ.
    condition = [for s in jsondecode(output.trust_policy_json).Statement : s.Condition.StringEquals["oidc.eks.eu-west-1.amazonaws.com/id/A:sub"]] == [
      "system:serviceaccount:airflow:worker",
      "system:serviceaccount:airflow:triggerer",
    ]
    error_message = "Each service account must get its own statement with its own sub."
  }
}

run "irsa_web_identity_in_the_connection" {
  command = plan

  variables {
    trust = {
      eks_irsa = [{ oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/A", namespace = "airflow", service_account = "worker" }]
    }
    connection_assume_role = "assume_role_with_web_identity"
  }

  assert {
    condition = output.connection_extra == {
      role_arn                                 = "arn:aws:iam::123456789012:role/xcomkit/xcomkit-airflow"
      assume_role_method                       = "assume_role_with_web_identity"
      assume_role_with_web_identity_federation = "file"
      assume_role_with_web_identity_token_file = "/var/run/secrets/eks.amazonaws.com/serviceaccount/token"
    }
    error_message = "Web identity in the connection needs role_arn, the method, federation = file and the token file."
  }
}

run "pod_identity_pins_cluster_namespace_and_service_account" {
  command = plan

  variables {
    trust = {
      eks_pod_identity = [{ cluster_name = "prod", namespace = "airflow", service_account = "airflow-worker" }]
    }
  }

  assert {
    condition = jsondecode(output.trust_policy_json).Statement == [{
      Sid       = "EksPodIdentity0"
      Effect    = "Allow"
      Principal = { Service = "pods.eks.amazonaws.com" }
      Action    = ["sts:AssumeRole", "sts:TagSession"]
      Condition = {
        StringEquals = {
          "aws:SourceAccount"                         = "123456789012"
          "aws:RequestTag/eks-cluster-arn"            = "arn:aws:eks:eu-west-1:123456789012:cluster/prod"
          "aws:RequestTag/kubernetes-namespace"       = "airflow"
          "aws:RequestTag/kubernetes-service-account" = "airflow-worker"
        }
      }
    }]
    error_message = "Pod Identity must trust pods.eks.amazonaws.com with AssumeRole + TagSession, pinned by the session tags."
  }
}

run "ecs_and_ec2" {
  command = plan

  variables {
    trust = { ecs_tasks = true, ec2 = true }
  }

  assert {
    condition = jsondecode(output.trust_policy_json).Statement == [
      {
        Sid       = "EcsTasks"
        Effect    = "Allow"
        Principal = { Service = "ecs-tasks.amazonaws.com" }
        Action    = "sts:AssumeRole"
        Condition = {
          StringEquals = { "aws:SourceAccount" = "123456789012" }
          ArnLike      = { "aws:SourceArn" = "arn:aws:ecs:eu-west-1:123456789012:*" }
        }
      },
      {
        Sid       = "Ec2Instances"
        Effect    = "Allow"
        Principal = { Service = "ec2.amazonaws.com" }
        Action    = "sts:AssumeRole"
      },
    ]
    error_message = "ECS must be limited to this account and region; EC2 trusts ec2.amazonaws.com."
  }

  assert {
    condition     = output.instance_profile_needed && output.connection_extra == {}
    error_message = "EC2 needs an instance profile; ECS and EC2 run as the role, so no role_arn in the connection."
  }
}

run "cross_account_principal_with_external_id" {
  command = plan

  variables {
    trust = {
      principal_arns = ["arn:aws:iam::210987654321:role/airflow-worker"]
      external_id    = "xcomkit-7f3a"
    }
  }

  assert {
    condition = jsondecode(output.trust_policy_json).Statement == [{
      Sid       = "Principals"
      Effect    = "Allow"
      Principal = { AWS = ["arn:aws:iam::210987654321:role/airflow-worker"] }
      Action    = "sts:AssumeRole"
      Condition = { StringEquals = { "sts:ExternalId" = "xcomkit-7f3a" } }
    }]
    error_message = "Principal ARNs must be trusted for sts:AssumeRole, with the external id when one is given."
  }

  assert {
    condition = output.connection_extra == {
      role_arn           = "arn:aws:iam::123456789012:role/xcomkit/xcomkit-airflow"
      assume_role_method = "assume_role"
      assume_role_kwargs = { ExternalId = "xcomkit-7f3a" }
    }
    error_message = "A principal that assumes the role needs role_arn, assume_role and the external id in assume_role_kwargs."
  }
}

run "principal_without_external_id_has_no_condition" {
  command = plan

  variables {
    trust                  = { principal_arns = ["arn:aws:iam::123456789012:user/airflow"] }
    partition              = "aws-cn"
    role_path              = "/"
    connection_assume_role = "none"
  }

  assert {
    condition     = !can(jsondecode(output.trust_policy_json).Statement[0].Condition)
    error_message = "Without external_id the principal statement has no condition."
  }

  assert {
    condition     = output.role_arn == "arn:aws-cn:iam::123456789012:role/xcomkit-airflow" && output.connection_extra == {}
    error_message = "connection_assume_role = none must leave the connection without role_arn; ARNs use the partition."
  }
}
