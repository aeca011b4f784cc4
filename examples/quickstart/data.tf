# What the cluster reports. These reads run after the topics exist (they depend on the resources).

data "hdikafka_brokers" "all" {}

data "hdikafka_topics" "quickstart" {
  name_regex = "^(orders|customers|audit\\.log)$"

  depends_on = [
    hdikafka_topic.orders,
    hdikafka_topic.customers,
    hdikafka_topic.audit,
  ]
}

data "hdikafka_topic" "orders" {
  name = hdikafka_topic.orders.name
}
