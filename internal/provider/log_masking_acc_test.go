package provider

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// jwtInLog finds a complete JSON Web Token; masked tokens ("eyJ0***(1234 chars)") do not match.
var jwtInLog = regexp.MustCompile(`eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,}`)

// TestAccTopic_traceLogHasNoSecrets runs create, refresh, import and destroy with TF_LOG=TRACE and
// checks that the captured log (terraform core and the provider) holds neither a token nor the
// client secret. The credentials come from the environment, as in a pipeline: terraform-plugin-testing
// itself logs the test configuration, so a secret written into the HCL would show up regardless.
func TestAccTopic_traceLogHasNoSecrets(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	setConnectionEnv(t, env)
	t.Setenv("ARM_CLIENT_ID", env.ClientID)
	t.Setenv("ARM_CLIENT_SECRET", env.ClientSecret)
	logFile := filepath.Join(t.TempDir(), "trace.log")
	t.Setenv("TF_LOG", "TRACE")
	t.Setenv("TF_ACC_LOG_PATH", logFile)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			{Config: emptyProviderBlock + topicHCL("traced", 2, 1, map[string]string{"retention.ms": "60000"})},
			{ResourceName: topicAddr, ImportState: true, ImportStateId: "traced", ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"topic_properties"}},
		},
	})
	raw, err := os.ReadFile(logFile)
	if err != nil {
		t.Fatalf("reading the captured log: %v", err)
	}
	log := string(raw)
	// The log must really contain the provider's request logs, or the check below proves nothing.
	for _, want := range []string{"hdikafka_topic: created", "/v1/topics/traced"} {
		if !strings.Contains(log, want) {
			t.Fatalf("captured log (%d bytes) lacks %q: the provider's logs were not captured", len(log), want)
		}
	}
	if i := strings.Index(log, env.ClientSecret); i >= 0 {
		t.Errorf("the client secret appears in the TRACE log: ...%s...", log[max(0, i-300):i])
	}
	if m := jwtInLog.FindString(log); m != "" {
		t.Errorf("an access token or assertion appears in the TRACE log: %s...", m[:24])
	}
}
