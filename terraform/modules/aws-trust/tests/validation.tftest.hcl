# One run per validation rule of variables.tf, each expecting that rule to reject a bad value.

variables {
  account_id = "123456789012"
  region     = "eu-west-1"
  role_name  = "xcomkit-airflow"
  trust      = { ecs_tasks = true }
}

run "account_id_rejects_short" {
  command = plan
  variables {
    account_id = "12345"
  }
  expect_failures = [var.account_id]
}

run "partition_rejects_unknown" {
  command = plan
  variables {
    partition = "gcp"
  }
  expect_failures = [var.partition]
}

run "region_rejects_display_name" {
  command = plan
  variables {
    region = "Ireland"
  }
  expect_failures = [var.region]
}

run "role_name_rejects_slash" {
  command = plan
  variables {
    role_name = "xcomkit/airflow"
  }
  expect_failures = [var.role_name]
}

run "role_path_needs_slashes" {
  command = plan
  variables {
    role_path = "xcomkit"
  }
  expect_failures = [var.role_path]
}

run "trust_rejects_nobody" {
  command = plan
  variables {
    trust = {}
  }
  expect_failures = [var.trust]
}

run "trust_rejects_a_non_oidc_provider_arn" {
  command = plan
  variables {
    trust = { eks_irsa = [{ oidc_provider_arn = "arn:aws:iam::123456789012:role/x", namespace = "airflow", service_account = "worker" }] }
  }
  expect_failures = [var.trust]
}

run "trust_rejects_a_wildcard_service_account" {
  command = plan
  variables {
    trust = { eks_irsa = [{ oidc_provider_arn = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/A", namespace = "airflow", service_account = "*" }] }
  }
  expect_failures = [var.trust]
}

run "trust_rejects_a_bad_cluster_name" {
  command = plan
  variables {
    trust = { eks_pod_identity = [{ cluster_name = "my cluster", namespace = "airflow", service_account = "worker" }] }
  }
  expect_failures = [var.trust]
}

run "trust_rejects_a_principal_wildcard" {
  command = plan
  variables {
    trust = { principal_arns = ["*"] }
  }
  expect_failures = [var.trust]
}

run "trust_rejects_external_id_without_principals" {
  command = plan
  variables {
    trust = { ecs_tasks = true, external_id = "abc123" }
  }
  expect_failures = [var.trust]
}

run "web_identity_token_file_must_be_absolute" {
  command = plan
  variables {
    web_identity_token_file = "token"
  }
  expect_failures = [var.web_identity_token_file]
}

run "connection_assume_role_rejects_unknown" {
  command = plan
  variables {
    connection_assume_role = "saml"
  }
  expect_failures = [var.connection_assume_role]
}

run "web_identity_needs_irsa" {
  command = plan
  variables {
    connection_assume_role = "assume_role_with_web_identity"
  }
  expect_failures = [var.connection_assume_role]
}

run "assume_role_needs_principals" {
  command = plan
  variables {
    connection_assume_role = "assume_role"
  }
  expect_failures = [var.connection_assume_role]
}
