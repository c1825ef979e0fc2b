terraform {
  # 1.9: validation conditions may refer to other variables.
  required_version = ">= 1.9"

  required_providers {
    google = {
      source = "hashicorp/google"
      # Checked against the 6.50.0 schema in tests/terraform.
      version = ">= 6.0, < 8.0"
    }
    time = {
      source = "hashicorp/time"
      # time_rotating for the opt-in key; checked against the 0.13.1 schema.
      version = ">= 0.9, < 1.0"
    }
  }
}
