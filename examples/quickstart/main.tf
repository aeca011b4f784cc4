# Quickstart: three topics, then the cluster's view of them through the data sources.
#
# Connection settings come from the environment (see README.md): HDIKAFKA_ENDPOINT, ARM_TENANT_ID,
# ARM_CLIENT_ID, ARM_CLIENT_SECRET, and for the local emulator HDIKAFKA_AUTHORITY_HOST and
# HDIKAFKA_CA_CERTIFICATE_FILE. `make demo` sets all of them.

terraform {
  required_version = ">= 1.5"

  required_providers {
    hdikafka = {
      source = "hdikafka/hdikafka"
    }
  }
}

provider "hdikafka" {}

# Order events: kept for seven days, at least two in-sync replicas for acknowledged writes.
resource "hdikafka_topic" "orders" {
  name               = "orders"
  partition_count    = 6
  replication_factor = 3

  topic_properties = {
    "cleanup.policy"      = "delete"
    "retention.ms"        = "604800000"
    "min.insync.replicas" = "2"
  }
}

# Latest state per customer id: a compacted topic.
resource "hdikafka_topic" "customers" {
  name               = "customers"
  partition_count    = 3
  replication_factor = 3

  topic_properties = {
    "cleanup.policy"        = "compact"
    "min.compaction.lag.ms" = "60000"
    "compression.type"      = "zstd"
  }
}

# Audit trail: one partition keeps a total order; size-bounded retention.
resource "hdikafka_topic" "audit" {
  name               = "audit.log"
  partition_count    = 1
  replication_factor = 2

  topic_properties = {
    "retention.bytes" = "1073741824"
    "segment.bytes"   = "104857600"
  }
}
