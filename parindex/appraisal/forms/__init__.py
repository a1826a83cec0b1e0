"""The appraisal's forms, one module per views module."""
