terraform {
  # 1.9: validation conditions may refer to other variables.
  required_version = ">= 1.9"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.x: data.aws_region.current.region; checked against the 6.25.0 schema in tests/terraform.
      version = ">= 6.0, < 7.0"
    }
    time = {
      source = "hashicorp/time"
      # time_rotating for the opt-in access key; checked against the 0.13.1 schema.
      version = ">= 0.9, < 1.0"
    }
  }
}
