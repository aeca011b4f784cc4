package provider

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/AzureAD/microsoft-authentication-library-for-go/apps/managedidentity"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator/idp"
)

// The tests in this file complete issue 4: every credential method configured from environment
// variables alone (`provider "hdikafka" {}`), with a create → empty plan lifecycle against the
// emulator and a check that the method under test really produced the tokens. Like the tests in
// auth_acc_test.go they use t.Setenv and therefore never run in parallel.

// defaultScope is the scope the provider asks az for when scope is not configured; defaultResource
// is the same without /.default, as MSAL's managed identity client sends it.
const (
	defaultScope    = "https://hib.azurehdinsight.net/.default"
	defaultResource = "https://hib.azurehdinsight.net"
)

// testLifecycleFromEnv creates a topic with an env-only provider block, runs check after the
// apply, and plans the same configuration again, which must be empty.
func testLifecycleFromEnv(t *testing.T, topic string, check resource.TestCheckFunc) {
	t.Helper()
	config := emptyProviderBlock + topicHCL(topic, 2, 1, nil)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testFactories(),
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(topicAddr, plancheck.ResourceActionCreate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(topicAddr, "partition_count", "2"),
					check,
				),
			},
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// checkTokenEndpoint asserts how the emulator's token endpoint was used: at least minFederated
// federated-assertion grants, and no grant of any other kind (exactly zero requests when
// minFederated is 0, i.e. for methods that must not reach the token endpoint at all).
func checkTokenEndpoint(env *testEnv, minFederated int64) resource.TestCheckFunc {
	return func(*terraform.State) error {
		stats := env.Emu.IdP().Stats()
		if got := stats.ByKind[idp.KindFederated]; got < minFederated {
			return fmt.Errorf("token endpoint: %d federated-assertion grants, want at least %d (all: %v)", got, minFederated, stats.ByKind)
		}
		if other := stats.Requests - stats.ByKind[idp.KindFederated]; other != 0 {
			return fmt.Errorf("token endpoint: %d requests that are not federated-assertion grants (all: %v)", other, stats.ByKind)
		}
		if stats.Failed != 0 {
			return fmt.Errorf("token endpoint: %d failed requests (all: %v)", stats.Failed, stats.ByKind)
		}
		if n := env.Emu.Counters()["create_topic"]; n < 1 {
			return fmt.Errorf("REST proxy: create_topic requests = %d, want at least 1", n)
		}
		return nil
	}
}

// problems collects what a fake endpoint found wrong in the requests it served; the handlers run
// on server goroutines, so the test reads them after the lifecycle.
type problems struct {
	mu   sync.Mutex
	list []string
}

func (p *problems) add(format string, args ...any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.list = append(p.list, fmt.Sprintf(format, args...))
}

func (p *problems) err() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.list) == 0 {
		return nil
	}
	return fmt.Errorf("fake endpoint saw bad requests: %s", strings.Join(p.list, "; "))
}

func registerFederatedApp(t *testing.T, env *testEnv, subject string) string {
	t.Helper()
	id := "federated-app-" + randomHex(t, 4)
	env.Emu.IdP().RegisterClient(idp.Client{ID: id, Groups: []string{env.Group}, FederatedSubjects: []string{subject}})
	return id
}

func TestAccAuthFromEnv_oidcToken(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	const subject = "repo:hdikafka/infra:environment:production"
	clientID := registerFederatedApp(t, env, subject)
	assertion, err := env.Emu.IdP().FederatedAssertion(subject, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	setConnectionEnv(t, env)
	t.Setenv("ARM_CLIENT_ID", clientID)
	t.Setenv("ARM_USE_OIDC", "true")
	t.Setenv("ARM_OIDC_TOKEN", assertion)
	testLifecycleFromEnv(t, "env-oidc-token", checkTokenEndpoint(env, 1))
}

// githubOIDC is a loopback stand-in for GitHub Actions' ID token endpoint
// (ACTIONS_ID_TOKEN_REQUEST_URL): GET with the job's request token as bearer and the audience as
// a query parameter, answering {"count": 1, "value": <assertion>}.
type githubOIDC struct {
	srv      *httptest.Server
	hits     atomic.Int64
	problems problems
}

const githubIDTokenPath = "/00000000-0000-0000-0000-000000000001/_apis/distributedtask/hubs/Actions/plans/p/jobs/j/idtoken"

func newGitHubOIDC(t *testing.T, env *testEnv, requestToken, subject string) *githubOIDC {
	t.Helper()
	g := &githubOIDC{}
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		g.hits.Add(1)
		q := r.URL.Query()
		switch {
		case r.Method != http.MethodGet:
			g.problems.add("method %s, want GET", r.Method)
		case r.URL.Path != githubIDTokenPath:
			g.problems.add("path %q, want %q", r.URL.Path, githubIDTokenPath)
		case r.Header.Get("Authorization") != "Bearer "+requestToken:
			g.problems.add("Authorization header does not carry the request token as bearer")
		case q.Get("audience") != idp.FederatedAudience:
			g.problems.add("audience query parameter %q, want %q", q.Get("audience"), idp.FederatedAudience)
		case q.Get("api-version") != "2.0":
			g.problems.add("the request URL's own query was lost: api-version=%q, want 2.0", q.Get("api-version"))
		default:
			assertion, err := env.Emu.IdP().FederatedAssertion(subject, 10*time.Minute)
			if err != nil {
				g.problems.add("minting the assertion: %v", err)
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]any{"count": 1, "value": assertion})
			return
		}
		http.Error(w, `{"message":"request rejected by the test's GitHub OIDC endpoint"}`, http.StatusUnauthorized)
	}))
	t.Cleanup(g.srv.Close)
	return g
}

