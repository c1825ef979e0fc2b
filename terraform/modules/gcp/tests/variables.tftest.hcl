# Validation rules of variables.tf, one expect_failures run per rule plus controls that valid values
# pass. tests/terraform runs this file on a copy of variables.tf alone (the module needs the google
# and time providers, which cannot be installed there); the IAM condition and Workload Identity
# rules live in the provider-free gcp-iam module, the settings in airflow-connection.

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

run "custom_role_id_rejects_too_long" {
  command = plan
  variables {
    custom_role_id = "a234567890123456789012345678901234567890123456789012345678901"
  }
  expect_failures = [var.custom_role_id]
}

run "custom_role_id_rejects_dash" {
  command = plan
  variables {
    custom_role_id = "xcomkit-role"
  }
  expect_failures = [var.custom_role_id]
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

run "kms_key_in_another_region_is_refused" {
  command = plan
  variables {
    location     = "europe-west1"
    kms_key_name = "projects/my-project-1/locations/europe-west4/keyRings/r/cryptoKeys/k"
  }
  expect_failures = [var.kms_key_name]
}

run "kms_key_global_is_refused_for_eu" {
  command = plan
  variables {
    kms_key_name = "projects/my-project-1/locations/global/keyRings/r/cryptoKeys/k"
  }
  expect_failures = [var.kms_key_name]
}

run "kms_key_in_europe_is_valid_for_eu" {
  command = plan
  variables {
    kms_key_name = "projects/my-project-1/locations/europe/keyRings/r/cryptoKeys/k"
  }
}

run "kms_key_in_us_is_valid_for_nam4" {
  command = plan
  variables {
    location     = "NAM4"
    kms_key_name = "projects/my-project-1/locations/us/keyRings/r/cryptoKeys/k"
  }
}

run "kms_key_in_the_same_region_is_valid" {
  command = plan
  variables {
    location     = "europe-west1"
    kms_key_name = "projects/my-project-1/locations/europe-west1/keyRings/r/cryptoKeys/k"
  }
}

run "key_rotation_days_rejects_fraction" {
  command = plan
  variables {
    create_key        = true
    key_rotation_days = 0.5
  }
  expect_failures = [var.key_rotation_days]
}

run "impersonation_needs_keyless" {
  command = plan
  variables {
    create_key    = true
    impersonation = true
  }
  expect_failures = [var.impersonation]
}

run "preview_token_creators_rejects_bare_email" {
  command = plan
  variables {
    preview_token_creators = ["api@my-project-1.iam.gserviceaccount.com"]
  }
  expect_failures = [var.preview_token_creators]
}
