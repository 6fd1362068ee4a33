{{/* The chart's names and labels. A service's resources are named <release>-<service>. */}}
{{- define "project-chat.fullname" -}}
{{- printf "%s-%s" .root.Release.Name .name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "project-chat.selectorLabels" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end -}}

{{- define "project-chat.labels" -}}
{{ include "project-chat.selectorLabels" . }}
app.kubernetes.io/part-of: project-chat
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "project-chat.image" -}}
{{- $image := .root.Values.image -}}
{{- printf "%s%s/%s:%s" $image.registry $image.repository .name (default .root.Chart.AppVersion $image.tag) -}}
{{- end -}}

{{/* The topics of the event contract, from files/topics.json (the same file event-contract's Topic reads). */}}
{{- define "project-chat.topics" -}}
{{- .Files.Get "files/topics.json" -}}
{{- end -}}

{{/* A topic's settings for the configured cluster: min.insync.replicas cannot exceed the replication factor. */}}
{{- define "project-chat.topicConfig" -}}
{{- $config := deepCopy .topic.config -}}
{{- if lt (int .replicationFactor) 3 -}}
{{- $_ := set $config "min.insync.replicas" "1" -}}
{{- end -}}
{{- toJson $config -}}
{{- end -}}

{{/* A service's plain settings: what it shares with the others, what its `uses` wire in, its own `config`. */}}
{{- define "project-chat.config" -}}
{{- $v := .root.Values -}}
{{- $svc := .svc -}}
PORT: {{ $svc.port | quote }}
LOG_FORMAT: {{ $v.logFormat | quote }}
JWT_ISSUER: {{ $v.auth.issuer | quote }}
JWT_AUDIENCE: {{ $v.auth.audience | quote }}
JWT_JWK_SET_URI: {{ $v.auth.jwkSetUri | quote }}
{{- if $v.tracing.otlpEndpoint }}
MANAGEMENT_TRACING_SAMPLING_PROBABILITY: {{ $v.tracing.samplingProbability | quote }}
MANAGEMENT_OPENTELEMETRY_TRACING_EXPORT_OTLP_ENDPOINT: {{ $v.tracing.otlpEndpoint | quote }}
{{- end }}
{{- if has "kafka" $svc.uses }}
KAFKA_BOOTSTRAP_SERVERS: {{ $v.kafka.bootstrapServers | quote }}
KAFKA_REPLICATION_FACTOR: {{ $v.kafka.replicationFactor | quote }}
SPRING_KAFKA_SECURITY_PROTOCOL: {{ $v.kafka.securityProtocol | quote }}
{{- if hasPrefix "SASL" $v.kafka.securityProtocol }}
SPRING_KAFKA_PROPERTIES_SASL_MECHANISM: {{ $v.kafka.sasl.mechanism | quote }}
{{- end }}
{{- if $v.kafka.tls.existingSecret }}
SPRING_KAFKA_SSL_TRUST_STORE_TYPE: PEM
SPRING_KAFKA_SSL_TRUST_STORE_LOCATION: "file:/etc/project-chat/kafka-ca/{{ $v.kafka.tls.caKey }}"
{{- end }}
{{- end }}
{{- if has "postgres" $svc.uses }}
{{ $svc.database.envPrefix }}_URL: {{ $svc.database.url | quote }}
{{- if $svc.database.pool }}
{{ $svc.database.envPrefix }}_POOL: {{ $svc.database.pool | quote }}
{{- end }}
{{- end }}
{{- if has "elasticsearch" $svc.uses }}
ELASTICSEARCH_URIS: {{ $v.elasticsearch.uris | quote }}
{{- end }}
{{- if has "s3" $svc.uses }}
S3_ENDPOINT: {{ $v.s3.endpoint | quote }}
FILES_BUCKET: {{ $v.s3.bucket | quote }}
{{- end }}
{{- if has "smtp" $svc.uses }}
SMTP_HOST: {{ $v.smtp.host | quote }}
SMTP_PORT: {{ $v.smtp.port | quote }}
SMTP_STARTTLS: {{ $v.smtp.starttls | quote }}
SMTP_AUTH: {{ $v.smtp.auth | quote }}
MAIL_FROM: {{ $v.smtp.from | quote }}
{{- end }}
{{- if has "services" $svc.uses }}
{{- range $other, $o := $v.services }}
{{- if and $o.enabled $o.ingressPath (hasPrefix "/api/" $o.ingressPath) }}
GATEWAY_SERVICES_{{ trimPrefix "/api/" $o.ingressPath | upper }}: "http://{{ include "project-chat.fullname" (dict "root" $.root "name" $other) }}"
{{- end }}
{{- end }}
{{- if $v.auth.webClientId }}
OIDC_ISSUER: {{ $v.auth.issuer | quote }}
OIDC_CLIENT_ID: {{ $v.auth.webClientId | quote }}
{{- end }}
{{- end }}
{{- range $volume := $svc.writableVolumes }}
{{- if $volume.env }}
{{ $volume.env }}: {{ $volume.mountPath | quote }}
{{- end }}
{{- end }}
{{- range $key, $value := $svc.config }}
{{ $key }}: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{/* A service's credentials, each from an existing Secret. */}}
{{- define "project-chat.secretEnv" -}}
{{- $v := .root.Values -}}
{{- $svc := .svc -}}
{{- if and (has "kafka" $svc.uses) (hasPrefix "SASL" $v.kafka.securityProtocol) }}
- name: KAFKA_SASL_USERNAME
  valueFrom: {secretKeyRef: {name: {{ $v.kafka.sasl.existingSecret | quote }}, key: {{ $v.kafka.sasl.usernameKey | quote }}}}
