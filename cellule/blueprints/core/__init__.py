"""Core pages: national home, region workspace home, health check, errors, language switch."""
