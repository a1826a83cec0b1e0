"""The self-assessment's forms, one module per views module."""
