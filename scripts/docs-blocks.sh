#!/usr/bin/env bash
# make docs-blocks (part of make test): the command blocks in the documentation are the scripts CI runs.
#
# 1. Every ```shell, ```sh, ```bash, ```console or ```yaml block in README.md and templates/ must
#    be directly preceded by a marker line:
#      <!-- docs-block: include scripts/NAME.sh -->     README.md: the block is that file, verbatim
#      <!-- docs-block: not run: REASON -->             a block no test can run here, and why
#    In templates/ a marker is a template comment, {{/* docs-block: not run: REASON */ -}}, and a
#    script is included with {{ codefile "shell" "scripts/NAME.sh" }} (make docs-check then keeps
#    docs/ equal to it). An included script must be one of TESTED below.
#    To change an included block: edit the script, then copy it into README.md between the fences.
# 2. Runs each TESTED script against bin/ (make build) and hdikafka-emulator on free loopback ports,
#    in temporary directories that are removed at exit:
#    - scripts/emulator-ci.sh on a copy of examples/quickstart, with the provider from bin/ through
#      dev_overrides (HDIKAFKA_PROVIDER_DIR);
#    - scripts/emulator-ci.sh again while the first holds a fixed port: it must stop with an error at
#      once instead of waiting;
#    - scripts/drift-check.sh (the drift guide's scheduled check), with the provider installed by
#      terraform init from a local filesystem mirror (standing in for the registry): exit 0 on a
#      fresh apply; exit 2 after partitions were added behind the proxy to a topic without
#      partition_count, while the plain `terraform plan -detailed-exitcode` still exits 0; exit 2
#      when a configured partition_count differs from the cluster's, whose apply is refused while
#      terraform destroy still works.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
TESTED=(scripts/emulator-ci.sh scripts/drift-check.sh)
failures=0
fail() { echo "docs-blocks: $*" >&2; failures=$((failures + 1)); }

