package idp

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// AADSTS codes returned by the token and discovery endpoints (Entra ID's numbering).
const (
	CodeInvalidTenant      = 90002   // tenant not found
	CodeInvalidRequest     = 90023   // generic invalid STS request
	CodeMissingParameter   = 900144  // request body must contain parameter
	CodePostOnly           = 900561  // endpoint only accepts POST
	CodeUnknownClient      = 700016  // application not found in the directory
	CodeInvalidSecret      = 7000215 // invalid client secret
	CodeMissingCredential  = 7000218 // client_assertion or client_secret required
	CodeInvalidCredentials = 70002   // error validating credentials
	CodeMalformedJWT       = 50027   // JWT is invalid or malformed
	CodeAssertionSignature = 700027  // client assertion failed signature validation / key not registered
	CodeAssertionTime      = 700024  // client assertion not within its valid time range
	CodeAssertionClientID  = 700021  // client assertion application identifier doesn't match client_id
	CodeAssertionAudience  = 50013   // assertion audience claim does not match the required value
	CodeFederatedNoMatch   = 70021   // no matching federated identity record
	CodeInvalidScope       = 70011   // scope not valid
	CodeResourceNotFound   = 500011  // resource principal not found
	CodeUnsupportedGrant   = 70003   // unsupported grant type
)

// oauthError is Entra ID's error response body.
type oauthError struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description"`
	ErrorCodes       []int  `json:"error_codes"`
	Timestamp        string `json:"timestamp"`
	TraceID          string `json:"trace_id"`
	CorrelationID    string `json:"correlation_id"`
	ErrorURI         string `json:"error_uri,omitempty"`
}

// stsError is an error the endpoints turn into an Entra-shaped JSON response.
type stsError struct {
	status int    // HTTP status
	kind   string // OAuth error, e.g. invalid_client
	code   int    // AADSTS code
	msg    string // description without the AADSTS prefix
}

func (e *stsError) Error() string { return fmt.Sprintf("%s: AADSTS%d: %s", e.kind, e.code, e.msg) }

func newSTSError(kind string, code int, format string, args ...any) *stsError {
	status := http.StatusBadRequest
	if kind == "invalid_client" {
		status = http.StatusUnauthorized
	}
	return &stsError{status: status, kind: kind, code: code, msg: fmt.Sprintf(format, args...)}
}

func missingParameter(name string) *stsError {
	return newSTSError("invalid_request", CodeMissingParameter,
		"The request body must contain the following parameter: '%s'.", name)
}

// writeSTSError writes e like Entra ID: description with AADSTS prefix, trace and correlation ids
// and timestamp appended, the same ids in their own fields.
func (p *Provider) writeSTSError(w http.ResponseWriter, r *http.Request, e *stsError) {
	now := p.now().UTC()
	ts := now.Format("2006-01-02 15:04:05Z")
	traceID := newUUID()
	corr := correlationID(r)
	body := oauthError{
		Error: e.kind,
		ErrorDescription: fmt.Sprintf("AADSTS%d: %s Trace ID: %s Correlation ID: %s Timestamp: %s",
			e.code, e.msg, traceID, corr, ts),
		ErrorCodes:    []int{e.code},
		Timestamp:     ts,
		TraceID:       traceID,
		CorrelationID: corr,
	}
	if base := p.BaseURL(); base != "" {
		body.ErrorURI = fmt.Sprintf("%s/error?code=%d", base, e.code)
	}
	w.Header().Set("x-ms-request-id", traceID)
	writeJSON(w, e.status, body)
}

// correlationID echoes the client-request-id that MSAL sends when it is a sane value.
func correlationID(r *http.Request) string {
	if id := r.Header.Get("client-request-id"); len(id) > 0 && len(id) <= 64 && !strings.ContainsFunc(id, func(c rune) bool {
		return !(c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z')
	}) {
		return id
	}
	return newUUID()
}

func newUUID() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		// crypto/rand does not fail on supported platforms; fall back to the clock.
		copy(b[:], fmt.Sprintf("%016x", time.Now().UnixNano()))
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[0:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:32]
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store, no-cache")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // like Entra ID: '<', '>' and '&' are not escaped as \u003c etc.
	_ = enc.Encode(v)
}
