"""The explorers: one widget a module, named after its class."""
