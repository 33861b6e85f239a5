package report

import (
	"cmp"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/blastradius/blastradius/catalog"
	"github.com/blastradius/blastradius/graph"
	"github.com/blastradius/blastradius/internal/phrase"
)

// The limits of GitHub code scanning on an uploaded SARIF file, from
// "SARIF results exceed one or more limits"
// (https://docs.github.com/en/code-security/code-scanning/troubleshooting-sarif-uploads/results-exceed-limit):
// a run may hold 25,000 results, of which only the top 5,000 are kept; 25,000
// rules; 1,000 locations per result, of which only 100 are kept. And from
// "SARIF file is too large"
// (https://docs.github.com/en/code-security/how-tos/scan-code-for-vulnerabilities/troubleshooting/troubleshooting-sarif-uploads/file-too-large):
// an upload may be at most 10 MB, gzip-compressed.
//
// The writer keeps within the kept counts, so that what is cut is its
// choice and the log says so; it holds the file to 8,000,000 bytes
// uncompressed, under 10 MB whatever the uploader's gzip makes of it; and
// it shortens messages to 1,000 characters (its own bound: GitHub states
// none, but a catalog id has no length limit).
var githubLimits = sarifLimits{
	results: 5000,  // results per run GitHub keeps (it rejects more than 25,000)
	rules:   25000, // rules per run
	related: 99,    // related locations per result: with the result's own, the 100 locations GitHub keeps
	message: 1000,  // characters per message
	bytes:   8_000_000,
}

// sarifLimits bound a SARIF log; the tests shrink them.
type sarifLimits struct {
	results, rules, related, message, bytes int
}

// SARIFOptions say where the SARIF log places the catalog's files and
// which lint rules ran.
type SARIFOptions struct {
	// Root is the absolute directory that file locations are written
	// relative to, through the uri base id %SRCROOT%, which the run
	// declares (and describes, without spelling out the path, so that the
	// log is the same in every clone) in originalUriBaseIds: for GitHub
	// code scanning, the top-level directory of the repository (see
	// SARIFOptionsFor). A file outside Root is written as an absolute
	// file:// URI. Empty: relative file names are written as they are,
	// without a base, and absolute ones as file:// URIs.
	Root string
	// WorkDir is the absolute directory that relative file names of the
	// catalog are relative to: the working directory catalog.Load ran in.
	// Empty: Root.
	WorkDir string
	// LintRules are the lint rules that ran (graph.LintRules with the ids
	// passed to graph.Lint): the rules array lists them even when they
	// found nothing. Nil: it lists the lint rules of the findings only.
	LintRules []catalog.LintRule
	// ToolVersion is the version of blastradius, written as the driver's
	// version, without the "v" of a Go module version ("v1.2.3" is
	// written "1.2.3": SARIF consumers compare versions that start with a
	// number); empty: none.
	ToolVersion string
}

// check reports options that cannot place a file.
func (o SARIFOptions) check() error {
	for _, d := range []struct{ name, dir string }{{"Root", o.Root}, {"WorkDir", o.WorkDir}} {
		if d.dir != "" && !filepath.IsAbs(d.dir) {
			return fmt.Errorf("report: SARIFOptions.%s %q is not an absolute path", d.name, d.dir)
		}
	}
	if o.WorkDir != "" && o.Root == "" {
		return fmt.Errorf("report: SARIFOptions.WorkDir is set but Root is not")
	}
	return nil
}

// srcRoot is the uri base id of the files below SARIFOptions.Root, the
// one GitHub's and Microsoft's tools use for the root of the sources.
const srcRoot = "%SRCROOT%"

