// Package tfbench runs the real terraform CLI with the built provider against
// an in-process emulator: the shared machinery of the benchmark harness
// (go run ./bench) and the fault soak (bench/soak).
package tfbench

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator/idp"
)

const (
	// ProviderSource is the provider address used in generated configurations.
	ProviderSource = "hdikafka/hdikafka"
	benchClientID  = "11111111-2222-3333-4444-b0000000b0b0"
	benchGroup     = "kafka-topic-admins"
)

// Emulator is an in-process emulator with an observer on its log and a
// registered client for the provider.
type Emulator struct {
	Server   *emulator.Server
	Observer *Observer
	CAFile   string
	ClientID string
	secret   string
}

// StartEmulator starts an emulator with an embedded cluster; its CA is
// written into dir. Close it with Server.Close.
func StartEmulator(ctx context.Context, dir string, visibility time.Duration) (*Emulator, error) {
	secret, err := randomHex(24)
	if err != nil {
		return nil, err
	}
	obs := NewObserver()
	caFile := filepath.Join(dir, "emulator-ca.pem")
	srv, err := emulator.New(ctx, emulator.Options{
		VisibilityDelay: visibility,
		CAFile:          caFile,
		Clients:         []idp.Client{{ID: benchClientID, Secret: secret, Groups: []string{benchGroup}}},
		AllowedGroup:    benchGroup,
		Logger:          slog.New(obs),
	})
	if err != nil {
		return nil, fmt.Errorf("starting the emulator: %w", err)
	}
	return &Emulator{Server: srv, Observer: obs, CAFile: caFile, ClientID: benchClientID, secret: secret}, nil
}

// ProviderEnv returns the environment variables that configure the provider
// for this emulator.
func (e *Emulator) ProviderEnv() []string {
	return []string{
		"HDIKAFKA_ENDPOINT=" + e.Server.URL(),
		"HDIKAFKA_AUTHORITY_HOST=" + e.Server.AuthorityHost(),
		"HDIKAFKA_CA_CERTIFICATE_FILE=" + e.CAFile,
		"ARM_TENANT_ID=" + e.Server.Tenant(),
		"ARM_CLIENT_ID=" + e.ClientID,
		"ARM_CLIENT_SECRET=" + e.secret,
	}
}

// Delta returns after minus before per route.
func Delta(before, after map[string]int64) map[string]int64 {
	out := make(map[string]int64, len(after))
	for k, v := range after {
		out[k] = v - before[k]
	}
	return out
}

// APIRequests sums the requests of every API route (all but the token endpoint).
func APIRequests(delta map[string]int64) int64 {
	var n int64
	for k, v := range delta {
		if k != emulator.RouteToken {
			n += v
		}
	}
	return n
}

func randomHex(n int) (string, error) {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("reading random bytes: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// cleanEnv returns os.Environ() without the variables that would change how
// terraform or the provider behave (credentials, logging, CLI config).
func cleanEnv() []string {
	drop := []string{"ARM_", "AZURE_", "HDIKAFKA_", "ACTIONS_ID_TOKEN_", "TF_", "IDENTITY_", "MSI_", "IMDS_"}
	var out []string
	for _, kv := range os.Environ() {
		if !slices.ContainsFunc(drop, func(p string) bool { return strings.HasPrefix(kv, p) }) {
			out = append(out, kv)
		}
	}
	return out
}
