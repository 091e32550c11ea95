"""Ports of Node v20's own test/parallel/test-http-*.js (issue 16); see docs/conformance.md."""
