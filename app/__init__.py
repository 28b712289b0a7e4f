"""The Panel app of linear-classify: one page per browser session, drawn with Bokeh."""
