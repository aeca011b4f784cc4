# Order events: six partitions, three replicas, kept for seven days, and at least two in-sync
# replicas for acknowledged writes. The REST proxy cannot change a topic after creation: changing
# partition_count, replication_factor or topic_properties later is refused at plan time.
resource "hdikafka_topic" "example" {
  name               = "orders"
  partition_count    = 6
  replication_factor = 3

  topic_properties = {
    "cleanup.policy"      = "delete"
    "retention.ms"        = "604800000"
    "min.insync.replicas" = "2"
  }

  timeouts {
    # How long to wait until the REST proxy shows the new topic.
    create = "15m"
  }
}

# A topic with the cluster's default partition count and replication factor.
resource "hdikafka_topic" "defaults" {
  name = "orders.dead-letter"
}
