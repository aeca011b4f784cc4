package auth

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// testRef renders attributes as the provider does, with a made-up variable name.
func testRef(attribute string) string {
	prefix := "ARM_"
	if attribute == "authority_host" || attribute == "scope" {
		prefix = "HDIKAFKA_"
	}
	return attribute + " (" + prefix + strings.ToUpper(attribute) + ")"
}

// providerSchemaAttributes is the provider's schema attribute list (internal/provider/provider.go),
// copied by hand. The other side of this check is the provider's schema_descriptions_test.go:
// when an attribute is renamed there, this list and the names auth prints must follow.
var providerSchemaAttributes = []string{
	"endpoint", "tenant_id", "client_id", "client_secret",
	"client_certificate", "client_certificate_path", "client_certificate_password",
	"use_oidc", "oidc_token", "oidc_token_file_path", "oidc_request_url", "oidc_request_token",
	"oidc_azure_service_connection_id",
	"use_msi", "msi_endpoint", "use_cli",
	"environment", "authority_host", "scope",
	"ca_certificate", "ca_certificate_file", "max_retries", "request_timeout", "kafka_version", "wait_for_visibility",
}

// notAttributes are snake_case words in auth's strings that are not provider attributes: OAuth
// and Azure CLI reply fields, log field names and log labels.
var notAttributes = []string{
	"error_codes", "error_description", "expires_in", "expires_on", "not_after",
	"msi_source", "groups_count", "token_format",
	"azure_devops_oidc_request", "github_actions_oidc_request", "ignored_method", "ignored_setting", "max_retries",
}

// TestPrintedAttributeNamesAreProviderSchemaNames lists every snake_case name in the string
// literals of auth's sources (errors, hints, logs) and checks each is a provider attribute.
func TestPrintedAttributeNamesAreProviderSchemaNames(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	word := regexp.MustCompile(`\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b`)
	fset := token.NewFileSet()
	mentioned := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, f, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				t.Fatalf("%s: %v", fset.Position(lit.Pos()), err)
			}
			for _, w := range word.FindAllString(s, -1) {
				mentioned[w] = fset.Position(lit.Pos()).String()
			}
			return true
		})
	}
	if len(mentioned) == 0 {
		t.Fatal("found no snake_case names in auth's sources: the scan is broken")
	}
	for w, where := range mentioned {
		if !slices.Contains(providerSchemaAttributes, w) && !slices.Contains(notAttributes, w) {
			t.Errorf("%s: auth mentions %q, which is not a provider schema attribute", where, w)
		}
	}
	// The rendered messages too: nothing but schema names in `name (ENV…)` references.
	ref := regexp.MustCompile(`\b([a-z][a-z0-9_]*) \((?:ARM|AZURE|HDIKAFKA|ACTIONS)_`)
	msgs := []string{noMethodError(Config{OIDCToken: "x", MSIEndpoint: "y", AttributeRef: testRef}).Error(),
		missingAssertionSource(Config{UseOIDC: true, ADOServiceConnectionID: "sc", AttributeRef: testRef}).Error()}
	for _, m := range msgs {
		for _, sub := range ref.FindAllStringSubmatch(m, -1) {
			if !slices.Contains(providerSchemaAttributes, sub[1]) {
				t.Errorf("message names %q, not a provider schema attribute: %s", sub[1], m)
			}
		}
	}
}
