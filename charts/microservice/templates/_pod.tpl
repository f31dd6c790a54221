{{/* The pod template shared by the Deployment and the Rollout. */}}
{{- define "microservice.podTemplate" -}}
metadata:
  labels:
    {{- include "microservice.selectorLabels" . | nindent 4 }}
    {{- with .Values.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    checksum/config: {{ include (print $.Template.BasePath "/configmap.yaml") . | sha256sum }}
    {{- with .Values.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "microservice.serviceAccountName" . }}
  automountServiceAccountToken: {{ .Values.serviceAccount.automountToken }}
  terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
  {{- with .Values.imagePullSecrets }}
  imagePullSecrets:
    {{- range . }}
    - name: {{ . }}
    {{- end }}
  {{- end }}
  securityContext:
    {{- toYaml .Values.podSecurityContext | nindent 4 }}
  {{- if .Values.topologySpread.enabled }}
  topologySpreadConstraints:
    {{- range list "topology.kubernetes.io/zone" "kubernetes.io/hostname" }}
    - maxSkew: {{ $.Values.topologySpread.maxSkew }}
      topologyKey: {{ . }}
      whenUnsatisfiable: {{ $.Values.topologySpread.whenUnsatisfiable }}
      labelSelector:
        matchLabels:
          {{- include "microservice.selectorLabels" $ | nindent 10 }}
    {{- end }}
  {{- end }}
  {{- with .Values.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with .Values.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  containers:
    - name: {{ include "microservice.name" . }}
      image: {{ include "microservice.image" . | quote }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      {{- with .Values.command }}
      command:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.args }}
      args:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      ports:
        - name: http
          containerPort: {{ .Values.service.targetPort }}
          protocol: TCP
      {{- if or .Values.config .Values.envFromSecrets .Values.externalSecret.enabled }}
      envFrom:
        {{- if .Values.config }}
        - configMapRef:
            name: {{ include "microservice.fullname" . }}
        {{- end }}
        {{- range .Values.envFromSecrets }}
        - secretRef:
            name: {{ . }}
        {{- end }}
        {{- if .Values.externalSecret.enabled }}
        - secretRef:
            name: {{ include "microservice.dbSecretName" . }}
        {{- end }}
      {{- end }}
      {{- with (include "microservice.probe" (dict "name" "startup" "probe" .Values.probes.startup)) }}
      startupProbe:
        {{- . | nindent 8 }}
      {{- end }}
      {{- with (include "microservice.probe" (dict "name" "readiness" "probe" .Values.probes.readiness)) }}
      readinessProbe:
        {{- . | nindent 8 }}
      {{- end }}
      {{- with (include "microservice.probe" (dict "name" "liveness" "probe" .Values.probes.liveness)) }}
      livenessProbe:
        {{- . | nindent 8 }}
      {{- end }}
      resources:
        {{- include "microservice.resources" . | nindent 8 }}
      securityContext:
        {{- toYaml .Values.securityContext | nindent 8 }}
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: tmp
      emptyDir:
        sizeLimit: {{ .Values.tmpSizeLimit }}
{{- end -}}
