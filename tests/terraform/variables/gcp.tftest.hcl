# Validation rules of terraform/modules/gcp/variables.tf, run on a copy of that file alone (the
# module itself needs the google provider, which cannot be installed here). One run per rule.

variables {
  project_id  = "my-project-1"
  bucket_name = "my-project-1-xcom"
  location    = "EU"
}

run "defaults_are_valid" {
  command = plan
}

run "project_id_rejects_upper_case" {
  command = plan
  variables {
    project_id = "My-Project"
  }
  expect_failures = [var.project_id]
}

run "bucket_name_rejects_google" {
  command = plan
  variables {
    bucket_name = "my-google-xcom"
  }
  expect_failures = [var.bucket_name]
}

run "bucket_name_rejects_goog_prefix" {
  command = plan
  variables {
    bucket_name = "goog-xcom"
  }
  expect_failures = [var.bucket_name]
}

run "bucket_name_rejects_short" {
  command = plan
  variables {
    bucket_name = "ab"
  }
  expect_failures = [var.bucket_name]
}

run "location_rejects_spaces" {
  command = plan
  variables {
    location = "europe west1"
  }
  expect_failures = [var.location]
}

run "storage_class_rejects_regional" {
  command = plan
  variables {
    storage_class = "REGIONAL"
  }
  expect_failures = [var.storage_class]
}

run "prefix_rejects_trailing_slash" {
  command = plan
  variables {
    prefix = "xcom/"
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

run "soft_delete_rejects_one_day" {
  command = plan
  variables {
    soft_delete_retention_seconds = 86400
  }
  expect_failures = [var.soft_delete_retention_seconds]
}

run "kms_key_name_rejects_short_form" {
  command = plan
  variables {
    kms_key_name = "my-key"
  }
  expect_failures = [var.kms_key_name]
}

run "service_account_id_rejects_short" {
  command = plan
  variables {
    service_account_id = "abc"
  }
  expect_failures = [var.service_account_id]
}

run "custom_role_id_rejects_dash" {
  command = plan
  variables {
    custom_role_id = "xcomkit-role"
  }
  expect_failures = [var.custom_role_id]
}

run "impersonation_needs_keyless" {
  command = plan
  variables {
    impersonation = true
  }
  expect_failures = [var.impersonation]
}

run "keyless_impersonation_is_valid" {
  command = plan
  variables {
    create_key     = false
    impersonation  = true
    token_creators = ["serviceAccount:airflow@other-project.iam.gserviceaccount.com"]
  }
}

run "token_creators_reject_bare_email" {
  command = plan
  variables {
    token_creators = ["airflow@other-project.iam.gserviceaccount.com"]
  }
  expect_failures = [var.token_creators]
}
