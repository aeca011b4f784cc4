# Provider-defined functions need Terraform 1.8 or later (OpenTofu 1.7 or later).
terraform {
  required_version = ">= 1.8.0"
  required_providers {
    hdikafka = {
      source = "hdikafka/hdikafka"
    }
  }
}

# Durations written the way people think, converted to the milliseconds Kafka takes.
resource "hdikafka_topic" "events" {
  name               = "events"
  partition_count    = 6
  replication_factor = 3

  topic_properties = {
    "retention.ms"          = provider::hdikafka::duration_ms("7d")    # "604800000"
    "segment.ms"            = provider::hdikafka::duration_ms("1d")    # "86400000"
    "delete.retention.ms"   = provider::hdikafka::duration_ms("1h30m") # "5400000"
    "min.compaction.lag.ms" = provider::hdikafka::duration_ms("0ms")   # "0"
  }
}

# Kafka's "no limit": "-1" and "infinite" both give "-1".
output "keep_forever" {
  value = provider::hdikafka::duration_ms("infinite") # "-1"
}

# Fractions are fine when the result is whole milliseconds.
output "ninety_minutes" {
  value = provider::hdikafka::duration_ms("1.5h") # "5400000"
}
