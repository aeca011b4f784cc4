package idp

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// FederatedAssertion returns a JWT from the trusted workload issuer (WorkloadIssuer, its own key
// pair) with audience api://AzureADTokenExchange and the given subject, as a CI system's OIDC
// provider would. lifetime 0 means DefaultAssertionLifetime; a negative lifetime makes an
// assertion that expired -lifetime ago.
func (p *Provider) FederatedAssertion(subject string, lifetime time.Duration) (string, error) {
	if strings.TrimSpace(subject) == "" {
		return "", errors.New("idp: federated assertion subject must not be empty")
	}
	base, err := p.requireBase()
	if err != nil {
		return "", err
	}
	return p.federatedAssertion(base+workloadPath, subject, FederatedAudience, lifetime)
}

func (p *Provider) federatedAssertion(issuer, subject, audience string, lifetime time.Duration) (string, error) {
	if lifetime == 0 {
		lifetime = DefaultAssertionLifetime
	}
	now := p.now()
	nbf, exp := now, now.Add(lifetime)
	if lifetime < 0 {
		nbf = exp.Add(lifetime)
	}
	return signRS256(p.workload.current(), jwt.RegisteredClaims{
		Issuer:    issuer,
		Subject:   subject,
		Audience:  jwt.ClaimStrings{audience},
		IssuedAt:  jwt.NewNumericDate(nbf),
		NotBefore: jwt.NewNumericDate(nbf),
		ExpiresAt: jwt.NewNumericDate(exp),
		ID:        newUUID(),
	})
}

// WriteFederatedTokenFile writes a fresh FederatedAssertion to path (mode 0600, replaced
// atomically), like the token file of Kubernetes workload identity.
func (p *Provider) WriteFederatedTokenFile(path, subject string, lifetime time.Duration) error {
	if path == "" {
		return errors.New("idp: federated token file path must not be empty")
	}
	tok, err := p.FederatedAssertion(subject, lifetime)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, ".federated-token-*")
	if err != nil {
		return fmt.Errorf("idp: write federated token file %q: %w", path, err)
	}
	tmp := f.Name()
	cleanup := func() { _ = os.Remove(tmp) }
	if err := f.Chmod(0o600); err != nil {
		_ = f.Close()
		cleanup()
		return fmt.Errorf("idp: write federated token file %q: %w", path, err)
	}
	if _, err := f.WriteString(tok); err != nil {
		_ = f.Close()
		cleanup()
		return fmt.Errorf("idp: write federated token file %q: %w", path, err)
	}
	if err := f.Close(); err != nil {
		cleanup()
		return fmt.Errorf("idp: write federated token file %q: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		cleanup()
		return fmt.Errorf("idp: write federated token file %q: %w", path, err)
	}
	return nil
}