# check_doc FILE: the marker rules of step 1 for one Markdown file or template.
check_doc() {
  local doc=$1 n=0 line marker="" marker_line=0 fence="" include="" block=""
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    if [ -n "$fence" ]; then # inside a fenced block
      if [ "$line" = '```' ]; then
        if [ -n "$include" ] && [ "$block" != "$(cat "$include")" ]; then
          fail "$doc:$fence: the block differs from $include (copy the script between the fences):"
          diff <(printf '%s\n' "$block") "$include" | head -n 20 >&2 || true
        fi
        fence="" include="" block=""
      elif [ -n "$include" ]; then
        block+="${block:+$'\n'}$line"
      fi
      continue
    fi
    if [[ $line =~ ^(\<!--|\{\{/\*)\ docs-block:\ (.*)\ (--\>|\*/\ -\}\})$ ]]; then
      marker=${BASH_REMATCH[2]} marker_line=$n
      continue
    fi
    if [[ $line =~ \{\{\ codefile\ \"[a-z]+\"\ \"([^\"]+)\"\ \}\} ]] && [[ " ${TESTED[*]} " != *" ${BASH_REMATCH[1]} "* ]]; then
      fail "$doc:$n: codefile includes ${BASH_REMATCH[1]}, which is not one of the scripts this check runs (${TESTED[*]})"
    fi
    if [[ $line =~ ^\`\`\`(shell|sh|bash|console|yaml|yml)$ ]]; then
      case "$marker" in
        "")
          fail "$doc:$n: a \`\`\`${BASH_REMATCH[1]} block without a docs-block marker on the line before (see scripts/docs-blocks.sh)" ;;
        "not run: "?*) ;;
        "include "*)
          include=${marker#include }
          if [[ $doc == templates/* ]]; then
            fail "$doc:$marker_line: templates include scripts with {{ codefile \"shell\" \"$include\" }}, not a marker"
            include=""
          elif [[ " ${TESTED[*]} " != *" $include "* ]]; then
            fail "$doc:$marker_line: $include is not one of the scripts this check runs (${TESTED[*]})"
            include=""
          fi ;;
        *) fail "$doc:$marker_line: unknown marker '$marker' (want 'include PATH' or 'not run: REASON')" ;;
      esac
      fence=$n
    elif [[ $line == '```'* ]]; then
      [ -z "$marker" ] || fail "$doc:$marker_line: a docs-block marker not followed by a command block"
      fence=$n
    elif [ -n "$marker" ]; then
      fail "$doc:$marker_line: a docs-block marker not followed by a command block"
    fi
    marker=""
  done <"$doc"
  [ -z "$fence" ] || fail "$doc:$fence: a fenced block that is never closed"
}

while IFS= read -r doc; do check_doc "$doc"; done < <(
  { echo README.md; find templates -type f -name '*.tmpl'; } | sort
)
if [ "$failures" -gt 0 ]; then
  echo "docs-blocks: $failures problem(s) in the documentation's command blocks" >&2
  exit 1
fi
echo "docs-blocks: command blocks in README.md and templates/ are marked, and included ones match ${TESTED[*]}"

# Step 2: run the scripts.
[ -x bin/terraform-provider-hdikafka ] && [ -x bin/hdikafka-emulator ] || {
  echo "docs-blocks: bin/ lacks the provider or the emulator: run 'make docs-blocks' (it builds them)" >&2
  exit 1
}
work=$(mktemp -d "${TMPDIR:-/tmp}/hdikafka-docs-blocks.XXXXXX")
trap 'rm -rf "$work"' EXIT

# A clean environment: only what a CI job would have, no Azure or provider settings of the caller.
run_clean() {
  env -i PATH="$root/bin:$PATH" HOME="${HOME:-$work}" TMPDIR="$work" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 TF_CLI_ARGS=-no-color \
    "$@"
}
# expect_rc WANT LOG COMMAND...: runs COMMAND with its output in LOG and fails unless it exits WANT.
expect_rc() {
  local want=$1 log=$2 rc=0
  shift 2
  "$@" >"$log" 2>&1 || rc=$?
  if [ "$rc" != "$want" ]; then
    echo "docs-blocks: '$*' exited $rc, want $want; its output:" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
}

echo "docs-blocks: scripts/emulator-ci.sh on examples/quickstart with the provider from bin/ (dev_overrides)"
mkdir "$work/quickstart"
cp examples/quickstart/*.tf "$work/quickstart/"
# While the recipe's emulator holds a fixed port, the same recipe on that port must stop at once.
cat >"$work/port-in-use.sh" <<EOF
#!/usr/bin/env bash
set -uo pipefail
EMULATOR_ADDR=\${HDIKAFKA_ENDPOINT#https://} bash "$root/scripts/emulator-ci.sh" >"$work/port-in-use.log" 2>&1
echo "second emulator-ci.sh on \${HDIKAFKA_ENDPOINT#https://}: exit \$?"
EOF
(cd "$work/quickstart" && expect_rc 0 "$work/quickstart.log" \
  run_clean HDIKAFKA_PROVIDER_DIR="$root/bin" bash "$root/scripts/emulator-ci.sh" bash "$work/port-in-use.sh")
grep -q 'No changes' "$work/quickstart.log" || { echo "docs-blocks: the recipe's plan did not report 'No changes'" >&2; exit 1; }
grep -q 'second emulator-ci.sh on 127.0.0.1:[0-9]*: exit 1$' "$work/quickstart.log" &&
  grep -q 'error: hdikafka-emulator exited before it was ready' "$work/port-in-use.log" || {
  echo "docs-blocks: scripts/emulator-ci.sh on a port in use did not stop with its error:" >&2
  cat "$work/port-in-use.log" >&2
  exit 1
}

echo "docs-blocks: scripts/drift-check.sh against the emulator (provider from a filesystem mirror)"
# The unpacked mirror layout terraform init reads: HOST/NAMESPACE/TYPE/VERSION/OS_ARCH/.
platform="$(go env GOOS)_$(go env GOARCH)"
mkdir -p "$work/mirror/registry.terraform.io/hdikafka/hdikafka/0.0.1/$platform"
cp bin/terraform-provider-hdikafka "$work/mirror/registry.terraform.io/hdikafka/hdikafka/0.0.1/$platform/terraform-provider-hdikafka_v0.0.1"
cat >"$work/terraformrc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$work/mirror"
    include = ["hdikafka/hdikafka"]
  }
}
EOF
mkdir "$work/drift"
cat >"$work/drift/main.tf" <<'EOF'
terraform {
  required_providers {
    hdikafka = {
      source = "hdikafka/hdikafka"
    }
  }
}

provider "hdikafka" {}

# partition_count left out: the cluster's count is recorded in the state.
resource "hdikafka_topic" "unpinned" {
  name = "drift-unpinned"
}

resource "hdikafka_topic" "pinned" {
  name            = "drift-pinned"
  partition_count = 3
}
EOF
go build -o "$work/kafka-partitions" ./scripts/kafka-partitions
cat >"$work/drift-steps.sh" <<EOF
#!/usr/bin/env bash
# Runs inside emulator-ci.sh, after its apply and plan, with the emulator up.
set -euo pipefail
step() { echo "== \$*"; }
check() { # check WANT COMMAND...
  local want=\$1 rc=0; shift
  "\$@" || rc=\$?
  [ "\$rc" = "\$want" ] || { echo "docs-blocks: '\$*' exited \$rc, want \$want" >&2; exit 1; }
}
step "fresh apply: no drift"
check 0 bash "$root/scripts/drift-check.sh"
step "4 partitions for drift-unpinned behind the proxy"
"$work/kafka-partitions" "\$EMULATOR_KAFKA_BROKERS" drift-unpinned 4
# Like HDInsight's, the emulator's metadata cache shows a change made behind the proxy only after its
# visibility delay (emulator-ci.sh: --visibility-delay 3s), counted from when the emulator first
# reads the changed topic: one plan makes it read, then the delay passes.
terraform plan -input=false -lock=false >/dev/null
sleep 4
step "terraform plan alone does not see it"
check 0 terraform plan -input=false -lock=false -detailed-exitcode
step "the drift check does"
check 2 bash "$root/scripts/drift-check.sh"
step "6 partitions for drift-pinned (partition_count = 3 in the configuration) behind the proxy"
"$work/kafka-partitions" "\$EMULATOR_KAFKA_BROKERS" drift-pinned 6
terraform plan -input=false -lock=false >/dev/null
sleep 4
step "the drift check reports it: a planned change, with the warning naming both values"
check 2 bash "$root/scripts/drift-check.sh"
step "terraform apply refuses the change the proxy cannot make"
check 1 terraform apply -auto-approve -input=false
step "the drift never traps the user: terraform destroy works"
check 0 terraform destroy -auto-approve -input=false
EOF
(cd "$work/drift" && expect_rc 0 "$work/drift.log" \
  run_clean TF_CLI_CONFIG_FILE="$work/terraformrc" bash "$root/scripts/emulator-ci.sh" bash "$work/drift-steps.sh")
# The refresh-only plan names the change; the plan's warning and the apply's error name both counts.
grep -Eq 'partition_count += 1 -> 4' "$work/drift.log" || {
  echo "docs-blocks: the refresh-only plan did not show partition_count 1 -> 4:" >&2
  tail -n 60 "$work/drift.log" >&2
  exit 1
}
grep -Eq 'Warning: Cannot change partition_count' "$work/drift.log" && grep -Eq 'Error: Cannot change partition_count' "$work/drift.log" || {
  echo "docs-blocks: the plan did not warn and the apply did not refuse the configured partition_count that differs from the cluster's:" >&2
  tail -n 60 "$work/drift.log" >&2
  exit 1
}
echo "docs-blocks: passed (emulator-ci.sh, port in use, drift-check.sh: 0, then 2 for added partitions and for a configured partition_count, whose apply is refused while destroy works)"
