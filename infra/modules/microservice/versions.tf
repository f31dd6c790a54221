terraform {
  # 1.9+ lets a validation read other variables; 1.10 is the floor the stacks share.
  required_version = ">= 1.10"

  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.40, < 7"
    }
  }
}
