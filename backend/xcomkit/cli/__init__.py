"""The `xcomkit` command line: one module per subcommand, `main` maps errors to exit codes."""
