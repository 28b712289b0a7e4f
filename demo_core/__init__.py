"""Pure-NumPy core of linear-classify: data, the linear model, losses and their training.

Nothing in this package knows about browsers, Panel or Bokeh.
"""
