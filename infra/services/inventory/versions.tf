terraform {
  # 1.10 brings S3 native state locking (use_lockfile).
  required_version = ">= 1.10"

  required_providers {
    # The version the module's tests run; .terraform.lock.hcl records its hashes (module README).
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.100"
    }
  }
}
