package idp

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestLoadClients(t *testing.T) {
	a, _ := testCerts(t)
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	write("client.pem", a.certPEM)
	write("key-only.pem", a.keyPEM)
	tests := []struct {
		name    string
		json    string
		wantErr string
		check   func(t *testing.T, cs []Client)
	}{
		{"secret, certificate and federated", `[
			{"id": "app-1", "secret": "s1", "groups": ["g1", "g2"]},
			{"id": "app-2", "certificate_file": "client.pem", "groups": ["g1"], "object_id": "oid-2"},
			{"id": "app-3", "federated_subjects": ["repo:x/y:ref:refs/heads/main"]}
		]`, "", func(t *testing.T, cs []Client) {
			if len(cs) != 3 || cs[0].ID != "app-1" || cs[0].Secret != "s1" || len(cs[0].Groups) != 2 {
				t.Fatalf("clients = %+v", cs)
			}
			if string(cs[1].CertificatePEM) != string(a.certPEM) || cs[1].ObjectID != "oid-2" {
				t.Fatalf("certificate client = %+v", cs[1])
			}
			if len(cs[2].FederatedSubjects) != 1 {
				t.Fatalf("federated client = %+v", cs[2])
			}
			if _, err := New(Options{Clients: cs}); err != nil {
				t.Fatalf("New with loaded clients: %v", err)
			}
		}},
		{"absolute certificate path", `[{"id": "app", "certificate_file": "` + filepath.Join(dir, "client.pem") + `"}]`, "", nil},
		{"empty array", `[]`, "", func(t *testing.T, cs []Client) {
			if len(cs) != 0 {
				t.Fatalf("clients = %+v", cs)
			}
		}},
		{"not JSON", `{`, "must be a JSON array", nil},
		{"object instead of array", `{"id": "x"}`, "must be a JSON array", nil},
		{"unknown field", `[{"id": "x", "client_secret": "s"}]`, `unknown field "client_secret"`, nil},
		{"missing id", `[{"secret": "s"}]`, `entry 0: "id" is required`, nil},
		{"duplicate id", `[{"id": "x", "secret": "a"}, {"id": "x", "secret": "b"}]`, `entry 1 (id "x"): duplicate id`, nil},
		{"empty group", `[{"id": "x", "groups": [""]}]`, "groups[0] is empty", nil},
		{"missing certificate file", `[{"id": "x", "certificate_file": "nope.pem"}]`, "certificate_file", nil},
		{"certificate file without certificate", `[{"id": "x", "certificate_file": "key-only.pem"}]`, "no PEM CERTIFICATE block", nil},
		{"trailing data", `[] []`, "unexpected data", nil},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			path := write("clients"+string(rune('a'+i))+".json", []byte(tc.json))
			cs, err := LoadClients(path)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !strings.Contains(err.Error(), path) {
					t.Fatalf("err = %v, want one naming %s and containing %q", err, path, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("LoadClients: %v", err)
			}
			if tc.check != nil {
				tc.check(t, cs)
			}
		})
	}
	if _, err := LoadClients(filepath.Join(dir, "absent.json")); err == nil || !strings.Contains(err.Error(), "absent.json") {
		t.Fatalf("missing file: err = %v", err)
	}
}
