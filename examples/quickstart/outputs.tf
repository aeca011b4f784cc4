output "topics" {
  description = "Topics of this quickstart that the REST proxy lists."
  value       = data.hdikafka_topics.quickstart.names
}

output "shapes" {
  description = "Partition count and replication factor of each topic, as read back from the cluster."
  value = {
    for t in [hdikafka_topic.orders, hdikafka_topic.customers, hdikafka_topic.audit] :
    t.name => "${t.partition_count} partitions x ${t.replication_factor} replicas"
  }
}

output "orders_partition_leaders" {
  description = "Leader broker (host:port) of each partition of the orders topic."
  value = {
    for p in data.hdikafka_topic.orders.partitions :
    p.partition_id => try(local.broker_address[p.leader], "no leader")
  }
}

output "brokers" {
  description = "The cluster's brokers by id."
  value       = local.broker_address
}

locals {
  broker_address = { for b in data.hdikafka_brokers.all.brokers : b.id => "${b.host}:${b.port}" }
}