// WriteSARIF writes the verdict on a catalog's policies and its lint
// findings as a SARIF 2.1.0 log for GitHub code scanning: a rule per policy
// (policy/ID) and per lint rule (lint/ID) that ran or found something, an
// error per policy violation, located at the offending customer with the
// policy as a related location, and a warning per lint finding.
//
// The log stays within GitHub's limits: at most 5,000 results, errors
// before warnings, each rule keeping an equal share of what is left (the
// first violations of a policy, the first findings of a lint rule); at
// most 25,000 rules; short messages; at most 8 MB. What it cuts, it says in
// invocations[0].toolExecutionNotifications and in the run's properties.
// Every catalog string is escaped for SARIF messages, and file locations
// are valid URIs (see SARIFOptions). The same input gives the same bytes.
func WriteSARIF(w io.Writer, cat *catalog.Catalog, r CheckResults, opt SARIFOptions) error {
	if err := opt.check(); err != nil {
		return err
	}
	b, err := sarifJSON(cat, r, opt, githubLimits)
	if err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// sarifJSON builds the log within lim, leaving out results (then rules)
// until its encoding fits lim.bytes.
func sarifJSON(cat *catalog.Catalog, r CheckResults, opt SARIFOptions, lim sarifLimits) ([]byte, error) {
	sizeCut := false
	for {
		log := newSARIF(cat, r, opt, lim, sizeCut)
		b, err := indentJSON(log, "")
		if err != nil || len(b) <= lim.bytes {
			return b, err
		}
		// Shrink in proportion, and by one at least, so that the loop ends.
		shrink := func(n int) int { return min(n-1, int(int64(n)*int64(lim.bytes)/int64(len(b))*9/10)) }
		kept := len(log.Runs[0].Results)
		listed := len(log.Runs[0].Tool.Driver.Rules)
		switch {
		case kept > 0:
			lim.results = max(shrink(kept), 0)
		case listed > 0:
			lim.rules = max(shrink(listed), 0)
		default:
			return b, nil // nothing left to cut
		}
		sizeCut = true
	}
}

// The SARIF 2.1.0 objects blastradius writes.
type (
	sarifLog struct {
		Schema  string     `json:"$schema"`
		Version string     `json:"version"`
		Runs    []sarifRun `json:"runs"`
	}
	sarifRun struct {
		Tool               sarifTool                `json:"tool"`
		Invocations        []sarifInvocation        `json:"invocations,omitempty"`
		OriginalURIBaseIDs map[string]sarifArtifact `json:"originalUriBaseIds,omitempty"`
		Results            []sarifResult            `json:"results"`
		Properties         *sarifCutCounts          `json:"properties,omitempty"`
	}
	sarifTool struct {
		Driver sarifDriver `json:"driver"`
	}
	sarifDriver struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}
	sarifRule struct {
		ID                   string       `json:"id"`
		Name                 string       `json:"name"`
		ShortDescription     sarifMessage `json:"shortDescription"`
		FullDescription      sarifMessage `json:"fullDescription"`
		DefaultConfiguration sarifConfig  `json:"defaultConfiguration"`
	}
	sarifConfig struct {
		Level string `json:"level"`
	}
	sarifMessage struct {
		Text string `json:"text"`
	}
	sarifInvocation struct {
		ExecutionSuccessful        bool                `json:"executionSuccessful"`
		ToolExecutionNotifications []sarifNotification `json:"toolExecutionNotifications"`
	}
	sarifNotification struct {
		Level   string       `json:"level"`
		Message sarifMessage `json:"message"`
	}
	sarifResult struct {
		RuleID           string          `json:"ruleId"`
		RuleIndex        int             `json:"ruleIndex"`
		Level            string          `json:"level"`
		Message          sarifMessage    `json:"message"`
		Locations        []sarifLocation `json:"locations"`
		RelatedLocations []sarifLocation `json:"relatedLocations,omitempty"`
	}
	sarifLocation struct {
		ID               int           `json:"id,omitempty"`
		PhysicalLocation sarifPhysical `json:"physicalLocation"`
		Message          *sarifMessage `json:"message,omitempty"`
	}
	sarifPhysical struct {
		ArtifactLocation sarifArtifact `json:"artifactLocation"`
		Region           sarifRegion   `json:"region"`
	}
	sarifArtifact struct {
		URI         string        `json:"uri,omitempty"`
		URIBaseID   string        `json:"uriBaseId,omitempty"`
		Description *sarifMessage `json:"description,omitempty"`
	}
	sarifRegion struct {
		StartLine   int32 `json:"startLine"`
		StartColumn int32 `json:"startColumn"`
	}
)

