"""policykg."""
