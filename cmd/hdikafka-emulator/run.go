package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator"
)

// run starts the emulator with args and serves until ctx ends; it then shuts
// down gracefully.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, help, err := parseFlags(args, stdout, stderr)
	if err != nil || help {
		return err
	}
	if cfg.showVersion {
		_, err := fmt.Fprintf(stdout, "hdikafka-emulator %s\n", version)
		return err
	}
	logger, err := newLogger(stderr, cfg.logLevel, cfg.logFormat)
	if err != nil {
		return err
	}
	cfg.opts.Logger = logger
	if msg := allowedGroupWarning(cfg.opts); msg != "" {
		logger.Warn(msg, "allowed_group", cfg.opts.AllowedGroup)
	}

	srv, err := emulator.New(ctx, cfg.opts)
	if err != nil {
		return err
	}
	if cfg.federatedFile != "" {
		if err := srv.IdP().WriteFederatedTokenFile(cfg.federatedFile, cfg.federatedSubject, time.Hour); err != nil {
			_ = srv.Close()
			return fmt.Errorf("--federated-token-file: %w", err)
		}
	}
	printStartup(stdout, srv, cfg)

	var serveErr error
	select {
	case <-ctx.Done():
		logger.Info("shutting down")
	case serveErr = <-srv.Err():
		logger.Error("listener failed", "error", serveErr)
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil && serveErr == nil {
		serveErr = fmt.Errorf("shutdown: %w", err)
	}
	return serveErr
}

// allowedGroupWarning returns a warning when the development identity provider
// will issue tokens the API refuses: --allowed-group is set and no registered
// client is in it. Empty otherwise, and with --issuer (groups come from Entra ID).
func allowedGroupWarning(o emulator.Options) string {
	if o.AllowedGroup == "" || o.Issuer != "" {
		return ""
	}
	for _, c := range o.Clients {
		if slices.Contains(c.Groups, o.AllowedGroup) {
			return ""
		}
	}
	if len(o.Clients) == 0 {
		return "--allowed-group is set but no client is registered: API calls will be refused until a client in that group is registered"
	}
	return "--allowed-group is set but no registered client belongs to it: every API call will be refused with 403 (add groups=<group> to a --client)"
}

func newLogger(w io.Writer, level, format string) (*slog.Logger, error) {
	var lv slog.Level
	if err := lv.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("%w: --log-level %q: want debug, info, warn or error", errUsage, level)
	}
	hopts := &slog.HandlerOptions{Level: lv}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, hopts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, hopts)), nil
	}
	return nil, fmt.Errorf("%w: --log-format %q: want text or json", errUsage, format)
}

// inProviderBlock tells where the first client's development secret is shown.
const inProviderBlock = "shown in the provider block below"

// printStartup writes the ready banner: endpoint, authority, CA file, admin,
// backend, clients and a provider block.
func printStartup(w io.Writer, srv *emulator.Server, cfg config) {
	o := cfg.opts
	var b strings.Builder
	fmt.Fprintf(&b, "hdikafka-emulator ready\n")
	fmt.Fprintf(&b, "  endpoint:          %s\n", srv.URL())
	fmt.Fprintf(&b, "  authority:         %s%s\n", srv.AuthorityHost(), srv.Tenant())
	fmt.Fprintf(&b, "  token endpoint:    %s%s/oauth2/v2.0/token (scope https://hib.azurehdinsight.net/.default)\n", srv.AuthorityHost(), srv.Tenant())
	if srv.CAFile() != "" {
		fmt.Fprintf(&b, "  CA file:           %s\n", srv.CAFile())
	} else {
		fmt.Fprintf(&b, "  CA file:           (not written; see ca_certificate below)\n")
	}
	if srv.AdminURL() != "" {
		fmt.Fprintf(&b, "  admin:             %s\n", srv.AdminURL())
	}
	if srv.Backend().Embedded() {
		fmt.Fprintf(&b, "  backend:           embedded cluster, %d brokers at %s\n", o.Brokers, strings.Join(srv.Backend().Addrs(), ","))
	} else {
		fmt.Fprintf(&b, "  backend:           %s\n", strings.Join(srv.Backend().Addrs(), ","))
	}
	fmt.Fprintf(&b, "  kafka version:     %s\n", srv.KafkaVersion())
	fmt.Fprintf(&b, "  visibility delay:  %s\n", durationString(srv.VisibilityDelay(), "changes visible at once"))
	fmt.Fprintf(&b, "  proxy nodes:       %d (answering in turn, each with its own metadata cache)\n", srv.ProxyNodes())
	fmt.Fprintf(&b, "  cache refresh:     %s\n", durationString(srv.CacheRefresh(), "no periodic refresh"))
	if o.CreateExistingStatus != 0 && o.CreateExistingStatus != http.StatusBadRequest {
		fmt.Fprintf(&b, "  create existing:   HTTP %d\n", o.CreateExistingStatus)
	}
	if o.UnknownTopic != "" && o.UnknownTopic != emulator.UnknownTopicNotFound {
		fmt.Fprintf(&b, "  unknown topic:     %s on the metadata routes\n", o.UnknownTopic)
	}
	if o.Issuer != "" {
		fmt.Fprintf(&b, "  token issuer:      %s (external)\n", o.Issuer)
	}
	if o.AllowedGroup != "" {
		fmt.Fprintf(&b, "  allowed group:     %s\n", o.AllowedGroup)
	}
	for i, c := range o.Clients {
		masked := maskSecret(c.Secret)
		if i == 0 && c.Secret != "" {
			// The provider block names the first client: it must be ready to paste.
			masked = "(set, " + inProviderBlock + ")"
		}
		fmt.Fprintf(&b, "  client:            %s secret=%s certificate=%v groups=%s\n", c.ID, masked, len(c.CertificatePEM) > 0, strings.Join(c.Groups, ";"))
	}
	if len(o.Clients) == 0 {
		fmt.Fprintf(&b, "  clients:           none registered (use --client or --clients-file)\n")
	}
	for _, f := range srv.Faults().List() {
		fmt.Fprintf(&b, "  fault %d:           %s\n", f.ID, f.Fault)
	}
	if cfg.federatedFile != "" {
		fmt.Fprintf(&b, "  federated token:   %s (subject %s)\n", cfg.federatedFile, cfg.federatedSubject)
	}
	fmt.Fprintf(&b, "\nProvider configuration:\n\n%s", srv.ProviderBlock())
	_, _ = io.WriteString(w, b.String())
}