// sarifCutCounts are the run's properties when the log leaves something
// out: how much there was and how much it lists.
type sarifCutCounts struct {
	Truncated               bool `json:"truncated"`
	Results                 int  `json:"results"`
	ResultsListed           int  `json:"resultsListed"`
	Rules                   int  `json:"rules"`
	RulesListed             int  `json:"rulesListed"`
	MessagesShortened       int  `json:"messagesShortened"`
	RelatedLocationsOmitted int  `json:"relatedLocationsOmitted"`
}

// sarifEntry is a rule the log may list, with the results it may carry.
type sarifEntry struct {
	rule   sarifRule
	n      int                                      // its results
	result func(b *sarifBuilder, k int) sarifResult // its k-th result, without its rule index
	kept   int                                      // results listed
}

// sarifBuilder builds one log and counts what it cuts.
type sarifBuilder struct {
	opt      SARIFOptions
	lim      sarifLimits
	uris     map[string]sarifArtifact
	messages int // messages shortened
	related  int // related locations left out
}

// newSARIF builds the log within lim (all but its size).
func newSARIF(cat *catalog.Catalog, in CheckResults, opt SARIFOptions, lim sarifLimits, sizeCut bool) sarifLog {
	b := &sarifBuilder{opt: opt, lim: lim, uris: map[string]sarifArtifact{}}
	var errs, warns []*sarifEntry
	for _, r := range in.Policies {
		errs = append(errs, b.policyEntry(cat, r))
	}
	for _, bt := range in.Backtests {
		errs = append(errs, b.expectEntry(bt))
	}
	findings := in.Findings
	warns = b.lintEntries(findings)

	// Rules: those with results first, errors before warnings, then the
	// rest, each group in order; listed in their own order.
	all := append(slices.Clone(errs), warns...)
	listed := slices.Clone(all)
	if len(all) > lim.rules {
		byPriority := slices.Clone(all)
		slices.SortStableFunc(byPriority, func(x, y *sarifEntry) int {
			return cmp.Compare(min(y.n, 1), min(x.n, 1)) // with results first
		})
		keep := map[*sarifEntry]bool{}
		for _, e := range byPriority[:max(lim.rules, 0)] {
			keep[e] = true
		}
		listed = slices.DeleteFunc(listed, func(e *sarifEntry) bool { return !keep[e] })
		errs = slices.DeleteFunc(errs, func(e *sarifEntry) bool { return !keep[e] })
		warns = slices.DeleteFunc(warns, func(e *sarifEntry) bool { return !keep[e] })
	}

	// Results: errors take what they need, warnings what is left; within
	// each, every rule an equal share.
	left := max(lim.results, 0)
	for _, group := range [][]*sarifEntry{errs, warns} {
		sizes := make([]int, len(group))
		for i, e := range group {
			sizes[i] = e.n
		}
		for i, k := range fairShares(sizes, left) {
			group[i].kept = k
			left -= k
		}
	}

	version := opt.ToolVersion
	if v, ok := strings.CutPrefix(version, "v"); ok && v != "" && '0' <= v[0] && v[0] <= '9' {
		version = v
	}
	run := sarifRun{Tool: sarifTool{Driver: sarifDriver{Name: "blastradius", Version: version,
		InformationURI: "https://github.com/blastradius/blastradius", Rules: []sarifRule{}}}, Results: []sarifResult{}}
	index := map[*sarifEntry]int{}
	for i, e := range listed {
		index[e] = i
		run.Tool.Driver.Rules = append(run.Tool.Driver.Rules, e.rule)
	}
	for _, e := range errs {
		for k := range e.kept {
			run.Results = append(run.Results, withRule(e.result(b, k), index[e]))
		}
	}
	// Lint findings keep their order by position across rules.
	seen := map[string]int{}
	rules := map[string]*sarifEntry{}
	for _, e := range warns {
		rules[e.rule.ID] = e
	}
	for _, f := range findings {
		e := rules["lint/"+f.Rule]
		if e == nil {
			continue
		}
		if k := seen[e.rule.ID]; k < e.kept {
			run.Results = append(run.Results, withRule(b.lintResult(f), index[e]))
		}
		seen[e.rule.ID]++
	}

	if opt.Root != "" {
		// The root is described, not spelled out: an absolute path would
		// make the log differ from clone to clone and tell the machine's
		// layout, and code scanning reads %SRCROOT% as the checkout.
		run.OriginalURIBaseIDs = map[string]sarifArtifact{srcRoot: {Description: &sarifMessage{
			"The root of the sources: the top level of the git repository that holds the catalog, or else the working directory blastradius ran in."}}}
	}
	b.reportCuts(&run, all, listed, sizeCut)
	return sarifLog{Schema: "https://json.schemastore.org/sarif-2.1.0.json", Version: "2.1.0", Runs: []sarifRun{run}}
}

