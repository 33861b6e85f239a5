package render

// style is how one role is drawn. Colours follow the Okabe–Ito palette,
// which stays distinguishable under deuteranopia; every role also differs
// in shape or line style, and carries a marker in its label, so no state
// rests on colour alone.
type style struct {
	marker    string // last label line: FAILED, DOWN, DEGRADED
	shape     string // Graphviz shape
	dotStyle  string // Graphviz style
	fill      string
	border    string
	text      string
	penwidth  string
	dashArray string // Mermaid stroke-dasharray, "" for solid
	class     string // Mermaid class name
	meaning   string // legend text
}

var styles = [...]style{
	Root: {marker: "FAILED", shape: "doubleoctagon", dotStyle: "filled,bold", fill: "#1A1A1A", border: "#000000",
		text: "#FFFFFF", penwidth: "3", class: "root", meaning: "failed: set by the scenario"},
	Down: {marker: "DOWN", shape: "box", dotStyle: "rounded,filled,bold", fill: "#D55E00", border: "#5C2800",
		text: "#FFFFFF", penwidth: "2.5", class: "down", meaning: "down: a dependency failed"},
	Degraded: {marker: "DEGRADED", shape: "box", dotStyle: "rounded,filled,dashed", fill: "#F0E442", border: "#6B6100",
		text: "#000000", penwidth: "2", dashArray: "6 3", class: "degraded", meaning: "degraded: works, impaired"},
	Context: {shape: "box", dotStyle: "rounded,filled,dotted", fill: "#FFFFFF", border: "#8C8C8C",
		text: "#595959", penwidth: "1", dashArray: "2 2", class: "context", meaning: "up: unaffected context"},
	Neutral: {shape: "box", dotStyle: "rounded,filled", fill: "#FFFFFF", border: "#404040",
		text: "#000000", penwidth: "1", class: "neutral", meaning: "a catalog node"},
}

// Edge colours: cause edges dark and bold, other dependencies faint.
const (
	causeColor = "#1A1A1A"
	faintColor = "#B3B3B3"
	fontName   = "Helvetica" // Graphviz measures text only for Times, Helvetica and Courier
)

// lines returns a node's label lines: its ref or group text, then the
// role's marker and its name ("DOWN · iRobot (Roomba app)").
func (n *Node) lines() []string {
	second := styles[n.Role].marker
	switch {
	case second == "":
		second = n.Name
	case n.Name != "":
		second += " · " + n.Name
	}
	if second == "" {
		return []string{n.Label}
	}
	return []string{n.Label, second}
}
