"""The views of the page: each reads the state and writes what the browser shows."""
