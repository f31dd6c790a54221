{{/* Progressive delivery helpers: traffic routing, analysis, metrics and draining (ADR 0021). */}}

{{/* The pod label Argo Rollouts' ephemeral metadata sets: stable/canary or active/preview. */}}
{{- define "microservice.trackLabel" -}}fabrik.dev/track{{- end -}}

{{/* Traefik weighted routing: a canary Rollout on k3s (EKS canaries shift by replicas, ADR 0021). */}}
{{- define "microservice.traefikCanary" -}}
{{- if and .Values.rollout.enabled (eq .Values.rollout.strategy "canary") (eq .Values.clusterKind "k3s") .Values.ingress.enabled }}true{{ end -}}
{{- end -}}

{{- define "microservice.canaryServiceName" -}}
{{- include "microservice.suffixedName" (dict "root" . "suffix" "canary") -}}
{{- end -}}

{{- define "microservice.metricsServiceName" -}}
{{- include "microservice.suffixedName" (dict "root" . "suffix" "metrics") -}}
{{- end -}}

{{/*
The analysis templates of one phase (canary, prePromotion or postPromotion) as a JSON list: the names
given; else, for the canary and blue-green's post-promotion analysis (the new pods under production
traffic), the chart's success-rate and latency in analysis.defaultEnvironments; else none.
*/}}
{{- define "microservice.analysisTemplates" -}}
{{- $v := .root.Values -}}
{{- $named := get (dict "canary" $v.rollout.canary.analysisTemplates "prePromotion" $v.rollout.blueGreen.prePromotionAnalysisTemplates "postPromotion" $v.rollout.blueGreen.postPromotionAnalysisTemplates) .phase -}}
{{- $strategy := ternary "canary" "blueGreen" (eq .phase "canary") -}}
{{- if or (not $v.rollout.enabled) (ne $v.rollout.strategy $strategy) -}}
[]
{{- else if $named -}}
{{- toJson $named -}}
{{- else if and (ne .phase "prePromotion") (has $v.environment $v.analysis.defaultEnvironments) -}}
["success-rate","latency"]
{{- else -}}
[]
{{- end -}}
{{- end -}}

{{/* Whether any analysis of the Rollout uses the chart's template `name`. */}}
{{- define "microservice.usesChartTemplate" -}}
{{- range $phase := list "canary" "prePromotion" "postPromotion" }}
{{- if has $.name (include "microservice.analysisTemplates" (dict "root" $.root "phase" $phase) | fromJsonArray) }}true{{ end -}}
{{- end -}}
{{- end -}}

{{/* Analysis reads what Prometheus scrapes: the chart's templates turn the ServiceMonitor on. */}}
{{- define "microservice.serviceMonitorEnabled" -}}
{{- if or .Values.serviceMonitor.enabled (include "microservice.usesChartTemplate" (dict "root" . "name" "success-rate")) (include "microservice.usesChartTemplate" (dict "root" . "name" "latency")) }}true{{ end -}}
{{- end -}}

{{/* The `templates` and `args` of a Rollout analysis (`phase`) of the pods of `track`. */}}
{{- define "microservice.analysisRef" -}}
templates:
  {{- range (include "microservice.analysisTemplates" (dict "root" .root "phase" .phase) | fromJsonArray) }}
  {{- if hasPrefix "cluster/" . }}
  - templateName: {{ trimPrefix "cluster/" . }}
    clusterScope: true
  {{- else }}
  - templateName: {{ . }}
  {{- end }}
  {{- end }}
args:
  - name: namespace
    value: {{ .root.Release.Namespace }}
  - name: service
    value: {{ include "microservice.metricsServiceName" .root }}
  - name: track
    value: {{ .track }}
{{- end -}}

{{/* The Traefik rule of the service's route; its length is Traefik's default priority. */}}
{{- define "microservice.traefikRule" -}}
{{- $path := printf "PathPrefix(`%s`)" .Values.ingress.path -}}
{{- if eq .Values.ingress.pathType "Exact" }}{{ $path = printf "Path(`%s`)" .Values.ingress.path }}{{ end -}}
{{- if .Values.ingress.host -}}
{{- printf "Host(`%s`) && %s" .Values.ingress.host $path -}}
{{- else -}}
{{- $path -}}
{{- end -}}
{{- end -}}

{{/* Explicit router priority: ingress.priority, else the rule's length (longer rules first). */}}
{{- define "microservice.routePriority" -}}
{{- if .Values.ingress.priority }}{{ .Values.ingress.priority }}{{ else }}{{ len (include "microservice.traefikRule" .) }}{{ end -}}
{{- end -}}

{{/*
Draining on eks: a terminating pod keeps serving until the ALB has deregistered it. The wait is the
target group's deregistration delay (the module's number, from the stack layer) + 5 s for the
controller to notice the endpoint change; 0 when the delay is not known yet.
*/}}
{{- define "microservice.preStopSeconds" -}}
{{- $delay := int .Values.targetGroupBinding.deregistrationDelaySeconds -}}
{{- if and (eq .Values.clusterKind "eks") .Values.targetGroupBinding.enabled (gt $delay 0) }}{{ add $delay 5 }}{{ else }}0{{ end -}}
{{- end -}}

{{/* The grace period covers the preStop wait plus 15 s for the application's own shutdown. */}}
{{- define "microservice.terminationGracePeriod" -}}
{{- $preStop := int (include "microservice.preStopSeconds" .) -}}
{{- max (int .Values.terminationGracePeriodSeconds) (add $preStop 15) -}}
{{- end -}}

{{/* Blue-green keeps the old pods until the ALB drained them: delay + 10 s at least on eks. */}}
{{- define "microservice.scaleDownDelay" -}}
{{- $delay := int .Values.targetGroupBinding.deregistrationDelaySeconds -}}
{{- $configured := int .Values.rollout.blueGreen.scaleDownDelaySeconds -}}
{{- if and (eq .Values.clusterKind "eks") (gt $delay 0) }}{{ max $configured (add $delay 10) }}{{ else }}{{ $configured }}{{ end -}}
{{- end -}}
