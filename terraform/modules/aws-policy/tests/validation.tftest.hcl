# One run per validation rule of variables.tf, each expecting that rule to reject a bad value.

variables {
  bucket = "my-xcom-bucket"
}

run "bucket_rejects_upper_case" {
  command = plan
  variables {
    bucket = "MyBucket"
  }
  expect_failures = [var.bucket]
}

run "bucket_rejects_double_dot" {
  command = plan
  variables {
    bucket = "my..bucket"
  }
  expect_failures = [var.bucket]
}

run "prefix_rejects_trailing_slash" {
  command = plan
  variables {
    prefix = "xcom/"
  }
  expect_failures = [var.prefix]
}

run "prefix_rejects_wildcard" {
  command = plan
  variables {
    prefix = "xc*m"
  }
  expect_failures = [var.prefix]
}

run "partition_rejects_unknown" {
  command = plan
  variables {
    partition = "azure"
  }
  expect_failures = [var.partition]
}

run "kms_key_arn_rejects_alias" {
  command = plan
  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:alias/xcom"
    region      = "eu-west-1"
  }
  expect_failures = [var.kms_key_arn]
}

run "kms_key_arn_rejects_another_region" {
  command = plan
  variables {
    kms_key_arn = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    region      = "eu-west-1"
  }
  expect_failures = [var.kms_key_arn]
}

run "region_is_required_with_a_cmk" {
  command = plan
  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
  }
  expect_failures = [var.kms_key_arn]
}

run "region_rejects_display_name" {
  command = plan
  variables {
    region = "Ireland"
  }
  expect_failures = [var.region]
}

run "mode_rejects_unknown" {
  command = plan
  variables {
    mode = "write_only"
  }
  expect_failures = [var.mode]
}

run "cmk_in_the_bucket_region_is_valid" {
  command = plan
  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    region      = "eu-west-1"
  }
}
