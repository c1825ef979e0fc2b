# Validation rules of variables.tf, one expect_failures run per rule plus controls that valid values
# pass. tests/terraform runs this file on a copy of variables.tf alone (the module needs the aws and
# time providers, which cannot be installed there); the trust, policy and connection rules live in
# the provider-free modules aws-trust, aws-policy and airflow-connection, with their own tests.

run "defaults_are_valid" {
  command = plan
}

run "bucket_accepts_a_valid_name" {
  command = plan
  variables {
    bucket = "my-company.airflow-xcom"
  }
}

run "name_rejects_spaces" {
  command = plan
  variables {
    name = "xcom kit"
  }
  expect_failures = [var.name]
}

run "bucket_rejects_upper_case" {
  command = plan
  variables {
    bucket = "My-Bucket"
  }
  expect_failures = [var.bucket]
}

run "bucket_rejects_ip_address" {
  command = plan
  variables {
    bucket = "192.168.1.10"
  }
  expect_failures = [var.bucket]
}

run "bucket_rejects_s3alias_suffix" {
  command = plan
  variables {
    bucket = "xcom-s3alias"
  }
  expect_failures = [var.bucket]
}

run "bucket_rejects_too_long" {
  command = plan
  variables {
    bucket = "a234567890123456789012345678901234567890123456789012345678901234"
  }
  expect_failures = [var.bucket]
}

run "bucket_prefix_rejects_too_long" {
  command = plan
  variables {
    bucket_prefix = "a2345678901234567890123456789012345678"
  }
  expect_failures = [var.bucket_prefix]
}

run "prefix_rejects_leading_slash" {
  command = plan
  variables {
    prefix = "/xcom"
  }
  expect_failures = [var.prefix]
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

run "abort_incomplete_multipart_days_rejects_fraction" {
  command = plan
  variables {
    abort_incomplete_multipart_days = 1.5
  }
  expect_failures = [var.abort_incomplete_multipart_days]
}

run "sse_algorithm_rejects_dsse" {
  command = plan
  variables {
    sse_algorithm = "aws:kms:dsse"
  }
  expect_failures = [var.sse_algorithm]
}

run "kms_key_arn_needs_aws_kms" {
  command = plan
  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
  expect_failures = [var.kms_key_arn]
}

run "kms_key_arn_with_aws_kms_is_valid" {
  command = plan
  variables {
    sse_algorithm = "aws:kms"
    kms_key_arn   = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
}

run "identity_mode_rejects_unknown" {
  command = plan
  variables {
    identity_mode = "sso"
  }
  expect_failures = [var.identity_mode]
}

run "existing_role_needs_role_name" {
  command = plan
  variables {
    identity_mode = "existing_role"
  }
  expect_failures = [var.role_name]
}

run "role_name_rejects_too_long" {
  command = plan
  variables {
    role_name = "a2345678901234567890123456789012345678901234567890123456789"
  }
  expect_failures = [var.role_name]
}

run "existing_role_with_role_name_is_valid" {
  command = plan
  variables {
    identity_mode = "existing_role"
    role_name     = "airflow-worker"
  }
}

run "max_session_duration_rejects_too_long" {
  command = plan
  variables {
    max_session_duration = 86400
  }
  expect_failures = [var.max_session_duration]
}

run "access_key_rotation_days_rejects_negative" {
  command = plan
  variables {
    identity_mode            = "user"
    access_key_rotation_days = -1
  }
  expect_failures = [var.access_key_rotation_days]
}

run "iam_path_needs_slashes" {
  command = plan
  variables {
    iam_path = "xcomkit"
  }
  expect_failures = [var.iam_path]
}

run "access_log_bucket_rejects_an_arn" {
  command = plan
  variables {
    access_log_bucket = "arn:aws:s3:::logs"
  }
  expect_failures = [var.access_log_bucket]
}

run "existing_role_preview_needs_preview_role_name" {
  command = plan
  variables {
    identity_mode           = "existing_role"
    role_name               = "airflow-worker"
    create_preview_identity = true
  }
  expect_failures = [var.preview_role_name]
}
