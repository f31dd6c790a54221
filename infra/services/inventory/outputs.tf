# `nx run inventory-infra:apply -c <env>` writes chart_values to apps/inventory/deploy/stack/<env>.yaml,
# the values layer right above deploy/values.yaml: nobody copies an output by hand.
output "chart_values" {
  description = "The chart values this stack decides (role, target group, security group, network, config)."
  value       = module.service.chart_values
}

# For an operator at the console.
output "target_group_arn" {
  description = "Target group the shared HTTPS listener forwards /inventory to."
  value       = module.service.target_group_arn
}

output "irsa_role_arn" {
  description = "IAM role of inventory's pods (IRSA on EKS, Roles Anywhere at the plants)."
  value       = module.service.irsa_role_arn
}
