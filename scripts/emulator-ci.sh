#!/usr/bin/env bash
# Test a Terraform configuration against hdikafka-emulator instead of an HDInsight cluster.
# Run it in the directory of the configuration: bash emulator-ci.sh [COMMAND...]
#
# Needs hdikafka-emulator and terraform on PATH. Starts the emulator on a free loopback port, points
# the hdikafka provider at it with environment variables, runs terraform init, apply, and a plan that
# must show no changes, then COMMAND if one is given (your own tests, with the emulator still up:
# EMULATOR_KAFKA_BROKERS holds its Kafka brokers), and stops the emulator. Exit status: 0 when all
# passed, otherwise that of the first step that failed.
#
# HDIKAFKA_PROVIDER_DIR=/path/to/dir uses the terraform-provider-hdikafka binary in that directory
# (a build from source: `make build` writes bin/) instead of the registry's, through a Terraform CLI
# configuration with dev_overrides; terraform init is then skipped, as Terraform asks.
# EMULATOR_ADDR=127.0.0.1:8443 chooses a fixed port; the default, 127.0.0.1:0, takes a free one.
set -euo pipefail

# A fresh temporary directory for the CA certificate, the log and the CLI configuration, removed
# at exit (mktemp honours TMPDIR; on GitHub Actions TMPDIR="$RUNNER_TEMP" keeps it in the job's
# own temporary directory).
work=$(mktemp -d)
emulator_pid=""
stop_emulator() {
  if [ -n "$emulator_pid" ]; then kill "$emulator_pid" 2>/dev/null || true; wait "$emulator_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap stop_emulator EXIT

# The emulator's identity provider issues tokens to the clients given with --client; the secret is
# whatever you choose here (the emulator repeats it in the provider block of its banner).
tenant=00000000-0000-0000-0000-00000000000a
client_id=11111111-1111-1111-1111-111111111111
client_secret="ci-$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"
hdikafka-emulator --addr "${EMULATOR_ADDR:-127.0.0.1:0}" --ca-file "$work/ca.pem" --tenant "$tenant" \
  --client "id=$client_id,secret=$client_secret,groups=ci-group" --allowed-group ci-group \
  --visibility-delay 3s >"$work/emulator.log" 2>&1 &
emulator_pid=$!

# Wait for the ready banner (it names the endpoint), at most 30 s; stop at once if the emulator
# exits, e.g. because the port is in use.
endpoint=""
for _ in $(seq 150); do
  endpoint=$(sed -n 's/^  endpoint: *//p' "$work/emulator.log")
  [ -n "$endpoint" ] && break
  if ! kill -0 "$emulator_pid" 2>/dev/null; then
    echo "error: hdikafka-emulator exited before it was ready:" >&2; cat "$work/emulator.log" >&2; exit 1
  fi
  sleep 0.2
done
[ -n "$endpoint" ] || { echo "error: hdikafka-emulator was not ready within 30 s:" >&2; cat "$work/emulator.log" >&2; exit 1; }
EMULATOR_KAFKA_BROKERS=$(sed -n 's/^  backend: .* brokers at //p' "$work/emulator.log")
export EMULATOR_KAFKA_BROKERS
echo "hdikafka-emulator ready at $endpoint (Kafka brokers $EMULATOR_KAFKA_BROKERS)"

# The provider settings, as a pipeline against a real cluster would set them (plus the emulator's
# identity provider and CA).
export HDIKAFKA_ENDPOINT="$endpoint"
export HDIKAFKA_AUTHORITY_HOST="$endpoint/"
export HDIKAFKA_CA_CERTIFICATE_FILE="$work/ca.pem"
export ARM_TENANT_ID="$tenant" ARM_CLIENT_ID="$client_id" ARM_CLIENT_SECRET="$client_secret"
export TF_IN_AUTOMATION=1 TF_INPUT=0

if [ -n "${HDIKAFKA_PROVIDER_DIR:-}" ]; then
  # A provider built from source: dev_overrides take hdikafka/hdikafka from that directory; any
  # other provider is installed as usual. terraform init is skipped: with an override in effect it
  # would still look hdikafka/hdikafka up in the registry.
  cat >"$work/terraformrc" <<EOF
provider_installation {
  dev_overrides {
    "hdikafka/hdikafka" = "$(cd "$HDIKAFKA_PROVIDER_DIR" && pwd)"
  }
  direct {}
}
EOF
  export TF_CLI_CONFIG_FILE="$work/terraformrc"
else
  terraform init -input=false
fi

terraform apply -input=false -auto-approve
# 0 = no changes, 2 = the configuration does not converge (a change after apply), 1 = an error.
terraform plan -input=false -detailed-exitcode

if [ "$#" -gt 0 ]; then "$@"; fi
