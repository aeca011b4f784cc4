package provider

import (
	"encoding/pem"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
)

// TestNewHTTPClientRoots: ca_certificate and ca_certificate_file together trust the roots of both
// (two TLS servers with different CAs); a bad source is reported with its own attribute.
func TestNewHTTPClientRoots(t *testing.T) {
	srvA := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { w.WriteHeader(http.StatusNoContent) }))
	t.Cleanup(srvA.Close)
	pemA := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srvA.Certificate().Raw}))
	env := newTestEnv(t)
	fileB := filepath.Join(t.TempDir(), "emulator-ca.pem")
	if err := os.WriteFile(fileB, env.Emu.CACertPEM(), 0o600); err != nil {
		t.Fatal(err)
	}
	badFile := filepath.Join(t.TempDir(), "not-a-ca.pem")
	if err := os.WriteFile(badFile, []byte("nothing here"), 0o600); err != nil {
		t.Fatal(err)
	}
	urlA, urlB := srvA.URL, env.Emu.URL()+"/v1/status"

	cases := []struct {
		name           string
		pemText, file  string
		wantA, wantB   bool
		wantErrAttr    string
		wantErrMention string
	}{
		{name: "ca_certificate only", pemText: pemA, wantA: true},
		{name: "ca_certificate_file only", file: fileB, wantB: true},
		{name: "both: roots of both are trusted", pemText: pemA, file: fileB, wantA: true, wantB: true},
		{name: "bad ca_certificate", pemText: "not pem", file: fileB, wantErrAttr: "ca_certificate", wantErrMention: "no PEM-encoded certificate"},
		{name: "bad ca_certificate_file", pemText: pemA, file: badFile, wantErrAttr: "ca_certificate_file", wantErrMention: badFile},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := newHTTPClient(tc.pemText, tc.file)
			if tc.wantErrAttr != "" {
				if err == nil {
					t.Fatal("want an error")
				}
				d := diagCACertificate(err)
				if !strings.Contains(d.Detail(), tc.wantErrMention) {
					t.Errorf("diagnostic %q lacks %q", d.Detail(), tc.wantErrMention)
				}
				wp, ok := d.(diag.DiagnosticWithPath)
				if !ok || !wp.Path().Equal(path.Root(tc.wantErrAttr)) {
					t.Errorf("diagnostic path %v, want %s", d, tc.wantErrAttr)
				}
				return
			}
			if err != nil {
				t.Fatalf("newHTTPClient: %v", err)
			}
			for _, probe := range []struct {
				url  string
				want bool
			}{{urlA, tc.wantA}, {urlB, tc.wantB}} {
				resp, err := c.Get(probe.url)
				if err == nil {
					resp.Body.Close()
				}
				if (err == nil) != probe.want {
					t.Errorf("GET %s: err = %v, want trusted = %v", probe.url, err, probe.want)
				}
			}
		})
	}
}

func TestNewHTTPClient(t *testing.T) {
	if _, err := newHTTPClient("not a certificate", ""); err == nil {
		t.Error("invalid PEM accepted")
	}
	if _, err := newHTTPClient("", "/nonexistent/ca.pem"); err == nil || !strings.Contains(err.Error(), "/nonexistent/ca.pem") {
		t.Errorf("missing file: err = %v, want one naming the path", err)
	}
	c, err := newHTTPClient("", "")
	if err != nil || c == nil {
		t.Fatalf("default client: %v", err)
	}
}
