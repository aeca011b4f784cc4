package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"
)

// syncBuffer is a bytes.Buffer safe for a writer and a poller.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestRunHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), []string{"--help"}, &stdout, &stderr); err != nil {
		t.Fatalf("run --help: %v", err)
	}
	out := stdout.String()
	for _, flag := range []string{"-addr", "-admin-addr", "-brokers", "-bootstrap-servers", "-visibility-delay", "-kafka-version",
		"-tls-cert", "-tls-key", "-ca-file", "-tenant", "-client", "-clients-file", "-allowed-group", "-token-lifetime",
		"-issuer", "-audience", "-fault", "-log-level", "-log-format", "-federated-token-file",
		"-proxy-nodes", "-cache-refresh", "-create-existing-status", "-unknown-topic", "Metadata cache", "HDInsight deploys 2",
		"partition_count = 1", "min(3, number of brokers)", "--fault syntax", "Admin API"} {
		if !strings.Contains(out, flag) {
			t.Errorf("--help output lacks %q", flag)
		}
	}
	if n := strings.Count(out, "Usage:"); n != 1 {
		t.Errorf("--help printed the usage %d times on stdout, want once", n)
	}
	if stderr.Len() != 0 {
		t.Errorf("--help wrote to stderr: %q", stderr.String())
	}
}

func TestRunBadFlags(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--no-such-flag"}, "no-such-flag"},
		{[]string{"--client", "secret=x"}, "id is required"},
		{[]string{"--client", "id=a,colour=red"}, "unknown key"},
		{[]string{"--fault", "kind=explode"}, "explode"},
		{[]string{"--log-level", "loud"}, "--log-level"},
		{[]string{"--kafka-version", "9.9", "--addr", "127.0.0.1:0", "--ca-file", ""}, "9.9"},
		{[]string{"--admin-addr", "0.0.0.0:0", "--addr", "127.0.0.1:0", "--ca-file", ""}, "loopback"},
		{[]string{"extra"}, "unexpected arguments"},
	}
	for _, tc := range tests {
		var stdout, stderr bytes.Buffer
		err := run(context.Background(), tc.args, &stdout, &stderr)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("run %v: error %v, want it to mention %q", tc.args, err, tc.want)
		}
	}
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{"--bogus"}, io.Discard, &stderr); !errors.Is(err, errUsage) {
		t.Errorf("unknown flag error %v is not a usage error", err)
	}
	if strings.Contains(stderr.String(), "Usage:") {
		t.Errorf("a bad flag printed the whole usage text:\n%s", stderr.String())
	}
}