- name: KAFKA_SASL_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ $v.kafka.sasl.existingSecret | quote }}, key: {{ $v.kafka.sasl.passwordKey | quote }}}}
- name: SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG
  value: {{ printf "%s required username=\"$(KAFKA_SASL_USERNAME)\" password=\"$(KAFKA_SASL_PASSWORD)\";" (ternary "org.apache.kafka.common.security.plain.PlainLoginModule" "org.apache.kafka.common.security.scram.ScramLoginModule" (eq $v.kafka.sasl.mechanism "PLAIN")) | quote }}
{{- end }}
{{- if has "postgres" $svc.uses }}
- name: {{ $svc.database.envPrefix }}_USER
  valueFrom: {secretKeyRef: {name: {{ $svc.database.existingSecret | quote }}, key: {{ $svc.database.usernameKey | quote }}}}
- name: {{ $svc.database.envPrefix }}_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ $svc.database.existingSecret | quote }}, key: {{ $svc.database.passwordKey | quote }}}}
{{- end }}
{{- if and (has "elasticsearch" $svc.uses) $v.elasticsearch.existingSecret }}
- name: SPRING_ELASTICSEARCH_USERNAME
  valueFrom: {secretKeyRef: {name: {{ $v.elasticsearch.existingSecret | quote }}, key: {{ $v.elasticsearch.usernameKey | quote }}}}
- name: SPRING_ELASTICSEARCH_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ $v.elasticsearch.existingSecret | quote }}, key: {{ $v.elasticsearch.passwordKey | quote }}}}
{{- end }}
{{- if has "s3" $svc.uses }}
- name: S3_ACCESS_KEY
  valueFrom: {secretKeyRef: {name: {{ $v.s3.existingSecret | quote }}, key: {{ $v.s3.accessKeyKey | quote }}}}
- name: S3_SECRET_KEY
  valueFrom: {secretKeyRef: {name: {{ $v.s3.existingSecret | quote }}, key: {{ $v.s3.secretKeyKey | quote }}}}
{{- end }}
{{- if and (has "smtp" $svc.uses) $v.smtp.auth }}
- name: SMTP_USER
  valueFrom: {secretKeyRef: {name: {{ $v.smtp.existingSecret | quote }}, key: {{ $v.smtp.usernameKey | quote }}}}
- name: SMTP_PASSWORD
  valueFrom: {secretKeyRef: {name: {{ $v.smtp.existingSecret | quote }}, key: {{ $v.smtp.passwordKey | quote }}}}
{{- end }}
{{- range $env := $svc.secretEnv }}
- name: {{ $env.name }}
  valueFrom: {secretKeyRef: {name: {{ $env.secret | quote }}, key: {{ $env.key | quote }}}}
{{- end }}
{{- end -}}
