// Harness for the official SailPoint Go SDK (github.com/sailpoint-oss/golang-sdk/v2,
// pinned in go.mod) against a real recertd: like tests/api/lib.mjs, each
// server is recertd on a free loopback port with a fresh temporary store into
// which `recertd import` loaded tests/api/fixture.mjs (read through node, so the
// suites share one fixture). RECERTD names the binary (default build/recertd).
//
// Every test names the beta operationIds it exercises with ops(t, ...); at the
// end the operations, and whether every test exercising them passed, go to
// build/sdk/go.json for scripts/sdk-matrix.mjs.
package sdktest

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	retryablehttp "github.com/hashicorp/go-retryablehttp"
	sailpoint "github.com/sailpoint-oss/golang-sdk/v2"
)

var (
	root    string
	recertd string
	fixture map[string]any
	secret  string
)

type opStat struct {
	Passed int      `json:"passed"`
	Failed int      `json:"failed"`
	Tests  []string `json:"tests"`
}

var (
	opsMu sync.Mutex
	opsBy = map[string]*opStat{}
)

// ops records, when t ends, that t exercised the given operations and whether it passed.
func ops(t *testing.T, ids ...string) {
	t.Cleanup(func() {
		opsMu.Lock()
		defer opsMu.Unlock()
		for _, id := range ids {
			s := opsBy[id]
			if s == nil {
				s = &opStat{}
				opsBy[id] = s
			}
			if t.Failed() || t.Skipped() {
				s.Failed++
			} else {
				s.Passed++
			}
			s.Tests = append(s.Tests, t.Name())
		}
	})
}

// sdkVersion is the SDK version go.mod pins (test binaries carry no dependency build info).
func sdkVersion() string {
	b, err := os.ReadFile("go.mod")
	if err == nil {
		if m := regexp.MustCompile(`(?m)^\s*github\.com/sailpoint-oss/golang-sdk/v2 v(\S+)`).FindSubmatch(b); m != nil {
			return string(m[1])
		}
	}
	return "unknown"
}

func TestMain(m *testing.M) {
	wd, _ := os.Getwd()
	root = filepath.Clean(filepath.Join(wd, "..", "..", ".."))
	recertd = os.Getenv("RECERTD")
	if recertd == "" {
		recertd = filepath.Join(root, "build", "recertd")
	}
	script := fmt.Sprintf("import('file://%s').then((m) => process.stdout.write(JSON.stringify({doc: m.doc, secret: m.SECRET})))",
		filepath.Join(root, "tests", "api", "fixture.mjs"))
	out, err := exec.Command("node", "--input-type=module", "-e", script).Output()
	if err != nil {
		fmt.Fprintln(os.Stderr, "reading the fixture:", err)
		os.Exit(2)
	}
	var f struct {
		Doc    map[string]any `json:"doc"`
		Secret string         `json:"secret"`
	}
	if err := json.Unmarshal(out, &f); err != nil {
		fmt.Fprintln(os.Stderr, "fixture:", err)
		os.Exit(2)
	}
	fixture, secret = f.Doc, f.Secret

	code := m.Run()

	dir := os.Getenv("SDK_REPORT_DIR")
	if dir == "" {
		dir = filepath.Join(root, "build", "sdk")
	}
	_ = os.MkdirAll(dir, 0o755)
	names := make([]string, 0, len(opsBy))
	for k := range opsBy {
		names = append(names, k)
	}
	sort.Strings(names)
	report := map[string]any{
		"sdk": "Go", "package": "github.com/sailpoint-oss/golang-sdk/v2", "version": sdkVersion(),
		"generated": time.Now().UTC().Format(time.RFC3339), "complete": code == 0 && !runFiltered(),
		"operations": opsBy,
	}
	b, _ := json.MarshalIndent(report, "", "  ")
	_ = os.WriteFile(filepath.Join(dir, "go.json"), append(b, '\n'), 0o644)
	os.Exit(code)
}

func runFiltered() bool {
	for _, a := range os.Args {
		if strings.HasPrefix(a, "-test.run") || strings.HasPrefix(a, "-test.skip") {
			return true
		}
	}
	return false
}

type server struct {
	base string
	cmd  *exec.Cmd
	mu   sync.Mutex
	log  strings.Builder
}

func (s *server) Log() string { s.mu.Lock(); defer s.mu.Unlock(); return s.log.String() }

var listenRe = regexp.MustCompile(`on (http://[\d.]+:\d+)`)

// startServer runs recertd serve on a fresh store with the fixture; it is
// stopped (and must exit 0) when t ends.
func startServer(t *testing.T, args ...string) *server {
	t.Helper()
	dir := t.TempDir()
	db := filepath.Join(dir, "test.db")
	org := filepath.Join(dir, "org.json")
	b, _ := json.Marshal(fixture)
	if err := os.WriteFile(org, b, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command(recertd, "import", "--db", "sqlite:"+db, org).CombinedOutput(); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	s := &server{}
	s.cmd = exec.Command(recertd, append([]string{"serve", "--db", "sqlite:" + db, "--listen", "127.0.0.1:0"}, args...)...)
	stderr, err := s.cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	found := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		sent := false
		for sc.Scan() {
			line := sc.Text()
			s.mu.Lock()
			s.log.WriteString(line + "\n")
			s.mu.Unlock()
			if m := listenRe.FindStringSubmatch(line); m != nil && !sent {
				found <- m[1]
				sent = true
			}
		}
		close(found)
	}()
	select {
	case base, ok := <-found:
		if !ok {
			t.Fatalf("recertd exited:\n%s", s.Log())
		}
		s.base = base
	case <-time.After(15 * time.Second):
		_ = s.cmd.Process.Kill()
		t.Fatalf("recertd did not start:\n%s", s.Log())
	}
	t.Cleanup(func() {
		_ = s.cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- s.cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("recertd exited with %v:\n%s", err, s.Log())
			}
		case <-time.After(15 * time.Second):
			_ = s.cmd.Process.Kill()
			t.Errorf("recertd did not stop")
		}
	})
	return s
}

// client is an SDK client acting as clientID, configured as a user would
// (SAIL_BASE_URL/SAIL_CLIENT_ID/SAIL_CLIENT_SECRET through NewDefaultConfiguration).
// The HTTP client is the SDK's own (go-retryablehttp), bounded: 10 s per
// attempt, 2 retries, waits of at most 3 s (Retry-After included), no logging.
func client(t *testing.T, s *server, clientID string) *sailpoint.APIClient {
	t.Helper()
	t.Setenv("SAIL_BASE_URL", s.base)
	t.Setenv("SAIL_CLIENT_ID", clientID)
	t.Setenv("SAIL_CLIENT_SECRET", secret)
	cfg := sailpoint.NewDefaultConfiguration()
	if cfg.ClientConfiguration.TokenURL != s.base+"/oauth/token" {
		t.Fatalf("token URL %q", cfg.ClientConfiguration.TokenURL)
	}
	hc := retryablehttp.NewClient()
	hc.Logger = nil
	hc.RetryMax = 2
	hc.RetryWaitMax = 3 * time.Second
	hc.HTTPClient.Timeout = 10 * time.Second
	cfg.HTTPClient = hc
	return sailpoint.NewAPIClient(cfg)
}

func status(r *http.Response) int {
	if r == nil {
		return 0
	}
	return r.StatusCode
}
