# Validation rules of variables.tf, one expect_failures run per rule plus controls that valid values
# pass. tests/terraform runs this file on a copy of variables.tf alone (the module needs the
# azurerm, azuread and time providers, which cannot be installed there). The firewall runs feed
# the values azurerm's own ip_rules validation rejects (/31, /32, private ranges, IPv6) and the
# ones it accepts (0.0.0.0, a /30, 172.32.x outside 172.16/12).

variables {
  resource_group_name  = "xcomkit"
  location             = "westeurope"
  storage_account_name = "mycompanyxcom"
}

run "defaults_are_valid" {
  command = plan
}

run "resource_group_name_rejects_trailing_dot" {
  command = plan
  variables {
    resource_group_name = "xcomkit."
  }
  expect_failures = [var.resource_group_name]
}

run "location_rejects_display_name" {
  command = plan
  variables {
    location = "West Europe"
  }
  expect_failures = [var.location]
}

run "storage_account_name_rejects_dash" {
  command = plan
  variables {
    storage_account_name = "my-company-xcom"
  }
  expect_failures = [var.storage_account_name]
}

run "account_replication_type_rejects_unknown" {
  command = plan
  variables {
    account_replication_type = "XRS"
  }
  expect_failures = [var.account_replication_type]
}

run "container_name_rejects_double_dash" {
  command = plan
  variables {
    container_name = "x--com"
  }
  expect_failures = [var.container_name]
}

run "prefix_rejects_leading_slash" {
  command = plan
  variables {
    prefix = "/xcom"
  }
  expect_failures = [var.prefix]
}

run "retention_days_rejects_zero" {
  command = plan
  variables {
    retention_days = 0
  }
  expect_failures = [var.retention_days]
}

run "soft_delete_days_rejects_too_many" {
  command = plan
  variables {
    soft_delete_days = 400
  }
  expect_failures = [var.soft_delete_days]
}

run "allowed_ip_ranges_rejects_garbage" {
  command = plan
  variables {
    allowed_ip_ranges = ["not-an-ip"]
  }
  expect_failures = [var.allowed_ip_ranges]
}

run "allowed_ip_ranges_rejects_slash_32" {
  command = plan
  variables {
    allowed_ip_ranges = ["23.45.0.1/32"]
  }
  expect_failures = [var.allowed_ip_ranges]
}

run "allowed_ip_ranges_rejects_slash_31" {
  command = plan
  variables {
    allowed_ip_ranges = ["203.0.113.0/31"]
  }
  expect_failures = [var.allowed_ip_ranges]
}

run "allowed_ip_ranges_rejects_ipv6" {
  command = plan
  variables {
    allowed_ip_ranges = ["2001:db8::/48"]
  }
  expect_failures = [var.allowed_ip_ranges]
}

run "allowed_ip_ranges_rejects_10_8" {
  command = plan
  variables {
    allowed_ip_ranges = ["10.0.0.0/29"]
  }
  expect_failures = [var.allowed_ip_ranges]
}

run "allowed_ip_ranges_rejects_172_16_12" {
  command = plan
  variables {
    allowed_ip_ranges = ["172.16.0.0/29"]
  }
  expect_failures = [var.allowed_ip_ranges]
}

run "allowed_ip_ranges_rejects_172_31" {
  command = plan
  variables {
    allowed_ip_ranges = ["172.31.255.1"]
  }
  expect_failures = [var.allowed_ip_ranges]
}

run "allowed_ip_ranges_rejects_192_168" {
  command = plan
  variables {
    allowed_ip_ranges = ["192.168.0.0/29"]
  }
  expect_failures = [var.allowed_ip_ranges]
}

run "allowed_ip_ranges_rejects_octet_above_255" {
  command = plan
  variables {
    allowed_ip_ranges = ["999.1.1.1"]
  }
  expect_failures = [var.allowed_ip_ranges]
}

run "allowed_ip_ranges_accepts_what_azurerm_accepts" {
  command = plan
  variables {
    allowed_ip_ranges = ["0.0.0.0", "23.45.0.1/30", "203.0.113.7", "198.51.100.0/24", "172.32.0.1", "11.0.0.0/8"]
  }
}

run "identity_mode_rejects_sas" {
  command = plan
  variables {
    identity_mode = "sas"
  }
  expect_failures = [var.identity_mode]
}

run "managed_identity_name_rejects_a_dot" {
  command = plan
  variables {
    managed_identity_name = "xcomkit.airflow"
  }
  expect_failures = [var.managed_identity_name]
}

run "workload_identity_rejects_a_wildcard" {
  command = plan
  variables {
    workload_identity   = [{ namespace = "airflow", service_account = "*" }]
    aks_oidc_issuer_url = "https://westeurope.oic.prod-aks.azure.com/t/i/"
  }
  expect_failures = [var.workload_identity]
}

run "workload_identity_needs_the_issuer" {
  command = plan
  variables {
    workload_identity = [{ namespace = "airflow", service_account = "airflow-worker" }]
  }
  expect_failures = [var.aks_oidc_issuer_url]
}

run "workload_identity_with_issuer_is_valid" {
  command = plan
  variables {
    workload_identity   = [{ namespace = "airflow", service_account = "airflow-worker" }]
    aks_oidc_issuer_url = "https://westeurope.oic.prod-aks.azure.com/t/i/"
  }
}

run "client_secret_rotation_days_rejects_three_years" {
  command = plan
  variables {
    identity_mode               = "service_principal"
    client_secret_rotation_days = 1095
  }
  expect_failures = [var.client_secret_rotation_days]
}

run "existing_principal_needs_principal_id" {
  command = plan
  variables {
    identity_mode = "existing_principal"
  }
  expect_failures = [var.principal_id]
}

run "principal_id_must_be_null_by_default" {
  command = plan
  variables {
    principal_id = "00000000-0000-0000-0000-000000000001"
  }
  expect_failures = [var.principal_id]
}

run "log_analytics_workspace_id_rejects_a_name" {
  command = plan
  variables {
    log_analytics_workspace_id = "my-workspace"
  }
  expect_failures = [var.log_analytics_workspace_id]
}

run "preview_workload_identity_rejects_upper_case" {
  command = plan
  variables {
    preview_workload_identity = [{ namespace = "Airflow", service_account = "api" }]
    aks_oidc_issuer_url       = "https://westeurope.oic.prod-aks.azure.com/t/i/"
  }
  expect_failures = [var.preview_workload_identity]
}

run "existing_principal_preview_needs_preview_principal_id" {
  command = plan
  variables {
    identity_mode           = "existing_principal"
    principal_id            = "00000000-0000-0000-0000-000000000001"
    create_preview_identity = true
  }
  expect_failures = [var.preview_principal_id]
}
