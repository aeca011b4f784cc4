package auth

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	msalerrors "github.com/AzureAD/microsoft-authentication-library-for-go/apps/errors"
)

// TokenError is a failed token request. Error() explains what to fix; the AADSTS code, when Entra
// ID returned one, is kept in Code and in the message.
type TokenError struct {
	Method Method
	// Code is the AADSTS error code (e.g. 7000215) when the reply carried one ("AADSTS7000215: ..."),
	// or 0. It is never derived from the HTTP status.
	Code int
	// Status is the HTTP status of the identity provider's reply, or 0.
	Status int
	// Hint is the actionable explanation.
	Hint string
	// Description is the first line of the identity provider's error_description.
	Description string
	Err         error
}

func (e *TokenError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Entra ID token request (%s) failed", e.Method)
	switch {
	case e.Code != 0:
		fmt.Fprintf(&b, " with AADSTS%d", e.Code)
	case e.Status != 0 && e.Method == MethodMSI:
		fmt.Fprintf(&b, ": the managed identity endpoint answered HTTP %d", e.Status)
	case e.Status != 0:
		fmt.Fprintf(&b, ": the token endpoint answered HTTP %d", e.Status)
	}
	if e.Hint != "" {
		b.WriteString(": ")
		b.WriteString(e.Hint)
	}
	switch {
	case e.Description != "":
		fmt.Fprintf(&b, " (identity provider said: %s)", e.Description)
	case e.Err != nil:
		fmt.Fprintf(&b, ": %v", e.Err)
	}
	return b.String()
}

func (e *TokenError) Unwrap() error { return e.Err }

// oauthErrorBody is the OAuth 2.0 error reply of Entra ID.
type oauthErrorBody struct {
	Error       string `json:"error"`
	Description string `json:"error_description"`
	Message     string `json:"message"` // managed identity endpoints
}

var aadstsPattern = regexp.MustCompile(`AADSTS(\d+)`)

// callErrDetails extracts the HTTP status, the AADSTS code and the first line of the description
// from an MSAL CallErr anywhere in err's chain.
func callErrDetails(err error) (status, code int, desc string, ok bool) {
	var ce msalerrors.CallErr
	if !errors.As(err, &ce) || ce.Resp == nil {
		return 0, 0, "", false
	}
	status = ce.Resp.StatusCode
	var body []byte
	if ce.Resp.Body != nil {
		body, _ = io.ReadAll(io.LimitReader(ce.Resp.Body, 64<<10))
		// MSAL buffers the body; put it back for anyone reading after us.
		ce.Resp.Body = io.NopCloser(strings.NewReader(string(body)))
	}
	if len(body) == 0 && ce.Err != nil {
		// Some MSAL paths consume the body; their error text ends with it after the status line.
		msg := ce.Err.Error()
		if i := strings.Index(msg, "reply status code was "); i >= 0 {
			if j := strings.Index(msg[i:], "\n"); j >= 0 {
				body = []byte(strings.TrimSpace(msg[i+j+1:]))
			}
		}
	}
	var parsed oauthErrorBody
	if json.Unmarshal(body, &parsed) == nil {
		desc = firstLine(parsed.Description)
		if desc == "" {
			desc = firstLine(parsed.Message)
		}
		if desc == "" {
			desc = parsed.Error
		}
	}
	// The AADSTS code counts only when the reply spells it out ("AADSTS7000215: ..."), as Entra
	// ID always does: a bare error_codes entry (or an HTTP status) is not an AADSTS code.
	source := desc
	if source == "" || !aadstsPattern.MatchString(source) {
		source = string(body)
	}
	if m := aadstsPattern.FindStringSubmatch(source); m != nil {
		code, _ = strconv.Atoi(m[1])
	}
	if desc == "" {
		desc = firstLine(truncate(string(body), 300))
	}
	return status, code, desc, true
}

