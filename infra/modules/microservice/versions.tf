terraform {
  # 1.9+ lets a validation read other variables; 1.10 is the floor the stacks share.
  required_version = ">= 1.10"

  required_providers {
    # The version the tests run (lock file beside this one); 6.x has not been planned here.
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}