func withRule(r sarifResult, index int) sarifResult {
	r.RuleIndex = index
	return r
}

// expectEntry is a scenario's expectations as a rule, and those that do
// not hold as its results: on the scenario's line, with the expectation's
// own line as a related location.
func (b *sarifBuilder) expectEntry(bt *graph.Backtest) *sarifEntry {
	s := bt.Scenario
	id := "expect/" + s.ID
	text := b.description(fmt.Sprintf("The expectations of scenario %s hold: what it must take down, degrade, affect and leave up.", s.ID))
	return &sarifEntry{
		rule: sarifRule{ID: id, Name: "Expectation", ShortDescription: text, FullDescription: text, DefaultConfiguration: sarifConfig{"error"}},
		n:    len(bt.Unmet),
		result: func(b *sarifBuilder, k int) sarifResult {
			u := bt.Unmet[k]
			msg := cited(fmt.Sprintf("Scenario %s expects %s %s, but it is %s", s.ID, u.Ref, u.Want, u.Got), func(c *citations) string {
				if u.Path.Len() > 1 {
					return " " + c.cause(u.Path)
				}
				return ""
			})
			here := b.message("expectation")
			return sarifResult{RuleID: id, Level: "error", Message: b.message(msg),
				Locations:        []sarifLocation{b.location(s.Pos, nil)},
				RelatedLocations: b.relatedLocations([]sarifLocation{withID(b.location(u.Pos, &here), 1)}),
			}
		},
	}
}

// cited is a result message: prefix, then what text says of a cause path,
// then the sources it cites, numbered as it numbers them.
func cited(prefix string, text func(*citations) string) string {
	var notes citations
	msg := prefix + text(&notes)
	for k, src := range notes.list {
		if k == 0 {
			msg += ". Sources:"
		}
		msg += fmt.Sprintf(" [%d] %s", k+1, src)
	}
	return msg
}

// policyEntry is a policy's rule and its violations.
func (b *sarifBuilder) policyEntry(cat *catalog.Catalog, r graph.PolicyResult) *sarifEntry {
	id := "policy/" + r.Policy.ID
	text := b.description(policyText(r.Policy))
	return &sarifEntry{
		rule: sarifRule{ID: id, Name: "Policy", ShortDescription: text, FullDescription: text, DefaultConfiguration: sarifConfig{"error"}},
		n:    len(r.Violations),
		result: func(b *sarifBuilder, k int) sarifResult {
			v := r.Violations[k]
			pos := r.Policy.Pos
			if n := cat.Node(v.Customer); n != nil {
				pos = n.Pos
			}
			policy := b.message("policy " + r.Policy.ID)
			return sarifResult{RuleID: id, Level: "error",
				Message:          b.message(cited("Policy "+r.Policy.ID+" is violated: ", func(c *citations) string { return violationText(v, c) })),
				Locations:        []sarifLocation{b.location(pos, nil)},
				RelatedLocations: b.relatedLocations([]sarifLocation{withID(b.location(r.Policy.Pos, &policy), 1)}),
			}
		},
	}
}

// lintEntries are the rules of the lint rules that ran or found
// something, sorted by id.
func (b *sarifBuilder) lintEntries(findings []graph.Finding) []*sarifEntry {
	count := map[string]int{}
	for _, f := range findings {
		count[f.Rule]++
	}
	ids := make([]string, 0, len(count)+len(b.opt.LintRules))
	for id := range count {
		ids = append(ids, id)
	}
	for _, r := range b.opt.LintRules {
		ids = append(ids, r.ID)
	}
	slices.Sort(ids)
	var out []*sarifEntry
	for _, id := range slices.Compact(ids) {
		text := id
		if r, err := catalog.LookupLintRule(id); err == nil {
			text = r.Description
		}
		desc := b.description(text)
		out = append(out, &sarifEntry{
			rule: sarifRule{ID: "lint/" + id, Name: "Lint", ShortDescription: desc, FullDescription: desc, DefaultConfiguration: sarifConfig{"warning"}},
			n:    count[id],
		})
	}
	return out
}

