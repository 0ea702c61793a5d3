"""Test support shared by every service's tests."""
