# Validation rules of terraform/modules/azure/variables.tf, run on a copy of that file alone (the
# module itself needs the azurerm and azuread providers, which cannot be installed here).

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

run "allowed_ip_ranges_accepts_ip_and_cidr" {
  command = plan
  variables {
    allowed_ip_ranges = ["203.0.113.7", "198.51.100.0/24"]
  }
}

run "identity_mode_rejects_unknown" {
  command = plan
  variables {
    identity_mode = "account_key"
  }
  expect_failures = [var.identity_mode]
}

run "client_secret_end_date_rejects_date_only" {
  command = plan
  variables {
    client_secret_end_date = "2027-01-01"
  }
  expect_failures = [var.client_secret_end_date]
}

run "managed_identity_needs_principal_id" {
  command = plan
  variables {
    identity_mode = "managed_identity"
  }
  expect_failures = [var.principal_id]
}

run "sas_needs_start" {
  command = plan
  variables {
    identity_mode = "sas"
    sas_expiry    = "2026-04-01T00:00:00Z"
  }
  expect_failures = [var.sas_start]
}

run "sas_expiry_must_follow_start" {
  command = plan
  variables {
    identity_mode = "sas"
    sas_start     = "2026-04-01T00:00:00Z"
    sas_expiry    = "2026-01-01T00:00:00Z"
  }
  expect_failures = [var.sas_expiry]
}

run "sas_with_window_is_valid" {
  command = plan
  variables {
    identity_mode = "sas"
    sas_start     = "2026-01-01T00:00:00Z"
    sas_expiry    = "2026-04-01T00:00:00Z"
  }
}
