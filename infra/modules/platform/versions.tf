terraform {
  # No providers: the module only reads a file. 1.10 is the floor every stack shares.
  required_version = ">= 1.10"
}
