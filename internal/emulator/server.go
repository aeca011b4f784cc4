// Package emulator is an HDInsight-compatible Kafka REST proxy (v1 API) in
// front of a Kafka-protocol cluster, with a development identity provider,
// HDInsight-like REST proxy nodes, each with its own metadata cache, and fault
// injection for tests.
package emulator

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/emulator/idp"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/topicconfig"
)

// authorizer decides whether an API request may proceed: 0 when allowed,
// else 401 or 403 with the reason.
type authorizer interface {
	Authorize(r *http.Request) (int, error)
}

// Server is a running emulator.
type Server struct {
	log       *slog.Logger
	backend   *Backend
	vis       *visibility
	faults    *Faults
	counters  *counters
	idp       *idp.Provider
	idpHTTP   http.Handler
	auth      atomic.Pointer[authorizer]
	sleep     atomic.Pointer[sleeper] // waits out latency faults; nil = retry.Sleep
	catalogue *topicconfig.Catalogue
	// createExisting and unknownTopic are Options.CreateExistingStatus and
	// Options.UnknownTopic, defaults filled.
	createExisting int
	unknownTopic   string
	nextNode       atomic.Uint64 // round robin over the proxy nodes
	certs          *certs
	caFile         string
	clients        []idp.Client

	url      string
	srv      *http.Server
	adminURL string
	adminSrv *http.Server

	serveErr  chan error
	closeOnce sync.Once
	closeErr  error
}

// New validates opts, starts the backend and the HTTPS listener, and returns
// a serving emulator. Close releases everything.
func New(ctx context.Context, opts Options) (*Server, error) {
	opts, err := opts.withDefaults()
	if err != nil {
		return nil, err
	}
	s, err := newServer(opts)
	if err != nil {
		return nil, err
	}
	ln, err := s.listenTLS(ctx, opts)
	if err != nil {
		return nil, err
	}
	if err := s.startIdentityProvider(opts); err != nil {
		_ = ln.Close()
		return nil, err
	}
	if err := s.startBackend(ctx, opts); err != nil {
		_ = ln.Close()
		return nil, err
	}
	s.serveHTTPS(ln)
	if err := s.startAdmin(ctx, opts.AdminAddr); err != nil {
		_ = s.Close()
		return nil, err
	}
	s.log.Info("emulator listening", "url", s.url, "authority", s.AuthorityHost()+s.Tenant(),
		"backend", s.backend.Addrs(), "embedded", s.backend.Embedded(), "admin", s.adminURL,
		"kafka_version", s.catalogue.Version(), "visibility_delay", opts.VisibilityDelay.String(),
		"proxy_nodes", opts.ProxyNodes, "cache_refresh", opts.CacheRefresh.String())
	return s, nil
}

// newServer builds the parts that need no listener: the proxy nodes' metadata
// cache, faults, counters and the topic config catalogue.
func newServer(opts Options) (*Server, error) {
	catalogue, err := catalogueFor(opts.KafkaVersion)
	if err != nil {
		return nil, err
	}
	vis := newVisibility(opts.VisibilityDelay, opts.ProxyNodes, opts.CacheRefresh)
	if opts.MetadataClock != nil {
		vis.setClock(opts.MetadataClock)
	}
	s := &Server{
		log:            opts.Logger,
		vis:            vis,
		faults:         &Faults{},
		counters:       newCounters(),
		catalogue:      catalogue,
		createExisting: opts.CreateExistingStatus,
		unknownTopic:   opts.UnknownTopic,
		caFile:         opts.CAFile,
		clients:        append([]idp.Client(nil), opts.Clients...),
		serveErr:       make(chan error, 2),
	}
	for i, f := range opts.Faults {
		if _, err := s.faults.AddChecked(f); err != nil {
			return nil, fmt.Errorf("fault %d: %w", i, err)
		}
	}
	return s, nil
}

