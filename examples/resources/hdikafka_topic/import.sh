# A topic is imported by its name. The REST proxy cannot read topic configurations: the first plan
# after the import records the configured topic_properties without verifying them.
terraform import hdikafka_topic.example orders
