"""NodeKit's hostile-input, fault and load suite (issue 6); see docs/hostile.md."""
