package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"
)

// unitFunction is a provider-defined function that turns one string with human units into the
// decimal string a topic property takes; the conversion and its rules live in internal/topicconfig.
type unitFunction struct {
	name        string // e.g. "duration_ms"
	summary     string
	description string // Markdown
	param       function.StringParameter
	convert     func(string) (string, error)
}

var _ function.Function = (*unitFunction)(nil)

// providerFunctions lists the provider-defined functions (Terraform 1.8+, OpenTofu 1.7+).
func providerFunctions() []func() function.Function {
	return []func() function.Function{newDurationMsFunction, newSizeBytesFunction}
}

func (f *unitFunction) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = f.name
}

func (f *unitFunction) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary:             f.summary,
		MarkdownDescription: f.description,
		Parameters:          []function.Parameter{f.param},
		Return:              function.StringReturn{},
	}
}

// Run reads the argument, converts it and sets the result; a value the conversion refuses is an
// argument error naming the function, the value and (in the conversion's text) the accepted forms.
func (f *unitFunction) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var in string
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &in))
	if resp.Error != nil {
		return
	}
	out, err := f.convert(in)
	if err != nil {
		resp.Error = funcErrorInvalidArgument(f.name, in, err)
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Result.Set(ctx, out))
}
