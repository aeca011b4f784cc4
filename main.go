// Command terraform-provider-hdikafka is the Terraform provider for Kafka topics on Azure HDInsight's
// Kafka REST proxy.
package main

import (
	"context"
	"flag"
	"log"
	"os"
	rdebug "runtime/debug"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/logenv"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/provider"
)

// version is set at build time: go build -ldflags "-X main.version=1.2.3".
var version = "dev"

// defaultMemoryLimit is the provider process's soft heap limit unless GOMEMLIMIT is set.
const defaultMemoryLimit = 96 << 20

func main() {
	var debug bool
	flag.BoolVar(&debug, "debug", false, "run the provider with support for debuggers like delve")
	flag.Parse()

	// Without any TF_LOG* variable nobody reads the SDK's trace records (Terraform discards them), so
	// the SDK's loggers and the provider's are switched off; in -debug mode as well: set TF_LOG=TRACE
	// (or any variable of logenv.Requesting) to see them.
	if _, err := logenv.SwitchOffUnrequested(); err != nil {
		log.Fatal(err)
	}

	// Terraform keeps many requests in flight at once (all validations of a large configuration,
	// ten reads or plans at a time), and the plugin framework's per-request logging contexts make
	// up most of the live heap. Without a limit, Go's default GC pacing lets the heap grow to twice
	// that before collecting, which at 1000 topics puts the process near 150 MB. A soft limit makes
	// the collector work harder only when the heap approaches it; GOMEMLIMIT overrides it.
	if os.Getenv("GOMEMLIMIT") == "" {
		rdebug.SetMemoryLimit(defaultMemoryLimit)
	}

	err := providerserver.Serve(context.Background(), provider.New(version), providerserver.ServeOpts{
		Address: "registry.terraform.io/hdikafka/hdikafka",
		Debug:   debug,
	})
	if err != nil {
		log.Fatal(err)
	}
}