func TestAccAuthFromEnv_oidcGitHubActions(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	const subject = "repo:hdikafka/infra:ref:refs/heads/main"
	clientID := registerFederatedApp(t, env, subject)
	requestToken := "gh-request-token-" + randomHex(t, 12)
	gh := newGitHubOIDC(t, env, requestToken, subject)
	setConnectionEnv(t, env)
	t.Setenv("ARM_CLIENT_ID", clientID)
	t.Setenv("ARM_USE_OIDC", "true")
	t.Setenv("ACTIONS_ID_TOKEN_REQUEST_URL", gh.srv.URL+githubIDTokenPath+"?api-version=2.0")
	t.Setenv("ACTIONS_ID_TOKEN_REQUEST_TOKEN", requestToken)
	testLifecycleFromEnv(t, "env-oidc-github", resource.ComposeAggregateTestCheckFunc(
		checkTokenEndpoint(env, 1),
		func(*terraform.State) error {
			if err := gh.problems.err(); err != nil {
				return err
			}
			if n := gh.hits.Load(); n < 1 {
				return fmt.Errorf("GitHub OIDC request URL hits = %d, want at least 1", n)
			}
			return nil
		},
	))
}

// appServiceMSI is a loopback stand-in for App Service's managed identity endpoint
// (IDENTITY_ENDPOINT + IDENTITY_HEADER), which MSAL's managedidentity client calls with
// GET ?api-version=2019-08-01&resource=...&client_id=... and the X-IDENTITY-HEADER secret. It
// answers with an access token from the emulator's identity provider for clientID.
type appServiceMSI struct {
	srv      *httptest.Server
	hits     atomic.Int64
	problems problems
}

const appServiceAPIVersion = "2019-08-01"

