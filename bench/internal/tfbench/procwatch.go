package tfbench

import (
	"bufio"
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// ProcWatch samples the provider processes started during one phase: their
// peak resident set (VmHWM from /proc/<pid>/status) and which client ports
// (connections to the emulator) belong to which process. With GNU time in the
// wrapper it also sums the CPU time of the processes that exited.
type ProcWatch struct {
	pidLog   string
	skip     int // pid log lines that predate this phase
	resLog   string
	resSkip  int // resource log lines that predate this phase
	port     int // emulator port
	interval time.Duration

	mu      sync.Mutex
	pids    []int
	hwm     map[int]int64 // bytes
	portPID map[int]int
	samples int

	cancel context.CancelFunc
	done   chan struct{}
}

// ProcStats is what a ProcWatch saw.
type ProcStats struct {
	PIDs     []int         // provider processes started during the phase
	PeakRSS  int64         // max VmHWM over them, bytes
	HWM      map[int]int64 // per pid, bytes (processes seen alive at least once)
	PortPID  map[int]int   // client port → pid
	Samples  int
	Interval time.Duration

	// From GNU time, over the provider processes that exited during the phase
	// (Measured of them); CPUSeconds is -1 without /usr/bin/time.
	CPUSeconds float64 // user + system
	MaxRSS     int64   // bytes, exact (not sampled)
	Measured   int
}

// WatchProviders starts sampling every interval until Stop.
func WatchProviders(ov *Override, emulatorURL string, interval time.Duration) (*ProcWatch, error) {
	u, err := url.Parse(emulatorURL)
	if err != nil {
		return nil, fmt.Errorf("emulator URL %q: %w", emulatorURL, err)
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		return nil, fmt.Errorf("emulator URL %q has no numeric port", emulatorURL)
	}
	w := &ProcWatch{pidLog: ov.PIDLog, port: port, interval: interval, hwm: map[int]int64{}, portPID: map[int]int{}, done: make(chan struct{})}
	w.skip = len(readPIDs(ov.PIDLog))
	if ov.ResourceLog != "" {
		w.resLog = ov.ResourceLog
		w.resSkip = len(readResources(ov.ResourceLog))
	}
	ctx, cancel := context.WithCancel(context.Background())
	w.cancel = cancel
	go w.loop(ctx)
	return w, nil
}

func (w *ProcWatch) loop(ctx context.Context) {
	defer close(w.done)
	t := time.NewTicker(w.interval)
	defer t.Stop()
	for {
		w.sample()
		select {
		case <-ctx.Done():
			w.sample()
			return
		case <-t.C:
		}
	}
}

// Stop ends sampling and returns the statistics.
func (w *ProcWatch) Stop() ProcStats {
	w.cancel()
	<-w.done
	w.mu.Lock()
	defer w.mu.Unlock()
	st := ProcStats{PIDs: append([]int(nil), w.pids...), HWM: map[int]int64{}, PortPID: map[int]int{}, Samples: w.samples, Interval: w.interval}
	for p, v := range w.hwm {
		st.HWM[p] = v
		st.PeakRSS = max(st.PeakRSS, v)
	}
	for k, v := range w.portPID {
		st.PortPID[k] = v
	}
	st.CPUSeconds = -1
	if w.resLog != "" {
		// GNU time writes its line after the provider exits, which terraform
		// waits for; allow a moment for the last one.
		var rs []resources
		for deadline := time.Now().Add(3 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			rs = readResources(w.resLog)[w.resSkip:]
			if len(rs) >= len(st.PIDs) || time.Now().After(deadline) {
				break
			}
		}
		st.CPUSeconds = 0
		for _, r := range rs {
			st.CPUSeconds += r.cpu
			st.MaxRSS = max(st.MaxRSS, r.maxRSS)
		}
		st.Measured = len(rs)
		st.PeakRSS = max(st.PeakRSS, st.MaxRSS)
	}
	return st
}

// resources is one GNU time line of a provider process.
type resources struct {
	maxRSS int64   // bytes
	cpu    float64 // user + system seconds
}

// readResources parses the "%M %U %S" lines of path; other lines (GNU time
// prefixes "Command exited with non-zero status N" or "Command terminated by
// signal N") are skipped.
func readResources(path string) []resources {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var out []resources
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) != 3 {
			continue
		}
		kb, err1 := strconv.ParseInt(f[0], 10, 64)
		user, err2 := strconv.ParseFloat(f[1], 64)
		sys, err3 := strconv.ParseFloat(f[2], 64)
		if err1 != nil || err2 != nil || err3 != nil {
			continue
		}
		out = append(out, resources{maxRSS: kb * 1024, cpu: user + sys})
	}
	return out
}

func (w *ProcWatch) sample() {
	all := readPIDs(w.pidLog)
	var pids []int
	if len(all) > w.skip {
		pids = all[w.skip:]
	}
	conns := clientSockets(w.port) // inode → local port
	w.mu.Lock()
	defer w.mu.Unlock()
	w.samples++
	w.pids = pids
	for _, pid := range pids {
		if v, ok := vmHWM(pid); ok && v > w.hwm[pid] {
			w.hwm[pid] = v
		}
		for _, inode := range socketInodes(pid) {
			if lport, ok := conns[inode]; ok {
				w.portPID[lport] = pid
			}
		}
	}
}

func readPIDs(path string) []int {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil
	}
	var out []int
	for _, f := range strings.Fields(string(b)) {
		if n, err := strconv.Atoi(f); err == nil {
			out = append(out, n)
		}
	}
	return out
}

// vmHWM reads the peak resident set of pid in bytes.
func vmHWM(pid int) (int64, bool) {
	f, err := os.Open(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			fields := strings.Fields(rest) // "12345 kB"
			if len(fields) >= 1 {
				if kb, err := strconv.ParseInt(fields[0], 10, 64); err == nil {
					return kb * 1024, true
				}
			}
		}
	}
	return 0, false
}

// socketInodes lists the socket inodes among pid's open files.
func socketInodes(pid int) []string {
	dir := filepath.Join("/proc", strconv.Itoa(pid), "fd")
	ents, err := os.ReadDir(dir)
	if err != nil {
		return nil
	}
	var out []string
	for _, e := range ents {
		target, err := os.Readlink(filepath.Join(dir, e.Name()))
		if err != nil {
			continue
		}
		if inode, ok := strings.CutPrefix(target, "socket:["); ok {
			out = append(out, strings.TrimSuffix(inode, "]"))
		}
	}
	return out
}

// clientSockets maps the inode of every IPv4 TCP socket connected to the
// given remote port to its local port.
func clientSockets(remotePort int) map[string]int {
	out := map[string]int{}
	for _, file := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		f, err := os.Open(file)
		if err != nil {
			continue
		}
		sc := bufio.NewScanner(f)
		sc.Scan() // header
		for sc.Scan() {
			fields := strings.Fields(sc.Text())
			if len(fields) < 10 {
				continue
			}
			lport, ok1 := hexPort(fields[1])
			rport, ok2 := hexPort(fields[2])
			if ok1 && ok2 && rport == remotePort {
				out[fields[9]] = lport
			}
		}
		_ = f.Close()
	}
	return out
}

func hexPort(addr string) (int, bool) {
	i := strings.LastIndexByte(addr, ':')
	if i < 0 {
		return 0, false
	}
	n, err := strconv.ParseInt(addr[i+1:], 16, 32)
	return int(n), err == nil
}