// listenTLS loads or generates the certificates, writes the CA file when asked,
// and opens the API listener (TLS is added when serving).
func (s *Server) listenTLS(ctx context.Context, opts Options) (net.Listener, error) {
	host, _, err := net.SplitHostPort(opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("listen address %q: %w", opts.Addr, err)
	}
	if opts.TLSCertFile != "" || opts.TLSKeyFile != "" {
		s.certs, err = loadCerts(opts.TLSCertFile, opts.TLSKeyFile)
	} else {
		s.certs, err = generateCerts(host)
	}
	if err != nil {
		return nil, err
	}
	if opts.CAFile != "" {
		if err := writeCAFile(opts.CAFile, s.certs.caPEM); err != nil {
			return nil, err
		}
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", opts.Addr)
	if err != nil {
		return nil, fmt.Errorf("listening on %q: %w", opts.Addr, err)
	}
	s.url = "https://" + urlHost(ln.Addr().(*net.TCPAddr), host)
	return ln, nil
}

// startIdentityProvider starts the development identity provider on the API's
// URL and makes it the API's authorizer.
func (s *Server) startIdentityProvider(opts Options) error {
	p, err := idp.New(idp.Options{
		BaseURL:        s.url,
		Tenant:         opts.Tenant,
		TokenLifetime:  opts.TokenLifetime,
		Clients:        opts.Clients,
		AllowedGroup:   opts.AllowedGroup,
		Audience:       opts.Audience,
		ExternalIssuer: opts.Issuer,
	})
	if err != nil {
		return fmt.Errorf("identity provider: %w", err)
	}
	s.idp = p
	s.idpHTTP = p.Handler()
	var a authorizer = p
	s.auth.Store(&a)
	return nil
}

// startBackend starts or connects the Kafka cluster; the topics a real cluster
// already has are visible at once on every node.
func (s *Server) startBackend(ctx context.Context, opts Options) error {
	b, err := newBackend(opts.Brokers, opts.BootstrapServers)
	if err != nil {
		return err
	}
	s.backend = b
	b.changed = s.topicChanged
	if len(opts.BootstrapServers) > 0 {
		meta, err := b.metadata(ctx, nil)
		if err != nil {
			b.Close()
			return fmt.Errorf("reaching the Kafka cluster at %v: %w", opts.BootstrapServers, err)
		}
		s.vis.preexisting(meta)
	}
	return nil
}

// serveHTTPS serves the v1 API and the identity provider on ln over TLS.
func (s *Server) serveHTTPS(ln net.Listener) {
	s.srv = &http.Server{
		Handler: s,
		TLSConfig: &tls.Config{
			Certificates: []tls.Certificate{s.certs.server},
			MinVersion:   tls.VersionTLS12,
			NextProtos:   []string{"http/1.1"},
		},
		// HTTP/1.1 only, so that the reset fault can hijack connections.
		TLSNextProto:      map[string]func(*http.Server, *tls.Conn, http.Handler){},
		ReadHeaderTimeout: 30 * time.Second,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelDebug),
	}
	go func() {
		err := s.srv.Serve(tls.NewListener(ln, s.srv.TLSConfig))
		if !errors.Is(err, http.ErrServerClosed) {
			s.serveErr <- err
		}
	}()
}

// startAdmin serves the plain-HTTP admin API on addr (checked to be loopback
// by Options.withDefaults); "" disables it.
func (s *Server) startAdmin(ctx context.Context, addr string) error {
	if addr == "" {
		return nil
	}
	var lc net.ListenConfig
	aln, err := lc.Listen(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("listening on admin address %q: %w", addr, err)
	}
	s.adminURL = "http://" + aln.Addr().String()
	s.adminSrv = &http.Server{Handler: s.adminHandler(), ReadHeaderTimeout: 30 * time.Second}
	go func() {
		err := s.adminSrv.Serve(aln)
		if !errors.Is(err, http.ErrServerClosed) {
			s.serveErr <- err
		}
	}()
	return nil
}

// urlHost renders the host:port clients use: a wildcard listen host becomes 127.0.0.1.
func urlHost(addr *net.TCPAddr, host string) string {
	port := fmt.Sprint(addr.Port)
	if host == "" || host == "0.0.0.0" || host == "::" {
		return net.JoinHostPort("127.0.0.1", port)
	}
	return net.JoinHostPort(host, port)
}

// checkLoopbackAddr refuses admin listen addresses that are not loopback.
func checkLoopbackAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("admin address %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("admin address %q must be bound to a loopback address (127.0.0.1, ::1 or localhost)", addr)
}

// URL returns the API endpoint, https://127.0.0.1:port.
func (s *Server) URL() string { return s.url }

// AdminURL returns the admin endpoint (http, loopback), or "" when disabled.
func (s *Server) AdminURL() string { return s.adminURL }

// AuthorityHost returns the MSAL authority host, URL()+"/".
func (s *Server) AuthorityHost() string { return s.idp.AuthorityHost() }

// Tenant returns the tenant served by the development identity provider.
func (s *Server) Tenant() string { return s.idp.Tenant() }

// CACertPEM returns the PEM of the certificate clients must trust.
func (s *Server) CACertPEM() []byte { return append([]byte(nil), s.certs.caPEM...) }

// CAFile returns the path the CA was written to ("" when none was asked for).
func (s *Server) CAFile() string { return s.caFile }

// HTTPClient returns a client that trusts the emulator's CA.
func (s *Server) HTTPClient() *http.Client {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(s.certs.caPEM)
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}
	return &http.Client{Transport: tr, Timeout: 60 * time.Second}
}

// IdP returns the development identity provider.
func (s *Server) IdP() *idp.Provider { return s.idp }

// Faults returns the fault set; changes apply to the next request.
func (s *Server) Faults() *Faults { return s.faults }

// Counters returns the number of requests per route name (status,
// create_topic, list_topics, topic_partitions, partition, brokers, produce,
// consume, token), rejected requests included.
func (s *Server) Counters() map[string]int64 { return s.counters.snapshot() }

// ResetCounters sets every counter to zero.
func (s *Server) ResetCounters() { s.counters.reset() }

// SetVisibilityDelay changes the metadata cache delay (Options.VisibilityDelay)
// for changes the emulator sees from now on; a change already seen keeps the
// time it was given (a shown topic is not hidden again by a longer delay, a
// pending one is not revealed early by a shorter one).
func (s *Server) SetVisibilityDelay(d time.Duration) { s.vis.setDelay(d) }

