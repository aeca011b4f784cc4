package auth

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"time"
)

// cliRefreshMargin is how long before expiry a cached Azure CLI token is replaced.
const cliRefreshMargin = 5 * time.Minute

// cliTimeout bounds one az invocation.
const cliTimeout = 2 * time.Minute

// cliSource runs `az account get-access-token` and caches the token until near its expiry. Its
// fields are guarded by the semaphore of the source skeleton that calls acquire.
type cliSource struct {
	cfg     Config
	token   string
	expires time.Time
	now     func() time.Time
}

// newCLISource returns the Azure CLI method on the shared skeleton. A failure is remembered when it
// comes from the credential (az missing, not logged in).
func newCLISource(ctx context.Context, cfg Config) (*source, error) {
	logDebug(ctx, cfg.Logger, "Entra ID credential selected", map[string]any{
		"method": string(MethodCLI), "tenant_id": cfg.TenantID, "scope": cfg.Scope,
	})
	c := &cliSource{cfg: cfg, now: time.Now}
	explain := func(err error) error {
		if cfg.UseCLIByDefault {
			err = fmt.Errorf("%w\nThe Azure CLI was used because no other credential method is configured (%s is on by default, as in azurerm): "+
				"log in with `az login`, or %s", err, cfg.ref("use_cli"), strings.TrimPrefix(noMethodError(cfg).Error(), "no Entra ID credential is configured; "))
		}
		return &TokenError{Method: MethodCLI, Err: err}
	}
	return newSource(cfg, MethodCLI, true, c.acquire, explain), nil
}

// cliTokenReply is the JSON of `az account get-access-token -o json`.
type cliTokenReply struct {
	AccessToken string          `json:"accessToken"`
	ExpiresOn   string          `json:"expiresOn"`  // local time, "2006-01-02 15:04:05.999999"
	ExpiresOnTS json.RawMessage `json:"expires_on"` // unix seconds (az ≥ 2.54)
}

func (s *cliSource) acquire(ctx context.Context) (acquired, error) {
	if s.token != "" && s.expires.Sub(s.now()) > cliRefreshMargin {
		return acquired{value: s.token, expires: s.expires}, nil
	}
	value, expires, err := s.fetch(ctx)
	if err != nil {
		return acquired{}, err
	}
	s.token, s.expires = value, expires
	return acquired{value: value, expires: expires, fresh: true}, nil
}

func (s *cliSource) fetch(ctx context.Context) (string, time.Time, error) {
	path, err := exec.LookPath("az")
	if err != nil {
		return "", time.Time{}, &credentialError{fmt.Errorf("the Azure CLI (az) was not found on PATH: install it and run `az login`, or choose another credential method than %s", s.cfg.ref("use_cli"))}
	}
	args := []string{"account", "get-access-token", "--scope", s.cfg.Scope}
	if s.cfg.TenantID != "" {
		args = append(args, "--tenant", s.cfg.TenantID)
	}
	args = append(args, "-o", "json")
	runCtx, cancel := context.WithTimeout(ctx, cliTimeout)
	defer cancel()
	cmd := exec.CommandContext(runCtx, path, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return "", time.Time{}, fmt.Errorf("az account get-access-token: %w", ctx.Err())
		}
		msg := firstLines(stderr.String(), 5)
		hint := ""
		if strings.Contains(msg, "az login") || strings.Contains(msg, "AADSTS") {
			hint = " (run `az login`"
			if s.cfg.TenantID != "" {
				hint += " --tenant " + s.cfg.TenantID
			}
			hint += ", then retry)"
		}
		err = fmt.Errorf("az account get-access-token --scope %s failed: %w: %s%s", s.cfg.Scope, err, msg, hint)
		if hint != "" {
			// Not logged in, or Entra ID refused the CLI's account: the same on every call.
			return "", time.Time{}, &credentialError{err}
		}
		return "", time.Time{}, err
	}
	var reply cliTokenReply
	if err := json.Unmarshal(stdout.Bytes(), &reply); err != nil {
		return "", time.Time{}, fmt.Errorf("az account get-access-token printed something that is not its JSON token reply: %w", err)
	}
	if reply.AccessToken == "" {
		return "", time.Time{}, errors.New("az account get-access-token replied without accessToken")
	}
	expires, err := reply.expiry()
	if err != nil {
		return "", time.Time{}, err
	}
	return reply.AccessToken, expires, nil
}

// expiry prefers the unix expires_on; the older expiresOn is a local time without zone.
func (r cliTokenReply) expiry() (time.Time, error) {
	if len(r.ExpiresOnTS) > 0 && string(r.ExpiresOnTS) != "null" {
		raw := strings.Trim(string(r.ExpiresOnTS), `"`)
		if ts, err := strconv.ParseInt(raw, 10, 64); err == nil {
			return time.Unix(ts, 0), nil
		}
	}
	if r.ExpiresOn != "" {
		for _, layout := range []string{"2006-01-02 15:04:05.999999", time.RFC3339Nano} {
			if t, err := time.ParseInLocation(layout, r.ExpiresOn, time.Local); err == nil {
				return t, nil
			}
		}
		return time.Time{}, fmt.Errorf("az account get-access-token replied with an unparseable expiresOn %q", r.ExpiresOn)
	}
	return time.Time{}, errors.New("az account get-access-token replied without expiresOn/expires_on")
}

func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = lines[:n]
	}
	return truncate(strings.Join(lines, " | "), 600)
}
