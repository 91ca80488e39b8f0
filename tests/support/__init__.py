"""Helpers shared by the tests: a controllable clock and throwaway test databases."""
