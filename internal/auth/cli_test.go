package auth

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

const fakeAz = `#!/bin/sh
echo "$@" >> "$FAKE_AZ_LOG"
case "$FAKE_AZ_MODE" in
  login) echo "ERROR: Please run 'az login' to setup account." >&2; exit 1 ;;
  junk) echo "not json" ;;
  legacy) printf '{"accessToken":"cli-token","expiresOn":"%s","tokenType":"Bearer"}' "$FAKE_AZ_EXPIRES_ON" ;;
  *) printf '{"accessToken":"cli-token","expiresOn":"2000-01-01 00:00:00.000000","expires_on":%s,"tokenType":"Bearer"}' "$FAKE_AZ_EXPIRES" ;;
esac
`

// installFakeAz puts a fake az on PATH and returns the file its invocations are logged to.
func installFakeAz(t *testing.T, mode string, expires time.Time) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "az"), []byte(fakeAz), 0o755); err != nil {
		t.Fatal(err)
	}
	logFile := filepath.Join(dir, "calls.log")
	t.Setenv("PATH", dir+string(os.PathListSeparator)+"/usr/bin"+string(os.PathListSeparator)+"/bin")
	t.Setenv("FAKE_AZ_LOG", logFile)
	t.Setenv("FAKE_AZ_MODE", mode)
	t.Setenv("FAKE_AZ_EXPIRES", strconv.FormatInt(expires.Unix(), 10))
	t.Setenv("FAKE_AZ_EXPIRES_ON", expires.In(time.Local).Format("2006-01-02 15:04:05.000000"))
	return logFile
}

func azCalls(t *testing.T, logFile string) []string {
	t.Helper()
	b, err := os.ReadFile(logFile)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(string(b)), "\n")
}

func TestCLI(t *testing.T) {
	tests := []struct {
		name      string
		mode      string
		expires   time.Duration
		tenant    string
		wantCalls int
		wantArgs  string
		wantErr   []string
	}{
		{"cached until near expiry", "", time.Hour, "t1", 1, "account get-access-token --scope https://hib.azurehdinsight.net/.default --tenant t1 -o json", nil},
		{"near expiry is refreshed", "", 2 * time.Minute, "", 2, "account get-access-token --scope https://hib.azurehdinsight.net/.default -o json", nil},
		{"legacy expiresOn", "legacy", time.Hour, "", 1, "", nil},
		{"not logged in", "login", time.Hour, "t1", 1, "", []string{"(cli) failed", "Please run 'az login'", "run `az login` --tenant t1"}},
		{"junk output", "junk", time.Hour, "", 1, "", []string{"not its JSON token reply"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			logFile := installFakeAz(t, tt.mode, time.Now().Add(tt.expires))
			log := &recordingLogger{}
			src, method, err := New(t.Context(), Config{UseCLI: true, TenantID: tt.tenant, Logger: log})
			if err != nil || method.Method != MethodCLI {
				t.Fatalf("New = %q, %v", method, err)
			}
			for i := 0; i < 2; i++ {
				tok, err := src.Token(context.Background())
				if tt.wantErr != nil {
					mustContain(t, err, tt.wantErr...)
					break
				}
				if err != nil || tok != "cli-token" {
					t.Fatalf("Token = %q, %v", tok, err)
				}
			}
			calls := azCalls(t, logFile)
			if len(calls) != tt.wantCalls {
				t.Errorf("az invocations = %d (%q), want %d", len(calls), calls, tt.wantCalls)
			}
			if tt.wantArgs != "" && (len(calls) == 0 || calls[0] != tt.wantArgs) {
				t.Errorf("az args = %q, want %q", calls, tt.wantArgs)
			}
			log.assertNoSecrets(t, "cli-token")
		})
	}
}

func TestCLIMissing(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	src, _, err := New(t.Context(), Config{UseCLI: true, AttributeRef: testRef})
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Token(context.Background())
	mustContain(t, err, "Azure CLI (az) was not found on PATH", "use_cli (ARM_USE_CLI)")
}

// TestCLIByDefaultFailureSaysNothingElseIsConfigured: when the Azure CLI was used only because it is
// on by default, its failure also says that no other method is configured and lists them.
func TestCLIByDefaultFailureSaysNothingElseIsConfigured(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	src, _, err := New(t.Context(), Config{UseCLI: true, UseCLIByDefault: true, AttributeRef: testRef})
	if err != nil {
		t.Fatal(err)
	}
	_, err = src.Token(context.Background())
	mustContain(t, err, "Azure CLI (az) was not found on PATH", "no other credential method is configured (use_cli (ARM_USE_CLI) is on by default, as in azurerm)",
		"client secret: client_secret (ARM_CLIENT_SECRET)", "managed identity: use_msi (ARM_USE_MSI) = true")
}
