# Every topic except Kafka's internal ones (__consumer_offsets, ...), sorted.
data "hdikafka_topics" "all" {}

# Only the topics of one application.
data "hdikafka_topics" "orders" {
  name_regex = "^orders\\."
}

# Internal topics included.
data "hdikafka_topics" "everything" {
  include_internal = true
}

output "order_topics" {
  value = data.hdikafka_topics.orders.names
}
