package logenv_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	fwprovider "github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"

	"github.com/hdikafka/terraform-provider-hdikafka/internal/logenv"
	"github.com/hdikafka/terraform-provider-hdikafka/internal/provider"
)

// deadlineCounter is a request context that counts Deadline calls: detaching reads the request's
// deadline once, and the framework's server never does (terraform-plugin-framework v1.19 has no
// Deadline, WithDeadline or WithTimeout call), so a count of zero means an RPC skipped detaching.
type deadlineCounter struct {
	context.Context
	n *int
}

func (c deadlineCounter) Deadline() (time.Time, bool) {
	*c.n++
	return c.Context.Deadline()
}

// TestDetachRequestContextsCoversEveryRPC calls every RPC of tfprotov6.ProviderServer on the wrapper
// around the framework's server of this provider (with empty requests, which the framework may
// answer with an error or a panic) and checks that each RPC detached the request's context first.
func TestDetachRequestContextsCoversEveryRPC(t *testing.T) {
	server := logenv.DetachRequestContexts(providerserver.NewProtocol6(provider.New("test")()))()
	iface := reflect.TypeOf((*tfprotov6.ProviderServer)(nil)).Elem()
	v := reflect.ValueOf(server)
	for i := range iface.NumMethod() {
		m := iface.Method(i)
		t.Run(m.Name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			n := 0
			func() {
				defer func() { _ = recover() }() // an empty request may crash the framework
				v.MethodByName(m.Name).Call([]reflect.Value{reflect.ValueOf(deadlineCounter{ctx, &n}), reflect.Zero(m.Type.In(1))})
			}()
			if n == 0 {
				t.Errorf("%s reached the framework without detaching the request's context", m.Name)
			}
		})
	}
}

// TestProviderHasNoOptionalServers guards DetachRequestContexts, which forwards only the RPCs of
// tfprotov6.ProviderServer: list resources, actions and state stores would need theirs.
func TestProviderHasNoOptionalServers(t *testing.T) {
	p := provider.New("test")()
	if _, ok := p.(fwprovider.ProviderWithListResources); ok {
		t.Error("the provider defines list resources: forward their RPCs in logenv.DetachRequestContexts")
	}
	if _, ok := p.(fwprovider.ProviderWithActions); ok {
		t.Error("the provider defines actions: forward their RPCs in logenv.DetachRequestContexts")
	}
	if _, ok := p.(fwprovider.ProviderWithStateStores); ok {
		t.Error("the provider defines state stores: forward their RPCs in logenv.DetachRequestContexts")
	}
}
