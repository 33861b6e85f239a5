module github.com/blastradius/blastradius

go 1.24.0

require (
	github.com/dominikbraun/graph v0.23.0
	gopkg.in/yaml.v3 v3.0.1
)
