#!/usr/bin/env bash
# make demo: the provider doing its job against a local emulator of the HDInsight Kafka REST proxy.
#
# Runs scripts/emulator-ci.sh (the emulator recipe of README.md and docs/index.md) on a copy of
# examples/quickstart, with bin/hdikafka-emulator and bin/terraform-provider-hdikafka: it starts the
# emulator (embedded Kafka, 3 brokers, a 3 s metadata visibility delay like HDInsight's cache, a
# development identity provider with one client), points Terraform at bin/ through a throwaway CLI
# configuration (dev_overrides), applies the quickstart, then checks that a second plan shows no
# changes. Everything it writes goes to temporary directories, removed on exit with the emulator.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
bin="$root/bin"

die() { echo "demo: $*" >&2; exit 1; }
step() { printf '\n==> %s\n' "$*"; }

command -v terraform >/dev/null 2>&1 || die "terraform is not on PATH (install Terraform 1.5 or later)"
if [ ! -x "$bin/terraform-provider-hdikafka" ] || [ ! -x "$bin/hdikafka-emulator" ]; then
  die "missing $bin/terraform-provider-hdikafka or $bin/hdikafka-emulator: run 'make demo' (it builds both)"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/hdikafka-demo.XXXXXX")
trap 'rm -rf "$work"' EXIT

# Only the settings emulator-ci.sh makes may reach the provider: drop any Azure or provider settings
# of the caller (a certificate or managed identity setting would otherwise be used first).
for name in $(compgen -e); do
  case "$name" in
    ARM_* | AZURE_* | HDIKAFKA_* | ACTIONS_ID_TOKEN_* | SYSTEM_OIDCREQUESTURI | SYSTEM_ACCESSTOKEN | \
      IDENTITY_* | MSI_* | TF_VAR_* | TF_CLI_CONFIG_FILE | TF_DATA_DIR | EMULATOR_ADDR) unset "$name" ;;
  esac
done
export CHECKPOINT_DISABLE=1
# Plain output when not on a terminal (make's output piped into a log).
[ -t 1 ] || export TF_CLI_ARGS=-no-color

mkdir "$work/quickstart"
cp "$root"/examples/quickstart/*.tf "$work/quickstart/"

step "scripts/emulator-ci.sh on examples/quickstart (emulator and provider from bin/)"
rc=0
(cd "$work/quickstart" && PATH="$bin:$PATH" HDIKAFKA_PROVIDER_DIR="$bin" TMPDIR="$work" \
  bash "$root/scripts/emulator-ci.sh") || rc=$?
case "$rc" in
  0) step "demo passed: topics created, and the second plan shows no changes" ;;
  2) die "the second plan wants changes: the provider did not converge" ;;
  *) die "failed (exit $rc)" ;;
esac
