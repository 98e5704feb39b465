"""The methods: the additive value model and every analysis over it, one concept a module."""
