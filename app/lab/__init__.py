"""The optimization lab: the gradient check, the loss landscape and the optimizer race."""