// VisibilityDelay returns the current metadata cache delay.
func (s *Server) VisibilityDelay() time.Duration { return s.vis.getDelay() }

// ProxyNodes returns the number of REST proxy nodes (Options.ProxyNodes).
func (s *Server) ProxyNodes() int { return s.vis.nodeCount() }

// CacheRefresh returns the period of the nodes' periodic cache refresh
// (Options.CacheRefresh); 0 = none.
func (s *Server) CacheRefresh() time.Duration { return s.vis.refresh }

// NodeTopics returns the topics proxy node node (0 to ProxyNodes()-1) shows
// now, each with its partition count as the node shows it: what its metadata
// routes would answer, from what the emulator has read of Kafka so far (a
// change made through Backend's methods is read at once; one made with other
// Kafka clients when a request first reads it). Tests wait on it until a
// change has reached every node. An out-of-range node is an error.
func (s *Server) NodeTopics(node int) (map[string]int, error) {
	if node < 0 || node >= s.vis.nodeCount() {
		return nil, fmt.Errorf("proxy node %d does not exist: the emulator has nodes 0 to %d", node, s.vis.nodeCount()-1)
	}
	out := map[string]int{}
	for _, name := range s.vis.topicNames(node) {
		if t, ok := s.vis.topic(node, name); ok {
			out[name] = len(t.Partitions)
		}
	}
	return out, nil
}

// Backend returns out-of-band access to the Kafka cluster.
func (s *Server) Backend() *Backend { return s.backend }

// KafkaVersion returns the Kafka version whose topic config rules are applied.
func (s *Server) KafkaVersion() string { return s.catalogue.Version() }

// Err returns a channel that receives an error if a listener stops unexpectedly.
func (s *Server) Err() <-chan error { return s.serveErr }

// firstClient returns the id and secret of the first client given in the options.
func (s *Server) firstClient() (string, string) {
	for _, c := range s.clients {
		if c.ID != "" {
			return c.ID, c.Secret
		}
	}
	return "", ""
}

// sleeper waits d or until ctx ends (latency faults).
type sleeper func(ctx context.Context, d time.Duration) error

// setSleeper replaces how latency faults wait (tests observe the latency
// decided instead of measuring elapsed time).
func (s *Server) setSleeper(f sleeper) { s.sleep.Store(&f) }

// setClock replaces the clock of the visibility cache (tests).
func (s *Server) setClock(now func() time.Time) { s.vis.setClock(now) }

// pickNode returns the proxy node that serves the next API request (round robin).
func (s *Server) pickNode() int {
	return int((s.nextNode.Add(1) - 1) % uint64(s.vis.nodeCount()))
}

// setNextNode makes node serve the next API request (tests).
func (s *Server) setNextNode(node int) { s.nextNode.Store(uint64(node)) }

// setAuthorizer replaces the API authorizer (tests).
func (s *Server) setAuthorizer(a authorizer) { s.auth.Store(&a) }

// Shutdown stops accepting requests, waits for running ones until ctx ends,
// and then releases the backend.
func (s *Server) Shutdown(ctx context.Context) error {
	s.closeOnce.Do(func() {
		var errs []error
		if s.srv != nil {
			if err := s.srv.Shutdown(ctx); err != nil {
				errs = append(errs, err, s.srv.Close())
			}
		}
		if s.adminSrv != nil {
			if err := s.adminSrv.Shutdown(ctx); err != nil {
				errs = append(errs, err, s.adminSrv.Close())
			}
		}
		if s.backend != nil {
			s.backend.Close()
		}
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

// Close stops the server at once, closing every connection (in-flight requests are cut, unlike
// Shutdown), and releases the backend. Tests use it: a graceful shutdown would wait up to 5 s for
// connections a client opened but never used, which net/http counts as active until then.
func (s *Server) Close() error {
	s.closeOnce.Do(func() {
		var errs []error
		if s.srv != nil {
			errs = append(errs, s.srv.Close())
		}
		if s.adminSrv != nil {
			errs = append(errs, s.adminSrv.Close())
		}
		if s.backend != nil {
			s.backend.Close()
		}
		s.closeErr = errors.Join(errs...)
	})
	return s.closeErr
}

// readBody reads at most limit bytes of the request body of operation what.
// A larger body is a 400 naming the limit (413 is not among the codes the
// contract documents).
func readBody(w http.ResponseWriter, r *http.Request, limit int64, what string) ([]byte, error) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, limit))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return nil, errorf(http.StatusBadRequest, "request body exceeds the %s limit of %s", formatBytes(limit), what)
		}
		return nil, errorf(http.StatusBadRequest, "reading the request body of %s: %v", what, err)
	}
	return body, nil
}

// formatBytes renders n as "8 MiB", "512 KiB" or "100 bytes".
func formatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// isTokenPath reports whether path is a tenant's token endpoint.
func isTokenPath(path string) bool {
	return strings.HasSuffix(path, "/oauth2/v2.0/token") || strings.HasSuffix(path, "/oauth2/token")
}
