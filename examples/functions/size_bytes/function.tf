# Provider-defined functions need Terraform 1.8 or later (OpenTofu 1.7 or later).
terraform {
  required_version = ">= 1.8.0"
  required_providers {
    hdikafka = {
      source = "hdikafka/hdikafka"
    }
  }
}

# Sizes written with binary (KiB, MiB, GiB, TiB) or decimal (KB, MB, GB, TB) units, converted to
# the bytes Kafka takes.
resource "hdikafka_topic" "logs" {
  name               = "logs"
  partition_count    = 6
  replication_factor = 3

  topic_properties = {
    "retention.bytes"   = provider::hdikafka::size_bytes("50GiB")  # "53687091200" (a LONG)
    "segment.bytes"     = provider::hdikafka::size_bytes("512MiB") # "536870912" (an INT: at most 2147483647)
    "max.message.bytes" = provider::hdikafka::size_bytes("1.5MiB") # "1572864" (an INT as well)
  }
}

# Kafka's "no limit" for retention.bytes: "-1" and "infinite" both give "-1".
output "no_size_limit" {
  value = provider::hdikafka::size_bytes("infinite") # "-1"
}

# Decimal units are powers of 1000.
output "half_a_gigabyte" {
  value = provider::hdikafka::size_bytes("500MB") # "500000000"
}
