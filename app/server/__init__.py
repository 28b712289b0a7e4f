"""The server: its command, who gets a page and when, how pages travel, and framework hooks."""
