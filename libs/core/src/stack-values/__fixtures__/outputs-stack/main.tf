# A stand-in stack for the stack-values specs: the shape of the chart_values output with no AWS.
# terraform_data (built into terraform, no provider) is unknown until apply, like a real ARN or id.

resource "terraform_data" "target_group" {
  input = "arn:aws:elasticloadbalancing:eu-west-1:111111111111:targetgroup/demo-dev/0123456789abcdef"
}

resource "terraform_data" "service_security_group" {
  input = "sg-0123456789abcdef0"
}

resource "terraform_data" "database" {
  input = "demo-dev.cluster-abc.eu-west-1.rds.amazonaws.com"
}

output "chart_values" {
  value = {
    serviceAccount     = { name = "demo", roleArn = "arn:aws:iam::111111111111:role/demo-dev-irsa" }
    targetGroupBinding = { targetGroupArn = terraform_data.target_group.output }
    podSecurityGroup   = { groupIds = [terraform_data.service_security_group.output] }
    networkPolicy = {
      albSourceCidrs   = ["10.11.0.0/16"]
      dataCidrs        = ["10.11.0.0/16"]
      dataPorts        = [5432]
      httpsEgressCidrs = ["0.0.0.0/0"]
    }
    config = {
      AWS_REGION = "eu-west-1"
      DB_HOST    = terraform_data.database.output
      DB_PORT    = "5432"
      DB_NAME    = "demo"
    }
    externalSecret = { enabled = true, remoteKey = "arn:aws:secretsmanager:eu-west-1:111111111111:secret:rds!cluster-demo" }
  }
}
