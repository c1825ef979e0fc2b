# The identity policy grants object actions under the prefix only, lists the bucket only inside the
# prefix, adds KMS rights only for a CMK and only via S3 for this bucket, and never a bucket-admin
# right; read_only mode grants GetObject alone; the bucket policy denies non-TLS, pre-TLS-1.2 and
# SSE-C requests. moto's IAM enforces the same identity JSON in tests/terraform (conditions aside).

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

run "cmk_adds_kms_rights_via_s3_for_this_bucket_only" {
  command = plan

  variables {
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    region      = "eu-west-1"
    partition   = "aws"
  }

  assert {
    condition = [
      for s in jsondecode(output.policy_json).Statement : s if s.Sid == "UseBucketKeyViaS3"
      ] == [{
        Sid      = "UseBucketKeyViaS3"
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource = ["arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"]
        Condition = {
          StringEquals = {
            "kms:ViaService"                   = "s3.eu-west-1.amazonaws.com"
            "kms:EncryptionContext:aws:s3:arn" = "arn:aws:s3:::my-xcom-bucket"
          }
        }
    }]
    error_message = "A CMK must add GenerateDataKey and Decrypt on that key only, via S3 in the bucket's region, with the bucket (Bucket Key) as encryption context."
  }
}

run "cmk_without_bucket_key_pins_the_object_context" {
  command = plan

  variables {
    kms_key_arn        = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    region             = "eu-west-1"
    bucket_key_enabled = false
  }

  assert {
    condition = [for s in jsondecode(output.policy_json).Statement : s.Condition if s.Sid == "UseBucketKeyViaS3"] == [{
      StringEquals = { "kms:ViaService" = "s3.eu-west-1.amazonaws.com" }
      StringLike   = { "kms:EncryptionContext:aws:s3:arn" = "arn:aws:s3:::my-xcom-bucket/team-a/xcom/*" }
    }]
    error_message = "Without a Bucket Key the KMS context is each object's ARN: the condition must match objects under the prefix."
  }
}

run "read_only_mode_grants_get_only" {
  command = plan

  variables {
    mode        = "read_only"
    kms_key_arn = "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
    region      = "eu-west-1"
  }

  assert {
    condition     = output.actions == tolist(["kms:Decrypt", "s3:GetObject"])
    error_message = "read_only must allow exactly s3:GetObject (and kms:Decrypt with a CMK): no put, delete, list."
  }

  assert {
    condition = [for s in jsondecode(output.policy_json).Statement : s.Resource if s.Sid == "ReadXComObjects"] == [
      ["arn:aws:s3:::my-xcom-bucket/team-a/xcom/*"]
    ]
    error_message = "read_only GetObject must be limited to <bucket>/<prefix>/*."
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
    condition = [for s in jsondecode(output.bucket_policy_json).Statement : s.Condition if s.Action == "s3:*"] == [
      { Bool = { "aws:SecureTransport" = "false" } },
      { NumericLessThan = { "s3:TlsVersion" = "1.2" } },
    ]
    error_message = "The bucket policy must deny when aws:SecureTransport is false and when TLS is older than 1.2."
  }

  assert {
    condition = alltrue([
      for s in jsondecode(output.bucket_policy_json).Statement :
      s.Effect == "Deny" && s.Principal == "*" && s.Resource == ["arn:aws:s3:::my-xcom-bucket", "arn:aws:s3:::my-xcom-bucket/*"]
      if s.Action == "s3:*"
    ])
    error_message = "Each TLS statement must deny s3:* to everyone on the bucket and all its objects."
  }

  assert {
    condition = [for s in jsondecode(output.bucket_policy_json).Statement : s if s.Sid == "DenySSEC"] == [{
      Sid       = "DenySSEC"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:PutObject"
      Resource  = ["arn:aws:s3:::my-xcom-bucket/*"]
      Condition = { Null = { "s3:x-amz-server-side-encryption-customer-algorithm" = "false" } }
    }]
    error_message = "The bucket policy must deny PutObject whenever an SSE-C algorithm header is present."
  }
}
