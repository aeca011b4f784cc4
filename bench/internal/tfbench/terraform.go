package tfbench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Runner runs terraform commands in one working directory.
type Runner struct {
	Terraform string // terraform binary
	Dir       string // working directory with main.tf
	Env       []string
}

// NewRunner prepares a working directory dir for terraform with the given
// override and emulator.
func NewRunner(terraform, dir string, ov *Override, emu *Emulator) (*Runner, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("creating %s: %w", dir, err)
	}
	env := append(cleanEnv(),
		"TF_CLI_CONFIG_FILE="+ov.CLIConfig,
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
		"CHECKPOINT_DISABLE=1",
	)
	env = append(env, emu.ProviderEnv()...)
	return &Runner{Terraform: terraform, Dir: dir, Env: env}, nil
}

// WithEnv returns a copy of the runner whose commands also get env
// ("NAME=value" entries; later entries win).
func (r *Runner) WithEnv(env ...string) *Runner {
	c := *r
	c.Env = append(append([]string(nil), r.Env...), env...)
	return &c
}

// Result of one terraform command.
type Result struct {
	Args     []string
	ExitCode int
	Duration time.Duration
	Output   string
}

// Tail returns the last n lines of the output.
func (r Result) Tail(n int) string {
	lines := strings.Split(strings.TrimRight(r.Output, "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// Err is nil for exit code 0 (or 2 with -detailed-exitcode when allowed),
// else an error with the output's tail.
func (r Result) Err() error {
	if r.ExitCode == 0 {
		return nil
	}
	return fmt.Errorf("terraform %s exited with %d after %s:\n%s", strings.Join(r.Args, " "), r.ExitCode, r.Duration.Round(time.Millisecond), r.Tail(40))
}

// Running is a terraform command in progress.
type Running struct {
	cmd   *exec.Cmd
	args  []string
	start time.Time
	out   *lockedBuffer
	done  chan struct{}
	res   Result
}

// Start starts terraform with args (-no-color is added after the subcommand,
// before any positional argument).
func (r *Runner) Start(ctx context.Context, args ...string) (*Running, error) {
	if len(args) == 0 {
		return nil, errors.New("terraform: no subcommand")
	}
	args = append([]string{args[0], "-no-color"}, args[1:]...)
	cmd := exec.CommandContext(ctx, r.Terraform, args...)
	cmd.Dir = r.Dir
	cmd.Env = r.Env
	out := &lockedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	cmd.WaitDelay = 10 * time.Second
	run := &Running{cmd: cmd, args: args, out: out, done: make(chan struct{})}
	run.start = time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting terraform %s: %w", strings.Join(args, " "), err)
	}
	go func() {
		err := cmd.Wait()
		run.res = Result{Args: args, Duration: time.Since(run.start), Output: out.String()}
		var ee *exec.ExitError
		switch {
		case err == nil:
		case errors.As(err, &ee):
			run.res.ExitCode = ee.ExitCode()
		default:
			run.res.ExitCode = -1
			run.res.Output += "\n" + err.Error()
		}
		logFile := filepath.Join(r.Dir, "terraform-"+args[0]+".log")
		f, ferr := os.OpenFile(logFile, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
		if ferr == nil {
			fmt.Fprintf(f, "=== terraform %s (exit %d, %s)\n%s\n", strings.Join(args, " "), run.res.ExitCode, run.res.Duration, run.res.Output)
			_ = f.Close()
		}
		close(run.done)
	}()
	return run, nil
}

// Run runs terraform with args to completion.
func (r *Runner) Run(ctx context.Context, args ...string) (Result, error) {
	run, err := r.Start(ctx, args...)
	if err != nil {
		return Result{}, err
	}
	return run.Wait(), nil
}

// Apply runs terraform apply -auto-approve -input=false.
func (r *Runner) Apply(ctx context.Context) (Result, error) {
	return r.Run(ctx, "apply", "-auto-approve", "-input=false")
}

// Plan runs terraform plan -detailed-exitcode -input=false (exit 0 = no changes, 2 = changes).
func (r *Runner) Plan(ctx context.Context) (Result, error) {
	return r.Run(ctx, "plan", "-detailed-exitcode", "-input=false")
}

// Interrupt sends SIGINT to terraform (as Ctrl-C would).
func (run *Running) Interrupt() error {
	return run.cmd.Process.Signal(os.Interrupt)
}

// Done is closed when the command has exited.
func (run *Running) Done() <-chan struct{} { return run.done }

// Wait waits for the command to exit.
func (run *Running) Wait() Result {
	<-run.done
	return run.res
}

// Output is the output so far.
func (run *Running) Output() string { return run.out.String() }

type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// StateResources counts the resources of a saved plan's prior state (the
// state as the plan's refresh left it): terraform show -json PLANFILE.
func (r *Runner) StateResources(ctx context.Context, planFile string) (int, error) {
	res, err := r.Run(ctx, "show", "-json", planFile)
	if err != nil {
		return 0, err
	}
	if res.ExitCode != 0 {
		return 0, res.Err()
	}
	var plan struct {
		PriorState struct {
			Values struct {
				RootModule struct {
					Resources []json.RawMessage `json:"resources"`
				} `json:"root_module"`
			} `json:"values"`
		} `json:"prior_state"`
	}
	// The JSON document is the output's only line starting with "{".
	doc := res.Output
	if i := strings.Index(doc, "\n{"); i >= 0 && !strings.HasPrefix(doc, "{") {
		doc = doc[i+1:]
	}
	if err := json.Unmarshal([]byte(strings.TrimSpace(doc)), &plan); err != nil {
		return 0, fmt.Errorf("terraform show -json %s: %w", planFile, err)
	}
	return len(plan.PriorState.Values.RootModule.Resources), nil
}
