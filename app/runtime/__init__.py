"""What keeps a page live: frames sent as the browser takes them, periodic steps, throttles."""
