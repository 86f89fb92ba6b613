"""Chinese full-text search over provisions and entity labels."""
