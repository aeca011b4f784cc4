package logenv

import (
	"context"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
)

// DetachRequestContexts wraps a protocol 6 provider server so that every RPC reaches it with a
// context that has the RPC's cancellation (and deadline, if any) but none of its values. Use it only
// when SwitchOffUnrequested switched the loggers off: the values of an RPC's context are the plugin
// SDK's per-request logging state, which the framework's server (proto6server.registerContext in
// terraform-plugin-framework v1.19) keeps reachable until StopProvider, so that a provider process
// otherwise holds the logging state of every RPC it served: 30-60 MB live heap in the middle of a
// plan of 500 topics (issue 10, item 4). Without those values the SDK's and the provider's log
// calls are no-ops.
//
// The wrapper serves the 23 RPCs of tfprotov6.ProviderServer; list resources, actions and state
// stores are not forwarded (this provider defines none; TestProviderHasNoOptionalServers guards it).
func DetachRequestContexts(next func() tfprotov6.ProviderServer) func() tfprotov6.ProviderServer {
	return func() tfprotov6.ProviderServer { return detachedServer{next: next()} }
}

// detach returns a context without values that is cancelled, with the same cause, when ctx is done,
// and that has ctx's deadline.
func detach(ctx context.Context) context.Context {
	d, cancel := context.WithCancelCause(context.Background())
	context.AfterFunc(ctx, func() { cancel(context.Cause(ctx)) })
	if deadline, ok := ctx.Deadline(); ok {
		var stop context.CancelFunc
		d, stop = context.WithDeadline(d, deadline) // cancelled with the cause above, or at the deadline
		context.AfterFunc(d, stop)                  // then releases its timer
	}
	return d
}

// call runs one RPC with a detached context.
func call[Req, Resp any](ctx context.Context, req Req, rpc func(context.Context, Req) (Resp, error)) (Resp, error) {
	return rpc(detach(ctx), req)
}

type detachedServer struct{ next tfprotov6.ProviderServer }

var _ tfprotov6.ProviderServer = detachedServer{}

func (s detachedServer) GetMetadata(ctx context.Context, r *tfprotov6.GetMetadataRequest) (*tfprotov6.GetMetadataResponse, error) {
	return call(ctx, r, s.next.GetMetadata)
}

func (s detachedServer) GetProviderSchema(ctx context.Context, r *tfprotov6.GetProviderSchemaRequest) (*tfprotov6.GetProviderSchemaResponse, error) {
	return call(ctx, r, s.next.GetProviderSchema)
}

func (s detachedServer) GetResourceIdentitySchemas(ctx context.Context, r *tfprotov6.GetResourceIdentitySchemasRequest) (*tfprotov6.GetResourceIdentitySchemasResponse, error) {
	return call(ctx, r, s.next.GetResourceIdentitySchemas)
}

func (s detachedServer) ValidateProviderConfig(ctx context.Context, r *tfprotov6.ValidateProviderConfigRequest) (*tfprotov6.ValidateProviderConfigResponse, error) {
	return call(ctx, r, s.next.ValidateProviderConfig)
}

func (s detachedServer) ConfigureProvider(ctx context.Context, r *tfprotov6.ConfigureProviderRequest) (*tfprotov6.ConfigureProviderResponse, error) {
	return call(ctx, r, s.next.ConfigureProvider)
}

func (s detachedServer) StopProvider(ctx context.Context, r *tfprotov6.StopProviderRequest) (*tfprotov6.StopProviderResponse, error) {
	return call(ctx, r, s.next.StopProvider)
}

func (s detachedServer) ValidateResourceConfig(ctx context.Context, r *tfprotov6.ValidateResourceConfigRequest) (*tfprotov6.ValidateResourceConfigResponse, error) {
	return call(ctx, r, s.next.ValidateResourceConfig)
}

func (s detachedServer) UpgradeResourceState(ctx context.Context, r *tfprotov6.UpgradeResourceStateRequest) (*tfprotov6.UpgradeResourceStateResponse, error) {
	return call(ctx, r, s.next.UpgradeResourceState)
}

