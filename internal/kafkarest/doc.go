// Package kafkarest is a typed HTTP client for the Azure HDInsight Kafka REST
// proxy v1 (https://<cluster>-kafkarest.azurehdinsight.net).
//
// It covers the eight operations of the wire contract (status, create topic,
// list topics, topic partitions, one partition, brokers, produce, consume),
// authenticates every attempt with a bearer token from a TokenSource, retries
// transient failures (429, 5xx, timeouts, connection resets) with exponential
// backoff and full jitter while honouring Retry-After, and reports failures as
// *APIError values that keep the proxy's response body verbatim.
//
// The package has no dependency on Terraform; it logs through the small Logger
// interface and never logs or returns the bearer token.
package kafkarest
