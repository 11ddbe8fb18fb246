"""Tests of the resource sheets."""
