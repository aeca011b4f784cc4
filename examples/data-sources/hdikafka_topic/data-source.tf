# A topic created elsewhere: check that it exists and read its shape.
data "hdikafka_topic" "payments" {
  name = "payments.v1"
}

output "payments_partitions" {
  value = data.hdikafka_topic.payments.partition_count
}

# Leader broker id of every partition.
output "payments_leaders" {
  value = { for p in data.hdikafka_topic.payments.partitions : p.partition_id => p.leader }
}

# Fail the plan when a partition has fallen out of sync.
check "payments_in_sync" {
  assert {
    condition     = data.hdikafka_topic.payments.under_replicated_partitions == 0
    error_message = "payments.v1 has ${data.hdikafka_topic.payments.under_replicated_partitions} under-replicated partition(s)."
  }
}

# A topic managed in the same configuration: reference the resource so that
# the data source is read after the topic is created.
resource "hdikafka_topic" "orders" {
  name               = "orders"
  partition_count    = 6
  replication_factor = 3
}

data "hdikafka_topic" "orders" {
  name = hdikafka_topic.orders.name
}
