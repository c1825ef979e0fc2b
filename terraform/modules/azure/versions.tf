terraform {
  # 1.9: validation conditions may refer to other variables.
  required_version = ">= 1.9"

  required_providers {
    azurerm = {
      source = "hashicorp/azurerm"
      # 4.x: azurerm_storage_container.storage_account_id, features.storage.data_plane_available; checked against the 4.55.0 schema in tests/terraform.
      version = ">= 4.9, < 5.0"
    }
    azuread = {
      source = "hashicorp/azuread"
      # The service principal; checked against the 3.7.0 schema in tests/terraform.
      version = ">= 3.0, < 4.0"
    }
    time = {
      source = "hashicorp/time"
      # time_rotating for the opt-in client secret; checked against the 0.13.1 schema.
      version = ">= 0.9, < 1.0"
    }
  }
}
