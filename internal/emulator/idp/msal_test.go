package idp

import (
	"context"
	"strings"
	"testing"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/confidential"
)

// TestMSALConfidentialClient drives MSAL Go's confidential client against the provider over TLS:
// tenant discovery, the token endpoint, and MSAL's token cache.
func TestMSALConfidentialClient(t *testing.T) {
	p, srv := newServed(t, Options{})
	a, _ := testCerts(t)
	certs, key, err := confidential.CertFromPEM(append(append([]byte{}, a.certPEM...), a.keyPEM...), "")
	if err != nil {
		t.Fatalf("CertFromPEM: %v", err)
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
		return p.FederatedAssertion(fedSubject, 0)
	})
	badCred, err := confidential.NewCredFromSecret("wrong-secret")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		client  string
		cred    confidential.Credential
		opts    []confidential.Option
		kind    string
		wantErr string
	}{
		{"client secret", secretClient, secretCred, nil, KindClientSecret, ""},
		{"client certificate", certClient, certCred, nil, KindClientCertificate, ""},
		{"client certificate with x5c", certClient, certCred, []confidential.Option{confidential.WithX5C()}, KindClientCertificate, ""},
		{"federated assertion", fedClient, fedCred, nil, KindFederated, ""},
		{"bad secret", secretClient, badCred, nil, KindClientSecret, "AADSTS7000215"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p.ResetStats()
			opts := append([]confidential.Option{
				confidential.WithHTTPClient(srv.Client()),
				confidential.WithInstanceDiscovery(false),
			}, tc.opts...)
			client, err := confidential.New(p.AuthorityHost()+testTenant, tc.client, tc.cred, opts...)
			if err != nil {
				t.Fatalf("confidential.New: %v", err)
			}
			ctx := context.Background()
			res, err := client.AcquireTokenByCredential(ctx, []string{DefaultScope})
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %s", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("AcquireTokenByCredential: %v", err)
			}
			if status, err := p.Authorize(bearer(res.AccessToken)); status != 0 {
				t.Fatalf("MSAL's token is not authorized: %d %v", status, err)
			}
			// The second call is served from MSAL's cache: one token request in all.
			res2, err := client.AcquireTokenByCredential(ctx, []string{DefaultScope})
			if err != nil {
				t.Fatalf("second AcquireTokenByCredential: %v", err)
			}
			if res2.AccessToken != res.AccessToken {
				t.Error("second call did not come from MSAL's cache")
			}
			if s := p.Stats(); s.Requests != 1 || s.Issued != 1 || s.ByKind[tc.kind] != 1 {
				t.Errorf("Stats = %+v, want one %s request", s, tc.kind)
			}
		})
	}
}

// TestMSALUnknownTenant checks that MSAL surfaces the discovery error for a tenant not served.
func TestMSALUnknownTenant(t *testing.T) {
	p, srv := newServed(t, Options{})
	cred, err := confidential.NewCredFromSecret(testSecret)
	if err != nil {
		t.Fatal(err)
	}
	client, err := confidential.New(p.AuthorityHost()+"44444444-0000-0000-0000-000000000000", secretClient, cred,
		confidential.WithHTTPClient(srv.Client()), confidential.WithInstanceDiscovery(false))
	if err != nil {
		t.Fatal(err)
	}
	_, err = client.AcquireTokenByCredential(context.Background(), []string{DefaultScope})
	if err == nil || !strings.Contains(err.Error(), "AADSTS90002") {
		t.Fatalf("err = %v, want AADSTS90002", err)
	}
}
