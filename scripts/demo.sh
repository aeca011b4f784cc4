#!/usr/bin/env bash
# make demo: the provider doing its job against a local emulator of the HDInsight Kafka REST proxy.
#
# Starts bin/hdikafka-emulator (embedded Kafka, 3 brokers, a 3 s metadata visibility delay like
# HDInsight's cache, a development identity provider with one client), points Terraform at
# bin/terraform-provider-hdikafka through a throwaway CLI config (dev_overrides), applies
# examples/quickstart, then checks that a second plan shows no changes. Everything it writes goes to
# one temporary directory, removed on exit together with the emulator.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin="$root/bin"
provider_bin="$bin/terraform-provider-hdikafka"
emulator_bin="$bin/hdikafka-emulator"

die() { echo "demo: $*" >&2; exit 1; }
step() { printf '\n==> %s\n' "$*"; }

command -v terraform >/dev/null 2>&1 || die "terraform is not on PATH (install Terraform 1.5 or later)"
[ -x "$provider_bin" ] && [ -x "$emulator_bin" ] || die "missing $provider_bin or $emulator_bin: run 'make demo' (it builds both)"

work=$(mktemp -d "${TMPDIR:-/tmp}/hdikafka-demo.XXXXXX")
emu_pid=""
cleanup() {
  local rc=$?
  if [ -n "$emu_pid" ] && kill -0 "$emu_pid" 2>/dev/null; then
    kill "$emu_pid" 2>/dev/null || true
    wait "$emu_pid" 2>/dev/null || true
  fi
  if [ "$rc" -ne 0 ] && [ -s "$work/emulator.log" ]; then
    echo "demo: failed (exit $rc); last lines of the emulator log:" >&2
    tail -n 20 "$work/emulator.log" >&2
  fi
  rm -rf "$work"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Only the settings below may reach the provider: drop any Azure or provider settings of the caller
# (a certificate or managed identity setting would otherwise change the credential method).
for name in $(compgen -e); do
  case "$name" in
    ARM_* | AZURE_* | HDIKAFKA_* | ACTIONS_ID_TOKEN_* | IDENTITY_* | MSI_* | TF_VAR_*) unset "$name" ;;
  esac
done

tenant="00000000-0000-0000-0000-00000000000a"
client_id="de000000-0000-4000-8000-0000000000c1"
group="00000000-0000-0000-0000-0000000000a1"
client_secret="demo-$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')"

step "starting the emulator (3 brokers, visibility delay 3s)"
"$emulator_bin" \
  --addr 127.0.0.1:0 \
  --brokers 3 \
  --visibility-delay 3s \
  --ca-file "$work/ca.pem" \
  --tenant "$tenant" \
  --client "id=$client_id,secret=$client_secret,groups=$group" \
  --allowed-group "$group" \
  >"$work/emulator.log" 2>&1 &
emu_pid=$!

# Once it listens, the emulator prints "hdikafka-emulator ready" and its endpoint; the CA file is
# written before that.
endpoint=""
for _ in $(seq 1 150); do
  kill -0 "$emu_pid" 2>/dev/null || die "the emulator exited during start-up"
  endpoint=$(sed -n '/^ *endpoint: *https:/{s/^ *endpoint: *\([^ ]*\).*/\1/p;q}' "$work/emulator.log")
  [ -n "$endpoint" ] && [ -s "$work/ca.pem" ] && break
  sleep 0.2
done
[ -n "$endpoint" ] || die "the emulator did not report its URL within 30s"
echo "emulator: $endpoint (tenant $tenant, client $client_id)"

# A CLI config that takes hdikafka/hdikafka from bin/ and has no other installation method, so
# Terraform never downloads anything. With dev_overrides no 'terraform init' is needed.
cat >"$work/terraformrc" <<EOF
provider_installation {
  dev_overrides {
    "hdikafka/hdikafka" = "$bin"
  }
}
EOF

export TF_CLI_CONFIG_FILE="$work/terraformrc"
export TF_DATA_DIR="$work/quickstart/.terraform"
export CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_INPUT=0
export HDIKAFKA_ENDPOINT="$endpoint"
export HDIKAFKA_AUTHORITY_HOST="$endpoint/"
export HDIKAFKA_CA_CERTIFICATE_FILE="$work/ca.pem"
export ARM_TENANT_ID="$tenant"
export ARM_CLIENT_ID="$client_id"
export ARM_CLIENT_SECRET="$client_secret"

# Plain output when not on a terminal (make's output piped into a log).
tf_opts=()
[ -t 1 ] || tf_opts=(-no-color)

mkdir -p "$work/quickstart"
cp "$root"/examples/quickstart/*.tf "$work/quickstart/"

step "terraform apply (examples/quickstart)"
terraform -chdir="$work/quickstart" apply -auto-approve "${tf_opts[@]}"

step "terraform plan: expecting no changes"
set +e
terraform -chdir="$work/quickstart" plan -detailed-exitcode "${tf_opts[@]}"
plan_rc=$?
set -e
case "$plan_rc" in
  0) step "demo passed: topics created, and the second plan shows no changes" ;;
  2) die "the second plan wants changes: the provider did not converge" ;;
  *) die "terraform plan failed (exit $plan_rc)" ;;
esac
