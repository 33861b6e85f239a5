// Command blastradius tells which customers go down or degrade when a cloud
// region, zone or service fails, and why.
//
// Run "blastradius --help" for the commands, flags and exit codes.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