func (b *sarifBuilder) lintResult(f graph.Finding) sarifResult {
	return sarifResult{RuleID: "lint/" + f.Rule, Level: "warning", Message: b.message(f.Message),
		Locations: []sarifLocation{b.location(f.Pos, nil)}}
}

// relatedLocations keeps the first lim.related locations.
func (b *sarifBuilder) relatedLocations(ls []sarifLocation) []sarifLocation {
	if n := max(b.lim.related, 0); len(ls) > n {
		b.related += len(ls) - n
		ls = ls[:n]
	}
	return ls
}

// reportCuts says in the run what the log leaves out, if anything.
func (b *sarifBuilder) reportCuts(run *sarifRun, all, listed []*sarifEntry, sizeCut bool) {
	c := sarifCutCounts{Truncated: true, Rules: len(all), RulesListed: len(listed),
		ResultsListed: len(run.Results), MessagesShortened: b.messages, RelatedLocationsOmitted: b.related}
	var cut []string // "policy/x: 10 of 20,000"
	for _, e := range all {
		c.Results += e.n
		if e.kept < e.n {
			cut = append(cut, fmt.Sprintf("%s %s of %s", e.rule.ID, phrase.Number(e.kept), phrase.Number(e.n)))
		}
	}
	var notes []string
	if c.ResultsListed < c.Results {
		why := fmt.Sprintf("GitHub code scanning keeps at most %s results per run", phrase.Number(b.lim.results))
		if sizeCut {
			why = fmt.Sprintf("the file must stay under %s bytes (GitHub accepts at most 10 MB compressed)", phrase.Number(b.lim.bytes))
		}
		if len(cut) > 10 {
			cut = append(cut[:10], fmt.Sprintf("and %s more rules", phrase.Number(len(cut)-10)))
		}
		notes = append(notes, fmt.Sprintf("Only %s of %s results are listed: %s. Policy violations come before lint warnings, "+
			"each rule keeping an equal share of the rest. Listed per rule: %s. blastradius check --format json lists every result.",
			phrase.Number(c.ResultsListed), phrase.Number(c.Results), why, strings.Join(cut, "; ")))
	}
	if c.RulesListed < c.Rules {
		notes = append(notes, fmt.Sprintf("Only %s of %s rules are listed (GitHub code scanning accepts at most %s per run), "+
			"those with results first; the results of the others are left out.",
			phrase.Number(c.RulesListed), phrase.Number(c.Rules), phrase.Number(b.lim.rules)))
	}
	if c.MessagesShortened > 0 {
		notes = append(notes, fmt.Sprintf("%s shortened to %s characters.",
			phrase.Count(c.MessagesShortened, "message was", "messages were"), phrase.Number(b.lim.message)))
	}
	if c.RelatedLocationsOmitted > 0 {
		notes = append(notes, fmt.Sprintf("%s left out: GitHub code scanning shows at most %s locations per result.",
			phrase.Count(c.RelatedLocationsOmitted, "related location was", "related locations were"), phrase.Number(b.lim.related+1)))
	}
	if len(notes) == 0 {
		return
	}
	inv := sarifInvocation{ExecutionSuccessful: true}
	for _, n := range notes {
		// Not counted as a shortened message: it says what was shortened.
		n = shorten(n, max(b.lim.message, 1))
		inv.ToolExecutionNotifications = append(inv.ToolExecutionNotifications, sarifNotification{Level: "warning", Message: sarifMessage{sarifText(n)}})
	}
	run.Invocations = []sarifInvocation{inv}
	run.Properties = &c
}

