{{/* Names, labels and the computed values every template shares. */}}

{{/* One release is one service: names default to the release name, not the chart's. */}}
{{- define "microservice.name" -}}
{{- default .Release.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "microservice.fullname" -}}
{{- default .Release.Name .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* A suffixed name kept within 63 characters (Service names must be DNS labels). */}}
{{- define "microservice.suffixedName" -}}
{{- $base := include "microservice.fullname" .root | trunc (int (sub 62 (len .suffix))) | trimSuffix "-" -}}
{{- printf "%s-%s" $base .suffix -}}
{{- end -}}

{{- define "microservice.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "microservice.selectorLabels" -}}
app.kubernetes.io/name: {{ include "microservice.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "microservice.labels" -}}
helm.sh/chart: {{ include "microservice.chart" . }}
{{ include "microservice.selectorLabels" . }}
app.kubernetes.io/version: {{ include "microservice.imageVersion" . | trunc 63 | trimSuffix "-" | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: fabrik
fabrik.dev/environment: {{ .Values.environment }}
fabrik.dev/cluster-kind: {{ .Values.clusterKind }}
{{- end -}}

{{- define "microservice.isProd" -}}
{{- if eq .Values.environment "prod" }}true{{ end -}}
{{- end -}}

{{/* The image reference; fails without a tag or digest, and on `latest` in prod. */}}
{{- define "microservice.image" -}}
{{- $repo := required "image.repository is required: set it to the service's container registry path" .Values.image.repository -}}
{{- if .Values.image.digest -}}
{{- printf "%s@%s" $repo .Values.image.digest -}}
{{- else -}}
{{- $tag := required "image.tag is required: set image.tag (for example with `nx run <svc>:deploy -c <env> --image-tag=<tag>`) or image.digest" .Values.image.tag -}}
{{- if and (eq (toString $tag) "latest") (include "microservice.isProd" .) -}}
{{- fail "image.tag \"latest\" is refused in prod: deploy an immutable version (semantic version or image.digest)" -}}
{{- end -}}
{{- printf "%s:%s" $repo (toString $tag) -}}
{{- end -}}
{{- end -}}

{{- define "microservice.imageVersion" -}}
{{- if .Values.image.digest -}}
{{- .Values.image.digest | trimPrefix "sha256:" | trunc 12 -}}
{{- else -}}
{{- toString (default "unset" .Values.image.tag) -}}
{{- end -}}
{{- end -}}

{{- define "microservice.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "microservice.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* Sizing per environment (sandbox renders like dev); each unset field falls back. */}}
{{- define "microservice.resources" -}}
{{- $sizes := dict "prod" (list "1000m" "1Gi") "staging" (list "750m" "768Mi") "dev" (list "500m" "512Mi") "sandbox" (list "500m" "512Mi") -}}
{{- $size := get $sizes .Values.environment -}}
{{- $requests := default dict .Values.resources.requests -}}
{{- $limits := default dict .Values.resources.limits -}}
requests:
  cpu: {{ default (index $size 0) $requests.cpu | quote }}
  memory: {{ default (index $size 1) $requests.memory | quote }}
limits:
  cpu: {{ default (index $size 0) $limits.cpu | quote }}
  memory: {{ default (index $size 1) $limits.memory | quote }}
{{- end -}}

{{- define "microservice.autoscalingEnabled" -}}
{{- if or .Values.autoscaling.enabled (include "microservice.isProd" .) }}true{{ end -}}
{{- end -}}

{{- define "microservice.pdbEnabled" -}}
{{- if or .Values.pdb.enabled (include "microservice.isProd" .) }}true{{ end -}}
{{- end -}}

{{/* Prod never runs fewer than 2 pods. */}}
{{- define "microservice.minReplicas" -}}
{{- $min := int (ternary .Values.autoscaling.minReplicas .Values.replicaCount (not (empty (include "microservice.autoscalingEnabled" .)))) -}}
{{- if include "microservice.isProd" . }}{{ max 2 $min }}{{ else }}{{ $min }}{{ end -}}
{{- end -}}

{{/* Where a value the stack decides comes from, for the messages of a render that lacks one. */}}
{{- define "microservice.fromStack" -}}
{{- if eq .Values.environment "sandbox" -}}
{{- printf "it comes from the stack values layer, for sandbox from the stack's plan (`nx run %s-infra:plan`)" .Release.Name -}}
{{- else -}}
{{- printf "it comes from the stack values layer apps/%s/deploy/stack/%s.yaml, written by `nx run %s-infra:apply -c %s`" .Release.Name .Values.environment .Release.Name .Values.environment -}}
{{- end -}}
{{- end -}}

{{/* IAM Roles Anywhere: k3s only (IRSA on eks), and only with a role to assume. */}}
{{- define "microservice.rolesAnywhereEnabled" -}}
{{- if and (eq .Values.clusterKind "k3s") .Values.rolesAnywhere.roleArn }}true{{ end -}}
{{- end -}}

{{- define "microservice.awsIdentitySecretName" -}}
{{- include "microservice.suffixedName" (dict "root" . "suffix" "aws-identity") -}}
{{- end -}}

{{- define "microservice.dbSecretName" -}}
{{- default (include "microservice.suffixedName" (dict "root" . "suffix" "db")) .Values.externalSecret.targetName -}}
{{- end -}}

{{/* A probe given as a path string or as an object; renders nothing when disabled. */}}
{{- define "microservice.probe" -}}
{{- $p := .probe -}}
{{- if kindIs "string" $p -}}{{- $p = dict "path" $p -}}{{- end -}}
{{- if ne (toString (get $p "enabled")) "false" -}}
httpGet:
  path: {{ required (printf "probes.%s.path is required" .name) $p.path }}
  port: http
{{- with $p.initialDelaySeconds }}
initialDelaySeconds: {{ . }}
{{- end }}
periodSeconds: {{ default 10 $p.periodSeconds }}
timeoutSeconds: {{ default 2 $p.timeoutSeconds }}
failureThreshold: {{ default 3 $p.failureThreshold }}
{{- end -}}
{{- end -}}

{{- define "microservice.probePath" -}}
{{- if kindIs "string" . }}{{ . }}{{ else }}{{ .path }}{{ end -}}
{{- end -}}
