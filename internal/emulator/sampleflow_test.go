package emulator

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/confidential"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator/idp"
)

// TestMicrosoftSampleFlowWithMSAL runs Microsoft's sample flow as a stock
// client would: MSAL tokens (secret, certificate and federated credentials),
// create topic, poll the topic list, produce, consume with NextOffset, list
// partitions and get one partition.
func TestMicrosoftSampleFlowWithMSAL(t *testing.T) {
	certPEM, keyPEM, _, err := idp.GenerateTestCertificate("sample-cert-client", "")
	if err != nil {
		t.Fatal(err)
	}
	const certClient, fedClient = "cccccccc-0000-0000-0000-000000000003", "ffffffff-0000-0000-0000-000000000004"
	e := newTestEnv(t, func(o *Options) {
		o.VisibilityDelay = 200 * time.Millisecond
		o.Clients = append(o.Clients,
			idp.Client{ID: certClient, CertificatePEM: certPEM, Groups: []string{testGroup}},
			idp.Client{ID: fedClient, Groups: []string{testGroup}})
	})
	certs, key, err := confidential.CertFromPEM(append(append([]byte{}, certPEM...), keyPEM...), "")
	if err != nil {
		t.Fatal(err)
	}
	secretCred, err := confidential.NewCredFromSecret(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	certCred, err := confidential.NewCredFromCert(certs, key)
	if err != nil {
		t.Fatal(err)
	}
	fedCred := confidential.NewCredFromAssertionCallback(func(context.Context, confidential.AssertionRequestOptions) (string, error) {
		return e.srv.IdP().FederatedAssertion("repo:example/infra:ref:refs/heads/main", 10*time.Minute)
	})
	grants := []struct {
		name     string
		clientID string
		cred     confidential.Credential
	}{
		{"client secret", testClientID, secretCred},
		{"client certificate", certClient, certCred},
		{"federated assertion", fedClient, fedCred},
	}
	for i, g := range grants {
		t.Run(g.name, func(t *testing.T) {
			e.srv.ResetCounters()
			client, err := confidential.New(e.srv.AuthorityHost()+e.srv.Tenant(), g.clientID, g.cred,
				confidential.WithHTTPClient(e.srv.HTTPClient()), confidential.WithInstanceDiscovery(false))
			if err != nil {
				t.Fatalf("confidential.New: %v", err)
			}
			ctx := context.Background()
			res, err := client.AcquireTokenByCredential(ctx, []string{idp.DefaultScope})
			if err != nil {
				t.Fatalf("AcquireTokenByCredential: %v", err)
			}
			if _, err := client.AcquireTokenByCredential(ctx, []string{idp.DefaultScope}); err != nil {
				t.Fatalf("second AcquireTokenByCredential: %v", err)
			}
			if n := e.srv.Counters()[RouteToken]; n != 1 {
				t.Errorf("token endpoint called %d times for two acquisitions, want 1 (MSAL cache)", n)
			}
			tok := res.AccessToken
			topic := fmt.Sprintf("hello_topic_%d", i)

			e.mustStatus(e.doToken(tok, http.MethodPut, "/v1/topics/"+topic,
				`{"partition_count":1,"replication_factor":1,"topic_properties":{"retention.ms":604800000,"min.insync.replicas":"1"}}`), 200, "create")
			waitFor(t, topic+" in the topic list", func() bool {
				r := e.doToken(tok, http.MethodGet, "/v1/metadata/topics", nil)
				var l wireTopicList
				return json.Unmarshal(r.body, &l) == nil && slices.Contains(l.Topics, topic)
			})
			var records []map[string]any
			for _, v := range sampleValues {
				records = append(records, map[string]any{"key": "key1", "value": v.value})
			}
			e.mustStatus(e.doToken(tok, http.MethodPost, "/v1/producer/topics/"+topic, map[string]any{"records": records}), 200, "produce")

			offset, got := int64(0), 0
			for range 50 {
				r := e.doToken(tok, http.MethodGet, fmt.Sprintf("/v1/consumer/topics/%s/partitions/0/offsets/%d?count=2", topic, offset), nil)
				e.mustStatus(r, 200, "consume")
				var msgs map[string][]map[string]any
				if err := json.Unmarshal(r.body, &msgs); err != nil {
					t.Fatal(err)
				}
				next, err := strconv.ParseInt(r.header.Get("NextOffset"), 10, 64)
				if err != nil {
					t.Fatal(err)
				}
				if next == offset || len(msgs["records"]) == 0 {
					break
				}
				got += len(msgs["records"])
				offset = next
			}
			if got != len(records) {
				t.Errorf("consumed %d records, want %d", got, len(records))
			}
			r := e.doToken(tok, http.MethodGet, "/v1/metadata/topics/"+topic+"/partitions", nil)
			e.mustStatus(r, 200, "partitions")
			if !bytes.Contains(r.body, []byte(`"latest_offset":`+strconv.Itoa(len(records)))) {
				t.Errorf("partitions body %s lacks latest_offset %d", r.body, len(records))
			}
			e.mustStatus(e.doToken(tok, http.MethodGet, "/v1/metadata/topics/"+topic+"/partitions/0", nil), 200, "partition")
		})
	}
}