// fairShares divides budget among groups of the given sizes: no group gets
// more than its size, and no group gets less than another unless it has
// all it asked for; a remainder goes to the first groups.
func fairShares(sizes []int, budget int) []int {
	out := make([]int, len(sizes))
	for budget > 0 {
		open := 0
		for i, n := range sizes {
			if out[i] < n {
				open++
			}
		}
		if open == 0 {
			break
		}
		per := max(budget/open, 1)
		for i, n := range sizes {
			if budget == 0 {
				break
			}
			take := min(per, n-out[i], budget)
			out[i] += take
			budget -= take
		}
	}
	return out
}

// message is a SARIF plain text message of s, shortened to lim.message
// characters, and escaped (see sarifText).
func (b *sarifBuilder) message(s string) sarifMessage {
	if n := max(b.lim.message, 1); utf8.RuneCountInString(s) > n {
		b.messages++
		s = shorten(s, n)
	}
	return sarifMessage{sarifText(s)}
}

// description is a rule's description: shortened, not escaped, since a
// description is no message with placeholders or links.
func (b *sarifBuilder) description(s string) sarifMessage {
	if n := max(b.lim.message, 1); utf8.RuneCountInString(s) > n {
		b.messages++
		s = shorten(s, n)
	}
	return sarifMessage{s}
}

// sarifText escapes s for the text of a SARIF plain text message (SARIF
// 2.1.0 §3.11): braces are doubled, since one would start a placeholder
// (§3.11.5), and square brackets take a backslash, as does a backslash
// before a bracket or a backslash, so that no catalog string reads as an
// embedded link (§3.11.6).
func sarifText(s string) string {
	if !strings.ContainsAny(s, `{}[]\`) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '{', '}':
			b.WriteRune(r)
		case '[', ']':
			b.WriteByte('\\')
		case '\\':
			if next := s[i+1:]; next != "" && strings.ContainsRune(`[]\`, rune(next[0])) {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func (b *sarifBuilder) location(p catalog.Pos, msg *sarifMessage) sarifLocation {
	a, ok := b.uris[p.File]
	if !ok {
		a = b.opt.artifact(p.File)
		b.uris[p.File] = a
	}
	return sarifLocation{Message: msg, PhysicalLocation: sarifPhysical{
		ArtifactLocation: a,
		Region:           sarifRegion{StartLine: p.Line, StartColumn: p.Col},
	}}
}

func withID(l sarifLocation, id int) sarifLocation {
	l.ID = id
	return l
}

// artifact says where a catalog file is: relative to %SRCROOT% when it lies
// below Root, else an absolute file URI; without a Root, a relative name
// as it is.
func (o SARIFOptions) artifact(file string) sarifArtifact {
	if o.Root == "" {
		if filepath.IsAbs(file) {
			return sarifArtifact{URI: fileURI(file)}
		}
		return sarifArtifact{URI: escapeURIPath(filepath.ToSlash(file), true)}
	}
	abs := file
	if !filepath.IsAbs(abs) {
		abs = filepath.Join(cmp.Or(o.WorkDir, o.Root), file)
	}
	abs = filepath.Clean(abs)
	rel, err := filepath.Rel(filepath.Clean(o.Root), abs)
	if err != nil || rel == "." || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return sarifArtifact{URI: fileURI(abs)}
	}
	return sarifArtifact{URI: escapeURIPath(filepath.ToSlash(rel), true), URIBaseID: srcRoot}
}

// fileURI is the file URI of an absolute path (RFC 8089): file:///a/b,
// file:///C:/a for a drive letter, file://host/share/a for a UNC path.
func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if host, ok := strings.CutPrefix(p, "//"); ok {
		return "file://" + escapeURIPath(host, false)
	}
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return "file://" + escapeURIPath(p, false)
}

// escapeURIPath percent-encodes a slash-separated path for a URI: every
// byte but the characters a path segment may hold as they are (RFC 3986
// §3.3: unreserved, sub-delims, ":" and "@"). In a relative reference a
// ":" is encoded too, which in the first segment would read as a scheme.
func escapeURIPath(p string, relative bool) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(p); i++ {
		c := p[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9',
			strings.IndexByte("-._~!$&'()*+,;=@/", c) >= 0, c == ':' && !relative:
			b.WriteByte(c)
		default:
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
		}
	}
	return b.String()
}
