# The identity policy grants object actions under the prefix only, lists the bucket only inside the
# prefix, adds KMS rights only for a CMK and never a bucket-admin right; the bucket policy denies
# non-TLS and pre-TLS-1.2 requests. moto's IAM enforces the same JSON in tests/terraform.

variables {
  bucket = "my-xcom-bucket"
  prefix = "team-a/xcom"
}

run "sse_s3_policy" {
  command = plan

  assert {
    condition     = jsondecode(output.policy_json).Version == "2012-10-17"
    error_message = "The policy must use the 2012-10-17 language version."
  }

  assert {
    condition     = output.actions == tolist(["s3:AbortMultipartUpload", "s3:DeleteObject", "s3:GetObject", "s3:ListBucket", "s3:PutObject"])
    error_message = "Without a CMK the policy must allow exactly Put/Get/Delete/AbortMultipartUpload and ListBucket."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(output.policy_json).Statement : alltrue([for r in s.Resource : startswith(r, "arn:aws:s3:::my-xcom-bucket")])
    ])
    error_message = "Every resource must be the bucket or inside it."
  }

  assert {
    condition = [
      for s in jsondecode(output.policy_json).Statement : s.Resource if contains(s.Action, "s3:GetObject")
    ] == [["arn:aws:s3:::my-xcom-bucket/team-a/xcom/*"]]
    error_message = "Object actions must be limited to <bucket>/<prefix>/*."
  }

  assert {
    condition = [
      for s in jsondecode(output.policy_json).Statement : s.Condition if contains(s.Action, "s3:ListBucket")
    ] == [{ StringLike = { "s3:prefix" = ["team-a/xcom", "team-a/xcom/*"] } }]
    error_message = "ListBucket must be conditioned on s3:prefix inside the XCom prefix."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(output.policy_json).Statement : s.Effect == "Allow" && !anytrue([for a in s.Action : strcontains(a, "*")])
    ])
    error_message = "The identity policy must only allow, and never with an action wildcard."
  }
}

run "cmk_adds_kms_data_key_rights" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    partition   = "aws"
  }

  assert {
    condition = [
      for s in jsondecode(output.policy_json).Statement : s if s.Sid == "UseBucketKey"
      ] == [{
        Sid      = "UseBucketKey"
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource = ["arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
    }]
    error_message = "A CMK must add GenerateDataKey and Decrypt on that key only."
  }
}

run "other_partition" {
  command = plan

  variables {
    partition = "aws-cn"
  }

  assert {
    condition     = output.bucket_arn == "arn:aws-cn:s3:::my-xcom-bucket"
    error_message = "ARNs must use the given partition."
  }
}

run "tls_only_bucket_policy" {
  command = plan

  assert {
    condition = [for s in jsondecode(output.bucket_policy_json).Statement : s.Condition] == [
      { Bool = { "aws:SecureTransport" = "false" } },
      { NumericLessThan = { "s3:TlsVersion" = "1.2" } },
    ]
    error_message = "The bucket policy must deny when aws:SecureTransport is false and when TLS is older than 1.2."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(output.bucket_policy_json).Statement :
      s.Effect == "Deny" && s.Principal == "*" && s.Action == "s3:*" &&
      s.Resource == ["arn:aws:s3:::my-xcom-bucket", "arn:aws:s3:::my-xcom-bucket/*"]
    ])
    error_message = "Each statement must deny s3:* to everyone on the bucket and all its objects."
  }
}
