package provider

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
)

// liveTopicPrefix starts the name of every topic the live test creates. The REST proxy has no
// delete operation, so `terraform destroy` only removes the topic from the state and the topic
// stays on the cluster. Clean up with Kafka's own tools on a head node, e.g.
//
//	kafka-topics.sh --bootstrap-server <broker>:9092 --list | grep '^tf-live-' |
//	  xargs -n1 kafka-topics.sh --bootstrap-server <broker>:9092 --delete --topic
const liveTopicPrefix = "tf-live-"

// liveEnv is the Azure and provider environment the test binary was started with. TestMain
// clears these variables so that emulator tests stay hermetic; package variables are initialised
// before TestMain runs, so the live test can put them back. Captured only when HDIKAFKA_LIVE=1.
var liveEnv = captureLiveEnv()

func captureLiveEnv() map[string]string {
	if os.Getenv("HDIKAFKA_LIVE") != "1" {
		return nil
	}
	env := map[string]string{}
	for _, kv := range os.Environ() {
		name, value, _ := strings.Cut(kv, "=")
		for _, p := range hermeticEnvPrefixes {
			if strings.HasPrefix(name, p) {
				env[name] = value
			}
		}
	}
	return env
}

const liveSkipMessage = "live test against a real HDInsight Kafka REST proxy: set HDIKAFKA_LIVE=1, TF_ACC=1, " +
	"HDIKAFKA_ENDPOINT (https://<cluster>-kafkarest.azurehdinsight.net), ARM_TENANT_ID, ARM_CLIENT_ID and a " +
	"credential (ARM_CLIENT_SECRET, ARM_CLIENT_CERTIFICATE_PATH, ARM_USE_OIDC=true with its token source, " +
	"ARM_USE_MSI=true or ARM_USE_CLI=true)"

const liveCredentialHint = "a credential (ARM_CLIENT_SECRET, ARM_CLIENT_CERTIFICATE_PATH, ARM_USE_OIDC, ARM_USE_MSI or ARM_USE_CLI)"

// liveMissing lists what a live run lacks; an empty list means the run can start.
func liveMissing(env map[string]string) []string {
	first := func(names ...string) string {
		for _, n := range names {
			if v := strings.TrimSpace(env[n]); v != "" {
				return v
			}
		}
		return ""
	}
	truthy := func(name string) bool {
		switch strings.ToLower(strings.TrimSpace(env[name])) {
		case "1", "t", "true":
			return true
		}
		return false
	}
	var missing []string
	if first("HDIKAFKA_ENDPOINT") == "" {
		missing = append(missing, "HDIKAFKA_ENDPOINT")
	}
	if first("ARM_TENANT_ID", "AZURE_TENANT_ID") == "" {
		missing = append(missing, "ARM_TENANT_ID")
	}
	identityOnHost := truthy("ARM_USE_MSI") || truthy("ARM_USE_CLI")
	if !identityOnHost && first("ARM_CLIENT_ID", "AZURE_CLIENT_ID") == "" {
		missing = append(missing, "ARM_CLIENT_ID")
	}
	credential := identityOnHost || truthy("ARM_USE_OIDC") ||
		first("ARM_CLIENT_SECRET", "ARM_CLIENT_CERTIFICATE", "ARM_CLIENT_CERTIFICATE_PATH") != ""
	if !credential {
		missing = append(missing, liveCredentialHint)
	}
	return missing
}

func TestLiveMissingVariables(t *testing.T) {
	tests := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"empty", map[string]string{}, "HDIKAFKA_ENDPOINT|ARM_TENANT_ID|ARM_CLIENT_ID|" + liveCredentialHint},
		{"client secret", map[string]string{"HDIKAFKA_ENDPOINT": "https://c-kafkarest.azurehdinsight.net",
			"ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c", "ARM_CLIENT_SECRET": "s"}, ""},
		{"azure names", map[string]string{"HDIKAFKA_ENDPOINT": "e", "AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c",
			"ARM_USE_OIDC": "true"}, ""},
		{"cli needs no client id", map[string]string{"HDIKAFKA_ENDPOINT": "e", "ARM_TENANT_ID": "t", "ARM_USE_CLI": "true"}, ""},
		{"secret without client id", map[string]string{"HDIKAFKA_ENDPOINT": "e", "ARM_TENANT_ID": "t", "ARM_CLIENT_SECRET": "s"}, "ARM_CLIENT_ID"},
		{"use_oidc=false is no credential", map[string]string{"HDIKAFKA_ENDPOINT": "e", "ARM_TENANT_ID": "t", "ARM_CLIENT_ID": "c",
			"ARM_USE_OIDC": "false"}, liveCredentialHint},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := strings.Join(liveMissing(tt.env), "|"); got != tt.want {
				t.Errorf("liveMissing = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLiveTopicLifecycle creates a uniquely named topic on a real cluster with an env-only
// provider block, checks that planning again is empty and that importing the topic reads back the
// same state. The topic stays on the cluster (see liveTopicPrefix).
func TestLiveTopicLifecycle(t *testing.T) {
	if os.Getenv("HDIKAFKA_LIVE") != "1" {
		t.Skip(liveSkipMessage)
	}
	if missing := liveMissing(liveEnv); len(missing) > 0 {
		t.Fatalf("HDIKAFKA_LIVE=1 but %s not set; %s", strings.Join(missing, ", "), liveSkipMessage)
	}
	if os.Getenv("TF_ACC") == "" {
		t.Fatalf("HDIKAFKA_LIVE=1 needs TF_ACC=1 as well (the lifecycle runs the real terraform CLI)")
	}
	for name, value := range liveEnv {
		t.Setenv(name, value)
	}
	topic := liveTopicPrefix + time.Now().UTC().Format("20060102-150405") + "-" + randomHex(t, 3)
	t.Logf("live topic %q (not deleted by the test: the REST proxy cannot delete topics)", topic)
	// replication_factor is left to the cluster's default so the test fits any cluster size.
	config := emptyProviderBlock + topicHCL(topic, 1, 0, nil)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(topicAddr, plancheck.ResourceActionCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(topicAddr, "id", topic),
					resource.TestCheckResourceAttr(topicAddr, "partition_count", "1"),
					resource.TestCheckResourceAttrSet(topicAddr, "replication_factor"),
				),
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
			{
				ResourceName:      topicAddr,
				ImportState:       true,
				ImportStateId:     topic,
				ImportStateVerify: true,
			},
		},
	})
}
