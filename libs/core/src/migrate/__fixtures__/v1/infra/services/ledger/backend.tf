# Partial S3 backend: bucket, region and key come from env/<env>.s3.tfbackend, for example
# `terraform init -backend-config=env/dev.s3.tfbackend`. Sandbox plans swap in a local backend.
terraform {
  backend "s3" {
    use_lockfile = true
    encrypt      = true
  }
}
