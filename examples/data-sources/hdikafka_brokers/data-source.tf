data "hdikafka_brokers" "all" {}

output "bootstrap_servers" {
  value = join(",", [for b in data.hdikafka_brokers.all.brokers : "${b.host}:${b.port}"])
}

# Broker id → host, to resolve the broker ids of hdikafka_topic partitions.
output "broker_hosts" {
  value = { for b in data.hdikafka_brokers.all.brokers : b.id => b.host }
}
