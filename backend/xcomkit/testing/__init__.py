"""Local stand-ins for the clouds, for the demo, tests and benchmarks (never imported by the backend)."""