func (s detachedServer) ReadResource(ctx context.Context, r *tfprotov6.ReadResourceRequest) (*tfprotov6.ReadResourceResponse, error) {
	return call(ctx, r, s.next.ReadResource)
}

func (s detachedServer) PlanResourceChange(ctx context.Context, r *tfprotov6.PlanResourceChangeRequest) (*tfprotov6.PlanResourceChangeResponse, error) {
	return call(ctx, r, s.next.PlanResourceChange)
}

func (s detachedServer) ApplyResourceChange(ctx context.Context, r *tfprotov6.ApplyResourceChangeRequest) (*tfprotov6.ApplyResourceChangeResponse, error) {
	return call(ctx, r, s.next.ApplyResourceChange)
}

func (s detachedServer) ImportResourceState(ctx context.Context, r *tfprotov6.ImportResourceStateRequest) (*tfprotov6.ImportResourceStateResponse, error) {
	return call(ctx, r, s.next.ImportResourceState)
}

func (s detachedServer) MoveResourceState(ctx context.Context, r *tfprotov6.MoveResourceStateRequest) (*tfprotov6.MoveResourceStateResponse, error) {
	return call(ctx, r, s.next.MoveResourceState)
}

func (s detachedServer) UpgradeResourceIdentity(ctx context.Context, r *tfprotov6.UpgradeResourceIdentityRequest) (*tfprotov6.UpgradeResourceIdentityResponse, error) {
	return call(ctx, r, s.next.UpgradeResourceIdentity)
}

func (s detachedServer) GenerateResourceConfig(ctx context.Context, r *tfprotov6.GenerateResourceConfigRequest) (*tfprotov6.GenerateResourceConfigResponse, error) {
	return call(ctx, r, s.next.GenerateResourceConfig)
}

func (s detachedServer) ValidateDataResourceConfig(ctx context.Context, r *tfprotov6.ValidateDataResourceConfigRequest) (*tfprotov6.ValidateDataResourceConfigResponse, error) {
	return call(ctx, r, s.next.ValidateDataResourceConfig)
}

func (s detachedServer) ReadDataSource(ctx context.Context, r *tfprotov6.ReadDataSourceRequest) (*tfprotov6.ReadDataSourceResponse, error) {
	return call(ctx, r, s.next.ReadDataSource)
}

func (s detachedServer) GetFunctions(ctx context.Context, r *tfprotov6.GetFunctionsRequest) (*tfprotov6.GetFunctionsResponse, error) {
	return call(ctx, r, s.next.GetFunctions)
}

func (s detachedServer) CallFunction(ctx context.Context, r *tfprotov6.CallFunctionRequest) (*tfprotov6.CallFunctionResponse, error) {
	return call(ctx, r, s.next.CallFunction)
}

func (s detachedServer) ValidateEphemeralResourceConfig(ctx context.Context, r *tfprotov6.ValidateEphemeralResourceConfigRequest) (*tfprotov6.ValidateEphemeralResourceConfigResponse, error) {
	return call(ctx, r, s.next.ValidateEphemeralResourceConfig)
}

func (s detachedServer) OpenEphemeralResource(ctx context.Context, r *tfprotov6.OpenEphemeralResourceRequest) (*tfprotov6.OpenEphemeralResourceResponse, error) {
	return call(ctx, r, s.next.OpenEphemeralResource)
}

func (s detachedServer) RenewEphemeralResource(ctx context.Context, r *tfprotov6.RenewEphemeralResourceRequest) (*tfprotov6.RenewEphemeralResourceResponse, error) {
	return call(ctx, r, s.next.RenewEphemeralResource)
}

func (s detachedServer) CloseEphemeralResource(ctx context.Context, r *tfprotov6.CloseEphemeralResourceRequest) (*tfprotov6.CloseEphemeralResourceResponse, error) {
	return call(ctx, r, s.next.CloseEphemeralResource)
}
