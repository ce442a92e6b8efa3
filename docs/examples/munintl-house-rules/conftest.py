"""Use munintl's pytest fixtures (``plugin_manager``, ``register_plugin``)."""

pytest_plugins = ["munintl.testing.plugins"]