// firstLine returns the first line of an error description without Entra ID's trailing
// "Trace ID: … Correlation ID: … Timestamp: …".
func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "\r\n"); i >= 0 {
		s = strings.TrimSpace(s[:i])
	}
	if i := strings.Index(s, " Trace ID:"); i > 0 {
		s = strings.TrimSpace(s[:i])
	}
	return s
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// toTokenError turns a token request failure into a *TokenError with an actionable hint.
func toTokenError(cfg Config, method Method, err error) error {
	var te *TokenError
	if errors.As(err, &te) {
		return err
	}
	out := &TokenError{Method: method, Err: err}
	status, code, desc, ok := callErrDetails(err)
	if ok {
		out.Status, out.Code, out.Description = status, code, desc
	}
	out.Hint = aadstsHint(cfg, method, code)
	if out.Hint == "" && ok && method != MethodMSI {
		switch {
		case status == 401 || status == 400:
			out.Hint = "the identity provider rejected the request; check tenant_id, client_id and the credential"
		case status >= 500 || status == 429:
			out.Hint = "the identity provider is unavailable; retries were exhausted"
		}
	}
	return out
}

// aadstsHint maps the AADSTS families to what the user should check.
func aadstsHint(cfg Config, method Method, code int) string {
	switch code {
	case 90002, 900023, 90013:
		return fmt.Sprintf("tenant %q was not found in the selected cloud: check %s and %s / %s",
			cfg.TenantID, cfg.ref("tenant_id"), cfg.ref("environment"), cfg.ref("authority_host"))
	case 700016:
		return fmt.Sprintf("application %q was not found in tenant %q: check %s (the application/client id of the app registration, not its object id) and %s; a multi-tenant app needs admin consent in the tenant",
			cfg.ClientID, cfg.TenantID, cfg.ref("client_id"), cfg.ref("tenant_id"))
	case 7000215:
		return fmt.Sprintf("invalid client secret for application %q: check %s; use the secret's Value, not its Secret ID", cfg.ClientID, cfg.ref("client_secret"))
	case 7000222:
		return fmt.Sprintf("the client secret of application %q has expired: create a new secret and update %s", cfg.ClientID, cfg.ref("client_secret"))
	case 700027:
		if method == MethodOIDC {
			return fmt.Sprintf("the federated assertion is invalid (signature, issuer keys or format): check the token given by %s, %s or %s", cfg.ref("oidc_token"), cfg.ref("oidc_token_file_path"), cfg.ref("oidc_request_url"))
		}
		return fmt.Sprintf("the client certificate is not accepted for application %q: it may have expired or not be registered; upload its public certificate under Certificates & secrets of the app registration and check %s / %s",
			cfg.ClientID, cfg.ref("client_certificate"), cfg.ref("client_certificate_path"))
	case 700024:
		if method == MethodOIDC {
			return fmt.Sprintf("the federated assertion has expired or is not yet valid: a fixed %s expires during long runs; use %s or %s so each token request gets a fresh assertion, and check the clock",
				cfg.ref("oidc_token"), cfg.ref("oidc_token_file_path"), cfg.ref("oidc_request_url"))
		}
		return "the client assertion is outside its validity window: check the system clock and that the certificate has not expired"
	case 700021:
		return fmt.Sprintf("the client assertion was made for another application than %s %q", cfg.ref("client_id"), cfg.ClientID)
	case 50013:
		if method == MethodOIDC {
			return fmt.Sprintf("the federated assertion's audience is wrong: it must be %s (for GitHub Actions the request URL gets &audience=%s automatically)", federatedAudience, federatedAudience)
		}
		return "the client assertion's audience does not match the token endpoint: check environment / authority_host"
	case 50027:
		return "the client assertion is not a valid JWT: check the OIDC token or certificate source"
	case 70021:
		return fmt.Sprintf("no federated identity credential of application %q matches the assertion: add one whose issuer and subject match this pipeline (audience api://AzureADTokenExchange)", cfg.ClientID)
	case 70011, 1002012:
		return fmt.Sprintf("the scope %q is not valid for an application token: set %s to <resource>/.default (default %s)", cfg.Scope, cfg.ref("scope"), DefaultScope)
	case 500011:
		return fmt.Sprintf("the resource of scope %q does not exist in tenant %q: check %s and %s (HDInsight's resource is %s)",
			cfg.Scope, cfg.TenantID, cfg.ref("scope"), cfg.ref("environment"), DefaultScope)
	case 65001:
		return fmt.Sprintf("application %q has no consent for scope %q: an administrator must grant admin consent for the API permission (or use the scope %s, which needs none)", cfg.ClientID, cfg.Scope, DefaultScope)
	case 7000112, 700005:
		return fmt.Sprintf("application %q is disabled in tenant %q: enable the app registration / enterprise application", cfg.ClientID, cfg.TenantID)
	}
	return ""
}
