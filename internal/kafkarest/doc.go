// Package kafkarest is a typed HTTP client for the Azure HDInsight Kafka REST
// proxy v1 (https://<cluster>-kafkarest.azurehdinsight.net).
//
// It covers the operations of the wire contract the provider uses (create
// topic, list topics, topic partitions, one partition, brokers, and a status
// call) and the wait for a new topic's visibility. It authenticates every
// attempt with a bearer token from a TokenSource, retries transient failures
// (429, 5xx, timeouts, connection resets) on the retry engine of
// internal/retry, honouring Retry-After, and reports failures as *APIError
// values that keep the proxy's response body verbatim.
//
// The package has no dependency on Terraform; it logs through the small Logger
// interface and never logs or returns the bearer token.
package kafkarest
