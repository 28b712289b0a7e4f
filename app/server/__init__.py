"""The server around the app: who gets a page, in which order, and how a page travels."""