func newAppServiceMSI(t *testing.T, env *testEnv, header, clientID string) *appServiceMSI {
	t.Helper()
	m := &appServiceMSI{}
	m.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.hits.Add(1)
		q := r.URL.Query()
		switch {
		case r.Method != http.MethodGet:
			m.problems.add("method %s, want GET", r.Method)
		case r.URL.Path != "/msi/token":
			m.problems.add("path %q, want /msi/token", r.URL.Path)
		case r.Header.Get("X-IDENTITY-HEADER") != header:
			m.problems.add("X-IDENTITY-HEADER missing or wrong")
		case q.Get("api-version") != appServiceAPIVersion:
			m.problems.add("api-version %q, want %s", q.Get("api-version"), appServiceAPIVersion)
		case q.Get("resource") != defaultResource:
			m.problems.add("resource %q, want %s", q.Get("resource"), defaultResource)
		case q.Get("client_id") != clientID:
			m.problems.add("client_id %q, want the user-assigned identity %q", q.Get("client_id"), clientID)
		default:
			token, err := env.Emu.IdP().IssueAccessToken(clientID, "", time.Hour)
			if err != nil {
				m.problems.add("issuing the access token: %v", err)
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			_ = json.NewEncoder(w).Encode(map[string]any{
				"access_token": token,
				"expires_on":   strconv.FormatInt(time.Now().Add(time.Hour).Unix(), 10),
				"resource":     defaultResource,
				"token_type":   "Bearer",
				"client_id":    clientID,
			})
			return
		}
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"statusCode":400,"message":"request rejected by the test's managed identity endpoint"}`))
	}))
	t.Cleanup(m.srv.Close)
	return m
}

func TestAccAuthFromEnv_managedIdentity(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	// A user-assigned identity with a fresh client id per run: MSAL's managed identity token cache
	// is process-wide, so a fixed identity could be served from an earlier test's cache (-count=N).
	identity := "uami-" + randomHex(t, 8)
	env.Emu.IdP().RegisterClient(idp.Client{ID: identity, Groups: []string{env.Group}})
	header := "identity-header-" + randomHex(t, 8)
	msi := newAppServiceMSI(t, env, header, identity)
	setConnectionEnv(t, env)
	for _, k := range []string{"IDENTITY_SERVER_THUMBPRINT", "MSI_ENDPOINT", "MSI_SECRET", "IMDS_ENDPOINT"} {
		t.Setenv(k, "")
	}
	t.Setenv("IDENTITY_ENDPOINT", msi.srv.URL+"/msi/token")
	t.Setenv("IDENTITY_HEADER", header)
	// MSAL falls back to IMDS (169.254.169.254) when it does not recognise the environment: refuse
	// to start unless it will use the loopback App Service endpoint.
	if src, err := managedidentity.GetSource(); err != nil || src != managedidentity.AppService {
		t.Fatalf("managed identity source = %q, %v; want %q (never IMDS in tests)", src, err, managedidentity.AppService)
	}
	t.Setenv("ARM_USE_MSI", "true")
	t.Setenv("ARM_CLIENT_ID", identity)
	testLifecycleFromEnv(t, "env-msi", resource.ComposeAggregateTestCheckFunc(
		checkTokenEndpoint(env, 0),
		func(*terraform.State) error {
			if err := msi.problems.err(); err != nil {
				return err
			}
			if n := msi.hits.Load(); n < 1 {
				return fmt.Errorf("managed identity endpoint hits = %d, want at least 1", n)
			}
			return nil
		},
	))
}

// fakeAzScript stands in for the Azure CLI: it appends its arguments to a log file and prints
// what `az account get-access-token -o json` prints. %[1]s = log file, %[2]s = JSON reply.
const fakeAzScript = `#!/bin/sh
printf '%%s\n' "$*" >> '%[1]s'
cat <<'EOF'
%[2]s
EOF
`

// installFakeAzWithToken puts an az script that replies with token on PATH and returns the file
// its invocations are logged to.
func installFakeAzWithToken(t *testing.T, token, tenant string) string {
	t.Helper()
	dir := t.TempDir()
	logFile := filepath.Join(dir, "az-calls.log")
	expires := time.Now().Add(time.Hour)
	reply, err := json.MarshalIndent(map[string]any{
		"accessToken":  token,
		"expiresOn":    expires.Format("2006-01-02 15:04:05.000000"),
		"expires_on":   expires.Unix(),
		"subscription": "00000000-0000-0000-0000-0000000000aa",
		"tenant":       tenant,
		"tokenType":    "Bearer",
	}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	script := fmt.Sprintf(fakeAzScript, logFile, reply)
	if err := os.WriteFile(filepath.Join(dir, "az"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	return logFile
}

// flagValue returns the value after flag in a logged az command line, or "".
func flagValue(args []string, flag string) string {
	for i := 0; i+1 < len(args); i++ {
		if args[i] == flag {
			return args[i+1]
		}
	}
	return ""
}

func TestAccAuthFromEnv_azureCLI(t *testing.T) {
	skipUnlessAcc(t)
	env := newTestEnv(t)
	// az hands out the signed-in principal's token; here a principal in the allowed group.
	principal := "az-cli-principal-" + randomHex(t, 4)
	env.Emu.IdP().RegisterClient(idp.Client{ID: principal, Groups: []string{env.Group}})
	token, err := env.Emu.IdP().IssueAccessToken(principal, "", 2*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	setConnectionEnv(t, env)
	logFile := installFakeAzWithToken(t, token, env.Emu.Tenant())
	t.Setenv("ARM_USE_CLI", "true")
	testLifecycleFromEnv(t, "env-cli", resource.ComposeAggregateTestCheckFunc(
		checkTokenEndpoint(env, 0),
		func(*terraform.State) error {
			b, err := os.ReadFile(logFile)
			if err != nil {
				return fmt.Errorf("az was never invoked: %w", err)
			}
			calls := strings.Split(strings.TrimSpace(string(b)), "\n")
			for _, call := range calls {
				args := strings.Fields(call)
				if len(args) < 2 || args[0] != "account" || args[1] != "get-access-token" {
					return fmt.Errorf("az invoked as %q, want `az account get-access-token ...`", call)
				}
				if got := flagValue(args, "--scope"); got != defaultScope {
					return fmt.Errorf("az invoked with --scope %q, want %q (%q)", got, defaultScope, call)
				}
				if got := flagValue(args, "--tenant"); got != env.Emu.Tenant() {
					return fmt.Errorf("az invoked with --tenant %q, want %q (%q)", got, env.Emu.Tenant(), call)
				}
			}
			return nil
		},
	))
}
