#!/usr/bin/env bash
# Scheduled drift check of an hdikafka configuration: run it in the configuration's directory with
# the apply pipeline's state backend and credentials. It makes two plans, because each sees what the
# other does not:
#   terraform plan -refresh-only  the cluster against the state: topics deleted, and partitions or
#                                 replicas changed behind Terraform, also where the configuration
#                                 leaves partition_count or replication_factor out;
#   terraform plan                the configuration against the cluster: changes merged but not
#                                 applied, and a configured partition_count or replication_factor
#                                 that the cluster no longer has (a planned change, with a warning
#                                 naming both values; terraform apply refuses it).
# The refresh-only plan is judged by the "resource_drift" of `terraform show -json`, not by its
# -detailed-exitcode, which is unreliable in refresh-only mode: Terraform (1.11 here, and
# hashicorp/terraform#36403) can exit 2 while it prints "No changes", and OpenTofu exits 0 even
# when it shows drift (opentofu/opentofu#3107).
# Exit status: 0 = cluster, state and configuration agree; 2 = drift or unapplied changes (read the
# plans above); 1 = an error. -lock=false: plans write nothing, so the check never holds the state
# lock against an apply.
set -uo pipefail

plan_file=$(mktemp)
trap 'rm -f "$plan_file"' EXIT

terraform init -input=false || exit 1

terraform plan -input=false -lock=false -refresh-only -out="$plan_file" || exit 1
plan_json=$(terraform show -json "$plan_file") || exit 1
drift=0
case "$plan_json" in *'"resource_drift":['*) drift=1 ;; esac

plan_rc=0
terraform plan -input=false -lock=false -detailed-exitcode || plan_rc=$?

echo "drift check: changes outside Terraform: $([ "$drift" = 1 ] && echo yes || echo none); plan exit $plan_rc (0 = no changes, 2 = changes, 1 = error)"
case "$plan_rc" in
  0) [ "$drift" = 0 ] || exit 2 ;;
  2) exit 2 ;;
  *) exit 1 ;;
esac
