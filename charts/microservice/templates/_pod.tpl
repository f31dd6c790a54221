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
  terminationGracePeriodSeconds: {{ include "microservice.terminationGracePeriod" . }}
  {{- with .Values.priorityClassName }}
  priorityClassName: {{ . }}
  {{- end }}
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
  {{- if include "microservice.rolesAnywhereEnabled" . }}
  {{- $ra := .Values.rolesAnywhere }}
  {{- $dir := "/var/run/secrets/aws-identity" }}
  initContainers:
    {{- /* A native sidecar (restartPolicy Always): started before the app and kept running beside it. */}}
    - name: aws-signing-helper
      image: {{ printf "%s:%s" $ra.image.repository (toString $ra.image.tag) | quote }}
      imagePullPolicy: {{ .Values.image.pullPolicy }}
      restartPolicy: Always
      command: [aws_signing_helper]
      args:
        - serve
        - --certificate
        - {{ $dir }}/tls.crt
        - --private-key
        - {{ $dir }}/tls.key
        - --trust-anchor-arn
        - {{ required (printf "rolesAnywhere.trustAnchorArn is empty while rolesAnywhere.roleArn is set: %s" (include "microservice.fromStack" .)) $ra.trustAnchorArn | quote }}
        - --profile-arn
        - {{ required (printf "rolesAnywhere.profileArn is empty while rolesAnywhere.roleArn is set: %s" (include "microservice.fromStack" .)) $ra.profileArn | quote }}
        - --role-arn
        - {{ $ra.roleArn | quote }}
        - --port
        - {{ $ra.port | quote }}
      resources:
        {{- toYaml $ra.resources | nindent 8 }}
      securityContext:
        {{- toYaml .Values.securityContext | nindent 8 }}
      volumeMounts:
        - name: aws-identity
          mountPath: {{ $dir }}
          readOnly: true
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
      {{- with int (include "microservice.preStopSeconds" .) }}
      {{- /* Serve until the ALB has deregistered the pod (deregistration delay + 5 s). */}}
      lifecycle:
        preStop:
          sleep:
            seconds: {{ . }}
      {{- end }}
      {{- if include "microservice.rolesAnywhereEnabled" . }}
      env:
        {{- /* The SDKs' IMDS provider finds the signing helper's credentials here, without code changes. */}}
        - name: AWS_EC2_METADATA_SERVICE_ENDPOINT
          value: {{ printf "http://127.0.0.1:%v/" .Values.rolesAnywhere.port | quote }}
      {{- end }}
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
    {{- if include "microservice.rolesAnywhereEnabled" . }}
    {{- /* Mounted as a directory, not subPath, so renewed certificates reach the running sidecar. */}}
    - name: aws-identity
      secret:
        secretName: {{ include "microservice.awsIdentitySecretName" . }}
        defaultMode: 288 # 0440: readable by the pod's fsGroup only
    {{- end }}
{{- end -}}
