package provider

import (
	"context"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	resschema "github.com/hashicorp/terraform-plugin-framework/resource/schema"
)

// The docs are generated from MarkdownDescription: every attribute needs one.
func TestSchemaMarkdownDescriptions(t *testing.T) {
	ctx := context.Background()

	var presp provider.SchemaResponse
	New("test")().Schema(ctx, provider.SchemaRequest{}, &presp)
	if presp.Schema.MarkdownDescription == "" {
		t.Error("provider schema has no MarkdownDescription")
	}
	if len(presp.Schema.Attributes) != 25 {
		t.Errorf("provider schema has %d attributes, want the 25 of DESIGN.md's table", len(presp.Schema.Attributes))
	}
	for name, a := range presp.Schema.Attributes {
		if a.GetMarkdownDescription() == "" {
			t.Errorf("provider attribute %q has no MarkdownDescription", name)
		}
	}

	for _, newRes := range []func() resource.Resource{NewTopicResource} {
		var mresp resource.MetadataResponse
		r := newRes()
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "hdikafka"}, &mresp)
		var sresp resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &sresp)
		if sresp.Schema.MarkdownDescription == "" {
			t.Errorf("%s has no MarkdownDescription", mresp.TypeName)
		}
		for name, a := range sresp.Schema.Attributes {
			if a.GetMarkdownDescription() == "" {
				t.Errorf("%s attribute %q has no MarkdownDescription", mresp.TypeName, name)
			}
		}
		for name, b := range sresp.Schema.Blocks {
			if b.GetMarkdownDescription() == "" {
				t.Errorf("%s block %q has no MarkdownDescription", mresp.TypeName, name)
			}
			nb, ok := b.(resschema.SingleNestedBlock)
			if !ok {
				t.Errorf("%s block %q is a %T, want SingleNestedBlock", mresp.TypeName, name, b)
				continue
			}
			for an, a := range nb.Attributes {
				if a.GetMarkdownDescription() == "" {
					t.Errorf("%s attribute %s.%s has no MarkdownDescription", mresp.TypeName, name, an)
				}
			}
		}
	}
}

func TestSchemaSensitiveAttributes(t *testing.T) {
	var presp provider.SchemaResponse
	New("test")().Schema(context.Background(), provider.SchemaRequest{}, &presp)
	want := map[string]bool{"client_secret": true, "client_certificate": true, "client_certificate_password": true,
		"oidc_token": true, "oidc_request_token": true}
	for name, a := range presp.Schema.Attributes {
		if a.IsSensitive() != want[name] {
			t.Errorf("provider attribute %q: sensitive = %v, want %v", name, a.IsSensitive(), want[name])
		}
	}
}
