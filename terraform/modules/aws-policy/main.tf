# Least-privilege IAM policy for the XCom backend, and the bucket's TLS-only policy, as JSON.
# No provider: tested by `terraform test` and, with enforcement on, by moto's IAM (tests/terraform).

locals {
  bucket_arn = "arn:${var.partition}:s3:::${var.bucket}"
  # Everything the backend writes lives under "<prefix>/".
  objects_arn = "${local.bucket_arn}/${var.prefix}/*"

  read_only = var.mode == "read_only"
  object_actions = local.read_only ? ["s3:GetObject"] : [
    "s3:PutObject",
    "s3:GetObject",
    "s3:DeleteObject",
    "s3:AbortMultipartUpload",
  ]

  # KMS only when S3 calls it for this bucket. With a Bucket Key, S3 asks KMS for a bucket-level
  # data key, so the encryption context is the bucket ARN; without one, the object's ARN.
  kms_condition = merge(
    {
      StringEquals = merge(
        { "kms:ViaService" = "s3.${coalesce(var.region, "-")}.amazonaws.com" },
        var.bucket_key_enabled ? { "kms:EncryptionContext:aws:s3:arn" = local.bucket_arn } : {},
      )
    },
    var.bucket_key_enabled ? {} : { StringLike = { "kms:EncryptionContext:aws:s3:arn" = local.objects_arn } },
  )

  list_statement = local.read_only ? [] : [
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
  ]

  statements = concat(
    local.list_statement,
    [
      {
        Sid      = local.read_only ? "ReadXComObjects" : "ReadWriteXComObjects"
        Effect   = "Allow"
        Action   = local.object_actions
        Resource = [local.objects_arn]
      },
    ],
    # SSE-KMS with a customer managed key: writes need a data key, reads need Decrypt; only when
    # S3 calls KMS on the identity's behalf (kms:ViaService), and only for this bucket (context).
    var.kms_key_arn == null ? [] : [
      {
        Sid       = "UseBucketKeyViaS3"
        Effect    = "Allow"
        Action    = local.read_only ? ["kms:Decrypt"] : ["kms:GenerateDataKey", "kms:Decrypt"]
        Resource  = [var.kms_key_arn]
        Condition = local.kms_condition
      },
    ],
  )

  policy = {
    Version   = "2012-10-17"
    Statement = local.statements
  }

  # Bucket policy: refuse every request that is not over TLS (1.2 or later), and SSE-C uploads.
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
      {
        # SSE-C: the caller's own key, which S3 does not keep; an object written so is unreadable
        # to everyone else (and a ransomware pattern). The bucket's default encryption applies instead.
        Sid       = "DenySSEC"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:PutObject"
        Resource  = ["${local.bucket_arn}/*"]
        Condition = { Null = { "s3:x-amz-server-side-encryption-customer-algorithm" = "false" } }
      },
    ]
  }
}
