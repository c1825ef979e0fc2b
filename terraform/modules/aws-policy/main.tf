# Least-privilege IAM policy for the XCom backend, and the bucket's TLS-only policy, as JSON.
# No provider: tested by `terraform test` and, with enforcement on, by moto's IAM (tests/terraform).

locals {
  bucket_arn = "arn:${var.partition}:s3:::${var.bucket}"
  # Everything the backend writes lives under "<prefix>/".
  objects_arn = "${local.bucket_arn}/${var.prefix}/*"

  object_actions = [
    "s3:PutObject",
    "s3:GetObject",
    "s3:DeleteObject",
    "s3:AbortMultipartUpload",
  ]

  statements = concat(
    [
      {
        Sid      = "ListXComPrefix"
        Effect   = "Allow"
        Action   = ["s3:ListBucket"]
        Resource = [local.bucket_arn]
        # Listing is a bucket action: only the prefix condition keeps it inside the XCom area.
        Condition = {
          StringLike = { "s3:prefix" = [var.prefix, "${var.prefix}/*"] }
        }
      },
      {
        Sid      = "ReadWriteXComObjects"
        Effect   = "Allow"
        Action   = local.object_actions
        Resource = [local.objects_arn]
      },
    ],
    # SSE-KMS with a customer managed key: writes need a data key, reads need Decrypt.
    var.kms_key_arn == null ? [] : [
      {
        Sid      = "UseBucketKey"
        Effect   = "Allow"
        Action   = ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource = [var.kms_key_arn]
      },
    ],
  )

  policy = {
    Version   = "2012-10-17"
    Statement = local.statements
  }

  # Bucket policy: refuse every request that is not over TLS (1.2 or later).
  bucket_policy = {
    Version = "2012-10-17"
    Statement = [
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [local.bucket_arn, "${local.bucket_arn}/*"]
        Condition = { Bool = { "aws:SecureTransport" = "false" } }
      },
      {
        Sid       = "DenyOutdatedTLS"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource  = [local.bucket_arn, "${local.bucket_arn}/*"]
        Condition = { NumericLessThan = { "s3:TlsVersion" = "1.2" } }
      },
    ]
  }
}
