"""The controls of the page: the settings, the actions and the files, in the sidebar."""
