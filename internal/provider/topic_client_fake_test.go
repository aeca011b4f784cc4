package provider

// Shared by the resource's and the data sources' unit tests: an in-memory topicClient, provider data
// that hands it out, REST proxy errors and a diagnostic check.

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/kafkarest"
)

// fakeTopicClient is an in-memory topicClient for unit tests.
type fakeTopicClient struct {
	topics       map[string]*kafkarest.TopicMetadata
	err          error // returned by every call when set
	partitionErr error // returned by GetPartition when set
	created      []string
}

// providerDataWith is configured provider data whose REST proxy client is c.
func providerDataWith(c topicClient) *providerData {
	d := newProviderData("test", "", settings{})
	d.built, d.client = true, c
	return d
}

// CreateTopic adds the topic with the requested shape (one broker per replica) and reports it
// visible; an existing name is a *kafkarest.TopicExistsError, like the proxy's.
func (f *fakeTopicClient) CreateTopic(_ context.Context, name string, spec kafkarest.TopicSpec, _ kafkarest.CreateOptions) (*kafkarest.Created, error) {
	if f.err != nil {
		return nil, f.err
	}
	if _, ok := f.topics[name]; ok {
		return nil, &kafkarest.TopicExistsError{Topic: name, API: &kafkarest.APIError{Method: "PUT", Path: "/v1/topics/" + name, StatusCode: 409}}
	}
	parts, rf := int32(1), int32(1)
	if spec.PartitionCount != nil {
		parts = *spec.PartitionCount
	}
	if spec.ReplicationFactor != nil {
		rf = *spec.ReplicationFactor
	}
	md := &kafkarest.TopicMetadata{Topic: name}
	for i := range parts {
		p := kafkarest.Partition{ID: i}
		for b := range rf {
			p.Replicas = append(p.Replicas, kafkarest.Broker{ID: b})
		}
		md.Partitions = append(md.Partitions, p)
	}
	if f.topics == nil {
		f.topics = map[string]*kafkarest.TopicMetadata{}
	}
	f.topics[name] = md
	f.created = append(f.created, name)
	return &kafkarest.Created{Topic: md, Attempts: 1}, nil
}

func (f *fakeTopicClient) ListTopics(context.Context) ([]string, error) {
	if f.err != nil {
		return nil, f.err
	}
	var names []string
	for n := range f.topics {
		names = append(names, n)
	}
	return names, nil
}

func (f *fakeTopicClient) GetTopic(_ context.Context, name string) (*kafkarest.TopicMetadata, error) {
	if f.err != nil {
		return nil, f.err
	}
	md, ok := f.topics[name]
	if !ok {
		return nil, &kafkarest.APIError{Method: "GET", Path: "/v1/metadata/topics/" + name + "/partitions", StatusCode: 404}
	}
	return md, nil
}

// WaitForTopic answers at once: visible, or the GetTopic error (a fake has no cache to wait for).
func (f *fakeTopicClient) WaitForTopic(ctx context.Context, name string, _ kafkarest.WaitOptions) (*kafkarest.TopicMetadata, kafkarest.WaitStats, error) {
	md, err := f.GetTopic(ctx, name)
	return md, kafkarest.WaitStats{Polls: 1}, err
}

func (f *fakeTopicClient) GetPartition(ctx context.Context, topic string, partition int32) (*kafkarest.Partition, error) {
	if f.partitionErr != nil {
		return nil, f.partitionErr
	}
	md, err := f.GetTopic(ctx, topic)
	if err != nil {
		return nil, err
	}
	for _, p := range md.Partitions {
		if p.ID == partition {
			return &p, nil
		}
	}
	return nil, &kafkarest.APIError{Method: "GET", Path: fmt.Sprintf("/v1/metadata/topics/%s/partitions/%d", topic, partition), StatusCode: 404}
}

func (f *fakeTopicClient) ListBrokers(context.Context) ([]kafkarest.Broker, error) {
	if f.err != nil {
		return nil, f.err
	}
	return dsTestBrokers(0, 1, 2), nil
}

func dsAPIError(status int) error {
	return fmt.Errorf("after 1 attempt(s): %w", &kafkarest.APIError{Method: "GET", Path: "/v1/metadata/topics", StatusCode: status, Body: `{"error_code":0,"message":"nope"}`})
}

func dsCheckDiag(t *testing.T, d diag.Diagnostic, wantSummary string, wantDetail []string) {
	t.Helper()
	if d.Severity() != diag.SeverityError {
		t.Errorf("severity = %v, want error", d.Severity())
	}
	if d.Summary() != wantSummary {
		t.Errorf("summary = %q, want %q", d.Summary(), wantSummary)
	}
	for _, w := range wantDetail {
		if !strings.Contains(d.Detail(), w) {
			t.Errorf("detail %q does not contain %q", d.Detail(), w)
		}
	}
}
