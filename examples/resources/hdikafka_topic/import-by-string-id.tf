# Adopt the existing topic "orders" with Terraform 1.5+ (terraform plan shows the import).
import {
  to = hdikafka_topic.example
  id = "orders"
}