// TestRunStartStop starts the emulator, uses it with the printed settings,
// and stops it by cancelling the context.
func TestRunStartStop(t *testing.T) {
	dir := t.TempDir()
	caFile := filepath.Join(dir, "ca.pem")
	tokenFile := filepath.Join(dir, "federated.jwt")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var stdout, stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{
			"--addr", "127.0.0.1:0", "--admin-addr", "127.0.0.1:0", "--brokers", "1",
			"--ca-file", caFile, "--client", "id=app-1,secret=s3cret,groups=g1;g2", "--allowed-group", "g2",
			"--fault", "route=brokers,kind=status,status=503,count=1", "--federated-token-file", tokenFile,
			"--log-level", "debug", "--proxy-nodes", "2", "--cache-refresh", "5s", "--create-existing-status", "409",
		}, &stdout, &stderr)
	}()
	endpointRE := regexp.MustCompile(`endpoint:\s+(https://127\.0\.0\.1:\d+)`)
	var endpoint string
	deadline := time.Now().Add(20 * time.Second)
	for endpoint == "" {
		if m := endpointRE.FindStringSubmatch(stdout.String()); m != nil && strings.Contains(stdout.String(), "provider \"hdikafka\"") {
			endpoint = m[1]
			break
		}
		select {
		case err := <-done:
			t.Fatalf("run ended early: %v\nstderr: %s", err, stderr.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no startup line; stdout: %s", stdout.String())
		}
		time.Sleep(10 * time.Millisecond)
	}
	out := stdout.String()
	for _, want := range []string{"authority:         " + endpoint + "/00000000-0000-0000-0000-00000000000a", "CA file:           " + caFile,
		`client_id           = "app-1"`, "ca_certificate_file", "fault 1:", "admin:             http://127.0.0.1:",
		"proxy nodes:       2 (answering in turn", "cache refresh:     5s", "create existing:   HTTP 409"} {
		if !strings.Contains(out, want) {
			t.Errorf("startup text lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "secret=s3cret") {
		t.Error("startup text shows the secret outside the provider block")
	}
	for _, want := range []string{"secret=(set, shown in the provider block below)",
		`client_secret       = "s3cret" # development secret given to --client`} {
		if !strings.Contains(out, want) {
			t.Errorf("startup text lacks %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "s3cret"); n != 1 {
		t.Errorf("the secret appears %d times in the startup text, want once (in the provider block)", n)
	}
	if data, err := os.ReadFile(tokenFile); err != nil || strings.Count(string(data), ".") != 2 {
		t.Errorf("federated token file: %v %q", err, data)
	}

	// The CA file lets a client in; the dev client gets a token and calls the API.
	caPEM, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(caPEM) {
		t.Fatal("CA file holds no certificate")
	}
	hc := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}, Timeout: 30 * time.Second}
	resp, err := hc.PostForm(endpoint+"/00000000-0000-0000-0000-00000000000a/oauth2/v2.0/token", map[string][]string{
		"grant_type": {"client_credentials"}, "client_id": {"app-1"}, "client_secret": {"s3cret"},
		"scope": {"https://hib.azurehdinsight.net/.default"},
	})
	if err != nil {
		t.Fatal(err)
	}
	var tok struct {
		AccessToken string `json:"access_token"`
	}
	_ = json.NewDecoder(resp.Body).Decode(&tok)
	resp.Body.Close()
	if resp.StatusCode != 200 || tok.AccessToken == "" {
		t.Fatalf("token endpoint: %d", resp.StatusCode)
	}
	get := func(path string) int {
		req, _ := http.NewRequest(http.MethodGet, endpoint+path, nil)
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		resp, err := hc.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	if s := get("/v1/metadata/brokers"); s != 503 {
		t.Errorf("first brokers call with the --fault: %d, want 503", s)
	}
	if s := get("/v1/metadata/brokers"); s != 200 {
		t.Errorf("second brokers call: %d", s)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run after cancel: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("run did not stop after the context was cancelled")
	}
	if strings.Contains(stderr.String(), "allowed-group") {
		t.Errorf("allowed-group warning although app-1 is in g2:\n%s", stderr.String())
	}
	if !strings.Contains(stderr.String(), "shutting down") {
		t.Errorf("no shutdown log line in stderr:\n%s", stderr.String())
	}
	if resp, err := hc.Get(endpoint + "/v1/status"); err == nil {
		resp.Body.Close()
		t.Error("server still answers after shutdown")
	}
}

// TestClientFlagErrorsHideSecret: a bad --client value is reported by key or
// position, never quoted, because it may hold the client secret.
func TestClientFlagErrorsHideSecret(t *testing.T) {
	const secret = "Zq9xKw7Vp"
	tests := []struct {
		name  string
		value string
		want  string
	}{
		{"no id", "secret=" + secret, "id is required"},
		{"unknown key", "id=a,secret=" + secret + ",colour=red", "unknown key"},
		{"unknown key before the secret", "id=a,colour=red,secret=" + secret, `unknown key "colour" in part 2`},
		{"secret split at a comma", "id=a,secret=" + secret[:3] + "," + secret[3:], "part 3 is not key=value"},
		{"split secret that looks like key=value", "id=a,secret=" + secret[:3] + "," + secret[3:6] + "=" + secret[6:], "part 3 has an unknown key"},
		{"missing certificate file", "id=a,secret=" + secret + ",cert=" + filepath.Join(t.TempDir(), "none.pem"), "cert: reading the certificate"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := parseFlags([]string{"--client", tc.value}, io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "--client #1") {
				t.Fatalf("error %v, want it to name --client #1 and %q", err, tc.want)
			}
			for _, piece := range []string{secret, secret[:3], secret[3:], secret[3:6], secret[6:]} {
				if strings.Contains(err.Error(), piece) {
					t.Errorf("error %q reveals %q of the secret", err, piece)
				}
			}
		})
	}
}
