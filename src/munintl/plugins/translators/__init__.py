"""Built-in translators: one module per engine, none importing another."""
