"""Checks that Table Schema cannot express, one module per family."""
