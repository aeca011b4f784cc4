data "hdikafka_topic_partition" "orders_0" {
  topic        = "orders"
  partition_id = 0
}

output "orders_0_leader" {
  value = "${data.hdikafka_topic_partition.orders_0.leader_host}:${data.hdikafka_topic_partition.orders_0.leader_port}"
}

# Records currently retained in the partition.
output "orders_0_records" {
  value = data.hdikafka_topic_partition.orders_0.latest_offset - data.hdikafka_topic_partition.orders_0.earliest_offset
}
